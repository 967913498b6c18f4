"""What happens inside a meeting, through the services: activities, materials, the
discussions, the reflection journal, completion (evaluated at the close, announced once)
and the evaluation survey; and the read side (progress, survey results, lists)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEntry, Language, Level, Notification
from core.plugins import hookimpl
from plugins.meetings import queries, services
from plugins.meetings.models import Completion, Material, Meeting, Post, Thread
from tests.factories.meetings import new_meeting, teacher, trainer

pytestmark = pytest.mark.django_db

State = Meeting.State


def messages_of(error) -> list[str]:
    return list(error.value.messages)


def meeting_with(participants: int = 1, *, capacity: int = 20, **fields):
    """A meeting opened by its trainer, with ``participants`` registered teachers."""
    runner = trainer()
    meeting = new_meeting(actor=runner, capacity=capacity, **fields)
    services.switch_phase(actor=runner, meeting=meeting, to=State.REGISTRATION_OPEN)
    people = [teacher() for _ in range(participants)]
    for person in people:
        services.register(actor=person, meeting=meeting)
    return meeting, runner, people


def move_to(meeting: Meeting, runner, state: str) -> None:
    meeting.refresh_from_db()
    position = Meeting.ORDER.index(meeting.state)
    for following in Meeting.ORDER[position + 1 : Meeting.ORDER.index(state) + 1]:
        services.switch_phase(actor=runner, meeting=meeting, to=following)


class CompletionListener:
    """An inline plugin recording the MeetingCompleted events it receives."""

    def __init__(self):
        self.events = []

    @hookimpl
    def on_meeting_completed(self, event):
        self.events.append(event)


# --- activities and materials ------------------------------------------------------------


def test_trainer_adds_activities_in_order_with_sanitised_instructions():
    meeting, runner, _people = meeting_with(0)
    first = services.add_activity(
        actor=runner,
        meeting=meeting,
        title="Plan",
        instructions="<p>Plan a lesson</p><script>alert(1)</script>",
    )
    second = services.add_activity(actor=runner, meeting=meeting, title="Do", instructions="Go")
    assert "<script>" not in first.instructions and "Plan a lesson" in first.instructions
    assert list(meeting.activities.all()) == [first, second]
    services.update_activity(actor=runner, activity=first, title="Plan it", instructions="Now")
    first.refresh_from_db()
    assert first.title == "Plan it"
    services.delete_activity(actor=runner, activity=second)
    assert list(meeting.activities.all()) == [first]


def test_an_activity_needs_instructions():
    meeting, runner, _people = meeting_with(0)
    with pytest.raises(ValidationError) as refused:
        services.add_activity(actor=runner, meeting=meeting, title="Plan", instructions="  ")
    assert messages_of(refused) == ["Please write the activity's instructions."]


def test_participants_cannot_add_activities():
    meeting, _runner, (person,) = meeting_with(1)
    with pytest.raises(PermissionDenied) as refused:
        services.add_activity(actor=person, meeting=meeting, title="Mine", instructions="x")
    assert str(refused.value) == "Only the meeting's trainers and organisers can do this."


def test_trainer_shares_a_link_or_a_file_never_both():
    meeting, runner, _people = meeting_with(0)
    link = services.add_material(
        actor=runner, meeting=meeting, title="Guide", link="https://example.org/guide"
    )
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes", "application/pdf")
    document = services.add_material(actor=runner, meeting=meeting, title="Notes", file=upload)
    assert link.link and not link.file
    assert document.file and document.size == len(b"%PDF-1.4 notes")
    with pytest.raises(ValidationError) as both:
        services.add_material(
            actor=runner,
            meeting=meeting,
            title="Both",
            link="https://example.org",
            file=SimpleUploadedFile("a.pdf", b"x"),
        )
    assert messages_of(both) == ["Give either a file or a link."]
    with pytest.raises(ValidationError) as neither:
        services.add_material(actor=runner, meeting=meeting, title="Neither")
    assert messages_of(neither) == ["Give either a file or a link."]


def test_links_must_be_web_addresses_and_programs_are_refused():
    meeting, runner, _people = meeting_with(0)
    with pytest.raises(ValidationError) as bad_link:
        services.add_material(actor=runner, meeting=meeting, title="x", link="javascript:alert(1)")
    assert messages_of(bad_link) == ["Please give a web address starting with http:// or https://."]
    with pytest.raises(ValidationError) as program:
        services.add_material(
            actor=runner, meeting=meeting, title="x", file=SimpleUploadedFile("run.exe", b"MZ")
        )
    assert messages_of(program)[0].startswith("Files of this type cannot be shared.")
    assert not Material.objects.exists()


def test_deleting_a_material_removes_its_file(django_capture_on_commit_callbacks):
    meeting, runner, _people = meeting_with(0)
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4", "application/pdf")
    material = services.add_material(actor=runner, meeting=meeting, title="Notes", file=upload)
    storage, name = material.file.storage, material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_material(actor=runner, material=material)
    assert not Material.objects.exists() and not storage.exists(name)


# --- discussions ----------------------------------------------------------------------------


def test_participants_and_trainers_discuss_in_the_active_phase():
    meeting, runner, (person,) = meeting_with(1)
    move_to(meeting, runner, State.ACTIVE)
    thread = services.start_thread(
        actor=person, meeting=meeting, title="Ideas", body="<p onclick='x()'>My idea</p>"
    )
    answer = services.reply(actor=runner, thread=thread, body="Good idea")
    thread.refresh_from_db()
    assert thread.post_count == 2 and thread.last_post_at == answer.created_at
    first = thread.posts.first()
    assert first.author == person and "onclick" not in first.body and first.meeting == meeting


def test_a_teacher_not_registered_cannot_post():
    meeting, runner, _people = meeting_with(0)
    move_to(meeting, runner, State.ACTIVE)
    with pytest.raises(PermissionDenied) as refused:
        services.start_thread(actor=teacher(), meeting=meeting, title="Hi", body="Hello")
    assert str(refused.value) == "The discussions are for the meeting's participants and trainers."
    assert not Thread.objects.exists()


def test_an_empty_message_is_refused():
    meeting, runner, (person,) = meeting_with(1)
    move_to(meeting, runner, State.ACTIVE)
    with pytest.raises(ValidationError) as refused:
        services.start_thread(actor=person, meeting=meeting, title="Hi", body="<p> </p>")
    assert messages_of(refused) == ["Please write a message."]


def test_trainers_remove_posts_and_participants_cannot():
    meeting, runner, (person, other) = meeting_with(2)
    move_to(meeting, runner, State.ACTIVE)
    thread = services.start_thread(actor=person, meeting=meeting, title="Hi", body="Hello")
    post = thread.posts.get()
    with pytest.raises(PermissionDenied) as refused:
        services.remove_post(actor=other, post=post)
    assert str(refused.value) == "Only the meeting's trainers and organisers can do this."
    services.remove_post(actor=runner, post=post)
    post.refresh_from_db()
    assert post.removed_at is not None and post.removed_by == runner
    with pytest.raises(ValidationError) as twice:
        services.remove_post(actor=runner, post=post)
    assert messages_of(twice) == ["This post is already removed."]
    assert AuditEntry.objects.filter(action=services.POST_REMOVED).count() == 1


# --- the reflection journal ---------------------------------------------------------------


def test_participants_write_and_edit_their_own_reflection_entries():
    meeting, runner, (person, other) = meeting_with(2)
    move_to(meeting, runner, State.REFLECTION)
    entry = services.write_reflection(actor=person, meeting=meeting, body="I learnt a lot")
    services.edit_reflection(actor=person, entry=entry, body="I learnt even more")
    entry.refresh_from_db()
    assert "even more" in entry.body
    with pytest.raises(PermissionDenied) as refused:
        services.edit_reflection(actor=other, entry=entry, body="Not mine")
    assert str(refused.value) == "You can only edit your own reflection entries."


def test_trainers_do_not_write_reflection_entries():
    meeting, runner, _people = meeting_with(1)
    move_to(meeting, runner, State.REFLECTION)
    with pytest.raises(PermissionDenied) as refused:
        services.write_reflection(actor=runner, meeting=meeting, body="Mine")
    assert str(refused.value) == "Only the meeting's participants write reflection entries."


# --- completion -----------------------------------------------------------------------------


def contribute(meeting, runner, person, *, posts: int, reflections: int) -> None:
    move_to(meeting, runner, State.ACTIVE)
    for number in range(posts):
        services.start_thread(actor=person, meeting=meeting, title=f"#{number}", body="Post")
    move_to(meeting, runner, State.REFLECTION)
    for _number in range(reflections):
        services.write_reflection(actor=person, meeting=meeting, body="Thoughts")


def test_the_completion_rule_is_evaluated_at_the_close_and_announced_once(
    register_plugin, django_capture_on_commit_callbacks
):
    listener = register_plugin(CompletionListener(), "completion-listener")
    meeting, runner, (done, posts_only, _silent) = meeting_with(3, required_contributions=2)
    move_to(meeting, runner, State.ACTIVE)
    for person in (done, posts_only):
        for number in range(2):
            services.start_thread(actor=person, meeting=meeting, title=f"#{number}", body="Post")
    move_to(meeting, runner, State.REFLECTION)
    services.write_reflection(actor=done, meeting=meeting, body="Thoughts")
    with django_capture_on_commit_callbacks(execute=True):
        move_to(meeting, runner, State.CLOSED)
        services.advance_meetings()
        services.advance_meetings()
    assert [(event.meeting_id, event.user_id, event.title) for event in listener.events] == [
        (meeting.pk, done.pk, meeting.title)
    ]
    completion = Completion.objects.get()
    assert completion.user == done and completion.reason == Completion.Reason.RULE
    assert completion.announced_at is not None
    (told,) = Notification.objects.filter(kind="meetings.completed")
    assert told.user == done and told.title == f"You completed the meeting “{meeting.title}”"


def test_removed_posts_do_not_count_for_completion():
    meeting, runner, (person,) = meeting_with(1, requires_reflection=False)
    move_to(meeting, runner, State.ACTIVE)
    thread = services.start_thread(actor=person, meeting=meeting, title="Hi", body="Post")
    services.remove_post(actor=runner, post=thread.posts.get())
    move_to(meeting, runner, State.CLOSED)
    assert not Completion.objects.exists()


def test_a_trainer_marks_completion_by_hand_and_it_is_announced_at_the_close(
    register_plugin, django_capture_on_commit_callbacks
):
    listener = register_plugin(CompletionListener(), "completion-listener")
    meeting, runner, (person, late) = meeting_with(2)
    move_to(meeting, runner, State.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        completion = services.mark_completed(actor=runner, meeting=meeting, user=person)
    assert completion.reason == Completion.Reason.TRAINER and completion.announced_at is None
    assert listener.events == []
    with django_capture_on_commit_callbacks(execute=True):
        move_to(meeting, runner, State.CLOSED)
    assert [event.user_id for event in listener.events] == [person.pk]
    # After the close, a completion marked by hand is announced at once, and only once.
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_completed(actor=runner, meeting=meeting, user=late)
        services.mark_completed(actor=runner, meeting=meeting, user=late)
    assert [event.user_id for event in listener.events] == [person.pk, late.pk]


def test_only_participants_can_be_marked_complete():
    meeting, runner, _people = meeting_with(1)
    move_to(meeting, runner, State.ACTIVE)
    outsider = teacher(first_name="Eva", last_name="Ruiz")
    with pytest.raises(ValidationError) as refused:
        services.mark_completed(actor=runner, meeting=meeting, user=outsider)
    assert messages_of(refused) == ["Eva Ruiz is not a participant of this meeting."]


def test_completion_can_be_taken_back_before_the_close_only():
    meeting, runner, (person, other) = meeting_with(2)
    move_to(meeting, runner, State.ACTIVE)
    services.mark_completed(actor=runner, meeting=meeting, user=person)
    services.unmark_completed(actor=runner, meeting=meeting, user=person)
    assert not Completion.objects.exists()
    services.mark_completed(actor=runner, meeting=meeting, user=other)
    move_to(meeting, runner, State.CLOSED)
    with pytest.raises(ValidationError) as refused:
        services.unmark_completed(actor=runner, meeting=meeting, user=other)
    assert messages_of(refused) == ["Completions are final once the meeting has closed."]
    assert Completion.objects.filter(user=other).exists()


# --- the survey -----------------------------------------------------------------------------


def test_participants_answer_the_survey_once_and_trainers_see_counts_and_averages():
    meeting, runner, (first, second) = meeting_with(2)
    move_to(meeting, runner, State.REFLECTION)
    services.answer_survey(
        actor=first, meeting=meeting, content=5, trainers=4, organisation=3, usefulness=5,
        comment="Very useful",
    )  # fmt: skip
    services.answer_survey(
        actor=second, meeting=meeting, content=4, trainers=4, organisation=4, usefulness=2
    )
    with pytest.raises(ValidationError) as twice:
        services.answer_survey(
            actor=first, meeting=meeting, content=1, trainers=1, organisation=1, usefulness=1
        )
    assert messages_of(twice) == ["You have already answered the evaluation survey."]
    results = queries.survey_results(meeting)
    assert results.count == 2
    assert results.averages == {
        "content": 4.5,
        "trainers": 4.0,
        "organisation": 3.5,
        "usefulness": 3.5,
    }
    assert results.comments == ["Very useful"]


@pytest.mark.parametrize("rating", [0, 6, "5", None])
def test_survey_ratings_go_from_1_to_5(rating):
    meeting, runner, (person,) = meeting_with(1)
    move_to(meeting, runner, State.REFLECTION)
    with pytest.raises(ValidationError) as refused:
        services.answer_survey(
            actor=person, meeting=meeting, content=rating, trainers=3, organisation=3, usefulness=3
        )
    assert messages_of(refused) == ["Please rate each question from 1 to 5."]


def test_no_survey_results_yet():
    meeting, _runner, _people = meeting_with(0)
    results = queries.survey_results(meeting)
    assert results.count == 0 and results.averages["content"] is None and results.comments == []


# --- the read side ----------------------------------------------------------------------------


def test_progress_shows_each_participants_contributions_and_the_rule():
    meeting, runner, (active, quiet) = meeting_with(2, required_contributions=1)
    move_to(meeting, runner, State.ACTIVE)
    services.start_thread(actor=active, meeting=meeting, title="Hi", body="Post")
    move_to(meeting, runner, State.REFLECTION)
    services.write_reflection(actor=active, meeting=meeting, body="Thoughts")
    services.mark_completed(actor=runner, meeting=meeting, user=quiet)
    rows = {row.user: row for row in queries.progress(meeting)}
    assert (rows[active].posts, rows[active].reflections, rows[active].meets_rule) == (1, 1, True)
    assert (rows[quiet].posts, rows[quiet].reflections, rows[quiet].meets_rule) == (0, 0, False)
    assert rows[quiet].completion.reason == Completion.Reason.TRAINER
    assert rows[active].completion is None


def test_progress_takes_the_same_queries_for_few_and_many_participants():
    counts = []
    for size in (2, 12):
        meeting, runner, people = meeting_with(size, capacity=size)
        move_to(meeting, runner, State.ACTIVE)
        for person in people:
            services.start_thread(actor=person, meeting=meeting, title="Hi", body="Post")
        with CaptureQueriesContext(connection) as context:
            rows = queries.progress(meeting)
        assert len(rows) == size and all(row.posts == 1 for row in rows)
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1] == 2


def test_participants_and_waiting_list_in_their_order():
    meeting, _runner, people = meeting_with(4, capacity=2)
    assert set(queries.participants(meeting)) == set(people[:2])
    assert list(queries.waiting_list(meeting)) == people[2:]


def test_upcoming_meetings_are_announced_and_not_closed_filtered_by_language_and_level():
    english = Language.objects.get(code="en")
    french = Language.objects.get(code="fr")
    primary = Level.objects.get(code="primary")
    secondary = Level.objects.exclude(code="primary").first()
    listed, _runner, _people = meeting_with(0)
    french_one, _other, _people = meeting_with(0, language=french, levels=[secondary])
    new_meeting(actor=trainer())  # a draft, not announced
    closed, closer, _people = meeting_with(0)
    move_to(closed, closer, State.CLOSED)
    assert list(queries.upcoming_meetings()) == [listed, french_one]
    assert list(queries.upcoming_meetings(language="fr")) == [french_one]
    assert list(queries.upcoming_meetings(language=english, level=primary)) == [listed]
    assert list(queries.upcoming_meetings(level=secondary.code)) == [french_one]


def test_my_meetings_are_those_i_attend_wait_for_or_train():
    meeting, runner, (seated,) = meeting_with(1, capacity=1)
    waiting = teacher()
    services.register(actor=waiting, meeting=meeting)
    draft = new_meeting(actor=runner)
    assert list(queries.meetings_of(seated)) == [meeting]
    assert list(queries.meetings_of(waiting)) == [meeting]
    assert set(queries.meetings_of(runner)) == {meeting, draft}
    assert not queries.meetings_of(teacher()).exists()


def test_phase_info_says_which_phase_it_is_and_how_long_it_lasts():
    meeting, runner, _people = meeting_with(0)
    move_to(meeting, runner, State.ACTIVE)
    meeting.refresh_from_db()
    info = queries.phase_info(meeting, now=meeting.active_starts_at)
    assert (info.state, info.label, info.next_state_label) == (
        "active",
        "Active phase",
        "Reflection phase",
    )
    assert info.starts_at == meeting.active_starts_at
    assert info.ends_at == meeting.reflection_starts_at
    assert info.remaining == meeting.reflection_starts_at - meeting.active_starts_at
    move_to(meeting, runner, State.CLOSED)
    meeting.refresh_from_db()
    closed = queries.phase_info(meeting)
    assert closed.ends_at is None and closed.next_state_label is None


def test_post_counts_leave_out_nothing_but_removed_posts():
    meeting, runner, (person,) = meeting_with(1)
    contribute(meeting, runner, person, posts=3, reflections=2)
    services.remove_post(actor=runner, post=Post.objects.filter(author=person).first())
    (row,) = queries.progress(meeting)
    assert (row.posts, row.reflections) == (2, 2)
