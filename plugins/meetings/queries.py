"""The read side of meetings: lists, progress, survey results, the current phase.

Each function issues the same number of queries whatever the number of participants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.models import Language, Level, SeatClaim, User
from plugins.meetings.models import Completion, Meeting, Post, ReflectionEntry, SurveyResponse

State = Meeting.State
RATINGS = ("content", "trainers", "organisation", "usefulness")


def _claimed(meeting: Meeting, status: str) -> QuerySet[User]:
    return User.objects.filter(
        seat_claims__offer_id=meeting.seat_offer_id, seat_claims__status=status
    )


def participants(meeting: Meeting) -> QuerySet[User]:
    """The people holding a seat, by name."""
    if meeting.seat_offer_id is None:
        return User.objects.none()
    return _claimed(meeting, SeatClaim.Status.SEATED).order_by("last_name", "first_name", "pk")


def waiting_list(meeting: Meeting) -> QuerySet[User]:
    """The people on the waiting list, first in line first."""
    if meeting.seat_offer_id is None:
        return User.objects.none()
    return _claimed(meeting, SeatClaim.Status.WAITING).order_by(
        "seat_claims__created_at", "seat_claims__id"
    )


def meets_rule(meeting: Meeting, *, posts: int, reflections: int) -> bool:
    """Whether a participant with these contributions meets the meeting's completion rule."""
    return posts >= meeting.required_contributions and (
        not meeting.requires_reflection or reflections >= 1
    )


@dataclass(frozen=True)
class ParticipantProgress:
    """One participant's contributions, as their trainers see them."""

    user: User
    posts: int
    reflections: int
    completion: Completion | None
    meets_rule: bool


def _count_of(model, meeting: Meeting, **filters) -> Coalesce:
    rows = (
        model.objects.filter(meeting=meeting, author=OuterRef("pk"), **filters)
        .order_by()
        .values("author")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def progress(meeting: Meeting) -> list[ParticipantProgress]:
    """Every participant's posts (not removed), reflection entries and completion (two
    queries)."""
    people = participants(meeting).annotate(
        post_total=_count_of(Post, meeting, removed_at__isnull=True),
        reflection_total=_count_of(ReflectionEntry, meeting),
    )
    completions = {
        completion.user_id: completion for completion in Completion.objects.filter(meeting=meeting)
    }
    return [
        ParticipantProgress(
            user=person,
            posts=person.post_total,
            reflections=person.reflection_total,
            completion=completions.get(person.pk),
            meets_rule=meets_rule(
                meeting, posts=person.post_total, reflections=person.reflection_total
            ),
        )
        for person in people
    ]


@dataclass(frozen=True)
class SurveyResults:
    """The evaluation survey in numbers: never who answered what."""

    count: int
    averages: dict[str, float | None]
    comments: list[str]


def survey_results(meeting: Meeting) -> SurveyResults:
    """How many answered, the average of each rating (1 to 5) and the comments (two queries)."""
    responses = SurveyResponse.objects.filter(meeting=meeting)
    numbers = responses.aggregate(count=Count("pk"), **{field: Avg(field) for field in RATINGS})
    comments = list(
        responses.exclude(comment="").order_by("created_at", "pk").values_list("comment", flat=True)
    )
    return SurveyResults(
        count=numbers["count"],
        averages={
            field: round(numbers[field], 2) if numbers[field] is not None else None
            for field in RATINGS
        },
        comments=comments,
    )


@dataclass(frozen=True)
class PhaseInfo:
    """Which phase a meeting is in and how long it lasts."""

    state: str
    label: str
    starts_at: datetime | None
    ends_at: datetime | None
    next_state_label: str | None
    # Until the phase ends, from ``now`` (None once closed).
    remaining: timedelta | None


_STARTS = {
    State.REGISTRATION_OPEN: "registration_opens_at",
    State.ACTIVE: "active_starts_at",
    State.REFLECTION: "reflection_starts_at",
    State.CLOSED: "closes_at",
}


def phase_info(meeting: Meeting, *, now: datetime | None = None) -> PhaseInfo:
    """The stored phase, its translated name, when it started and ends, and what follows."""
    now = now or timezone.now()
    state = State(meeting.state)
    position = Meeting.ORDER.index(state)
    following = Meeting.ORDER[position + 1] if position + 1 < len(Meeting.ORDER) else None
    starts = getattr(meeting, _STARTS[state]) if state in _STARTS else None
    ends = meeting.phase_ends_at()
    return PhaseInfo(
        state=state.value,
        label=str(state.label),
        starts_at=starts,
        ends_at=ends,
        next_state_label=str(following.label) if following else None,
        remaining=max(ends - now, timedelta(0)) if ends else None,
    )


def _announced() -> QuerySet[Meeting]:
    return Meeting.objects.filter(published_at__isnull=False)


def upcoming_meetings(
    *, language: Language | str | None = None, level: Level | str | None = None
) -> QuerySet[Meeting]:
    """Announced meetings not yet closed, soonest first; ``language`` and ``level`` as
    objects or codes."""
    meetings = _announced().exclude(state=State.CLOSED)
    if language:
        meetings = meetings.filter(
            language__code=language if isinstance(language, str) else language.code
        )
    if level:
        code = level if isinstance(level, str) else level.code
        meetings = meetings.filter(
            Exists(
                Meeting.levels.through.objects.filter(meeting_id=OuterRef("pk"), level__code=code)
            )
        )
    return meetings.order_by("active_starts_at", "pk")


def meetings_of(user) -> QuerySet[Meeting]:
    """The meetings ``user`` takes part in: as participant, on the waiting list, or as
    trainer (drafts only as trainer), soonest first."""
    if user is None or not user.is_authenticated:
        return Meeting.objects.none()
    claimed = SeatClaim.objects.filter(
        offer_id=OuterRef("seat_offer_id"), user_id=user.pk, status__in=SeatClaim.LIVE_STATUSES
    )
    trained = Meeting.trainers.through.objects.filter(meeting_id=OuterRef("pk"), user_id=user.pk)
    return Meeting.objects.filter(
        Q(Exists(trained)) | (Q(Exists(claimed)) & Q(published_at__isnull=False))
    ).order_by("active_starts_at", "pk")
