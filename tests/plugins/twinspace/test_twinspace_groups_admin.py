"""Group moderation in the Wagtail admin: NSS staff of the creator's country decide."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Country, Notification, StaffRole, User
from plugins.twinspace.models import Group, Space
from tests.factories import UserFactory
from tests.factories.twinspace import make_group, teacher_in

pytestmark = pytest.mark.django_db

INDEX = "/admin/group-moderation/"
PENDING = Space.State.PENDING_MODERATION


def make_staff(username: str, role: str = StaffRole.Role.NSS, country: str | None = "ES") -> User:
    """A staff member with one role who may open the Wagtail admin."""
    user = UserFactory(username=username, kind=User.Kind.STAFF)
    StaffRole.objects.create(
        user=user, role=role, country=Country.objects.get(code=country) if country else None
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def detail_url(group: Group) -> str:
    return reverse("twinspace_group_moderation:detail", args=[group.pk])


def pending_group(country: str = "ES", title: str = "Robots club") -> Group:
    return make_group(creator=teacher_in(country), title=title, state=PENDING)


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


def test_queue_url_is_reversible():
    assert reverse("twinspace_group_moderation:index") == INDEX


def test_menu_item_shows_nss_the_number_waiting(client):
    pending_group()
    pending_group(title="Second")
    pending_group("FR", title="French")
    client.force_login(make_staff("nss.es"))
    assert "Group moderation (2)" in client.get("/admin/").content.decode()


def test_menu_item_is_hidden_from_other_staff_and_the_queue_refused(client):
    client.force_login(make_staff("editor", role=StaffRole.Role.EDITOR, country=None))
    assert "Group moderation" not in client.get("/admin/").content.decode()
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    response = client.get(INDEX)
    assert (response.status_code, response.url) == (302, "/admin/")


def test_teacher_cannot_open_the_queue(client):
    client.force_login(teacher_in("ES"))
    assert client.get(INDEX).status_code in (302, 403)


def test_nss_sees_pending_groups_of_their_country_only_oldest_first(client):
    older = pending_group(title="Older group")
    Group.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    newer = pending_group(title="Newer group")
    french = pending_group("FR", title="Groupe français")
    make_group(title="Already active")
    client.force_login(make_staff("nss.es"))
    response = client.get(INDEX)
    content = response.content.decode()
    assert [g.title for g in response.context["page"]] == [older.title, newer.title]
    assert french.title not in content and "Already active" not in content
    assert "3\xa0days" in content  # how long the oldest has waited
    assert client.get(detail_url(french)).status_code == 404
    assert client.get(detail_url(older)).status_code == 200


def test_superuser_sees_every_country(client):
    pending_group(title="Spanish")
    pending_group("FR", title="French")
    client.force_login(UserFactory(kind=User.Kind.STAFF, is_superuser=True))
    titles = [g.title for g in client.get(INDEX).context["page"]]
    assert sorted(titles) == ["French", "Spanish"]


def test_nss_approves_a_group_which_opens_and_the_creator_is_told(client):
    group = pending_group(title="Robots club")
    nss = make_staff("nss.es")
    client.force_login(nss)
    detail = client.get(detail_url(group)).content.decode()
    assert "Robots club" in detail and "Approve" in detail
    response = client.post(detail_url(group), {"action": "approve"}, follow=True)
    assert "The group Robots club is approved: it is open." in messages_of(response)
    group.refresh_from_db()
    assert (group.state, group.moderated_by) == (Space.State.ACTIVE, nss)
    notification = Notification.objects.get(user=group.created_by)
    assert "Robots club" in notification.title
    # Now listed for teachers.
    client.force_login(teacher_in("ES"))
    assert "Robots club" in client.get("/groups/").content.decode()


def test_rejection_without_a_reason_changes_nothing(client):
    group = pending_group()
    client.force_login(make_staff("nss.es"))
    response = client.post(detail_url(group), {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert "The group was not rejected: give a reason." in messages_of(response)
    group.refresh_from_db()
    assert group.state == PENDING


def test_nss_rejects_with_a_reason_sent_to_the_creator(client):
    group = pending_group(title="Selling books")
    client.force_login(make_staff("nss.es"))
    response = client.post(
        detail_url(group), {"action": "reject", "reason": "This is not about teaching."}
    )
    assert (response.status_code, response.url) == (302, INDEX)
    group.refresh_from_db()
    assert (group.state, group.rejection_reason) == (
        Space.State.REJECTED,
        "This is not about teaching.",
    )
    notification = Notification.objects.get(user=group.created_by)
    assert "Selling books" in notification.title
    assert "Reason: This is not about teaching." in notification.body


def test_nss_of_another_country_cannot_decide(client):
    group = pending_group("ES")
    client.force_login(make_staff("nss.fr", country="FR"))
    assert client.post(detail_url(group), {"action": "approve"}).status_code == 404
    group.refresh_from_db()
    assert group.state == PENDING


def test_a_decided_group_shows_no_buttons_and_cannot_be_decided_again(client):
    group = pending_group()
    client.force_login(make_staff("nss.es"))
    client.post(detail_url(group), {"action": "approve"})
    content = client.get(detail_url(group)).content.decode()
    assert "This group has been moderated already." in content
    response = client.post(detail_url(group), {"action": "reject", "reason": "Late"}, follow=True)
    assert "This group was already moderated." in messages_of(response)
    group.refresh_from_db()
    assert group.state == Space.State.ACTIVE


def queue_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries)


def test_queue_query_count_does_not_grow_with_the_queue(client):
    nss = make_staff("nss.es")
    for number in range(3):
        pending_group(title=f"Small {number}")
    small = queue_queries(client, nss)
    for number in range(30):
        pending_group(title=f"Large {number}")
    assert queue_queries(client, nss) == small
