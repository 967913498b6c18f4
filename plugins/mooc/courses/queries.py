"""Reading courses: listings, a learner's progress, the team's view of every learner,
and the video links of units. Each function asks a fixed number of queries, whatever
the number of learners or units."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from plugins.mooc.models.courses import Course, Enrolment, Unit, UnitCompletion

# --- videos ----------------------------------------------------------------------------

_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^[0-9]{4,12}$")
YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"})
VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"})


@dataclass(frozen=True)
class Video:
    """A unit's video: the service's name and its privacy-friendly player address
    (YouTube's no-cookie player, Vimeo's player without tracking)."""

    service: str
    embed_url: str

    @property
    def origin(self) -> str:
        """The player's scheme and host, which the page's frame policy allows."""
        parts = urlsplit(self.embed_url)
        return f"{parts.scheme}://{parts.netloc}"


def _youtube_id(parts) -> str | None:
    path = parts.path.strip("/")
    if parts.hostname == "youtu.be":
        candidate = path
    elif path == "watch":
        candidate = (parse_qs(parts.query).get("v") or [""])[0]
    elif path.startswith(("embed/", "shorts/", "live/")):
        candidate = path.split("/", 1)[1]
    else:
        return None
    return candidate if _VIDEO_ID.match(candidate) else None


def video_of(url: str) -> Video | None:
    """The video a unit's page address points at, or ``None`` for an address of a
    service we do not know (the services refuse those)."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username or parts.password or parts.port:
        return None
    host = (parts.hostname or "").lower()
    if host in YOUTUBE_HOSTS:
        video_id = _youtube_id(parts)
        if video_id:
            return Video("YouTube", f"https://www.youtube-nocookie.com/embed/{video_id}")
    if host in VIMEO_HOSTS:
        video_id = parts.path.strip("/").removeprefix("video/")
        if _VIMEO_ID.match(video_id):
            return Video("Vimeo", f"https://player.vimeo.com/video/{video_id}?dnt=1")
    return None


# --- listings --------------------------------------------------------------------------


def published_courses() -> QuerySet[Course]:
    return Course.objects.filter(published_at__isnull=False)


def open_courses() -> QuerySet[Course]:
    """Published courses open for enrolment now, the ones closing soonest first."""
    now = timezone.now()
    return (
        published_courses()
        .filter(enrolment_opens_at__lte=now)
        .filter(Q(enrolment_closes_at__isnull=True) | Q(enrolment_closes_at__gt=now))
        .order_by("enrolment_closes_at", "pk")
    )


def running_courses() -> QuerySet[Course]:
    """Published cohort courses under way whose enrolment has closed."""
    now = timezone.now()
    return published_courses().filter(
        pacing=Course.Pacing.COHORT,
        starts_at__lte=now,
        ends_at__gt=now,
        enrolment_closes_at__lte=now,
    )


def upcoming_courses() -> QuerySet[Course]:
    """Published courses whose enrolment has not opened yet, soonest first."""
    return published_courses().filter(enrolment_opens_at__gt=timezone.now())


def courses_of(user) -> QuerySet[Course]:
    """The courses ``user`` is enrolled in (and has not left), latest enrolment first,
    each with ``enrolment_id``, ``completed_at``, ``units_required`` and ``units_done``."""
    if user is None or not user.is_authenticated:
        return Course.objects.none()
    mine = Enrolment.objects.filter(course=OuterRef("pk"), user_id=user.pk, left_at__isnull=True)
    return (
        published_courses()
        .filter(Exists(mine))
        .annotate(
            units_required=Count("units", filter=Q(units__required=True), distinct=True),
        )
        .annotate(
            enrolment_id=mine.values("pk")[:1],
            enrolled_at=mine.values("enrolled_at")[:1],
            completed_at=mine.values("completed_at")[:1],
            units_done=_done_required(user),
        )
        .order_by("-enrolled_at", "-pk")
    )


def _done_required(user):
    """The required units ``user`` has done in the outer query's course. The subquery
    refers to the course itself: an OuterRef nested one subquery deeper would point at
    the completion, not the course (PostgreSQL then counts nothing)."""
    done = (
        UnitCompletion.objects.filter(
            enrolment__course=OuterRef("pk"),
            enrolment__user_id=user.pk,
            enrolment__left_at__isnull=True,
            unit__required=True,
        )
        .order_by()
        .values("enrolment__course")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(done, output_field=IntegerField()), 0)


# --- progress --------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """How far a learner is: required units done out of required units."""

    done: int
    required: int
    completed_at: object = None

    @property
    def percent(self) -> int:
        if self.required == 0:
            return 100 if self.completed_at else 0
        return min(100, round(100 * self.done / self.required))

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


def progress_from(done: int, required: int, completed_at=None) -> Progress:
    return Progress(done=min(done, required), required=required, completed_at=completed_at)


def progress(enrolment: Enrolment) -> Progress:
    """The learner's progress in their course (two queries)."""
    required = Unit.objects.filter(course_id=enrolment.course_id, required=True).count()
    done = UnitCompletion.objects.filter(enrolment=enrolment, unit__required=True).count()
    return progress_from(done, required, enrolment.completed_at)


def units_done(enrolment: Enrolment | None) -> set[int]:
    """The ids of the units the learner marked done (one query; none without enrolment)."""
    if enrolment is None:
        return set()
    return set(UnitCompletion.objects.filter(enrolment=enrolment).values_list("unit_id", flat=True))


def units_done_by_enrolment(enrolment_ids) -> dict[int, set[int]]:
    """The ids of the units done, by enrolment id (one query)."""
    done: dict[int, set[int]] = {}
    rows = UnitCompletion.objects.filter(enrolment_id__in=list(enrolment_ids)).values_list(
        "enrolment_id", "unit_id"
    )
    for enrolment_id, unit_id in rows:
        done.setdefault(enrolment_id, set()).add(unit_id)
    return done


def units_of(course: Course) -> QuerySet[Unit]:
    """The course's units in their order, without their text (an outline)."""
    return Unit.objects.filter(course=course).defer("body").order_by("position", "pk")


def learners(course: Course) -> QuerySet[Enrolment]:
    """The enrolments of learners still in ``course``, with the people, each annotated
    with ``units_done`` (required ones only); one query."""
    return (
        Enrolment.objects.filter(course=course, left_at__isnull=True)
        .select_related("user")
        .annotate(
            units_done=Count("completions", filter=Q(completions__unit__required=True)),
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


@dataclass(frozen=True)
class LearnerProgress:
    enrolment: Enrolment
    progress: Progress


def required_units(course: Course) -> int:
    return Unit.objects.filter(course=course, required=True).count()


def course_progress(course: Course) -> list[LearnerProgress]:
    """Every learner's progress, for the course's team (two queries)."""
    required = required_units(course)
    return [
        LearnerProgress(
            enrolment=enrolment,
            progress=progress_from(enrolment.units_done, required, enrolment.completed_at),
        )
        for enrolment in learners(course)
    ]


def completed_enrolments(course: Course) -> int:
    """How many learners still in the course completed it."""
    return Enrolment.objects.filter(
        course=course, completed_at__isnull=False, left_at__isnull=True
    ).count()
