"""Every change to an online course (DOMAIN.md §6, issue 11 item 3): the course and its
units and files, enrolment, and the learner's "mark as done".

Each function takes the acting user as ``actor``, checks the policy (who, and when),
runs in one transaction, writes an audit entry, notifies, and emits its events after
commit. It raises ``PermissionDenied`` (the role, the window) or ``ValidationError``
(bad input, a rule), each with the message the person sees; on either, nothing changes.

Completion: an enrolment is completed the first time every required unit of its course
is done. ``completed_at`` is set by a conditional update, so ``CourseCompleted`` goes out
once per enrolment, whoever gets there first. A completion is never taken back: a
required unit added later, a unit marked not done again, leaving and coming back all
keep it.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, input_checks
from core.event_delivery import emit
from core.events import CourseCompleted
from core.models import Country, Language, User
from core.staff import countries_served_by, is_css_staff
from plugins.mooc.courses import notifications, queries
from plugins.mooc.courses.policy import Action, Role, access_for, creation_refusal
from plugins.mooc.models.courses import Course, Enrolment, Unit, UnitCompletion, UnitFile

# Audit actions, one per change, next to their services.
COURSE_CREATED = "mooc.course_created"
COURSE_UPDATED = "mooc.course_updated"
COURSE_PUBLISHED = "mooc.course_published"
UNIT_ADDED = "mooc.course_unit_added"
UNIT_UPDATED = "mooc.course_unit_updated"
UNIT_MOVED = "mooc.course_unit_moved"
UNIT_DELETED = "mooc.course_unit_deleted"
UNIT_FILE_ADDED = "mooc.course_unit_file_added"
UNIT_FILE_DELETED = "mooc.course_unit_file_deleted"
ENROLLED = "mooc.course_enrolled"
LEFT = "mooc.course_left"
UNIT_MARKED_DONE = "mooc.course_unit_marked_done"
UNIT_UNMARKED = "mooc.course_unit_unmarked"
COURSE_COMPLETED = "mooc.course_completed"

MAX_TITLE_LENGTH = 200
MAX_SUMMARY_LENGTH = 500
MAX_DESCRIPTION_LENGTH = 20_000
MAX_UNIT_TEXT_LENGTH = 50_000
UNIT_FILE_EXTENSIONS = frozenset(
    {
        "pdf", "doc", "docx", "odt", "rtf", "txt", "csv", "ppt", "pptx", "odp",
        "xls", "xlsx", "ods", "png", "jpg", "jpeg", "gif", "webp", "mp3", "mp4", "zip",
    }
)  # fmt: skip
COURSE_FIELDS = (
    "title",
    "summary",
    "description",
    "language",
    "country",
    "team",
    "pacing",
    "enrolment_opens_at",
    "enrolment_closes_at",
    "starts_at",
    "ends_at",
)
UNIT_FIELDS = ("title", "body", "video_url", "required", "opens_at")
UP, DOWN = "up", "down"


# --- checks ----------------------------------------------------------------------------


def _optional_moment(value, field: str) -> datetime | None:
    return None if value in (None, "") else input_checks.moment(value, field)


def _check_country(actor: User, country: Country | None, *, creating: bool) -> Country | None:
    """The organising country ``actor`` may give: NSS staff their own countries; the CSS
    any, or none for a European course."""
    if country is not None and not isinstance(country, Country):
        raise ValidationError({"country": _("Please choose a country from the list.")})
    if actor.is_superuser or is_css_staff(actor):
        return country
    served = countries_served_by(actor) or []
    if country is None and creating and len(served) == 1:
        return Country.objects.get(pk=served[0])
    if country is None or country.pk not in served:
        raise ValidationError(
            {"country": _("You can organise courses for the countries you serve only.")}
        )
    return country


def _check_team(people) -> list[User]:
    team = list(dict.fromkeys(people or ()))
    for person in team:
        if not isinstance(person, User) or not person.is_active or person.is_pupil:
            raise ValidationError(
                {"team": _("The course's team are active teachers or staff: pupils cannot run it.")}
            )
    return team


def _check_dates(values: dict) -> None:
    opens, closes = values["enrolment_opens_at"], values["enrolment_closes_at"]
    if closes is not None and closes <= opens:
        raise ValidationError({"enrolment_closes_at": _("Enrolment must close after it opens.")})
    if values["pacing"] == Course.Pacing.COHORT:
        starts, ends = values["starts_at"], values["ends_at"]
        if starts is None or ends is None:
            raise ValidationError(
                {"starts_at": _("A course with cohort dates needs its start and its end.")}
            )
        if ends <= starts:
            raise ValidationError({"ends_at": _("The course must end after it starts.")})
        if closes is not None and closes > ends:
            raise ValidationError(
                {"enrolment_closes_at": _("Enrolment must close by the end of the course.")}
            )


def _checked_course(actor: User, values: dict, *, course: Course | None) -> dict:
    unknown = set(values) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown course fields: {', '.join(sorted(unknown))}")
    checked: dict = {}
    if "title" in values:
        checked["title"] = input_checks.text(
            values["title"],
            field="title",
            limit=MAX_TITLE_LENGTH,
            required=_("Please give the course a title."),
        )
    if "summary" in values:
        checked["summary"] = input_checks.text(
            values["summary"],
            field="summary",
            limit=MAX_SUMMARY_LENGTH,
            required=_("Please sum the course up in a sentence."),
        )
    if "description" in values:
        checked["description"] = input_checks.rich_text(
            values["description"],
            field="description",
            required=_("Please describe the course."),
            limit=MAX_DESCRIPTION_LENGTH,
        )
    if "language" in values:
        if not isinstance(values["language"], Language):
            raise ValidationError({"language": _("Please choose the course's language.")})
        checked["language"] = values["language"]
    if "country" in values:
        checked["country"] = _check_country(actor, values["country"], creating=course is None)
    if "team" in values:
        checked["team"] = _check_team(values["team"])
    if "pacing" in values:
        if values["pacing"] not in Course.Pacing.values:
            raise ValidationError({"pacing": _("Please choose self-paced or cohort dates.")})
        checked["pacing"] = values["pacing"]
    if "enrolment_opens_at" in values:
        checked["enrolment_opens_at"] = input_checks.moment(
            values["enrolment_opens_at"], "enrolment_opens_at"
        )
    for field in ("enrolment_closes_at", "starts_at", "ends_at"):
        if field in values:
            checked[field] = _optional_moment(values[field], field)
    return checked


def _check_video(value) -> str:
    url = input_checks.web_link(value, field="video_url", required=None)
    if url and queries.video_of(url) is None:
        raise ValidationError(
            {
                "video_url": _(
                    "Please give the https:// address of a video on YouTube or Vimeo: "
                    "videos of other sites cannot be shown."
                )
            }
        )
    return url


def _checked_unit(values: dict) -> dict:
    unknown = set(values) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown unit fields: {', '.join(sorted(unknown))}")
    checked: dict = {}
    if "title" in values:
        checked["title"] = input_checks.text(
            values["title"],
            field="title",
            limit=MAX_TITLE_LENGTH,
            required=_("Please give the unit a title."),
        )
    if "body" in values:
        checked["body"] = input_checks.rich_text(
            values["body"], field="body", required=None, limit=MAX_UNIT_TEXT_LENGTH
        )
    if "video_url" in values:
        checked["video_url"] = _check_video(values["video_url"])
    if "required" in values:
        checked["required"] = bool(values["required"])
    if "opens_at" in values:
        checked["opens_at"] = _optional_moment(values["opens_at"], "opens_at")
    return checked


def _manage(actor: User, course: Course):
    access = access_for(actor, course)
    access.require(Action.MANAGE)
    return access


# --- the course ------------------------------------------------------------------------


def create_course(
    *,
    actor: User,
    title: str,
    summary: str,
    description: str,
    language: Language,
    enrolment_opens_at: datetime,
    pacing: str = Course.Pacing.SELF_PACED,
    enrolment_closes_at: datetime | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    country: Country | None = None,
    team=(),
) -> Course:
    """Create a draft course (NSS staff for their country, the CSS for any or Europe)."""
    reason = creation_refusal(actor)
    if reason:
        raise PermissionDenied(reason)
    values = _checked_course(
        actor,
        {
            "title": title,
            "summary": summary,
            "description": description,
            "language": language,
            "country": country,
            "team": team,
            "pacing": pacing,
            "enrolment_opens_at": enrolment_opens_at,
            "enrolment_closes_at": enrolment_closes_at,
            "starts_at": starts_at,
            "ends_at": ends_at,
        },
        course=None,
    )
    _check_dates(values)
    people = values.pop("team")
    with transaction.atomic():
        course = Course.objects.create(created_by=actor, **values)
        course.team.set(people)
        audit.record(COURSE_CREATED, actor=actor, target=course, title=course.title)
    return course


def update_course(*, actor: User, course: Course, **fields) -> Course:
    """Change the course's fields; the country only by its organisers."""
    access = _manage(actor, course)
    values = _checked_course(actor, fields, course=course)
    if access.role is not Role.ORGANISER:
        if "country" in values and (
            (values["country"].pk if values["country"] else None) != course.country_id
        ):
            raise PermissionDenied(_("Only the course's organisers can change its country."))
        if "team" in values and {person.pk for person in values["team"]} != set(
            course.team.values_list("pk", flat=True)
        ):
            raise PermissionDenied(_("Only the course's organisers can change its team."))
    dates = {field: values.get(field, getattr(course, field)) for field in COURSE_FIELDS[6:]}
    _check_dates(dates)
    people = values.pop("team", None)
    with transaction.atomic():
        for field, value in values.items():
            setattr(course, field, value)
        course.updated_at = timezone.now()
        course.save()
        if people is not None:
            course.team.set(people)
        audit.record(
            COURSE_UPDATED,
            actor=actor,
            target=course,
            fields=sorted([*values, *(["team"] if people is not None else [])]),
        )
    return course


