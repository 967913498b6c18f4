"""The seminars' demo data is made through the services, and loading it again changes
nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import AuditEntry, Notification
from plugins.mooc.models import Seminar
from plugins.mooc.seminars import notifications, queries, services
from plugins.mooc.seminars.demo import UPCOMING_TITLE

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_seminar_is_announced_and_filled_through_the_services():
    output = seed()
    assert f"Demo seminar: {UPCOMING_TITLE}" in output
    seminar = Seminar.objects.get(title=UPCOMING_TITLE)
    assert seminar.phase() == Seminar.Phase.REGISTRATION_OPEN
    assert seminar.created_by.username == "css" and seminar.country is None
    assert sorted(user.username for user in queries.registrants(seminar)) == [
        "teacher.ana",
        "teacher.luc",
    ]
    actions = list(
        AuditEntry.objects.filter(target_type="mooc.seminar", target_id=str(seminar.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        services.SEMINAR_CREATED,
        services.SEMINAR_PUBLISHED,
        services.SEMINAR_REGISTERED,
        services.SEMINAR_REGISTERED,
    ]
    assert Notification.objects.filter(
        user__username="teacher.ana", kind=notifications.REGISTERED
    ).exists()


def test_loading_the_demo_again_creates_nothing_new():
    seed()
    counts = (Seminar.objects.count(), AuditEntry.objects.count(), Notification.objects.count())
    seed()
    assert (
        Seminar.objects.count(),
        AuditEntry.objects.count(),
        Notification.objects.count(),
    ) == counts
