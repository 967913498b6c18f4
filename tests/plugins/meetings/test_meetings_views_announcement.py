"""The list of meetings and a meeting's announcement: who sees what, registering and
cancelling from the page, and the reasons shown when something is not allowed."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from core.models import Language, SeatClaim, User
from plugins.meetings.models import Meeting
from tests.factories import TeacherFactory
from tests.factories.meetings_web import make_meeting, nss_of, switch_to, teacher, trainer

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode()).replace("\xa0", " ")


@pytest.fixture
def organiser():
    return nss_of("ES")


@pytest.fixture
def leader():
    return trainer(first_name="Tess", last_name="Trainer")


@pytest.fixture
def meeting(organiser, leader):
    return make_meeting(organiser=organiser, trainers=(leader,))


def claim_of(meeting: Meeting, user: User) -> SeatClaim | None:
    return (
        SeatClaim.objects.filter(offer_id=meeting.seat_offer_id, user=user)
        .exclude(status=SeatClaim.Status.CANCELLED)
        .first()
    )


# --- the list --------------------------------------------------------------------------


def test_list_shows_announced_meetings_and_never_drafts(client, organiser, meeting):
    make_meeting(organiser=organiser, title="Secret draft", publish=False)

    response = client.get(reverse("meetings:list"))

    assert response.status_code == 200
    assert meeting.title in text(response)
    assert "Secret draft" not in text(response)


def test_list_filters_by_language_and_level(client, organiser, meeting):
    french = make_meeting(
        organiser=organiser, title="Théâtre en classe", language=Language.objects.get(code="fr")
    )

    by_language = text(client.get(reverse("meetings:list"), {"language": "fr"}))
    by_level = text(client.get(reverse("meetings:list"), {"level": "secondary"}))

    assert french.title in by_language and meeting.title not in by_language
    assert "No upcoming meeting matches these filters." in by_level


def test_list_with_an_unknown_filter_says_so_and_lists_everything(client, meeting):
    response = client.get(reverse("meetings:list"), {"language": "zz"})

    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert meeting.title in text(response)


def test_list_offers_creation_only_to_those_who_may_create(client, leader, meeting):
    client.force_login(teacher())
    assert "Create a meeting" not in text(client.get(reverse("meetings:list")))
    client.force_login(leader)
    assert "Create a meeting" in text(client.get(reverse("meetings:list")))


# --- the announcement ------------------------------------------------------------------


def test_visitor_reads_the_announcement_and_why_they_cannot_register(client, meeting):
    response = client.get(meeting.get_absolute_url())

    page = text(response)
    assert response.status_code == 200
    assert "Five days of" in page and "Tess Trainer" in page
    assert "Registration open" in page
    assert "Only validated teachers can register for teaching meetings." in page
    assert reverse("meetings:register", args=[meeting.pk]) not in page


def test_announcement_says_which_phase_it_is_and_how_long_it_lasts(client, meeting):
    page = text(client.get(meeting.get_absolute_url()))

    assert "Which phase it is" in page
    # Registration opened an hour ago and lasts until the active phase, in two days.
    assert "it lasts 2 days, 1 hour" in page
    assert "Next: Active phase" in page


def test_draft_is_not_found_for_teachers_but_shown_to_its_trainers(client, organiser, leader):
    draft = make_meeting(organiser=organiser, trainers=(leader,), publish=False)

    client.force_login(teacher())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(leader)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_unvalidated_teacher_sees_why_and_cannot_register(client, meeting):
    newcomer = TeacherFactory(state=User.State.WAITING_VALIDATION)
    client.force_login(newcomer)

    page = text(client.get(meeting.get_absolute_url()))
    response = client.post(reverse("meetings:register", args=[meeting.pk]), follow=True)

    assert "Only validated teachers can register for teaching meetings." in page
    assert "Only validated teachers can register for teaching meetings." in text(response)
    assert claim_of(meeting, newcomer) is None


def test_validated_teacher_registers_and_can_then_cancel(client, meeting):
    person = teacher()
    client.force_login(person)

    response = client.post(reverse("meetings:register", args=[meeting.pk]), follow=True)

    assert "You are registered for this meeting." in text(response)
    assert claim_of(meeting, person).status == SeatClaim.Status.SEATED
    assert "Cancel my registration" in text(response)

    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), follow=True)

    assert "Your registration was cancelled." in text(response)
    assert claim_of(meeting, person) is None


def test_registering_twice_shows_the_reason(client, meeting):
    person = teacher()
    client.force_login(person)
    client.post(reverse("meetings:register", args=[meeting.pk]))

    response = client.post(reverse("meetings:register", args=[meeting.pk]), follow=True)

    assert "You are already registered." in text(response)
    assert SeatClaim.objects.filter(offer_id=meeting.seat_offer_id, user=person).count() == 1


def test_teacher_joins_the_waiting_list_of_a_full_meeting_and_sees_their_place(client, organiser):
    meeting = make_meeting(organiser=organiser, capacity=1)
    client.force_login(teacher())
    client.post(reverse("meetings:register", args=[meeting.pk]))
    second = teacher()
    client.force_login(second)

    response = client.post(reverse("meetings:register", args=[meeting.pk]), follow=True)

    page = text(response)
    assert "The meeting is full: you are on the waiting list." in page
    assert "You are on the waiting list, number 1." in page
    assert "Leave the waiting list" in page
    assert claim_of(meeting, second).status == SeatClaim.Status.WAITING


def test_registering_by_get_is_not_allowed(client, meeting):
    client.force_login(teacher())

    assert client.get(reverse("meetings:register", args=[meeting.pk])).status_code == 405


def test_visitor_posting_to_register_is_asked_to_log_in(client, meeting):
    response = client.post(reverse("meetings:register", args=[meeting.pk]))

    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_registration_closed_once_the_active_phase_started(client, meeting, leader):
    switch_to(meeting, Meeting.State.ACTIVE, actor=leader)
    person = teacher()
    client.force_login(person)

    page = text(client.get(meeting.get_absolute_url()))
    response = client.post(reverse("meetings:register", args=[meeting.pk]), follow=True)

    assert "Registration for this meeting is not open." in page
    assert "Registration for this meeting is not open." in text(response)
    assert claim_of(meeting, person) is None


def test_participant_sees_the_tools_of_the_current_phase(client, meeting, leader):
    person = teacher()
    client.force_login(person)
    client.post(reverse("meetings:register", args=[meeting.pk]))
    switch_to(meeting, Meeting.State.ACTIVE, actor=leader)

    active = text(client.get(meeting.get_absolute_url()))
    switch_to(meeting, Meeting.State.REFLECTION, actor=leader)
    reflection = text(client.get(meeting.get_absolute_url()))

    assert "Join the discussions" in active and "Write in your reflection journal" not in active
    assert "Write in your reflection journal" in reflection
    assert "Join the discussions" not in reflection


def test_unknown_meeting_is_not_found(client):
    assert client.get(reverse("meetings:detail", args=[999999])).status_code == 404


def test_trainer_is_offered_only_the_tools_of_their_role(client, meeting, leader):
    switch_to(meeting, Meeting.State.REFLECTION, actor=leader)
    client.force_login(leader)

    page = text(client.get(meeting.get_absolute_url()))

    assert "Read the participants' journals" in page
    assert "Answer the survey" not in page
