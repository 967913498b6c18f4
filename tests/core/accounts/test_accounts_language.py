"""The language a logged-in person picks in the header is kept in their profile: it is
used at their next login, in any browser, and for the e-mails sent to them meanwhile."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation

from core.accounts.services import LANGUAGE_CHANGED
from core.directory.services import send_contact_request
from core.models import AuditEntry, User
from tests.factories import PASSWORD, PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db

SETLANG = "/i18n/setlang/"


def pick_in_header(client: Client, language: str, next_url: str = "/desktop/"):
    return client.post(SETLANG, {"language": language, "next": next_url})


def test_header_language_choice_is_stored_in_the_profile(client):
    teacher = TeacherFactory(language="")
    client.force_login(teacher)
    response = pick_in_header(client, "de")
    assert response.status_code == 302 and response.url == "/desktop/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    teacher.refresh_from_db()
    assert teacher.language == "de"
    assert AuditEntry.objects.filter(action=LANGUAGE_CHANGED, actor=teacher).exists()
    assert "Willkommen" in client.get("/desktop/").text


def test_header_language_choice_is_used_at_the_next_login_in_another_browser(client):
    teacher = TeacherFactory(first_name="Ana", language="")
    client.force_login(teacher)
    pick_in_header(client, "fr")

    other_browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = other_browser.post(
        "/login/", {"username": teacher.username, "password": PASSWORD}, follow=True
    )
    assert '<html lang="fr">' in response.text
    assert "Bienvenue, Ana" in response.text
    assert other_browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_email_sent_after_the_header_choice_is_in_that_language(
    client, django_capture_on_commit_callbacks
):
    teacher = TeacherFactory(language="")
    client.force_login(teacher)
    pick_in_header(client, "de")

    # Someone browsing in English asks them to be a contact.
    translation.activate("en")
    with django_capture_on_commit_callbacks(execute=True):
        recipient = User.objects.get(pk=teacher.pk)  # as the contact view loads them
        send_contact_request(actor=TeacherFactory(language="en"), recipient=recipient)
    assert [message.subject for message in mail.outbox] == ["Sie haben eine neue Kontaktanfrage"]


def test_a_pupil_choice_in_the_header_is_stored_too(client):
    pupil = PupilFactory(language="")
    client.force_login(pupil)
    pick_in_header(client, "es")
    pupil.refresh_from_db()
    assert pupil.language == "es"


def test_an_unknown_language_changes_nothing(client):
    teacher = TeacherFactory(language="fr")
    client.force_login(teacher)
    pick_in_header(client, "xx")
    teacher.refresh_from_db()
    assert teacher.language == "fr"
