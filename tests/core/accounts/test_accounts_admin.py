"""Block, unblock and restore: only the NSS of the account's country (or a superuser)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.accounts import services
from core.models import AuditEntry, Country, Notification, StaffRole, User
from tests.factories import PupilFactory, SchoolFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def nss_of(code: str) -> User:
    staff = UserFactory(kind=User.Kind.STAFF)
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    StaffRole.objects.create(
        user=staff, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
    )
    return staff


@pytest.fixture
def teacher():
    return TeacherFactory()  # a school in Spain


def test_the_nss_blocks_with_a_reason_and_the_teacher_is_told(teacher):
    nss = nss_of("ES")
    services.block_account(actor=nss, user=teacher, reason="Fake school")
    teacher.refresh_from_db()
    assert teacher.state == User.State.BLOCKED
    assert teacher.blocked_reason == "Fake school"
    assert teacher.state_before_suspension == User.State.VALIDATED
    assert not teacher.is_active
    assert AuditEntry.objects.filter(action="accounts.blocked", actor=nss).exists()
    assert Notification.objects.filter(user=teacher, kind="account.blocked").exists()


def test_blocking_needs_a_reason_and_changes_nothing_without_one(teacher):
    with pytest.raises(ValidationError):
        services.block_account(actor=nss_of("ES"), user=teacher, reason="  ")
    teacher.refresh_from_db()
    assert teacher.state == User.State.VALIDATED


def test_the_nss_of_another_country_is_refused(teacher):
    other = nss_of("FR")
    with pytest.raises(PermissionDenied):
        services.block_account(actor=other, user=teacher, reason="x")
    teacher.state = User.State.INACTIVE
    teacher.save()
    with pytest.raises(PermissionDenied):
        services.restore_account(actor=other, user=teacher)
    with pytest.raises(PermissionDenied):
        services.unblock_account(actor=other, user=teacher)


def test_teachers_cannot_block_anyone(teacher):
    with pytest.raises(PermissionDenied):
        services.block_account(actor=TeacherFactory(), user=teacher, reason="x")


def test_unblock_returns_to_the_state_before(teacher):
    nss = nss_of("ES")
    User.objects.filter(pk=teacher.pk).update(state=User.State.WAITING_VALIDATION)
    teacher.refresh_from_db()
    services.block_account(actor=nss, user=teacher, reason="Check")
    services.unblock_account(actor=nss, user=teacher)
    teacher.refresh_from_db()
    assert teacher.state == User.State.WAITING_VALIDATION
    assert teacher.is_active and teacher.blocked_reason == ""
    with pytest.raises(ValidationError):
        services.unblock_account(actor=nss, user=teacher)


def test_restore_an_inactive_account_resets_the_warnings(teacher):
    User.objects.filter(pk=teacher.pk).update(
        state=User.State.INACTIVE,
        state_before_suspension="",
        inactivity_warning_days=7,
        is_active=False,
    )
    teacher.refresh_from_db()
    superuser = UserFactory(kind=User.Kind.STAFF, is_superuser=True)
    services.restore_account(actor=superuser, user=teacher)
    teacher.refresh_from_db()
    assert teacher.state == User.State.VALIDATED  # default when nothing was remembered
    assert teacher.inactivity_warning_days == 0 and teacher.is_active
    assert AuditEntry.objects.filter(action="accounts.restored").exists()
    with pytest.raises(ValidationError):
        services.restore_account(actor=superuser, user=teacher)


def test_the_accounts_screen_lists_only_the_nss_countrys_accounts(
    client, django_assert_max_num_queries
):
    nss = nss_of("ES")
    spanish = [TeacherFactory() for _ in range(5)]
    french = TeacherFactory(school=SchoolFactory(country=Country.objects.get(code="FR")))
    PupilFactory(school=spanish[0].school)
    client.force_login(nss)
    url = reverse("core_accounts_admin:index")
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200
    usernames = [account.username for account in response.context["page"]]
    assert set(usernames) == {t.username for t in spanish}
    assert french.username not in usernames
    for _ in range(10):
        TeacherFactory()
    with django_assert_max_num_queries(25):
        client.get(url)


def test_the_accounts_screen_filters_and_searches(client):
    nss = nss_of("ES")
    blocked = TeacherFactory(state=User.State.BLOCKED, last_name="Zapatero")
    TeacherFactory(last_name="Other")
    client.force_login(nss)
    url = reverse("core_accounts_admin:index")
    page = client.get(url, {"state": "blocked"}).context["page"]
    assert [a.pk for a in page] == [blocked.pk]
    page = client.get(url, {"q": "zapat"}).context["page"]
    assert [a.pk for a in page] == [blocked.pk]


def test_teachers_cannot_open_the_accounts_screen(client):
    client.force_login(TeacherFactory())
    assert client.get(reverse("core_accounts_admin:index")).status_code in (302, 403)


def test_block_and_unblock_through_the_screen(client, teacher):
    nss = nss_of("ES")
    client.force_login(nss)
    empty = client.post(reverse("core_accounts_admin:block", args=[teacher.pk]), {"reason": ""})
    assert empty.status_code == 200
    teacher.refresh_from_db()
    assert teacher.state == User.State.VALIDATED
    client.post(reverse("core_accounts_admin:block", args=[teacher.pk]), {"reason": "Spam"})
    teacher.refresh_from_db()
    assert teacher.state == User.State.BLOCKED
    client.post(reverse("core_accounts_admin:unblock", args=[teacher.pk]))
    teacher.refresh_from_db()
    assert teacher.state == User.State.VALIDATED


def test_the_screen_refuses_an_account_of_another_country(client, teacher):
    client.force_login(nss_of("FR"))
    response = client.post(
        reverse("core_accounts_admin:block", args=[teacher.pk]), {"reason": "Spam"}
    )
    assert response.status_code == 404
    teacher.refresh_from_db()
    assert teacher.state == User.State.VALIDATED


def test_the_nss_cannot_block_a_superuser_or_themselves():
    nss = nss_of("ES")
    superuser = TeacherFactory(is_superuser=True)
    for target in (superuser, nss):
        with pytest.raises(PermissionDenied):
            services.block_account(actor=nss, user=target, reason="x")
