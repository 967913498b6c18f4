"""Meetings reached the way people reach them: organisers create and announce them through
the services, time passes (time-machine) and the scheduled task opens each phase,
teachers register through the service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import Permission

from core.models import Country, Language, Level, StaffRole, User
from plugins.meetings import services
from plugins.meetings.models import Meeting
from tests.factories import UserFactory
from tests.factories.twinspace import teacher_in

# A fixed timeline: the meeting is created at T0, registration opens an hour later.
T0 = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
OPENS = T0 + timedelta(hours=1)
ACTIVE = T0 + timedelta(days=8)
REFLECTION = ACTIVE + timedelta(days=5)
CLOSES = REFLECTION + timedelta(days=5)
AT = {
    Meeting.State.REGISTRATION_OPEN: OPENS,
    Meeting.State.ACTIVE: ACTIVE,
    Meeting.State.REFLECTION: REFLECTION,
    Meeting.State.CLOSED: CLOSES,
}
JUST_AFTER = timedelta(minutes=1)


def make_staff(
    username: str, role: str = StaffRole.Role.NSS, country: str | None = "ES", admin: bool = True
) -> User:
    """A staff member with one role who may open the Wagtail admin."""
    user = UserFactory(username=username, kind=User.Kind.STAFF)
    StaffRole.objects.create(
        user=user, role=role, country=Country.objects.get(code=country) if country else None
    )
    if admin:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return user


def make_trainer(username: str = "trainer.test", **kwargs) -> User:
    """A validated teacher holding the trainer / expert role."""
    trainer = teacher_in("DE", username=username, **kwargs)
    StaffRole.objects.create(user=trainer, role=StaffRole.Role.TRAINER)
    return trainer


def create_meeting(
    organiser: User,
    *,
    title: str = "Robots in the classroom",
    topic: str = "Educational robotics",
    description: str = "Small robots for every age: lesson ideas and a shared project.",
    trainers: tuple[User, ...] = (),
    capacity: int = 20,
    language: str = "en",
    levels: tuple[str, ...] = ("primary",),
    country: str | None = "ES",
    publish: bool = True,
) -> Meeting:
    """A meeting created (and announced) by ``organiser`` at the current time, with
    registration opening at ``OPENS`` and the active phase at ``ACTIVE``."""
    meeting = services.create_meeting(
        actor=organiser,
        title=title,
        topic=topic,
        description=description,
        language=Language.objects.get(code=language),
        levels=list(Level.objects.filter(code__in=levels)),
        trainers=list(trainers),
        country=Country.objects.get(code=country) if country else None,
        capacity=capacity,
        registration_opens_at=OPENS,
        active_starts_at=ACTIVE,
    )
    if publish:
        meeting = services.publish_meeting(actor=organiser, meeting=meeting)
    return meeting


def switch_to_closed(actor: User, meeting: Meeting) -> Meeting:
    """Move an announced meeting by hand, phase after phase, to its close."""
    for phase in Meeting.ORDER[Meeting.ORDER.index(meeting.state) + 1 :]:
        meeting = services.switch_phase(actor=actor, meeting=meeting, to=phase)
    return meeting


def reach(time_machine, meeting: Meeting, phase: str) -> Meeting:
    """Move time to just after ``phase`` opens and let the scheduled task switch it."""
    time_machine.move_to(AT[phase] + JUST_AFTER, tick=False)
    services.advance_meetings()
    meeting.refresh_from_db()
    assert meeting.state == phase
    return meeting