def publish_course(*, actor: User, course: Course) -> Course:
    """Announce the course: it appears in the listings and teachers may enrol once its
    enrolment opens. It needs at least one required unit (or nobody could complete it)."""
    access_for(actor, course).require(Action.PUBLISH)
    if course.published_at is not None:
        raise ValidationError(_("This course is already published."))
    if not Unit.objects.filter(course=course, required=True).exists():
        raise ValidationError(_("Add at least one required unit before publishing the course."))
    now = timezone.now()
    with transaction.atomic():
        if not Course.objects.filter(pk=course.pk, published_at__isnull=True).update(
            published_at=now
        ):
            raise ValidationError(_("This course is already published."))
        course.published_at = now
        audit.record(COURSE_PUBLISHED, actor=actor, target=course)
    return course


# --- units and their files -------------------------------------------------------------


def add_unit(
    *,
    actor: User,
    course: Course,
    title: str,
    body: str = "",
    video_url: str = "",
    required: bool = True,
    opens_at: datetime | None = None,
) -> Unit:
    """Add a unit at the end of the course.

    A required unit added to a course some learners completed does not take their
    completion back; the others need it too.
    """
    _manage(actor, course)
    values = _checked_unit(
        {
            "title": title,
            "body": body,
            "video_url": video_url,
            "required": required,
            "opens_at": opens_at,
        }
    )
    with transaction.atomic():
        last = Unit.objects.filter(course=course).aggregate(last=Max("position"))["last"]
        unit = Unit.objects.create(course=course, position=(last or 0) + 1, **values)
        audit.record(UNIT_ADDED, actor=actor, target=unit, course_id=course.pk, title=unit.title)
    return unit


