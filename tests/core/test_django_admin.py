"""The Django admin is there for raw data repair; the audit log in it is read-only."""

from __future__ import annotations

import pytest

from core import audit
from core.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "path",
    ["user", "country", "region", "school", "auditentry", "notification", "outgoingemail"],
)
def test_operator_can_list_core_data_in_the_django_admin(client, operator, path):
    assert client.get(f"/django-admin/core/{path}/").status_code == 200


def test_audit_entries_cannot_be_changed_or_deleted_in_the_admin(client, operator):
    entry = audit.record("test.action", actor=operator, target=operator, detail="x")
    assert client.get(f"/django-admin/core/auditentry/{entry.pk}/change/").status_code == 200
    response = client.post(
        f"/django-admin/core/auditentry/{entry.pk}/change/", {"action": "forged"}
    )
    assert response.status_code == 403
    assert client.post(f"/django-admin/core/auditentry/{entry.pk}/delete/").status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"
    assert client.get("/django-admin/core/auditentry/add/").status_code == 403


def test_failed_event_deliveries_can_be_read_but_not_changed_in_the_admin(
    client, operator, register_plugin
):
    from core.event_delivery import deliver
    from core.events import ProjectApproved
    from core.models import EventDeliveryFailure
    from core.plugins import hookimpl

    class Broken:
        @hookimpl
        def on_project_approved(self, event):
            raise ValueError("listener bug")

    register_plugin(Broken(), "broken")
    deliver(ProjectApproved(project_id=1, title="Water", founder_ids=(1,), is_european=False))
    failure = EventDeliveryFailure.objects.get()
    listing = client.get("/django-admin/core/eventdeliveryfailure/")
    assert listing.status_code == 200
    assert "ProjectApproved" in listing.text
    detail = client.get(f"/django-admin/core/eventdeliveryfailure/{failure.pk}/change/")
    assert detail.status_code == 200
    assert "ValueError: listener bug" in detail.text
    response = client.post(
        f"/django-admin/core/eventdeliveryfailure/{failure.pk}/change/", {"state": "done"}
    )
    assert response.status_code == 403
    assert client.get("/django-admin/core/eventdeliveryfailure/add/").status_code == 403
    assert EventDeliveryFailure.objects.get().state == EventDeliveryFailure.State.PENDING


def test_an_operator_can_deliver_a_given_up_event_again_from_the_admin(
    client, operator, register_plugin
):
    from core.event_delivery import MAX_DELIVERY_ATTEMPTS, deliver
    from core.events import ProjectApproved
    from core.models import EventDeliveryFailure
    from core.plugins import hookimpl

    class FixedLater:
        def __init__(self):
            self.broken = True
            self.received = []

        @hookimpl
        def on_project_approved(self, event):
            if self.broken:
                raise ValueError("listener bug")
            self.received.append(event)

    listener = register_plugin(FixedLater(), "fixed-later")
    event = ProjectApproved(project_id=1, title="Water", founder_ids=(1,), is_european=False)
    deliver(event)
    EventDeliveryFailure.objects.update(
        state=EventDeliveryFailure.State.GIVEN_UP, attempts=MAX_DELIVERY_ATTEMPTS
    )
    failure = EventDeliveryFailure.objects.get()
    listener.broken = False
    response = client.post(
        "/django-admin/core/eventdeliveryfailure/",
        {"action": "deliver_again_now", "_selected_action": [failure.pk]},
        follow=True,
    )
    assert "1 of 1 delivery succeeded." in response.text
    assert listener.received == [event]
    failure.refresh_from_db()
    assert failure.state == EventDeliveryFailure.State.DONE
    assert AuditEntry.objects.filter(
        action="events.retry_requested", actor=operator, target_id=str(failure.pk)
    ).exists()
