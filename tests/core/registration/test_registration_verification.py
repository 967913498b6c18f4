"""Phase 2, e-mail verification: a signed link, valid for a limited time, tied to the
address, usable once; a resend form that never reveals accounts (DOMAIN.md §2.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry, User
from core.registration import services
from core.registration.tokens import make_verification_token, read_verification_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPIRY = timedelta(days=3, minutes=1)


@pytest.fixture
def registered(client, registration_data, django_capture_on_commit_callbacks) -> User:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:register"), registration_data)
    return User.objects.get(username="mlopez")


def assert_still_unverified(user: User) -> None:
    user.refresh_from_db()
    assert user.state == User.State.EMAIL_UNVERIFIED
    assert user.email_verified_at is None
    assert not AuditEntry.objects.filter(action="registration.email_verified").exists()


def test_link_in_the_verification_email_verifies_the_address(client, registered, verification_path):
    response = client.get(verification_path("maria@example.org"))
    assert response.status_code == 200
    assert "Your e-mail address is confirmed" in response.content.decode()
    registered.refresh_from_db()
    assert registered.state == User.State.PROFILE_INCOMPLETE
    assert registered.email_verified_at is not None
    assert AuditEntry.objects.filter(
        action="registration.email_verified", actor=registered
    ).exists()


def test_verified_visitor_is_asked_to_log_in_not_logged_in(client, registered, verification_path):
    response = client.get(verification_path("maria@example.org"))
    assert "Log in to continue" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_verified_logged_in_teacher_may_continue_to_the_school_step(
    client, registered, verification_path
):
    client.force_login(registered)
    response = client.get(verification_path("maria@example.org"))
    assert reverse("core:register-school") in response.content.decode()
    assert "Continue: choose your school" in response.content.decode()


def test_expired_link_is_refused_and_resend_gives_a_new_working_link(
    client, registered, verification_path, django_capture_on_commit_callbacks
):
    old_path = verification_path("maria@example.org")
    with time_machine.travel(timezone.now() + EXPIRY):
        response = client.get(old_path)
        assert "This link has expired" in response.content.decode()
        assert 'value="maria@example.org"' in response.content.decode()  # resend form filled in
        assert_still_unverified(registered)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("core:register-resend"), {"email": "maria@example.org"}, follow=True
            )
        assert "we have sent it a new link" in response.content.decode()
        new_path = verification_path("maria@example.org")
        assert new_path != old_path
        response = client.get(new_path)
    assert "Your e-mail address is confirmed" in response.content.decode()
    registered.refresh_from_db()
    assert registered.state == User.State.PROFILE_INCOMPLETE


def test_link_is_still_valid_just_before_it_expires(client, registered, verification_path):
    with time_machine.travel(timezone.now() + timedelta(days=3) - timedelta(minutes=1)):
        response = client.get(verification_path("maria@example.org"))
    assert "Your e-mail address is confirmed" in response.content.decode()


def test_forged_token_is_refused_and_changes_nothing(client, registered, verification_path):
    path = verification_path("maria@example.org")
    token = path.split("/")[-2]
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(reverse("core:register-verify", args=[forged]))
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert_still_unverified(registered)


def test_token_signed_with_another_salt_is_refused(client, registered):
    from django.core import signing

    token = signing.dumps({"user": registered.pk, "email": registered.email}, salt="other")
    response = client.get(reverse("core:register-verify", args=[token]))
    assert response.status_code == 400
    assert_still_unverified(registered)


def test_reused_link_says_already_verified_and_changes_nothing(
    client, registered, verification_path
):
    path = verification_path("maria@example.org")
    client.get(path)
    registered.refresh_from_db()
    verified_at = registered.email_verified_at
    response = client.get(path)
    assert "Your e-mail address is already confirmed" in response.content.decode()
    registered.refresh_from_db()
    assert registered.email_verified_at == verified_at
    assert registered.state == User.State.PROFILE_INCOMPLETE
    assert AuditEntry.objects.filter(action="registration.email_verified").count() == 1


def test_link_for_an_old_address_no_longer_works(client, registered, verification_path):
    path = verification_path("maria@example.org")
    User.objects.filter(pk=registered.pk).update(email="maria.lopez@example.org")
    response = client.get(path)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert_still_unverified(registered)


def test_verify_email_service_verifies_once():
    user = UserFactory(state=User.State.EMAIL_UNVERIFIED)
    assert services.verify_email(user) is True
    assert services.verify_email(User.objects.get(pk=user.pk)) is False
    assert AuditEntry.objects.filter(action="registration.email_verified").count() == 1


def test_resend_answers_the_same_whether_or_not_the_address_exists(
    client, registered, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    url = reverse("core:register-resend")
    # Past the rate limit of the registration e-mail.
    later = time_machine.travel(timezone.now() + timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True), later:
        known = client.post(url, {"email": "MARIA@example.org"}, follow=True)
        unknown = client.post(url, {"email": "nobody@example.org"}, follow=True)
    assert [m.to for m in mail.outbox] == [["maria@example.org"]]
    assert known.redirect_chain == unknown.redirect_chain
    assert [str(m) for m in known.context["messages"]] == [
        str(m) for m in unknown.context["messages"]
    ]


def test_resend_is_limited_to_one_email_per_address_per_minute(
    client, registered, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    url = reverse("core:register-resend")
    with django_capture_on_commit_callbacks(execute=True):
        # The registration e-mail itself was sent less than a minute ago.
        client.post(url, {"email": "maria@example.org"})
        assert mail.outbox == []
        with time_machine.travel(timezone.now() + timedelta(seconds=61)):
            client.post(url, {"email": "maria@example.org"})
            client.post(url, {"email": "maria@example.org"})
    assert len(mail.outbox) == 1


def test_resend_sends_nothing_to_an_already_verified_account(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="done@example.org", state=User.State.VALIDATED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:register-resend"), {"email": "done@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_resend_refuses_an_invalid_address_with_a_message(client):
    response = client.post(reverse("core:register-resend"), {"email": "not-an-address"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]


def test_token_carries_user_and_address():
    token = make_verification_token(7, "a@example.org")
    assert read_verification_token(token) == (7, "a@example.org")
