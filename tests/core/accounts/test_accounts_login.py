"""Login rules: blocked, inactive and deleted accounts; throttling by username and IP."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from core.accounts import services
from core.models import Country, User
from core.services import erase_user_data
from tests.factories import PASSWORD, PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db

LOGIN = "/login/"


def login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_uses_the_opentwin_form_and_links_to_password_reset(client):
    response = client.get(LOGIN)
    assert response.context["form"].__class__.__name__ == "LoginForm"
    assert reverse("core:password-reset") in response.content.decode()


def test_a_validated_teacher_logs_in(client):
    teacher = TeacherFactory()
    assert login(client, teacher.username).status_code == 302
    assert logged_in(client)


def test_blocked_teacher_is_told_to_contact_their_nss_and_is_not_logged_in(client):
    teacher = TeacherFactory(state=User.State.BLOCKED, is_active=False)
    response = login(client, teacher.username)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your profile has been blocked. Please contact your National Support Service." in text
    assert Country.objects.get(code="ES").support_organisation in text
    assert not logged_in(client)


def test_blocked_state_alone_refuses_login_even_if_the_account_is_active(client):
    teacher = TeacherFactory(state=User.State.BLOCKED)
    response = login(client, teacher.username)
    assert "Your profile has been blocked." in response.content.decode()
    assert not logged_in(client)


def test_the_blocked_message_needs_the_right_password(client):
    teacher = TeacherFactory(state=User.State.BLOCKED, is_active=False)
    response = login(client, teacher.username, password="wrong-password-123")
    assert "blocked" not in response.content.decode()
    assert not logged_in(client)


def test_inactive_teacher_is_told_their_profile_is_inactive(client):
    teacher = TeacherFactory(state=User.State.INACTIVE, is_active=False)
    response = login(client, teacher.username)
    assert (
        "Your profile is inactive because you have not logged in for a long time. "
        "Please contact your National Support Service to restore it."
    ) in response.content.decode()
    assert not logged_in(client)


def test_deleted_account_gets_only_the_generic_error(client):
    teacher = TeacherFactory(username="gone")
    teacher.state = User.State.DELETED
    teacher.save()
    response = login(client, "gone")
    text = response.content.decode()
    assert response.status_code == 200
    assert "blocked" not in text and "inactive" not in text
    assert not logged_in(client)


def test_erased_account_cannot_log_in(client):
    teacher = TeacherFactory()
    erase_user_data(actor=None, user=teacher)
    teacher.refresh_from_db()
    assert login(client, teacher.username).status_code == 200
    assert not logged_in(client)


def test_a_login_resets_the_inactivity_warnings(client):
    teacher = TeacherFactory()
    User.objects.filter(pk=teacher.pk).update(inactivity_warning_days=7)
    login(client, teacher.username)
    teacher.refresh_from_db()
    assert teacher.inactivity_warning_days == 0


def test_five_failures_lock_the_username_from_that_ip_until_the_cool_off_ends(client):
    teacher = TeacherFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(4):
            assert login(client, teacher.username, "wrong-password-123").status_code == 200
        locked = login(client, teacher.username, "wrong-password-123")
        assert locked.status_code == 429
        assert "15 minutes" in locked.content.decode()
        # Even the right password is refused while locked out.
        assert login(client, teacher.username).status_code == 429
        assert not logged_in(client)
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert login(client, teacher.username).status_code == 302
        assert logged_in(client)


def test_the_lockout_does_not_reach_the_same_username_from_another_ip(client):
    teacher = TeacherFactory()
    for _ in range(5):
        login(client, teacher.username, "wrong-password-123", ip="10.0.0.1")
    assert login(client, teacher.username, ip="10.0.0.1").status_code == 429
    assert login(client, teacher.username, ip="10.0.0.2").status_code == 302


def test_one_pupil_cannot_lock_out_the_class_behind_the_same_ip(client):
    careless, classmate = PupilFactory(), PupilFactory()
    for _ in range(5):
        login(client, careless.username, "wrong-password-123")
    assert login(client, careless.username).status_code == 429
    # The classmate is not locked out: they get the answer for pupils, not the lockout page.
    response = login(client, classmate.username)
    assert response.status_code == 200
    assert PUPILS_ELSEWHERE in response.content.decode()


# --- pupils at the teachers' login ---------------------------------------------------

PUPILS_ELSEWHERE = (
    "This login is for teachers and staff. "
    "Pupils log in on the pupils&#x27; login page: /pupils/login/"
)


def test_pupil_at_the_teachers_login_is_refused_and_sent_to_the_pupils_login(client):
    pupil = PupilFactory()
    response = login(client, pupil.username)
    assert response.status_code == 200
    assert PUPILS_ELSEWHERE in response.content.decode()
    # The refusal itself (an alert in the card) links to the pupils' login.
    assert (
        '<a class="alert-link" href="/pupils/login/">Go to the pupils\' login page</a>'
        in response.content.decode()
    )
    assert not logged_in(client)
    assert client.get("/desktop/")["Location"].startswith("/login/")


def test_pupil_with_a_wrong_password_gets_only_the_generic_error(client):
    # Only someone who knows the password learns that the account is a pupil's.
    pupil = PupilFactory()
    text = login(client, pupil.username, "wrong-password-123").content.decode()
    assert "Please enter a correct username and password." in text
    assert "This login is for teachers and staff." not in text
    # The page links to the pupils' login for everyone, as before any attempt; the refusal
    # itself says nothing more than to anyone else.
    assert "Go to the pupils' login page" not in text
    assert 'class="alert-link" href="/pupils/login/"' not in text
    assert text.count('href="/pupils/login/"') == client.get("/login/").content.decode().count(
        'href="/pupils/login/"'
    )
    assert not logged_in(client)


def test_pupil_refused_at_the_teachers_login_is_not_counted_as_a_failed_login(client):
    # The password was right: a pupil trying the wrong page is not locked out of theirs.
    pupil = PupilFactory()
    for _ in range(6):
        assert PUPILS_ELSEWHERE in login(client, pupil.username).content.decode()
    assert not AccessAttempt.objects.exists()
    response = client.post(
        "/pupils/login/",
        {"username": pupil.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302
    assert logged_in(client)


def test_a_pupils_wrong_passwords_count_on_both_login_pages(client):
    pupil = PupilFactory()
    for _ in range(5):
        login(client, pupil.username, "wrong-password-123")
    locked = client.post(
        "/pupils/login/",
        {"username": pupil.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert locked.status_code == 429
    assert not logged_in(client)


def test_a_successful_login_resets_the_failure_count(client):
    teacher = TeacherFactory()
    for _ in range(4):
        login(client, teacher.username, "wrong-password-123")
    assert login(client, teacher.username).status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, teacher.username, "wrong-password-123").status_code == 200


def test_blocking_ends_the_blocked_persons_open_session(client):
    from core.models import StaffRole

    teacher = TeacherFactory()
    nss = TeacherFactory(kind=User.Kind.STAFF, school=None)
    StaffRole.objects.create(user=nss, role=StaffRole.Role.NSS, country=teacher.school.country)
    client.force_login(teacher)
    assert client.get("/desktop/").status_code == 200
    services.block_account(actor=nss, user=teacher, reason="Spam")
    assert client.get("/desktop/").status_code == 302
