"""The calls' demo data is made through the services, and loading it again changes
nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import AuditEntry, Notification
from plugins.mooc.calls import notifications, services
from plugins.mooc.calls.demo import TITLE
from plugins.mooc.calls.policy import Phase, phase_of
from plugins.mooc.models.calls import Application, EventCall

pytestmark = pytest.mark.django_db


def seed(django_capture_on_commit_callbacks) -> str:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_call_is_open_with_places_and_applications_made_through_the_services(
    django_capture_on_commit_callbacks,
):
    output = seed(django_capture_on_commit_callbacks)
    assert f"Demo call for events: {TITLE}" in output
    call = EventCall.objects.get(title=TITLE)
    assert phase_of(call) is Phase.OPEN
    assert {q.country.code: q.places for q in call.quotas.select_related("country")} == {
        "ES": 3,
        "FR": 3,
        "DE": 2,
    }
    assert sorted(call.applications.values_list("applicant__username", flat=True)) == [
        "teacher.ana",
        "teacher.luc",
    ]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {services.CALL_CREATED, services.CALL_PUBLISHED, services.CALL_APPLIED} <= actions
    assert Notification.objects.filter(kind=notifications.RECEIVED).count() == 2

    seed(django_capture_on_commit_callbacks)
    assert EventCall.objects.filter(title=TITLE).count() == 1
    assert Application.objects.filter(call=call).count() == 2
    assert Notification.objects.filter(kind=notifications.RECEIVED).count() == 2
