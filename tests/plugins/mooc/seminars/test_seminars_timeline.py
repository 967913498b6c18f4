"""A seminar's timeline under frozen time, a second either side of each boundary:
registration opens seven days before the start and closes at the start; the live link
shows to registrants fifteen minutes before the start until the end; joining records
attendance once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from core.models import AuditEntry
from plugins.mooc.models import SeminarAttendance
from plugins.mooc.seminars import services
from plugins.mooc.seminars.policy import Action, access_for
from tests.factories.mooc_seminars import announced_seminar, nss, teacher
from tests.support.mooc_seminars import END, LINK_FROM, OPENS, SECOND, START, T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar(time_machine):
    time_machine.move_to(T0, tick=False)
    return announced_seminar(actor=nss("ES"), starts_at=START, duration_minutes=60)


def registered(time_machine, seminar, person=None):
    time_machine.move_to(OPENS + SECOND, tick=False)
    person = person or teacher()
    services.register(actor=person, seminar=seminar)
    return person


def test_registration_is_refused_eight_days_before_and_accepted_six_days_before(
    seminar, time_machine
):
    time_machine.move_to(START - timedelta(days=8), tick=False)
    with pytest.raises(
        PermissionDenied, match=re.escape("Registration opens on 4 March 2027, 09:00.")
    ):
        services.register(actor=teacher(), seminar=seminar)
    time_machine.move_to(START - timedelta(days=6), tick=False)
    claim = services.register(actor=teacher(), seminar=seminar)
    assert claim.status == claim.Status.SEATED


def test_registration_opens_to_the_second(seminar, time_machine):
    person = teacher()
    time_machine.move_to(OPENS - SECOND, tick=False)
    with pytest.raises(PermissionDenied, match="Registration opens on"):
        services.register(actor=person, seminar=seminar)
    time_machine.move_to(OPENS, tick=False)
    assert services.register(actor=person, seminar=seminar).status == "seated"


def test_registration_closes_at_the_start_to_the_second(seminar, time_machine):
    time_machine.move_to(START - SECOND, tick=False)
    assert services.register(actor=teacher(), seminar=seminar).status == "seated"
    time_machine.move_to(START, tick=False)
    with pytest.raises(
        PermissionDenied, match=re.escape("Registration closed when the seminar started.")
    ):
        services.register(actor=teacher(), seminar=seminar)
    time_machine.move_to(START + SECOND, tick=False)
    with pytest.raises(
        PermissionDenied, match=re.escape("Registration closed when the seminar started.")
    ):
        services.register(actor=teacher(), seminar=seminar)
    assert seminar.seat_offer.claims.count() == 1


def test_asking_for_a_reminder_is_for_before_registration_opens(seminar, time_machine):
    person = teacher()
    time_machine.move_to(OPENS - SECOND, tick=False)
    services.ask_reminder(actor=person, seminar=seminar)
    with pytest.raises(Exception, match="you asked already"):
        services.ask_reminder(actor=person, seminar=seminar)
    time_machine.move_to(OPENS, tick=False)
    with pytest.raises(
        PermissionDenied, match=re.escape("Registration is open already: register now.")
    ):
        services.ask_reminder(actor=teacher(), seminar=seminar)
    assert seminar.interests.count() == 1


def test_the_link_is_hidden_from_people_who_did_not_register(seminar, time_machine):
    registered(time_machine, seminar)
    time_machine.move_to(START + SECOND, tick=False)
    for person in (teacher(), None):
        access = access_for(person, seminar)
        assert not access.can(Action.SEE_LINK)
        assert access.refusal(Action.SEE_LINK) == (
            "The live link is for the seminar's registrants and speakers only."
        )
    with pytest.raises(PermissionDenied, match="registrants and speakers only"):
        services.join(actor=teacher(), seminar=seminar)


def test_the_link_is_shown_to_registrants_fifteen_minutes_before_until_the_end(
    seminar, time_machine
):
    person = registered(time_machine, seminar)
    time_machine.move_to(LINK_FROM - SECOND, tick=False)
    access = access_for(person, seminar)
    assert access.refusal(Action.SEE_LINK) == "The live link is shown from 11 March 2027, 08:45."
    with pytest.raises(PermissionDenied, match="The live link is shown from"):
        services.join(actor=person, seminar=seminar)
    for moment in (LINK_FROM, LINK_FROM + SECOND, START, END - SECOND):
        time_machine.move_to(moment, tick=False)
        assert access_for(person, seminar).can(Action.SEE_LINK), moment
    for moment in (END, END + SECOND):
        time_machine.move_to(moment, tick=False)
        assert access_for(person, seminar).refusal(Action.SEE_LINK) == (
            "The seminar ended on 11 March 2027, 10:00: its live link is closed."
        )
    assert not SeminarAttendance.objects.exists()


def test_a_person_on_the_waiting_list_does_not_see_the_link(time_machine):
    time_machine.move_to(T0, tick=False)
    seminar = announced_seminar(actor=nss("ES"), starts_at=START, capacity=1)
    registered(time_machine, seminar)
    waiting = registered(time_machine, seminar)
    time_machine.move_to(START, tick=False)
    assert access_for(waiting, seminar).refusal(Action.JOIN) == (
        "You are on the waiting list: the live link is for registrants only."
    )


def test_joining_twice_records_one_attendance_and_one_audit_entry(seminar, time_machine):
    person = registered(time_machine, seminar)
    time_machine.move_to(LINK_FROM, tick=False)
    assert services.join(actor=person, seminar=seminar) == "https://video.example.org/room/42"
    time_machine.move_to(START + timedelta(minutes=5), tick=False)
    assert services.join(actor=person, seminar=seminar) == "https://video.example.org/room/42"
    attendance = SeminarAttendance.objects.get()
    assert (attendance.user, attendance.joined_at) == (person, LINK_FROM)
    assert AuditEntry.objects.filter(action=services.SEMINAR_JOINED).count() == 1


def test_speakers_and_organisers_join_without_an_attendance(time_machine):
    time_machine.move_to(T0, tick=False)
    organiser, speaking = nss("ES"), teacher()
    seminar = announced_seminar(
        actor=organiser,
        starts_at=START,
        speakers=[{"name": "Guest", "affiliation": ""}, {"name": "Me", "user": speaking}],
    )
    time_machine.move_to(START, tick=False)
    assert services.join(actor=speaking, seminar=seminar) == seminar.live_link
    assert services.join(actor=organiser, seminar=seminar) == seminar.live_link
    assert not SeminarAttendance.objects.exists()


def test_a_cancelled_seminar_takes_no_registration_and_shows_no_link(seminar, time_machine):
    person = registered(time_machine, seminar)
    services.cancel_seminar(actor=nss("ES"), seminar=seminar, reason="The speaker is ill.")
    with pytest.raises(PermissionDenied, match=re.escape("This seminar was cancelled.")):
        services.register(actor=teacher(), seminar=seminar)
    time_machine.move_to(START, tick=False)
    with pytest.raises(PermissionDenied, match=re.escape("This seminar was cancelled.")):
        services.join(actor=person, seminar=seminar)