def update_unit(*, actor: User, unit: Unit, **fields) -> Unit:
    """Change a unit; a unit made optional may complete learners who did every other."""
    course = unit.course
    _manage(actor, course)
    values = _checked_unit(fields)
    with transaction.atomic():
        for field, value in values.items():
            setattr(unit, field, value)
        unit.updated_at = timezone.now()
        unit.save()
        audit.record(UNIT_UPDATED, actor=actor, target=unit, fields=sorted(values))
        if values.get("required") is False:
            _complete_finished(course)
    return unit


def move_unit(*, actor: User, unit: Unit, direction: str) -> Unit:
    """Swap the unit with its neighbour above (``"up"``) or below (``"down"``)."""
    _manage(actor, unit.course)
    if direction not in (UP, DOWN):
        raise ValidationError(_("A unit moves up or down."))
    with transaction.atomic():
        units = list(Unit.objects.filter(course_id=unit.course_id).order_by("position", "pk"))
        index = next(i for i, other in enumerate(units) if other.pk == unit.pk)
        target = index - 1 if direction == UP else index + 1
        if not 0 <= target < len(units):
            raise ValidationError(
                _("This unit is already the first.")
                if direction == UP
                else _("This unit is already the last.")
            )
        units[index], units[target] = units[target], units[index]
        # Renumber all: positions may have repeated, and the order is then the one shown.
        for position, other in enumerate(units, start=1):
            if other.position != position:
                Unit.objects.filter(pk=other.pk).update(position=position)
            other.position = position
        unit.position = target + 1
        audit.record(UNIT_MOVED, actor=actor, target=unit, direction=direction)
    return unit


