"""The meetings' demo data, made through the services as people would make it.

The CSS (``css``) announces three European meetings led by the demo trainer
(``trainer``, from core's demo people); teachers register through the service and the
trainer moves each meeting forward by hand, so every notification, audit entry and
``MeetingCompleted`` event is the real one:

- an announcement open for registration;
- a meeting in its active phase with ``teacher.ana`` registered and a first thread;
- a closed meeting that ``teacher.luc`` completed (a post, a reflection, the survey).

Safe to run again: a meeting that exists (by title, organised by the CSS demo account)
is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import Language, Level, User
from plugins.meetings import services
from plugins.meetings.models import Meeting

ORGANISER = "css"
TRAINER = "trainer"
OPEN_TITLE = "Project-based learning with robots"
ACTIVE_TITLE = "Digital storytelling in the language classroom"
CLOSED_TITLE = "Assessing collaborative projects"

State = Meeting.State


def _people() -> dict[str, User] | None:
    names = (ORGANISER, TRAINER, "teacher.ana", "teacher.luc")
    people = {user.username: user for user in User.objects.filter(username__in=names)}
    return people if len(people) == len(names) else None


def _announce(
    organiser: User,
    trainer: User,
    *,
    title: str,
    topic: str,
    description: str,
    language: str,
    levels: Sequence[str],
    capacity: int,
    active_in: timedelta,
) -> Meeting:
    """Create and announce a meeting whose registration opened a week ago; the scheduled
    task's body then opens its registration, as it would on the hour."""
    now = timezone.now()
    meeting = services.create_meeting(
        actor=organiser,
        title=title,
        topic=topic,
        description=description,
        language=Language.objects.get(code=language),
        levels=list(Level.objects.filter(code__in=levels)),
        trainers=[trainer],
        country=None,
        capacity=capacity,
        registration_opens_at=now - timedelta(days=7),
        active_starts_at=now + active_in,
    )
    services.publish_meeting(actor=organiser, meeting=meeting)
    services.advance_meetings()
    meeting.refresh_from_db()
    return meeting


def _switch(trainer: User, meeting: Meeting, to: str) -> Meeting:
    return services.switch_phase(actor=trainer, meeting=meeting, to=to)


def _open_meeting(people: dict[str, User]) -> None:
    meeting = _announce(
        people[ORGANISER],
        people[TRAINER],
        title=OPEN_TITLE,
        topic="Educational robotics",
        description=(
            "Three weeks to plan a cross-border project where pupils build and program "
            "small robots together: activities, shared materials and a reflection journal."
        ),
        language="en",
        levels=("primary", "secondary"),
        capacity=30,
        active_in=timedelta(days=21),
    )
    services.add_activity(
        actor=people[TRAINER],
        meeting=meeting,
        title="Introduce yourself and your robots",
        instructions="<p>Tell the others which robots your school has and what you teach.</p>",
    )


def _active_meeting(people: dict[str, User]) -> None:
    trainer = people[TRAINER]
    meeting = _announce(
        people[ORGANISER],
        trainer,
        title=ACTIVE_TITLE,
        topic="Storytelling",
        description=(
            "Pupils write and record stories with partner classes abroad. Share your "
            "ideas in the discussions during the active phase, then reflect on them."
        ),
        language="en",
        levels=("secondary", "upper_secondary"),
        capacity=25,
        active_in=timedelta(days=1),
    )
    activity = services.add_activity(
        actor=trainer,
        meeting=meeting,
        title="A story in three languages",
        instructions="<p>Plan a short story that your pupils and a partner class write.</p>",
    )
    services.add_material(
        actor=trainer,
        meeting=meeting,
        title="Storytelling toolkit",
        description="Templates and examples for the first activity.",
        link="https://example.org/storytelling-toolkit",
    )
    services.register(actor=people["teacher.ana"], meeting=meeting)
    meeting = _switch(trainer, meeting, State.ACTIVE)
    services.start_thread(
        actor=trainer,
        meeting=meeting,
        activity=activity,
        title="Which story will your class tell?",
        body="<p>Tell us the first idea of your pupils.</p>",
    )


def _closed_meeting(people: dict[str, User]) -> None:
    trainer, luc = people[TRAINER], people["teacher.luc"]
    meeting = _announce(
        people[ORGANISER],
        trainer,
        title=CLOSED_TITLE,
        topic="Assessment",
        description="Rubrics and peer review for projects that classes run together.",
        language="en",
        levels=("secondary",),
        capacity=20,
        active_in=timedelta(days=1),
    )
    services.register(actor=luc, meeting=meeting)
    meeting = _switch(trainer, meeting, State.ACTIVE)
    thread = services.start_thread(
        actor=trainer,
        meeting=meeting,
        title="How do you assess teamwork?",
        body="<p>Share one rubric you use.</p>",
    )
    services.reply(
        actor=luc, thread=thread, body="<p>My pupils assess each other with a short rubric.</p>"
    )
    meeting = _switch(trainer, meeting, State.REFLECTION)
    services.write_reflection(
        actor=luc,
        meeting=meeting,
        body="<p>I will try peer review in my next project with our partner school.</p>",
    )
    services.answer_survey(
        actor=luc,
        meeting=meeting,
        content=5,
        trainers=5,
        organisation=4,
        usefulness=5,
        comment="Practical and well paced.",
    )
    # Closing evaluates the completion rule: Luc posted and reflected, so he completed it.
    _switch(trainer, meeting, State.CLOSED)


DEMO_MEETINGS = (
    (OPEN_TITLE, _open_meeting, "open for registration"),
    (ACTIVE_TITLE, _active_meeting, "active phase, teacher.ana registered"),
    (CLOSED_TITLE, _closed_meeting, "closed, completed by teacher.luc"),
)


def load_meetings_demo_data() -> list[str]:
    """Create the three demo meetings if missing; return the lines to print."""
    people = _people()
    if people is None:
        return [
            "Demo meetings skipped: the demo people css, trainer, teacher.ana, teacher.luc are "
            "missing."
        ]
    lines = []
    for title, make, summary in DEMO_MEETINGS:
        if not Meeting.objects.filter(title=title, created_by=people[ORGANISER]).exists():
            with transaction.atomic():
                make(people)
        lines.append(f"Demo meeting: {title} ({summary})")
    return lines
