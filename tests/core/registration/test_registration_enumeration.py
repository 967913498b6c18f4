"""No account enumeration at registration (issue: a taken address gets the same answer
as a new one); the holder of the address is told how to log in instead."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.models import OutgoingEmail, User
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

REGISTER = "/register/"


@pytest.fixture(autouse=True)
def site(settings):
    settings.OPENTWIN_SITE_URL = "https://opentwin.example.org"


def visible_text(response) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def registration(email: str, username: str) -> dict[str, str]:
    return {
        "first_name": "María",
        "last_name": "López",
        "email": email,
        "username": username,
        "password": "Walnut-Harbour-Lantern-93",
        "password_confirmation": "Walnut-Harbour-Lantern-93",
    }


def register(client, data, capture):
    with capture(execute=True):
        return client.post(REGISTER, data, follow=True)


def test_a_taken_address_gets_the_same_answer_as_a_new_one(
    client, django_capture_on_commit_callbacks
):
    TeacherFactory(username="ana", email="ana@school.example.org")
    capture = django_capture_on_commit_callbacks
    new = register(client, registration("new@school.example.org", "newcomer"), capture)
    client.cookies.clear()
    taken = register(client, registration("ana@school.example.org", "intruder"), capture)
    assert new.status_code == taken.status_code == 200
    assert [url for url, _status in new.redirect_chain] == [reverse("core:register-check-email")]
    assert [url for url, _status in taken.redirect_chain] == [reverse("core:register-check-email")]
    assert "already exists" not in visible_text(taken)
    assert visible_text(new).replace("new@school.example.org", "ADDRESS") == visible_text(
        taken
    ).replace("ana@school.example.org", "ADDRESS")
    assert "We sent a link to ADDRESS" in visible_text(taken).replace(
        "ana@school.example.org", "ADDRESS"
    )


def test_a_taken_address_creates_nothing_and_warns_its_holder(
    client, django_capture_on_commit_callbacks
):
    holder = TeacherFactory(
        username="ana", first_name="Ana", last_name="García", email="ana@school.example.org"
    )
    capture = django_capture_on_commit_callbacks
    register(client, registration("ANA@school.example.org", "intruder"), capture)
    assert list(User.objects.values_list("username", flat=True)) == ["ana"]
    assert not User.objects.filter(username="intruder").exists()
    [message] = mail.outbox
    assert message.to == ["ana@school.example.org"]
    assert message.subject == "Someone tried to register on OpenTwin with your e-mail address"
    text = message.body
    assert "Hello Ana García," in text
    assert "Someone tried to register a new account on OpenTwin" in text
    assert "no new account was created" in text
    assert f"username {holder.username}" in text
    assert "https://opentwin.example.org/login/" in text
    assert "https://opentwin.example.org/password-reset/" in text
    assert "because someone gave your address when registering" in text
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert 'href="https://opentwin.example.org/password-reset/"' in html
    assert "Someone tried to register a new account on OpenTwin" in html


def test_repeated_attempts_with_a_taken_address_send_one_warning_a_minute(
    client, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    cache.clear()
    TeacherFactory(username="ana", email="ana@school.example.org")
    for attempt in range(3):
        register(
            client,
            registration("ana@school.example.org", f"intruder{attempt}"),
            django_capture_on_commit_callbacks,
        )
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.count() == 1


def test_a_taken_username_is_still_refused_with_a_message(client):
    TeacherFactory(username="ana", email="ana@school.example.org")
    response = client.post(REGISTER, registration("someone@school.example.org", "ana"))
    assert response.status_code == 200
    assert "This username is already taken. Please choose another one." in visible_text(response)


def test_the_username_of_an_attempt_with_a_taken_address_is_held_like_a_new_accounts(
    client, django_capture_on_commit_callbacks
):
    # Otherwise trying the username again would tell whether the first attempt created
    # an account, that is, whether its address was free.
    TeacherFactory(username="ana", email="ana@school.example.org")
    capture = django_capture_on_commit_callbacks
    register(client, registration("new@school.example.org", "first"), capture)
    register(client, registration("ana@school.example.org", "second"), capture)
    for username in ("first", "second"):
        response = client.post(REGISTER, registration("other@school.example.org", username))
        assert "This username is already taken. Please choose another one." in visible_text(
            response
        )
