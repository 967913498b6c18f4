"""Who may do what in an online course, and when (DOMAIN.md §6, issue 11 item 3).

Two tables, both data: :data:`RIGHTS` says which roles may do an action at all,
:data:`WINDOWS` when a learner may do it (by the course's pacing; an action absent from
it: at any time). The course's runners (its team and organisers) are never held to the
windows: they prepare units before a cohort starts. Views, API endpoints and services ask
:class:`CourseAccess` (built once per request by :func:`access_for`); its
:meth:`~CourseAccess.refusal` gives the one reason a person sees when something is not
allowed. A test walks every cell of both tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import format_when
from core.models import User
from core.staff import countries_served_by, is_css_staff, serves_country, staff_roles_held
from plugins.mooc.models.courses import Course, Enrolment, Unit

Pacing = Course.Pacing


class Role(StrEnum):
    """A person's standing towards one course: the first that applies, in this order."""

    ORGANISER = "organiser"  # NSS staff of course.country; CSS staff and superusers: all
    TEAM = "team"  # in course.team
    LEARNER = "learner"  # enrolled and not left
    TEACHER = "teacher"  # a validated teacher, not (or no longer) enrolled
    OTHER = "other"  # unvalidated teacher, pupil, anonymous visitor, anyone else


class Action(StrEnum):
    """Everything a person may try in a course."""

    VIEW = "view"  # the published course page
    ENROL = "enrol"
    LEAVE = "leave"
    STUDY = "study"  # open units' content and files
    MARK_DONE = "mark_done"  # mark a unit done, or not done again
    SEE_PROGRESS = "see_progress"  # every learner's progress
    MANAGE = "manage"  # edit the course and its units
    PUBLISH = "publish"


RUNNERS = frozenset({Role.ORGANISER, Role.TEAM})

# Who.
RIGHTS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset(Role),
    Action.ENROL: frozenset({Role.TEACHER}),
    Action.LEAVE: frozenset({Role.LEARNER}),
    Action.STUDY: frozenset({Role.LEARNER, *RUNNERS}),
    Action.MARK_DONE: frozenset({Role.LEARNER}),
    Action.SEE_PROGRESS: RUNNERS,
    Action.MANAGE: RUNNERS,
    # Announcing a course commits the NSS (or the CSS): its team prepares it.
    Action.PUBLISH: frozenset({Role.ORGANISER}),
}


@dataclass(frozen=True)
class Window:
    """From the course's ``opens`` field (inclusive) until its ``closes`` field
    (exclusive); ``None``: no limit on that side, and neither does an empty field."""

    opens: str | None = None
    closes: str | None = None


# When, for learners, by pacing. A self-paced course is open at any time after
# enrolment; a cohort course between its dates (each unit also from its own ``opens_at``).
WINDOWS: dict[Action, dict[str, Window]] = {
    Action.ENROL: {
        Pacing.SELF_PACED: Window("enrolment_opens_at", "enrolment_closes_at"),
        Pacing.COHORT: Window("enrolment_opens_at", "enrolment_closes_at"),
    },
    Action.STUDY: {Pacing.SELF_PACED: Window(), Pacing.COHORT: Window("starts_at")},
    Action.MARK_DONE: {
        Pacing.SELF_PACED: Window(),
        Pacing.COHORT: Window("starts_at", "ends_at"),
    },
}


def role_can(role: Role, action: Action) -> bool:
    """Whether ``role`` holds ``action`` at all, per :data:`RIGHTS`."""
    return role in RIGHTS[action]


def window_of(course: Course, action: Action) -> tuple[datetime | None, datetime | None]:
    """The moments between which a learner may do ``action`` in ``course``."""
    window = WINDOWS.get(action, {}).get(course.pacing, Window())
    opens = getattr(course, window.opens) if window.opens else None
    closes = getattr(course, window.closes) if window.closes else None
    return opens, closes


def unit_opens_at(course: Course, unit: Unit) -> datetime | None:
    """When ``unit`` opens to learners: a cohort course's units may open on a date of
    their own (never before the course starts); a self-paced course's units are open."""
    if course.pacing != Pacing.COHORT:
        return None
    moments = [moment for moment in (course.starts_at, unit.opens_at) if moment is not None]
    return max(moments) if moments else None


def _role_refusal(role: Role, action: Action) -> str:
    if action is Action.ENROL:
        return {
            Role.LEARNER: _("You are already enrolled in this course."),
            Role.TEAM: _("The course's team runs it: they do not enrol in it."),
            Role.ORGANISER: _("Organisers run the course: they do not enrol in it."),
        }.get(role, _("Only validated teachers can enrol in online courses."))
    if action is Action.LEAVE:
        return _("You are not enrolled in this course.")
    if action is Action.STUDY:
        return _("The units are open to the course's learners: enrol to study them.")
    if action is Action.MARK_DONE:
        return _("Only the course's learners mark units done.")
    if action is Action.PUBLISH:
        return _("Only the course's organisers can publish it.")
    return _("Only the course's team and organisers can do this.")


