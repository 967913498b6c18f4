"""Password recovery by e-mail: only to the stored address, links from SITE_URL."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from core.models import User
from tests.factories import PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db

RESET = "/password-reset/"


@pytest.fixture(autouse=True)
def site(settings):
    settings.OPENTWIN_SITE_URL = "https://opentwin.example.org"
    settings.ALLOWED_HOSTS = ["*"]


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_the_reset_link_goes_to_the_stored_address_only(client):
    teacher = TeacherFactory(email="ana@school.example.org")
    response = client.post(RESET, {"email": "ANA@school.example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@school.example.org"]
    assert teacher.username in mail.outbox[0].body


def test_unknown_address_gets_the_same_answer_and_no_mail(client):
    TeacherFactory(email="ana@school.example.org")
    known = client.post(RESET, {"email": "ana@school.example.org"}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@elsewhere.example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert without_csrf(known) == without_csrf(unknown)
    assert len(mail.outbox) == 1


def test_the_link_uses_site_url_even_with_a_forged_host_header(client):
    TeacherFactory(email="ana@school.example.org")
    client.post(RESET, {"email": "ana@school.example.org"}, HTTP_HOST="evil.example.com")
    link = link_in(mail.outbox[0])
    assert link.startswith("https://opentwin.example.org/reset/")
    assert "evil" not in mail.outbox[0].body


def test_the_link_sets_a_new_password(client):
    teacher = TeacherFactory(email="ana@school.example.org")
    client.post(RESET, {"email": "ana@school.example.org"})
    path = link_in(mail.outbox[0]).removeprefix("https://opentwin.example.org")
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    new = "a-brand-new-password-77"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password(new)


def test_blocked_and_inactive_accounts_get_no_reset_mail(client):
    TeacherFactory(email="b@x.example.org", state=User.State.BLOCKED, is_active=False)
    TeacherFactory(email="i@x.example.org", state=User.State.INACTIVE, is_active=False)
    client.post(RESET, {"email": "b@x.example.org"})
    client.post(RESET, {"email": "i@x.example.org"})
    assert mail.outbox == []


def test_pupils_have_no_address_and_cannot_reset(client):
    PupilFactory()
    response = client.post(RESET, {"email": ""})
    assert response.status_code == 200  # the form asks for an address
    assert mail.outbox == []


def test_a_pupil_username_gets_told_that_their_teacher_gives_a_new_password(client):
    pupil = PupilFactory()
    response = client.post(RESET, {"email": pupil.username})
    assert response.status_code == 200
    assert (
        "Enter the e-mail address of your account, not your username. Pupils have no e-mail "
        "address: their teacher gives them a new password, and they log in on the pupils&#x27; "
        "login page: /pupils/login/"
    ) in response.content.decode()
    assert mail.outbox == []


def test_any_username_gets_the_same_answer_so_no_account_is_revealed(client):
    pupil = PupilFactory()
    for_pupil = without_csrf(client.post(RESET, {"email": pupil.username}))
    for_nobody = without_csrf(client.post(RESET, {"email": pupil.username + "x"}))
    assert for_pupil.replace(pupil.username + "x", pupil.username) == for_nobody.replace(
        pupil.username + "x", pupil.username
    )