def delete_unit(*, actor: User, unit: Unit) -> None:
    """Delete a unit, its files and the marks learners gave it; learners who had done
    every other required unit complete the course now."""
    course = unit.course
    _manage(actor, course)
    files = [unit_file.file for unit_file in unit.files.all()]
    with transaction.atomic():
        audit.record(UNIT_DELETED, actor=actor, target=unit, course_id=course.pk, title=unit.title)
        unit.delete()
        _complete_finished(course)
        transaction.on_commit(lambda: [file.delete(save=False) for file in files])


def add_unit_file(*, actor: User, unit: Unit, file: UploadedFile, title: str = "") -> UnitFile:
    """Attach a file to a unit: private, for the course's learners and team only."""
    _manage(actor, unit.course)
    if not isinstance(file, UploadedFile):
        raise ValidationError({"file": _("Please choose a file.")})
    input_checks.upload(file, field="file", extensions=UNIT_FILE_EXTENSIONS)
    name = input_checks.file_name(file)
    title = input_checks.text(title, field="title", limit=MAX_TITLE_LENGTH, required=None) or name
    with transaction.atomic():
        unit_file = UnitFile(
            unit=unit,
            title=title,
            size=file.size,
            content_type=(getattr(file, "content_type", "") or "")[:100],
            added_by=actor,
        )
        unit_file.file.save(name, file, save=False)
        stored = unit_file.file
        # A failed transaction must not leave the stored file behind.
        try:
            unit_file.save()
            audit.record(UNIT_FILE_ADDED, actor=actor, target=unit_file, unit_id=unit.pk)
        except Exception:
            stored.delete(save=False)
            raise
    return unit_file


def delete_unit_file(*, actor: User, unit_file: UnitFile) -> None:
    """Remove a unit's file (and the stored file, once committed)."""
    _manage(actor, unit_file.unit.course)
    stored = unit_file.file
    with transaction.atomic():
        audit.record(UNIT_FILE_DELETED, actor=actor, target=unit_file, unit_id=unit_file.unit_id)
        unit_file.delete()
        transaction.on_commit(lambda: stored.delete(save=False))


# --- learners --------------------------------------------------------------------------