def _window_refusal(action: Action, opens: datetime | None, closes: datetime | None) -> str:
    now = timezone.now()
    if action is Action.ENROL:
        if opens is not None and now < opens:
            return _("Enrolment opens on %(date)s.") % {"date": format_when(opens)}
        return _("Enrolment closed on %(date)s.") % {"date": format_when(closes)}
    if action is Action.STUDY:
        return _("This opens on %(date)s.") % {"date": format_when(opens)}
    if opens is not None and now < opens:
        return _("Units can be marked done once the course starts on %(date)s.") % {
            "date": format_when(opens)
        }
    return _("The course ended on %(date)s: units can no longer be marked.") % {
        "date": format_when(closes)
    }


def _outside(opens: datetime | None, closes: datetime | None) -> bool:
    now = timezone.now()
    return (opens is not None and now < opens) or (closes is not None and now >= closes)


@dataclass(frozen=True)
class CourseAccess:
    """One person's standing in one course, resolved once per request."""

    course: Course
    user: User | None
    role: Role
    enrolment: Enrolment | None = None  # the person's enrolment, also when they left

    def refusal(self, action: Action, unit: Unit | None = None) -> str | None:
        """Why this person may not do ``action`` now (translated), or ``None`` if allowed.

        ``unit`` names the unit studied or marked: in a cohort course it may open later
        than the course.
        """
        action = Action(action)
        course = self.course
        if course.published_at is None and self.role not in RUNNERS:
            return _("This course is not published yet.")
        if not role_can(self.role, action):
            return _role_refusal(self.role, action)
        if self.role in RUNNERS:
            return None
        opens, closes = window_of(course, action)
        if _outside(opens, closes):
            return _window_refusal(action, opens, closes)
        if unit is not None and action in (Action.STUDY, Action.MARK_DONE):
            unit_opens = unit_opens_at(course, unit)
            if unit_opens is not None and timezone.now() < unit_opens:
                return _("This unit opens on %(date)s.") % {"date": format_when(unit_opens)}
        return None

    def can(self, action: Action, unit: Unit | None = None) -> bool:
        """Whether this person may do ``action`` now."""
        return self.refusal(action, unit) is None

    def require(self, action: Action, unit: Unit | None = None) -> None:
        """Raise ``PermissionDenied`` with the reason, unless ``action`` is allowed."""
        reason = self.refusal(action, unit)
        if reason is not None:
            raise PermissionDenied(reason)

    @property
    def is_runner(self) -> bool:
        """A member of the course's team or one of its organisers."""
        return self.role in RUNNERS

    @property
    def is_learner(self) -> bool:
        return self.role is Role.LEARNER


def is_organiser(user, course: Course) -> bool:
    """NSS staff of the course's country, CSS staff, or a superuser (European courses,
    without a country, are the CSS's)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or is_css_staff(user):
        return True
    return course.country_id is not None and serves_country(user, course.country_id)


def access_for(user, course: Course) -> CourseAccess:
    """Resolve ``user``'s standing in ``course`` (two queries; none for visitors)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return CourseAccess(course=course, user=None, role=Role.OTHER)
    # One query answers both "in the team?" and "which enrolment?".
    enrolments = Enrolment.objects.filter(course_id=course.pk, user_id=OuterRef("pk"))
    fields = ("id", "enrolled_at", "left_at", "completed_at")
    row = (
        User.objects.filter(pk=user.pk)
        .values(
            in_team=Exists(
                Course.team.through.objects.filter(course_id=course.pk, user_id=OuterRef("pk"))
            ),
            **{f"enrolment_{field}": Subquery(enrolments.values(field)[:1]) for field in fields},
        )
        .first()
    )
    enrolment = None
    if row and row["enrolment_id"] is not None:
        enrolment = Enrolment(
            id=row["enrolment_id"],
            course=course,
            user=user,
            enrolled_at=row["enrolment_enrolled_at"],
            left_at=row["enrolment_left_at"],
            completed_at=row["enrolment_completed_at"],
        )
        enrolment._state.adding = False
    staff_roles_held(user)  # one query, remembered on the user for the staff questions
    if is_organiser(user, course):
        role = Role.ORGANISER
    elif row and row["in_team"]:
        role = Role.TEAM
    elif enrolment is not None and enrolment.left_at is None:
        role = Role.LEARNER
    elif user.is_validated_teacher:
        role = Role.TEACHER
    else:
        role = Role.OTHER
    return CourseAccess(course=course, user=user, role=role, enrolment=enrolment)


def creation_refusal(user) -> str | None:
    """Why ``user`` may not create courses (NSS and CSS staff may), or ``None``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _("Please log in to create an online course.")
    if user.is_superuser or is_css_staff(user) or countries_served_by(user):
        return None
    return _(
        "Only the staff of the National and Central Support Services can create online courses."
    )


def manageable_courses(user) -> QuerySet[Course]:
    """The courses ``user`` runs: in its team, or as organiser (NSS of the course's
    country; CSS staff and superusers: all)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Course.objects.none()
    if user.is_superuser or is_css_staff(user):
        return Course.objects.all()
    countries = countries_served_by(user) or []
    in_team = Course.team.through.objects.filter(course_id=OuterRef("pk"), user_id=user.pk)
    return Course.objects.filter(Q(Exists(in_team)) | Q(country__in=countries))
