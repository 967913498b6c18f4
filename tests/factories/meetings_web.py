"""Meetings reached the way people reach them: an organiser creates and publishes a
meeting, trainers switch its phases, teachers register (all through the services).

``bulk_participants`` is for the background of query-count tests only: it writes
seated claims, posts and reflection entries in a few statements, the way a busy
meeting would hold them, without going through the services one person at a time.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from core.models import Country, Language, Level, SeatClaim, SeatOffer, User
from plugins.meetings import services
from plugins.meetings.models import Meeting, Post, ReflectionEntry, Thread
from tests.factories.meetings import nss, teacher, trainer

__all__ = ["bulk_participants", "make_meeting", "nss_of", "switch_to", "teacher", "trainer"]


def nss_of(country_code: str = "ES", **kwargs) -> User:
    """A member of the NSS staff of ``country_code``: they organise its meetings."""
    return nss(country_code, **kwargs)


def make_meeting(
    *,
    organiser: User,
    trainers: tuple[User, ...] = (),
    capacity: int = 20,
    publish: bool = True,
    title: str = "Inquiry-based science",
    **overrides,
) -> Meeting:
    """A Spanish meeting in English whose registration opened an hour ago and whose
    active phase starts in two days, created (and published) by ``organiser``."""
    now = timezone.now()
    fields = {
        "title": title,
        "topic": "Science teaching",
        "description": "<p>Five days of <strong>experiments</strong> with your pupils.</p>",
        "language": Language.objects.get(code="en"),
        "levels": list(Level.objects.filter(code="primary")),
        "trainers": list(trainers),
        "country": Country.objects.get(code="ES"),
        "capacity": capacity,
        "registration_opens_at": now - timedelta(hours=1),
        "active_starts_at": now + timedelta(days=2),
        **overrides,
    }
    meeting = services.create_meeting(actor=organiser, **fields)
    if publish:
        meeting = services.publish_meeting(actor=organiser, meeting=meeting)
    return meeting


def switch_to(meeting: Meeting, state: str, *, actor: User) -> Meeting:
    """Switch ``meeting`` forward by hand, phase after phase, until it is in ``state``."""
    order = list(Meeting.ORDER)
    while order.index(meeting.state) < order.index(state):
        meeting = services.switch_phase(
            actor=actor, meeting=meeting, to=order[order.index(meeting.state) + 1]
        )
    meeting.refresh_from_db()
    return meeting


def bulk_participants(meeting: Meeting, count: int, tag: str, *, contributions: bool = True):
    """``count`` seated teachers of ``meeting`` (rows only), each with a post in one
    thread and a reflection entry when ``contributions``."""
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                username=f"{tag}-{n}",
                first_name="Participant",
                last_name=f"{tag} {n}",
                email=f"{tag}-{n}@example.org",
                kind=User.Kind.TEACHER,
                state=User.State.VALIDATED,
                email_verified_at=now,
            )
            for n in range(count)
        ]
    )
    SeatClaim.objects.bulk_create(
        [
            SeatClaim(
                offer_id=meeting.seat_offer_id,
                user=user,
                status=SeatClaim.Status.SEATED,
                seated_at=now,
            )
            for user in users
        ]
    )
    SeatOffer.objects.filter(pk=meeting.seat_offer_id).update(taken=F("taken") + count)
    if contributions:
        thread = Thread.objects.create(
            meeting=meeting,
            title=f"Introductions {tag}",
            started_by=users[0],
            post_count=count,
            last_post_at=now,
        )
        Post.objects.bulk_create(
            [
                Post(thread=thread, meeting=meeting, author=user, body="<p>Hello!</p>")
                for user in users
            ]
        )
        ReflectionEntry.objects.bulk_create(
            [
                ReflectionEntry(meeting=meeting, author=user, body="<p>I learnt a lot.</p>")
                for user in users
            ]
        )
    return users
