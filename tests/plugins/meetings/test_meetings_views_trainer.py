"""The pages of the people who run a meeting: creating and editing it, publishing it,
switching its phase by hand, following the participants' progress and marking
completion by hand."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Country, Language, Level
from plugins.meetings import services
from plugins.meetings.models import Completion, Meeting
from tests.factories.meetings_web import make_meeting, nss_of, switch_to, teacher, trainer

pytestmark = pytest.mark.django_db

State = Meeting.State
FORMAT = "%Y-%m-%dT%H:%M"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def leader():
    return trainer(first_name="Tess", last_name="Trainer")


@pytest.fixture
def meeting(leader):
    return make_meeting(organiser=nss_of("ES"), trainers=(leader,))


def url(name: str, meeting: Meeting, *args) -> str:
    return reverse(name, args=[meeting.pk, *args])


def form_data(**overrides) -> dict:
    now = timezone.localtime()
    data = {
        "title": "Coding in the classroom",
        "topic": "Computational thinking",
        "description": "<p>Small programs with pupils.</p>",
        "language": Language.objects.get(code="en").pk,
        "levels": [Level.objects.get(code="primary").pk],
        "country": Country.objects.get(code="ES").pk,
        "capacity": "25",
        "registration_opens_at": (now + timedelta(days=1)).strftime(FORMAT),
        "active_starts_at": (now + timedelta(days=10)).strftime(FORMAT),
        "required_contributions": "2",
        "requires_reflection": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- creating and editing --------------------------------------------------------------


def test_teacher_cannot_open_the_creation_page_and_is_told_why(client):
    client.force_login(teacher())

    response = client.get(reverse("meetings:create"))

    assert response.status_code == 403
    assert (
        "Only trainers and the staff of the National and Central Support Services can create "
        "teaching meetings." in text(response)
    )


def test_visitor_is_asked_to_log_in_to_create(client):
    response = client.get(reverse("meetings:create"))

    assert response.status_code == 302 and reverse("core:login") in response["Location"]


def test_trainer_creates_a_draft_with_the_default_phases(client, leader):
    client.force_login(leader)

    response = client.post(reverse("meetings:create"), form_data(trainers=[leader.pk]), follow=True)

    meeting = Meeting.objects.get(title="Coding in the classroom")
    assert "The meeting was created as a draft." in text(response)
    assert meeting.state == State.DRAFT and meeting.published_at is None
    assert meeting.reflection_starts_at - meeting.active_starts_at == timedelta(days=5)
    assert meeting.closes_at - meeting.reflection_starts_at == timedelta(days=5)
    assert list(meeting.trainers.all()) == [leader]
    assert meeting.required_contributions == 2


def test_creation_with_bad_input_says_what_to_fix_and_creates_nothing(client, leader):
    client.force_login(leader)
    late_opening = (timezone.localtime() + timedelta(days=20)).strftime(FORMAT)

    out_of_order = client.post(
        reverse("meetings:create"), form_data(registration_opens_at=late_opening)
    )
    no_seats = client.post(reverse("meetings:create"), form_data(capacity="0"))
    no_title = client.post(reverse("meetings:create"), form_data(title=""))
    bad_date = client.post(reverse("meetings:create"), form_data(active_starts_at="soon"))

    assert out_of_order.status_code == 400
    assert "The active phase must start after registration opens." in text(out_of_order)
    assert no_seats.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in text(no_seats)
    assert no_title.status_code == 400 and "This field is required." in text(no_title)
    assert bad_date.status_code == 400 and "Enter a valid date/time." in text(bad_date)
    assert not Meeting.objects.exists()


def test_trainer_edits_the_meeting_and_participants_cannot(client, meeting, leader):
    participant = teacher()
    services.register(actor=participant, meeting=meeting)
    client.force_login(participant)
    refused = client.get(url("meetings:edit", meeting))
    client.force_login(leader)

    page = client.get(url("meetings:edit", meeting))
    times = {
        field: timezone.localtime(getattr(meeting, field)).strftime(FORMAT)
        for field in (
            "registration_opens_at",
            "registration_closes_at",
            "active_starts_at",
            "reflection_starts_at",
            "closes_at",
        )
    }
    data = form_data(title="Inquiry-based science, revised", trainers=[leader.pk], **times)
    missing = client.post(url("meetings:edit", meeting), {**data, "closes_at": ""})
    saved = client.post(url("meetings:edit", meeting), data, follow=True)

    assert refused.status_code == 403
    assert "Only the meeting's trainers and organisers can do this." in text(refused)
    assert page.status_code == 200 and "Inquiry-based science" in text(page)
    assert missing.status_code == 400 and "This field is required." in text(missing)
    assert "The meeting was saved." in text(saved)
    meeting.refresh_from_db()
    assert meeting.title == "Inquiry-based science, revised"


# --- publishing and switching phases ---------------------------------------------------


def test_trainer_publishes_a_draft_and_teachers_then_see_it(client, leader):
    draft = make_meeting(organiser=nss_of("ES"), trainers=(leader,), publish=False)
    client.force_login(leader)

    response = client.post(url("meetings:publish", draft), follow=True)

    assert "The meeting is announced: its phases now follow their times." in text(response)
    client.force_login(teacher())
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_trainer_switches_the_phase_by_hand(client, meeting, leader):
    client.force_login(leader)

    page = text(client.get(url("meetings:manage", meeting)))
    response = client.post(url("meetings:switch-phase", meeting), {"to": State.ACTIVE}, follow=True)

    assert "Switch to: Active phase" in page
    assert "The meeting is now in this phase: Active phase." in text(response)
    meeting.refresh_from_db()
    assert meeting.state == State.ACTIVE


def test_switching_to_an_unknown_phase_changes_nothing(client, meeting, leader):
    client.force_login(leader)

    response = client.post(url("meetings:switch-phase", meeting), {"to": "party"}, follow=True)

    assert "Choose the phase to switch to." in text(response)
    meeting.refresh_from_db()
    assert meeting.state == State.REGISTRATION_OPEN


def test_participant_cannot_switch_the_phase(client, meeting):
    participant = teacher()
    services.register(actor=participant, meeting=meeting)
    client.force_login(participant)

    response = client.post(url("meetings:switch-phase", meeting), {"to": State.ACTIVE})

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.state == State.REGISTRATION_OPEN


# --- progress and completion -----------------------------------------------------------


def test_progress_shows_one_row_per_participant_with_their_contributions(client, meeting, leader):
    active, quiet = teacher(last_name="Active"), teacher(last_name="Quiet")
    for person in (active, quiet):
        services.register(actor=person, meeting=meeting)
    switch_to(meeting, State.ACTIVE, actor=leader)
    services.start_thread(actor=active, meeting=meeting, title="Hello", body="<p>Hi</p>")
    switch_to(meeting, State.REFLECTION, actor=leader)
    services.write_reflection(actor=active, meeting=meeting, body="<p>Thoughts</p>")
    client.force_login(leader)

    response = client.get(url("meetings:progress", meeting))

    page = text(response)
    assert response.status_code == 200
    assert active.display_name() in page and quiet.display_name() in page
    assert "meets the rule" in page and "not yet" in page


def test_participant_cannot_see_the_progress_page(client, meeting):
    participant = teacher()
    services.register(actor=participant, meeting=meeting)
    client.force_login(participant)

    response = client.get(url("meetings:progress", meeting))

    assert response.status_code == 403
    assert "Only the meeting's trainers and organisers can do this." in text(response)


def test_trainer_marks_and_unmarks_completion_by_hand(client, meeting, leader):
    participant = teacher()
    services.register(actor=participant, meeting=meeting)
    switch_to(meeting, State.ACTIVE, actor=leader)
    client.force_login(leader)

    marked = client.post(url("meetings:completion", meeting), {"user": participant.pk}, follow=True)
    completion = Completion.objects.get(meeting=meeting, user=participant)
    unmarked = client.post(
        url("meetings:completion", meeting), {"user": participant.pk, "completed": "0"}, follow=True
    )

    assert "is marked as having completed the meeting." in text(marked)
    assert completion.reason == Completion.Reason.TRAINER
    assert "is no longer marked as having completed the meeting." in text(unmarked)
    assert not Completion.objects.filter(meeting=meeting, user=participant).exists()


def test_marking_before_the_active_phase_is_refused_with_the_reason(client, meeting, leader):
    participant = teacher()
    services.register(actor=participant, meeting=meeting)
    client.force_login(leader)

    page = text(client.get(url("meetings:progress", meeting)))
    response = client.post(url("meetings:completion", meeting), {"user": participant.pk})

    assert "Completion can be marked once the active phase has started." in page
    assert response.status_code == 403
    assert not Completion.objects.exists()


def test_marking_someone_who_is_not_a_participant_changes_nothing(client, meeting, leader):
    switch_to(meeting, State.ACTIVE, actor=leader)
    outsider = teacher()
    client.force_login(leader)

    for value in (outsider.pk, "abc", "9" * 30):
        response = client.post(url("meetings:completion", meeting), {"user": value}, follow=True)
        assert "Choose a participant of this meeting." in text(response)
    assert not Completion.objects.exists()


def test_participant_sees_their_completion_on_the_announcement(client, meeting, leader):
    participant = teacher()
    services.register(actor=participant, meeting=meeting)
    switch_to(meeting, State.ACTIVE, actor=leader)
    client.force_login(participant)
    before = text(client.get(meeting.get_absolute_url()))
    services.mark_completed(actor=leader, meeting=meeting, user=participant)

    after = text(client.get(meeting.get_absolute_url()))

    assert "Not completed yet" in before and "You completed this meeting." not in before
    assert "You completed this meeting." in after
