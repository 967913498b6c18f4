"""One user's data is exported and erased through the privacy hook."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied

from core import services
from core.contrib import PrivacyProvider
from core.events import UserDataErased
from core.models import AuditEntry, Notification, User
from core.plugins import hookimpl
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


class PluginHoldingData:
    """An inline plugin that keeps a note per user and records erasures."""

    def __init__(self) -> None:
        self.erased: list[tuple[int, str]] = []
        self.events: list[UserDataErased] = []

    @hookimpl
    def register_privacy_providers(self):
        return [
            PrivacyProvider(
                key="notes",
                export=lambda user: {"note": f"note of {user.username}"},
                # Records the username it still sees: plugins erase before core anonymises.
                erase=lambda user: self.erased.append((user.pk, user.username)),
            )
        ]

    @hookimpl
    def on_user_data_erased(self, event):
        self.events.append(event)


def test_export_gathers_core_and_plugin_data_as_json(register_plugin):
    register_plugin(PluginHoldingData())
    teacher = TeacherFactory(username="ana", first_name="Ana")
    services.notify(teacher, kind="k", title="Hello Ana")
    data = services.export_user_data(actor=teacher, user=teacher)
    json.dumps(data)  # must be serialisable as it is
    assert data["core"]["account"]["username"] == "ana"
    assert data["core"]["notifications"][0]["title"] == "Hello Ana"
    assert data["notes"] == {"note": "note of ana"}
    assert AuditEntry.objects.filter(action="privacy.export", actor=teacher).exists()


def test_nobody_else_exports_my_data():
    me, other = TeacherFactory(), TeacherFactory()
    with pytest.raises(PermissionDenied):
        services.export_user_data(actor=other, user=me)


def test_erase_calls_every_provider_then_anonymises_and_emits_after_commit(
    register_plugin, django_capture_on_commit_callbacks
):
    plugin = register_plugin(PluginHoldingData())
    teacher = TeacherFactory(username="ana", first_name="Ana", last_name="García")
    services.notify(teacher, kind="k", title="Hello Ana")
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_user_data(actor=teacher, user=teacher)
    assert plugin.erased == [(teacher.pk, "ana")]
    assert [event.user_id for event in plugin.events] == [teacher.pk]
    teacher.refresh_from_db()
    assert teacher.username == f"former-member-{teacher.pk}"
    assert (teacher.first_name, teacher.last_name, teacher.email) == ("", "", "")
    assert teacher.state == User.State.DELETED
    assert not teacher.is_active
    assert not teacher.has_usable_password()
    assert not Notification.objects.filter(user=teacher).exists()
    assert AuditEntry.objects.filter(action="privacy.erase", target_id=str(teacher.pk)).exists()


def test_erase_is_safe_to_run_twice():
    teacher = TeacherFactory()
    services.erase_user_data(actor=None, user=teacher)
    services.erase_user_data(actor=None, user=teacher)
    teacher.refresh_from_db()
    assert teacher.state == User.State.DELETED


def test_nobody_else_erases_my_data():
    me, other = TeacherFactory(), TeacherFactory()
    with pytest.raises(PermissionDenied):
        services.erase_user_data(actor=other, user=me)
    me.refresh_from_db()
    assert me.is_active


def test_export_lists_seat_claims_and_erasure_ends_the_calendar_feed(client):
    from core import calendar, seats
    from core.models import CalendarFeed

    teacher = TeacherFactory()
    offer = seats.open_offer("test.offer:1", capacity=1)
    seats.take_seat(offer, teacher)
    feed = calendar.feed_url(teacher, absolute=False)
    assert client.get(feed).status_code == 200

    data = services.export_user_data(actor=teacher, user=teacher)
    assert data["core"]["seat_claims"][0]["offer"] == "test.offer:1"
    assert data["core"]["seat_claims"][0]["status"] == "seated"
    assert data["core"]["has_calendar_feed"] is True

    services.erase_user_data(actor=teacher, user=teacher)
    assert not CalendarFeed.objects.filter(user=teacher).exists()
    assert client.get(feed).status_code == 404
