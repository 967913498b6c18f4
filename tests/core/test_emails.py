"""Every e-mail says what happened, what the reader is asked to do and by when, then the
link; one base template gives each a text and an HTML part, the site's name and a footer
saying why the reader got it (DOMAIN.md §2; issue: mail that says what happened)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.utils import formats, timezone, translation

from core.models import Country, Region, StaffRole, User
from core.registration.services import register_teacher
from core.validation.services import request_validation
from tests.factories import SchoolFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://opentwin.example.org"
# 09:00 on 1 December 2026: deadlines are 3 days (verification) and 14 days (head teacher).
NOW = "2026-12-01 09:00:00+00:00"


@pytest.fixture(autouse=True)
def site(settings):
    settings.OPENTWIN_SITE_URL = SITE
    settings.OPENTWIN_EMAIL_VERIFICATION_DAYS = 3
    settings.OPENTWIN_HEAD_TEACHER_LINK_DAYS = 14
    with time_machine.travel(NOW, tick=False):
        yield


def day(moment: str) -> str:
    """A date as the active language writes it (the e-mails follow the locale's format)."""
    value = timezone.make_aware(datetime.fromisoformat(moment), UTC)
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def both_parts(message) -> list[str]:
    return [message.body, html.unescape(re.sub(r"\s+", " ", html_of(message)))]


@pytest.fixture
def teacher_waiting(django_capture_on_commit_callbacks):
    """María asks to be validated for IES Triana; its region has a representative."""

    def make(language: str = ""):
        region = Region.objects.get(country__code="ES", name="Andalucía")
        representative = UserFactory(
            username="rep", kind=User.Kind.STAFF, email="rep@es.example.org"
        )
        StaffRole.objects.create(
            user=representative, role=StaffRole.Role.REGIONAL_REPRESENTATIVE, region=region
        )
        school = SchoolFactory(
            name="IES Triana",
            town="Sevilla",
            country=Country.objects.get(code="ES"),
            region=region,
            head_teacher_name="Carmen Ruiz",
            head_teacher_email="head@triana.example.org",
        )
        teacher = UserFactory(
            username="maria",
            first_name="María",
            last_name="López",
            email="maria@example.org",
            state=User.State.PROFILE_INCOMPLETE,
            school_role=User.SchoolRole.TEACHER,
            language=language,
        )
        with django_capture_on_commit_callbacks(execute=True):
            validation = request_validation(actor=teacher, school=school)
        return validation, representative

    return make


def to(address: str):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def test_verification_email_says_what_to_do_by_when_with_the_link(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        register_teacher(
            first_name="María",
            last_name="López",
            email="maria@example.org",
            username="mlopez",
            password="Walnut-Harbour-Lantern-93",
        )
    message = to("maria@example.org")
    assert message.subject == "Please confirm your e-mail address for OpenTwin"
    for part in both_parts(message):
        assert "Hello María López," in part
        assert "You registered on OpenTwin with the username mlopez." in part
        assert "Please confirm your e-mail address by opening the link below within 3 days" in part
        assert day("2026-12-04 09:00") in part
        assert f"{SITE}/register/verify/" in part
        assert "You get this e-mail because this address was given when registering" in part
        assert "OpenTwin" in part
    assert re.search(rf'href="{SITE}/register/verify/[^"]+"', html_of(message))


def test_head_teacher_email_names_the_teacher_the_school_the_ask_and_the_deadline(
    teacher_waiting,
):
    teacher_waiting()
    message = to("head@triana.example.org")
    assert message.subject == "Please confirm that María López works at IES Triana"
    for part in both_parts(message):
        assert "Dear Carmen Ruiz," in part
        assert (
            "María López (maria@example.org) has registered on OpenTwin, the platform for "
            "school collaboration across countries, as “Teacher” at IES Triana (Sevilla)." in part
        )
        assert (
            "Please confirm or deny that this person works at your school by "
            f"{day('2026-12-15 09:00')}" in part
        )
        assert "you do not need an account" in part
        assert f"{SITE}/validation/head-teacher/" in part
        assert "your address is given as the address of the head teacher of IES Triana" in part


def test_head_teacher_email_is_written_in_the_teachers_language(teacher_waiting):
    teacher_waiting(language="fr")
    message = to("head@triana.example.org")
    assert message.subject == "Veuillez confirmer que María López travaille à IES Triana"
    with translation.override("fr"):
        assert day("2026-12-15 09:00") in message.body  # 15 décembre 2026
    assert '<html lang="fr">' in html_of(message)


def test_validators_notice_names_the_teacher_the_school_and_the_ask(teacher_waiting):
    validation, _representative = teacher_waiting()
    message = to("rep@es.example.org")
    assert message.subject == "A teacher asks to be validated for IES Triana"
    for part in both_parts(message):
        assert "Hello" in part
        assert (
            "María López registered as “Teacher” at IES Triana (Sevilla) and asks to be "
            "validated." in part
        )
        assert "Please validate or reject the registration once the head teacher" in part
        assert f"{SITE}/admin/validation/{validation.pk}/" in part
        assert "You get this e-mail because you have an account on OpenTwin" in part
        assert f"{SITE}/notifications/settings/" in part


def test_password_reset_email_has_both_parts_the_deadline_and_the_footer(client):
    TeacherFactory(username="ana", first_name="Ana", last_name="García", email="ana@example.org")
    client.post("/password-reset/", {"email": "ana@example.org"})
    message = to("ana@example.org")
    assert message.subject == "Choose a new password for OpenTwin"
    for part in both_parts(message):
        assert "Hello Ana García," in part
        assert "whose username is ana" in part
        assert "The link works once and for 3 days" in part
        assert f"{SITE}/reset/" in part
        assert "because someone asked for a new password for your account" in part
