"""What the seminars export about a person, and that nothing of them is left after their
erasure: a registrant who asked for a reminder and joined, a speaker with an account,
an organiser who created seminars."""

from __future__ import annotations

import pytest

from core import services as core_services
from core.models import SeatClaim
from plugins.mooc.models import Seminar, SeminarAttendance, SeminarInterest, Speaker
from plugins.mooc.seminars import queries, services
from tests.factories.mooc_seminars import announced_seminar, nss, teacher
from tests.support.erasure import text_columns_containing
from tests.support.mooc_seminars import END, LINK_FROM, OPENS, SECOND, START, T0

pytestmark = pytest.mark.django_db

REGISTRANT = {"first name": "Zebulonia", "surname": "Quixotewright", "username": "zq.teacher77"}
SPEAKER = {"first name": "Olwenna", "surname": "Fairweatherby", "username": "of.speaker88"}


def person(needles):
    return teacher(
        username=needles["username"],
        first_name=needles["first name"],
        last_name=needles["surname"],
    )


def a_seminar_run_from_announcement_to_end(time_machine):
    """The registrant asks to be reminded, registers, joins; they also wait for a full
    seminar still to come. The speaker speaks under their own name."""
    time_machine.move_to(T0, tick=False)
    organiser = nss("ES")
    registrant, speaking = person(REGISTRANT), person(SPEAKER)
    seminar = announced_seminar(
        actor=organiser,
        starts_at=START,
        speakers=[{"name": "", "affiliation": "Fairweatherby School", "user": speaking}],
    )
    later = announced_seminar(actor=organiser, starts_at=START + SECOND * 7200, capacity=1)
    services.ask_reminder(actor=registrant, seminar=seminar)
    time_machine.move_to(OPENS + SECOND, tick=False)
    services.open_due_registrations()
    services.register(actor=registrant, seminar=seminar)
    time_machine.move_to(LINK_FROM, tick=False)
    services.register(actor=teacher(), seminar=later)
    services.register(actor=registrant, seminar=later)
    services.join(actor=registrant, seminar=seminar)
    services.join(actor=speaking, seminar=seminar)
    time_machine.move_to(END, tick=False)
    services.close_due_attendance()
    return seminar, later, registrant, speaking


def test_the_export_holds_the_person_s_seminars(time_machine):
    seminar, later, registrant, speaking = a_seminar_run_from_announcement_to_end(time_machine)
    data = core_services.export_user_data(actor=registrant, user=registrant)["mooc.seminars"]
    assert data["registrations"] == [
        {"seminar": seminar.title, "status": "seated"},
        {"seminar": later.title, "status": "waiting"},
    ]
    assert data["reminder_requests"][0]["seminar"] == seminar.title
    assert data["attendances"] == [{"seminar": seminar.title, "joined": LINK_FROM.isoformat()}]
    assert core_services.export_user_data(actor=speaking, user=speaking)["mooc.seminars"][
        "talks"
    ] == [
        {
            "seminar": seminar.title,
            "name": "Olwenna Fairweatherby",
            "affiliation": "Fairweatherby School",
        }
    ]


def test_no_trace_of_a_registrant_after_their_erasure(
    time_machine, django_capture_on_commit_callbacks
):
    seminar, later, registrant, _speaking = a_seminar_run_from_announcement_to_end(time_machine)
    assert text_columns_containing(REGISTRANT) != [], "the scenario should have stored the data"
    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=registrant, user=registrant)
    assert text_columns_containing(REGISTRANT) == []
    assert not SeminarInterest.objects.filter(user=registrant).exists()
    assert not SeminarAttendance.objects.filter(user=registrant).exists()
    # The place in line for the seminar still to come is freed; the past seat stays unnamed.
    assert not SeatClaim.objects.filter(
        offer=later.seat_offer, user=registrant, status__in=SeatClaim.LIVE_STATUSES
    ).exists()
    assert registrant in queries.registrants(seminar)
    # Safe to run twice.
    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=registrant, user=registrant)


def test_no_trace_of_a_speaker_after_their_erasure(
    time_machine, django_capture_on_commit_callbacks
):
    seminar, _later, _registrant, speaking = a_seminar_run_from_announcement_to_end(time_machine)
    assert text_columns_containing(SPEAKER) != []
    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=speaking, user=speaking)
    assert text_columns_containing(SPEAKER) == []
    talk = Speaker.objects.get(seminar=seminar)
    assert (talk.user, talk.name) == (None, "Former speaker")
    assert Seminar.objects.filter(pk=seminar.pk).exists()