def enrol(*, actor: User, course: Course) -> Enrolment:
    """Enrol ``actor`` while the enrolment window is open. Coming back after leaving
    picks up the same enrolment, with the units already done (and a completion, if any)."""
    access = access_for(actor, course)
    access.require(Action.ENROL)
    now = timezone.now()
    with transaction.atomic():
        if access.enrolment is not None:
            # Conditional: two clicks re-enrol once.
            if not Enrolment.objects.filter(pk=access.enrolment.pk, left_at__isnull=False).update(
                left_at=None
            ):
                raise ValidationError(_("You are already enrolled in this course."))
            enrolment = Enrolment.objects.get(pk=access.enrolment.pk)
        else:
            try:
                with transaction.atomic():
                    enrolment = Enrolment.objects.create(course=course, user=actor, enrolled_at=now)
            except IntegrityError:
                raise ValidationError(_("You are already enrolled in this course.")) from None
        audit.record(ENROLLED, actor=actor, target=enrolment, course_id=course.pk)
        notifications.notify_enrolled(course, actor)
    return enrolment


def leave_course(*, actor: User, course: Course) -> Enrolment:
    """Leave the course; the units done stay, should the learner come back."""
    access = access_for(actor, course)
    access.require(Action.LEAVE)
    with transaction.atomic():
        if not Enrolment.objects.filter(pk=access.enrolment.pk, left_at__isnull=True).update(
            left_at=timezone.now()
        ):
            raise ValidationError(_("You are not enrolled in this course."))
        audit.record(LEFT, actor=actor, target=access.enrolment, course_id=course.pk)
    return Enrolment.objects.get(pk=access.enrolment.pk)


def _complete(enrolment: Enrolment, course: Course, user: User, now: datetime) -> bool:
    """Complete ``enrolment`` once: the conditional update picks the one caller that
    emits ``CourseCompleted`` and notifies."""
    if not Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
        completed_at=now
    ):
        return False
    enrolment.completed_at = now
    audit.record(COURSE_COMPLETED, actor=None, target=enrolment, course_id=course.pk)
    emit(
        CourseCompleted(
            course_id=course.pk,
            user_id=user.pk,
            title=course.title,
            organiser_country_code=course.country.code if course.country_id else "",
        )
    )
    notifications.notify_completed(course, user)
    return True


def _complete_if_done(enrolment: Enrolment, course: Course, user: User) -> bool:
    if enrolment.completed_at is not None:
        return False
    result = queries.progress(enrolment)
    if result.required and result.done >= result.required:
        return _complete(enrolment, course, user, timezone.now())
    return False


def _complete_finished(course: Course) -> None:
    """Complete every enrolment of ``course`` whose required units are now all done
    (after a unit was deleted or made optional)."""
    required = Unit.objects.filter(course=course, required=True).count()
    if not required:
        return
    finished = (
        Enrolment.objects.filter(course=course, completed_at__isnull=True, left_at__isnull=True)
        .annotate(done=Count("completions", filter=Q(completions__unit__required=True)))
        .filter(done__gte=required)
        .select_related("user")
    )
    now = timezone.now()
    for enrolment in finished:
        _complete(enrolment, course, enrolment.user, now)


def mark_unit_done(*, actor: User, unit: Unit) -> UnitCompletion:
    """Mark a unit done (once; again changes nothing); completes the course when it
    was the last required unit not done."""
    course = unit.course
    access = access_for(actor, course)
    access.require(Action.MARK_DONE, unit)
    enrolment = access.enrolment
    with transaction.atomic():
        completion, created = UnitCompletion.objects.get_or_create(enrolment=enrolment, unit=unit)
        if created:
            audit.record(UNIT_MARKED_DONE, actor=actor, target=unit, course_id=course.pk)
            _complete_if_done(enrolment, course, actor)
    return completion


def unmark_unit_done(*, actor: User, unit: Unit) -> None:
    """Mark a unit not done again; a completed course stays completed."""
    course = unit.course
    access = access_for(actor, course)
    access.require(Action.MARK_DONE, unit)
    with transaction.atomic():
        deleted, _rows = UnitCompletion.objects.filter(
            enrolment=access.enrolment, unit=unit
        ).delete()
        if not deleted:
            raise ValidationError(_("This unit is not marked done."))
        audit.record(UNIT_UNMARKED, actor=actor, target=unit, course_id=course.pk)
