"""The participants' tools of each phase: materials, activities, discussions, the
reflection journal and the survey. Each rule is reached through the services (register,
switch the phase by hand) and checked on the page: the status, the refusal shown, and
nothing changed after bad input."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plugins.meetings import services
from plugins.meetings.models import Meeting, Post, ReflectionEntry, SurveyResponse, Thread
from tests.factories.meetings_web import make_meeting, nss_of, switch_to, teacher, trainer

pytestmark = pytest.mark.django_db

State = Meeting.State


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def leader():
    return trainer(first_name="Tess", last_name="Trainer")


@pytest.fixture
def meeting(leader):
    return make_meeting(organiser=nss_of("ES"), trainers=(leader,))


@pytest.fixture
def participant(meeting):
    person = teacher(first_name="Pat", last_name="Participant")
    services.register(actor=person, meeting=meeting)
    return person


def url(name: str, meeting: Meeting, *args) -> str:
    return reverse(name, args=[meeting.pk, *args])


# --- materials -------------------------------------------------------------------------


@pytest.fixture
def handout(meeting, leader):
    return services.add_material(
        actor=leader,
        meeting=meeting,
        title="Reading list",
        file=SimpleUploadedFile("reading.pdf", b"%PDF-1.4 reading", "application/pdf"),
    )


def test_participant_reads_and_downloads_materials_before_the_meeting(
    client, meeting, participant, handout
):
    client.force_login(participant)

    listing = client.get(url("meetings:materials", meeting))
    download = client.get(url("meetings:material-download", meeting, handout.pk))

    assert listing.status_code == 200 and "Reading list" in text(listing)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 reading"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]


def test_participant_still_downloads_materials_after_the_close(
    client, meeting, participant, handout, leader
):
    switch_to(meeting, State.CLOSED, actor=leader)
    client.force_login(participant)

    assert client.get(url("meetings:material-download", meeting, handout.pk)).status_code == 200


def test_teacher_who_did_not_register_cannot_read_or_download_materials(client, meeting, handout):
    client.force_login(teacher())

    listing = client.get(url("meetings:materials", meeting))
    download = client.get(url("meetings:material-download", meeting, handout.pk))

    assert listing.status_code == 403 and download.status_code == 403
    assert "The materials are for the meeting's participants and trainers." in text(download)


def test_waiting_teacher_is_told_materials_open_with_a_seat(client, leader):
    meeting = make_meeting(organiser=nss_of("ES"), trainers=(leader,), capacity=1)
    services.register(actor=teacher(), meeting=meeting)
    waiting = teacher()
    services.register(actor=waiting, meeting=meeting)
    client.force_login(waiting)

    response = client.get(url("meetings:materials", meeting))

    assert response.status_code == 403
    assert "You are on the waiting list: this opens to you once you have a seat." in text(response)


def test_visitor_is_asked_to_log_in_for_materials(client, meeting):
    response = client.get(url("meetings:materials", meeting))

    assert response.status_code == 302 and reverse("core:login") in response["Location"]


def test_material_of_another_meeting_is_not_found(client, meeting, participant, leader):
    other = make_meeting(organiser=nss_of("ES"), trainers=(leader,), title="Other")
    foreign = services.add_material(
        actor=leader, meeting=other, title="Elsewhere", link="https://example.org/x"
    )
    client.force_login(participant)

    assert client.get(url("meetings:material-download", meeting, foreign.pk)).status_code == 404


def test_trainer_adds_a_link_and_bad_input_changes_nothing(client, meeting, leader):
    client.force_login(leader)

    empty = client.post(url("meetings:material-new", meeting), {"title": "Nothing"})
    both = client.post(
        url("meetings:material-new", meeting),
        {
            "title": "Both",
            "link": "https://example.org/a",
            "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", "application/pdf"),
        },
    )
    good = client.post(
        url("meetings:material-new", meeting),
        {"title": "Slides", "link": "https://example.org/slides"},
        follow=True,
    )

    assert empty.status_code == 400 and "Give either a file or a link." in text(empty)
    assert both.status_code == 400 and "Give either a file or a link." in text(both)
    assert "The material was added." in text(good)
    assert list(meeting.materials.values_list("title", flat=True)) == ["Slides"]


def test_participant_cannot_add_materials(client, meeting, participant):
    client.force_login(participant)

    response = client.post(
        url("meetings:material-new", meeting), {"title": "Mine", "link": "https://example.org"}
    )

    assert response.status_code == 403
    assert "Only the meeting's trainers and organisers can do this." in text(response)
    assert not meeting.materials.exists()


# --- activities ------------------------------------------------------------------------


def test_trainer_adds_and_edits_an_activity_with_sanitised_instructions(client, meeting, leader):
    client.force_login(leader)

    blank = client.post(url("meetings:activity-new", meeting), {"title": "", "instructions": ""})
    client.post(
        url("meetings:activity-new", meeting),
        {"title": "Plan a lesson", "instructions": "<p>Plan it</p><script>alert(1)</script>"},
    )
    activity = meeting.activities.get()
    client.post(
        url("meetings:activity-edit", meeting, activity.pk),
        {"title": "Plan two lessons", "instructions": "<p>Plan both</p>"},
    )

    assert blank.status_code == 400 and "This field is required." in text(blank)
    activity.refresh_from_db()
    assert activity.title == "Plan two lessons"
    client.force_login(leader)
    page = text(client.get(url("meetings:activities", meeting)))
    assert "Plan both" in page and "<script>alert(1)" not in page


def test_participant_reads_activities_but_cannot_add_one(client, meeting, participant, leader):
    services.add_activity(
        actor=leader, meeting=meeting, title="Observe", instructions="<p>Watch a class.</p>"
    )
    client.force_login(participant)

    page = client.get(url("meetings:activities", meeting))
    refused = client.post(
        url("meetings:activity-new", meeting), {"title": "Mine", "instructions": "x"}
    )

    assert page.status_code == 200 and "Watch a class." in text(page)
    assert "Add an activity" not in text(page)
    assert refused.status_code == 403
    assert meeting.activities.count() == 1


# --- discussions -----------------------------------------------------------------------


def test_discussions_before_the_active_phase_say_when_they_open(client, meeting, participant):
    client.force_login(participant)

    page = client.get(url("meetings:discussions", meeting))
    refused = client.post(url("meetings:discussions", meeting), {"title": "Hi", "body": "Early"})

    assert page.status_code == 200
    assert "Discussions open with the active phase on" in text(page)
    assert "Start the thread" not in text(page)
    assert refused.status_code == 403
    assert not Thread.objects.filter(meeting=meeting).exists()


def test_participant_starts_a_thread_in_the_active_phase_and_its_html_is_cleaned(
    client, meeting, participant, leader
):
    switch_to(meeting, State.ACTIVE, actor=leader)
    client.force_login(participant)

    response = client.post(
        url("meetings:discussions", meeting),
        {
            "title": "Our first experiment",
            "body": '<p onclick="x()">Hello <b>all</b></p><script>bad()</script>',
        },
        follow=True,
    )

    thread = Thread.objects.get(meeting=meeting)
    page = text(response)
    assert "Your thread is open." in page
    assert "Hello <b>all</b>" in page
    assert "onclick" not in page and "bad()" not in page
    assert thread.posts.get().author == participant


def test_thread_without_a_title_is_refused_with_the_reason(client, meeting, participant, leader):
    switch_to(meeting, State.ACTIVE, actor=leader)
    client.force_login(participant)

    response = client.post(url("meetings:discussions", meeting), {"title": "", "body": "Text"})

    assert response.status_code == 400
    assert "This field is required." in text(response)
    assert not Thread.objects.filter(meeting=meeting).exists()


def test_reply_in_the_active_phase_and_refusal_once_it_ended(client, meeting, participant, leader):
    switch_to(meeting, State.ACTIVE, actor=leader)
    thread = services.start_thread(
        actor=leader, meeting=meeting, title="Welcome", body="<p>Introduce yourselves.</p>"
    )
    client.force_login(participant)

    replied = client.post(
        url("meetings:thread", meeting, thread.pk),
        {"body": "<p>I teach in Sevilla.</p>"},
        follow=True,
    )
    switch_to(meeting, State.REFLECTION, actor=leader)
    page = client.get(url("meetings:thread", meeting, thread.pk))
    late = client.post(url("meetings:thread", meeting, thread.pk), {"body": "<p>Too late</p>"})

    assert "Your reply was posted." in text(replied) and "I teach in Sevilla." in text(replied)
    assert "Discussions are open during the active phase only: it ended on" in text(page)
    assert "Send the reply" not in text(page)
    assert late.status_code == 403
    assert "Discussions are open during the active phase only" in text(late)
    assert Post.objects.filter(thread=thread).count() == 2


def test_empty_reply_is_refused_and_nothing_is_posted(client, meeting, participant, leader):
    switch_to(meeting, State.ACTIVE, actor=leader)
    thread = services.start_thread(actor=leader, meeting=meeting, title="Welcome", body="<p>Hi</p>")
    client.force_login(participant)

    response = client.post(url("meetings:thread", meeting, thread.pk), {"body": ""})

    assert response.status_code == 400 and "This field is required." in text(response)
    assert Post.objects.filter(thread=thread).count() == 1


def test_teacher_who_did_not_register_cannot_read_the_discussions(client, meeting, leader):
    switch_to(meeting, State.ACTIVE, actor=leader)
    client.force_login(teacher())

    response = client.get(url("meetings:discussions", meeting))

    assert response.status_code == 403
    assert "The discussions are for the meeting's participants and trainers." in text(response)


def test_trainer_removes_a_post_and_participants_cannot(client, meeting, participant, leader):
    switch_to(meeting, State.ACTIVE, actor=leader)
    thread = services.start_thread(
        actor=participant, meeting=meeting, title="Question", body="<p>Off topic</p>"
    )
    post = thread.posts.get()
    client.force_login(participant)
    refused = client.post(url("meetings:post-remove", meeting, post.pk))
    client.force_login(leader)

    response = client.post(url("meetings:post-remove", meeting, post.pk), follow=True)

    assert refused.status_code == 403
    assert "The post was removed." in text(response)
    assert "This post was removed by a trainer." in text(response)
    post.refresh_from_db()
    assert post.removed_at is not None


# --- the reflection journal ------------------------------------------------------------


def test_reflection_journal_is_closed_during_the_active_phase(client, meeting, participant, leader):
    switch_to(meeting, State.ACTIVE, actor=leader)
    client.force_login(participant)

    page = client.get(url("meetings:reflection", meeting))
    refused = client.post(url("meetings:reflection", meeting), {"body": "<p>Early</p>"})

    assert page.status_code == 200
    assert "Reflection entries can be written during the reflection phase only." in text(page)
    assert refused.status_code == 403
    assert not ReflectionEntry.objects.exists()


def test_participant_writes_a_reflection_and_only_trainers_read_the_others(
    client, meeting, participant, leader
):
    other = teacher(first_name="Olga", last_name="Other")
    services.register(actor=other, meeting=meeting)
    switch_to(meeting, State.REFLECTION, actor=leader)
    services.write_reflection(actor=other, meeting=meeting, body="<p>Olga's thoughts</p>")
    client.force_login(participant)

    blank = client.post(url("meetings:reflection", meeting), {"body": ""})
    written = client.post(
        url("meetings:reflection", meeting), {"body": "<p>My pupils loved it.</p>"}, follow=True
    )
    client.force_login(leader)
    trainers_view = text(client.get(url("meetings:reflection", meeting)))

    assert blank.status_code == 400 and "This field is required." in text(blank)
    assert "Your reflection was saved in your journal." in text(written)
    assert "My pupils loved it." in text(written)
    assert "Olga's thoughts" not in text(written)
    assert "My pupils loved it." in trainers_view and "Olga's thoughts" in trainers_view


def test_teacher_who_did_not_register_has_no_journal(client, meeting, leader):
    switch_to(meeting, State.REFLECTION, actor=leader)
    client.force_login(teacher())

    response = client.get(url("meetings:reflection", meeting))

    assert response.status_code == 403
    assert "Only the meeting's participants write reflection entries." in text(response)


# --- the survey ------------------------------------------------------------------------

ANSWERS = {
    "content": "5",
    "trainers": "4",
    "organisation": "3",
    "usefulness": "4",
    "comment": "Great",
}


def test_survey_opens_with_the_reflection_phase(client, meeting, participant, leader):
    switch_to(meeting, State.ACTIVE, actor=leader)
    client.force_login(participant)

    response = client.get(url("meetings:survey", meeting))

    assert response.status_code == 403
    assert "The evaluation survey opens with the reflection phase." in text(response)


def test_participant_answers_the_survey_once(client, meeting, participant, leader):
    switch_to(meeting, State.REFLECTION, actor=leader)
    client.force_login(participant)

    incomplete = client.post(url("meetings:survey", meeting), {**ANSWERS, "content": ""})
    out_of_range = client.post(url("meetings:survey", meeting), {**ANSWERS, "usefulness": "9"})
    answered = client.post(url("meetings:survey", meeting), ANSWERS, follow=True)
    again = client.post(url("meetings:survey", meeting), ANSWERS, follow=True)

    assert incomplete.status_code == 400 and "This field is required." in text(incomplete)
    assert out_of_range.status_code == 400 and "Select a valid choice." in text(out_of_range)
    assert "Thank you: your answers were recorded." in text(answered)
    assert "You have already answered the survey." in text(again)
    assert SurveyResponse.objects.filter(meeting=meeting).count() == 1


def test_trainer_reads_survey_counts_and_averages_and_participants_cannot(
    client, meeting, participant, leader
):
    other = teacher()
    services.register(actor=other, meeting=meeting)
    switch_to(meeting, State.REFLECTION, actor=leader)
    for person, content in ((participant, 5), (other, 2)):
        services.answer_survey(
            actor=person,
            meeting=meeting,
            content=content,
            trainers=4,
            organisation=4,
            usefulness=3,
            comment="Useful" if content == 5 else "",
        )
    client.force_login(participant)
    refused = client.get(url("meetings:survey-results", meeting))
    client.force_login(leader)

    page = text(client.get(url("meetings:survey-results", meeting)))

    assert refused.status_code == 403
    assert "2 participants answered." in page
    assert "3.5" in page and "Useful" in page


def test_participant_edits_only_their_own_entry_and_only_during_the_reflection_phase(
    client, meeting, participant, leader
):
    other = teacher()
    services.register(actor=other, meeting=meeting)
    switch_to(meeting, State.REFLECTION, actor=leader)
    mine = services.write_reflection(actor=participant, meeting=meeting, body="<p>First</p>")
    theirs = services.write_reflection(actor=other, meeting=meeting, body="<p>Theirs</p>")
    client.force_login(participant)
    edit = url("meetings:reflection-edit", meeting, mine.pk)

    blank = client.post(edit, {"body": ""})
    saved = client.post(edit, {"body": "<p>Second thoughts</p>"}, follow=True)
    foreign = client.post(url("meetings:reflection-edit", meeting, theirs.pk), {"body": "x"})
    switch_to(meeting, State.CLOSED, actor=leader)
    late = client.post(edit, {"body": "<p>Too late</p>"})

    assert blank.status_code == 400 and "This field is required." in text(blank)
    assert "Your reflection entry was saved." in text(saved)
    assert foreign.status_code == 403
    assert "You can only edit your own reflection entries." in text(foreign)
    assert late.status_code == 403
    assert "Reflection entries can be written during the reflection phase only." in text(late)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert "Second thoughts" in mine.body and "Theirs" in theirs.body
