"""The benchmark data generator for teaching meetings: one meeting in its active phase
with every seat taken, a waiting list, discussions and reflections.

Rows go in with ``bulk_create``, like ``bench.data``: the point is to time the pages,
not the services that fill them (their own tests cover those).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bench.data import NO_PASSWORD
from core.models import Country, Language, Level, School, SeatClaim, SeatOffer, StaffRole, User
from plugins.meetings.models import Activity, Material, Meeting, Post, ReflectionEntry, Thread


@dataclass(frozen=True)
class MeetingSize:
    """How big the generated meeting is."""

    participants: int = 500
    posts: int = 1_000  # spread over the threads, by the participants and the trainer


@dataclass(frozen=True)
class BenchMeeting:
    """What the timings need: the meeting, its trainer, a participant and a busy thread."""

    meeting: Meeting
    trainer: User
    participant: User
    thread: Thread


THREADS = 20
ACTIVITIES = 5


@transaction.atomic
def build_meeting(size: MeetingSize, *, tag: str = "bench") -> BenchMeeting:
    """Create a meeting in its active phase with ``size.participants`` seated participants,
    a tenth as many waiting, ``size.posts`` posts and one reflection entry per participant."""
    now = timezone.now()
    school = School.objects.create(
        name=f"{tag} meetings school", country=Country.objects.get(code="FR"), town="Town"
    )
    trainer = User.objects.create(
        username=f"{tag}-trainer",
        first_name="Trainer",
        last_name="Bench",
        email=f"{tag}-trainer@example.org",
        kind=User.Kind.TEACHER,
        state=User.State.VALIDATED,
        school=school,
        password=NO_PASSWORD,
    )
    StaffRole.objects.create(user=trainer, role=StaffRole.Role.TRAINER)
    active_starts_at = now - timedelta(days=1)
    times = Meeting.default_times(active_starts_at)
    meeting = Meeting.objects.create(
        title=f"{tag} meeting",
        topic="Benchmarks",
        description="A full meeting for the benchmarks.",
        language=Language.objects.get(code="en"),
        capacity=size.participants,
        registration_opens_at=active_starts_at - timedelta(days=14),
        state=Meeting.State.ACTIVE,
        published_at=active_starts_at - timedelta(days=15),
        state_changed_at=active_starts_at,
        created_by=trainer,
        **times,
    )
    meeting.levels.set(Level.objects.all()[:2])
    meeting.trainers.add(trainer)
    offer = SeatOffer.objects.create(key=meeting.seat_key, capacity=size.participants)
    Meeting.objects.filter(pk=meeting.pk).update(seat_offer=offer)
    meeting.seat_offer = offer

    waiting = max(size.participants // 10, 1)
    people = User.objects.bulk_create(
        User(
            username=f"{tag}-participant-{number}",
            first_name="Participant",
            last_name=str(number),
            email=f"{tag}-participant-{number}@example.org",
            kind=User.Kind.TEACHER,
            state=User.State.VALIDATED,
            school=school,
            password=NO_PASSWORD,
        )
        for number in range(size.participants + waiting)
    )
    participants, waiting_people = people[: size.participants], people[size.participants :]
    registered = now - timedelta(days=10)
    SeatClaim.objects.bulk_create(
        [
            *(
                SeatClaim(
                    offer=offer,
                    user=user,
                    status=SeatClaim.Status.SEATED,
                    created_at=registered + timedelta(seconds=number),
                    seated_at=registered + timedelta(seconds=number),
                )
                for number, user in enumerate(participants)
            ),
            *(
                SeatClaim(
                    offer=offer,
                    user=user,
                    status=SeatClaim.Status.WAITING,
                    created_at=registered + timedelta(hours=1, seconds=number),
                )
                for number, user in enumerate(waiting_people)
            ),
        ]
    )
    SeatOffer.objects.filter(pk=offer.pk).update(taken=size.participants)

    activities = Activity.objects.bulk_create(
        Activity(
            meeting=meeting,
            title=f"Activity {number}",
            instructions=f"<p>Instructions of activity {number}.</p>",
            order=number,
            created_by=trainer,
        )
        for number in range(ACTIVITIES)
    )
    Material.objects.bulk_create(
        Material(
            meeting=meeting,
            title=f"Reading {number}",
            link=f"https://example.org/reading-{number}",
            order=number,
            added_by=trainer,
        )
        for number in range(10)
    )
    threads = Thread.objects.bulk_create(
        Thread(
            meeting=meeting,
            activity=activities[number % ACTIVITIES],
            title=f"Thread {number}",
            started_by=trainer,
            created_at=active_starts_at + timedelta(minutes=number),
        )
        for number in range(THREADS)
    )
    authors = [trainer, *participants]
    posts = Post.objects.bulk_create(
        Post(
            thread=threads[number % THREADS],
            meeting=meeting,
            author=authors[number % len(authors)],
            body=f"<p>Post {number}</p>",
            created_at=active_starts_at + timedelta(minutes=number),
        )
        for number in range(size.posts)
    )
    for thread in threads:
        mine = [post for post in posts if post.thread_id == thread.pk]
        Thread.objects.filter(pk=thread.pk).update(
            post_count=len(mine), last_post_at=max((p.created_at for p in mine), default=None)
        )
    ReflectionEntry.objects.bulk_create(
        ReflectionEntry(
            meeting=meeting, author=user, body=f"<p>What participant {number} learnt.</p>"
        )
        for number, user in enumerate(participants)
    )
    return BenchMeeting(
        meeting=meeting, trainer=trainer, participant=participants[0], thread=threads[0]
    )
