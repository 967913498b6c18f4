"""Phase 1, pre-registration: every field compulsory, unique username and e-mail, strong
password, a verification e-mail in the visitor's language (DOMAIN.md §2.1)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from core.models import AuditEntry, User
from core.registration import services
from tests.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/register/"


def test_register_url_name():
    assert reverse("core:register") == REGISTER


def test_registration_form_is_shown_to_visitors(client):
    response = client.get(REGISTER)
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("first_name", "last_name", "email", "username", "password"):
        assert f'name="{name}"' in content
    assert "You cannot change your username later." in content


@pytest.mark.parametrize(
    "field",
    ["first_name", "last_name", "email", "username", "password", "password_confirmation"],
)
def test_every_field_is_compulsory(client, registration_data, field):
    registration_data[field] = ""
    response = client.post(REGISTER, registration_data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["This field is required."]
    assert not User.objects.exists()
    assert mail.outbox == []


def test_registration_creates_an_unverified_teacher_and_audits_it(
    client, registration_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, registration_data)
    assert response.status_code == 302
    assert response.url == reverse("core:register-check-email")
    user = User.objects.get(username="mlopez")
    assert user.kind == User.Kind.TEACHER
    assert user.state == User.State.EMAIL_UNVERIFIED
    assert user.email_verified_at is None
    assert (user.first_name, user.last_name, user.email) == ("María", "López", "maria@example.org")
    assert user.check_password(registration_data["password"])
    assert AuditEntry.objects.filter(action="registration.registered", actor=user).exists()


def test_check_email_page_shows_the_address_after_registration(client, registration_data):
    response = client.post(REGISTER, registration_data, follow=True)
    assert "maria@example.org" in response.content.decode()


def test_duplicate_username_in_another_case_is_refused_with_a_message(client, registration_data):
    UserFactory(username="MLopez")
    response = client.post(REGISTER, registration_data)
    assert response.context["form"].errors["username"] == [
        "This username is already taken. Please choose another one."
    ]
    assert User.objects.count() == 1


def test_service_creates_no_second_account_for_an_address_whatever_the_case(
    django_capture_on_commit_callbacks,
):
    UserFactory(email="maria@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        created = services.register_teacher(
            first_name="M",
            last_name="L",
            email="MARIA@example.org",
            username="other",
            password="Walnut-Harbour-Lantern-93",
        )
    assert created is None
    assert User.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["maria@example.org"]]


def test_address_taken_by_a_concurrent_registration_gets_the_usual_answer(
    client, registration_data, django_capture_on_commit_callbacks
):
    # The check passed, then another request inserted the address first.
    UserFactory(username="racer", email="maria@example.org")
    real_holder_of = services._holder_of
    checks = []

    def holder_of_after_the_race(email):
        checks.append(email)
        return None if len(checks) == 1 else real_holder_of(email)

    def racing_save(self, *args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: core_user_unique_email")

    with (
        mock.patch.object(services, "_holder_of", holder_of_after_the_race),
        mock.patch.object(User, "save", racing_save),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(REGISTER, registration_data)
    assert response.status_code == 302
    assert response.url == reverse("core:register-check-email")
    assert not User.objects.filter(username="mlopez").exists()
    assert [message.to for message in mail.outbox] == [["maria@example.org"]]
    assert "Someone tried to register" in mail.outbox[0].body


def test_database_refuses_a_second_account_for_the_same_email():
    UserFactory(email="maria@example.org")
    with pytest.raises(IntegrityError):
        User.objects.create(username="second", email="MARIA@EXAMPLE.ORG")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt-pass", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("maria@example.org", "The password is too similar to the email address."),
    ],
)
def test_weak_password_is_refused(client, registration_data, password, message):
    registration_data["password"] = registration_data["password_confirmation"] = password
    response = client.post(REGISTER, registration_data)
    assert message in response.context["form"].errors["password"]
    assert not User.objects.exists()


def test_passwords_must_match(client, registration_data):
    registration_data["password_confirmation"] = "Another-Strong-Pass-77"
    response = client.post(REGISTER, registration_data)
    assert response.context["form"].errors["password_confirmation"] == [
        "The two passwords do not match."
    ]
    assert not User.objects.exists()


def test_verification_email_is_sent_only_after_commit(
    client, registration_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(REGISTER, registration_data)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["maria@example.org"]]
    assert "/register/verify/" in mail.outbox[0].body


def test_verification_email_is_written_in_the_language_of_the_interface(
    client, registration_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REGISTER, registration_data, headers={"accept-language": "fr"})
    user = User.objects.get(username="mlopez")
    assert user.language == "fr"
    languages = []

    def render(template_name, context):
        languages.append(translation.get_language())
        return "body", "<p>body</p>"

    with mock.patch("core.services.render_email", render):
        services.send_verification_email(user)
    assert languages == ["fr"]


def test_logged_in_visitor_is_redirected_away_from_registration(client):
    client.force_login(TeacherFactory())
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert response.url == reverse("core:desktop")


def test_login_page_links_to_registration(client):
    assert 'href="/register/"' in client.get(reverse("core:login")).content.decode()
