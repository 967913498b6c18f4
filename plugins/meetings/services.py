"""Every change to a teaching meeting (DOMAIN.md §5): its lifecycle, registration,
content, discussions, reflection, completion and survey.

Each function takes the acting user as ``actor``, checks the policy (who, and in which
phase), runs in one transaction, writes an audit entry, notifies, and emits its events
after commit. It raises ``PermissionDenied`` (the role) or ``ValidationError`` (bad
input, a rule), each with the message the person sees; on either, nothing changes.

Phases switch at their times (:func:`advance_meetings`, the scheduled task) or by hand
(:func:`switch_phase`). Each service first brings its meeting up to its due phase, so a
rule holds from the second its phase ends even when the task has not run yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import pairwise

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, input_checks, seats
from core.event_delivery import emit
from core.events import MeetingCompleted
from core.models import Country, Language, Level, SeatClaim, SeatOffer, User
from core.staff import countries_served_by, is_css_staff, is_trainer
from plugins.meetings import notifications, queries
from plugins.meetings.models import (
    MAX_CAPACITY,
    MAX_CONTRIBUTIONS_RULE,
    Activity,
    Completion,
    Material,
    Meeting,
    Post,
    ReflectionEntry,
    SurveyResponse,
    Thread,
)
from plugins.meetings.policy import Action, access_for, creation_refusal

State = Meeting.State

# Audit actions, one per change, next to their services.
MEETING_CREATED = "meetings.meeting_created"
MEETING_UPDATED = "meetings.meeting_updated"
MEETING_PUBLISHED = "meetings.meeting_published"
PHASE_SWITCHED = "meetings.phase_switched"  # by hand
PHASE_ADVANCED = "meetings.phase_advanced"  # at its time
COMPLETIONS_EVALUATED = "meetings.completions_evaluated"
REGISTERED = "meetings.registered"
REGISTRATION_CANCELLED = "meetings.registration_cancelled"
ACTIVITY_ADDED = "meetings.activity_added"
ACTIVITY_UPDATED = "meetings.activity_updated"
ACTIVITY_DELETED = "meetings.activity_deleted"
MATERIAL_ADDED = "meetings.material_added"
MATERIAL_DELETED = "meetings.material_deleted"
THREAD_STARTED = "meetings.thread_started"
POST_REPLIED = "meetings.post_replied"
POST_REMOVED = "meetings.post_removed"
REFLECTION_WRITTEN = "meetings.reflection_written"
REFLECTION_EDITED = "meetings.reflection_edited"
COMPLETION_MARKED = "meetings.completion_marked"
COMPLETION_UNMARKED = "meetings.completion_unmarked"
SURVEY_ANSWERED = "meetings.survey_answered"

MAX_TITLE_LENGTH = 200
MAX_MATERIAL_DESCRIPTION_LENGTH = 2000
MAX_COMMENT_LENGTH = 2000
MATERIAL_EXTENSIONS = frozenset(
    {
        "pdf", "doc", "docx", "odt", "rtf", "txt", "csv", "ppt", "pptx", "odp",
        "xls", "xlsx", "ods", "png", "jpg", "jpeg", "gif", "webp", "mp3", "mp4", "zip",
    }
)  # fmt: skip

# The dates of a meeting in their order; a pair marked True must differ.
TIME_FIELDS = (
    "registration_opens_at",
    "registration_closes_at",
    "active_starts_at",
    "reflection_starts_at",
    "closes_at",
)
_STRICTLY_AFTER = {
    "registration_closes_at": True,
    "active_starts_at": False,
    "reflection_starts_at": True,
    "closes_at": True,
}
# The date at which each phase starts.
PHASE_STARTS = {
    State.REGISTRATION_OPEN: "registration_opens_at",
    State.ACTIVE: "active_starts_at",
    State.REFLECTION: "reflection_starts_at",
    State.CLOSED: "closes_at",
}
# The dates fixed once a phase has been reached.
_FIXED_FROM = {
    "registration_opens_at": State.REGISTRATION_OPEN,
    "registration_closes_at": State.ACTIVE,
    "active_starts_at": State.ACTIVE,
    "reflection_starts_at": State.REFLECTION,
    "closes_at": State.CLOSED,
}
MEETING_FIELDS = (
    "title",
    "topic",
    "description",
    "language",
    "levels",
    "trainers",
    "country",
    "capacity",
    *TIME_FIELDS,
    "required_contributions",
    "requires_reflection",
)
# The dates ``create_meeting`` derives from the active phase's start when not given.
_DEFAULTED_TIMES = ("registration_closes_at", "reflection_starts_at", "closes_at")
_FORM_PRECISION = timedelta(minutes=1)
# Between two hand switches at the same instant, the earlier phase still lasts this long.
_SHORTEST_PHASE = timedelta(seconds=1)


# --- helpers ---------------------------------------------------------------------------


def _reached(meeting: Meeting, state: str) -> bool:
    return Meeting.ORDER.index(meeting.state) >= Meeting.ORDER.index(state)


def _next_state(state: str) -> str | None:
    position = Meeting.ORDER.index(state)
    return Meeting.ORDER[position + 1] if position + 1 < len(Meeting.ORDER) else None


def _check_order(times: dict[str, datetime]) -> None:
    for earlier, later in pairwise(TIME_FIELDS):
        if times[later] < times[earlier] or (
            _STRICTLY_AFTER[later] and times[later] == times[earlier]
        ):
            raise ValidationError(
                {
                    later: _(
                        "The dates must follow each other: registration opens, registration "
                        "closes, the active phase starts, the reflection phase starts, the "
                        "meeting closes."
                    )
                }
            )


def _check_country(actor: User, country: Country | None, *, creating: bool) -> Country | None:
    """The organising country ``actor`` may give: NSS staff their own countries."""
    if actor.is_superuser or is_css_staff(actor):
        return country
    served = countries_served_by(actor) or []
    if not served:
        return country  # a trainer names the organising NSS, or none
    if country is None and creating and len(served) == 1:
        return Country.objects.get(pk=served[0])
    if country is None or country.pk not in served:
        raise ValidationError(
            {"country": _("You can organise meetings for the countries you serve only.")}
        )
    return country


def _check_trainers(trainers: Iterable[User]) -> list[User]:
    people = list(dict.fromkeys(trainers))
    for person in people:
        if not person.is_active or not is_trainer(person):
            raise ValidationError(
                {
                    "trainers": _(
                        "%(name)s is not a trainer: only people with the trainer role run meetings."
                    )
                    % {"name": person.display_name()}
                }
            )
    return people


def _checked_fields(actor: User, values: dict, *, meeting: Meeting | None) -> dict:
    """The given meeting fields, checked; raises ``ValidationError`` on the first problem."""
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {', '.join(sorted(unknown))}")
    checked: dict = {}
    if "title" in values:
        checked["title"] = input_checks.text(
            values["title"],
            field="title",
            limit=MAX_TITLE_LENGTH,
            required=_("Please give the meeting a title."),
        )
    if "topic" in values:
        checked["topic"] = input_checks.text(
            values["topic"],
            field="topic",
            limit=MAX_TITLE_LENGTH,
            required=_("Please give the meeting's topic."),
        )
    if "description" in values:
        checked["description"] = input_checks.rich_text(
            values["description"],
            field="description",
            required=_("Please describe the meeting."),
        )
    if "language" in values:
        if not isinstance(values["language"], Language):
            raise ValidationError({"language": _("Please choose the meeting's language.")})
        checked["language"] = values["language"]
    if "levels" in values:
        levels = list(values["levels"] or ())
        if any(not isinstance(level, Level) for level in levels):
            raise ValidationError({"levels": _("Please choose levels from the list.")})
        checked["levels"] = levels
    if "trainers" in values:
        checked["trainers"] = _check_trainers(values["trainers"] or ())
    if "country" in values:
        country = values["country"]
        if country is not None and not isinstance(country, Country):
            raise ValidationError({"country": _("Please choose a country from the list.")})
        changes_country = meeting is not None and (
            (country.pk if country else None) != meeting.country_id
        )
        if changes_country and not (
            actor.is_superuser or is_css_staff(actor) or countries_served_by(actor)
        ):
            raise ValidationError(
                {"country": _("Only the organisers can change the organising country.")}
            )
        checked["country"] = _check_country(actor, country, creating=meeting is None)
    if "capacity" in values:
        checked["capacity"] = input_checks.whole_number(
            values["capacity"],
            field="capacity",
            low=1,
            high=MAX_CAPACITY,
            message=_("The number of seats must be a whole number from %(min)d to %(max)d."),
        )
    if "required_contributions" in values:
        checked["required_contributions"] = input_checks.whole_number(
            values["required_contributions"],
            field="required_contributions",
            low=0,
            high=MAX_CONTRIBUTIONS_RULE,
            message=_("The contributions required must be a whole number from %(min)d to %(max)d."),
        )
    if "requires_reflection" in values:
        checked["requires_reflection"] = bool(values["requires_reflection"])
    for field in TIME_FIELDS:
        if field in values:
            checked[field] = input_checks.moment(values[field], field)
    return checked


def _pull_start_forward(meeting: Meeting, phase: str, now: datetime) -> list[str]:
    """Make ``phase`` start ``now`` if it was due later, keeping the dates in order;
    return the names of the dates changed."""
    field = PHASE_STARTS[phase]
    if getattr(meeting, field) <= now:
        return []
    changed = [field]
    setattr(meeting, field, now)
    for position in range(TIME_FIELDS.index(field), 0, -1):
        later, earlier = TIME_FIELDS[position], TIME_FIELDS[position - 1]
        limit = getattr(meeting, later) - (
            _SHORTEST_PHASE if _STRICTLY_AFTER[later] else timedelta(0)
        )
        if getattr(meeting, earlier) > limit:
            setattr(meeting, earlier, limit)
            changed.append(earlier)
    return changed


def _offer(meeting: Meeting) -> SeatOffer:
    """The meeting's seat offer (opened now for a meeting created before it had one)."""
    if meeting.seat_offer_id is None:
        offer = seats.open_offer(meeting.seat_key, capacity=meeting.capacity)
        Meeting.objects.filter(pk=meeting.pk, seat_offer__isnull=True).update(seat_offer=offer)
        meeting.refresh_from_db(fields=["seat_offer"])
    return meeting.seat_offer


def _seated_users(meeting: Meeting) -> list[User]:
    return list(queries.participants(meeting))


def _trainers_of(meeting: Meeting) -> list[User]:
    return list(meeting.trainers.filter(is_active=True))


# --- phases ----------------------------------------------------------------------------


def _announce_completions(meeting: Meeting, now: datetime) -> int:
    """Emit ``MeetingCompleted`` (and notify) for each completion not announced yet."""
    pending = list(
        Completion.objects.filter(meeting=meeting, announced_at__isnull=True).select_related("user")
    )
    announced = []
    country_code = meeting.country.code if meeting.country_id else ""
    for completion in pending:
        # Conditional: a completion is announced once, whoever gets here first.
        if Completion.objects.filter(pk=completion.pk, announced_at__isnull=True).update(
            announced_at=now
        ):
            announced.append(completion.user)
            emit(
                MeetingCompleted(
                    meeting_id=meeting.pk,
                    user_id=completion.user_id,
                    title=meeting.title,
                    organiser_country_code=country_code,
                )
            )
    notifications.notify_completed(meeting, announced)
    return len(announced)


def _evaluate_completions(meeting: Meeting, now: datetime) -> None:
    """At the close, once: record who met the completion rule and announce every completion."""
    if not Meeting.objects.filter(pk=meeting.pk, completion_evaluated_at__isnull=True).update(
        completion_evaluated_at=now
    ):
        return
    meeting.completion_evaluated_at = now
    met = [
        Completion(meeting=meeting, user=row.user, reason=Completion.Reason.RULE, created_at=now)
        for row in queries.progress(meeting)
        if row.meets_rule and row.completion is None
    ]
    Completion.objects.bulk_create(met, ignore_conflicts=True)
    announced = _announce_completions(meeting, now)
    audit.record(
        COMPLETIONS_EVALUATED, actor=None, target=meeting, by_rule=len(met), announced=announced
    )


def _move(meeting: Meeting, to: str, now: datetime, *, actor: User | None) -> bool:
    """Move ``meeting`` forward to ``to`` (inside a transaction); False if someone else
    already moved it."""
    previous = meeting.state
    changed_dates = _pull_start_forward(meeting, to, now) if actor is not None else []
    updates = {"state": to, "state_changed_at": now, "updated_at": now}
    updates.update({field: getattr(meeting, field) for field in changed_dates})
    if to == State.REGISTRATION_OPEN and meeting.published_at is None:
        updates["published_at"] = now
    if not Meeting.objects.filter(pk=meeting.pk, state=previous).update(**updates):
        meeting.refresh_from_db()
        return False
    for field, value in updates.items():
        setattr(meeting, field, value)
    audit.record(
        PHASE_SWITCHED if actor is not None else PHASE_ADVANCED,
        actor=actor,
        target=meeting,
        **{"from": previous, "to": to, "dates_moved": changed_dates},
    )
    trainers = _trainers_of(meeting)
    if to == State.REGISTRATION_OPEN:
        notifications.notify_phase_opened(meeting, trainers, to)
    else:
        notifications.notify_phase_opened(meeting, [*_seated_users(meeting), *trainers], to)
    if to == State.CLOSED:
        _evaluate_completions(meeting, now)
    return True


def _advance(meeting: Meeting, now: datetime) -> bool:
    """Bring ``meeting`` to the phase its dates say (forward only); whether it moved."""
    due = meeting.state_due(now)
    if Meeting.ORDER.index(due) <= Meeting.ORDER.index(meeting.state):
        return False
    with transaction.atomic():
        return _move(meeting, due, now, actor=None)


def _caught_up(meeting: Meeting) -> Meeting:
    """``meeting`` as stored, in the phase due now (its own committed transaction, so a
    refusal that follows does not undo the switch)."""
    meeting.refresh_from_db()
    _advance(meeting, timezone.now())
    return meeting


def advance_meetings(*, now: datetime | None = None) -> int:
    """Switch every announced meeting whose next phase is due (the scheduled task's body).

    Idempotent, and it catches up after downtime: a meeting goes straight to the phase
    its dates say, and one that closed has its completions evaluated once. Returns how
    many meetings changed phase.
    """
    now = now or timezone.now()
    due = Meeting.objects.filter(published_at__isnull=False).filter(
        Q(state=State.DRAFT, registration_opens_at__lte=now)
        | Q(state=State.REGISTRATION_OPEN, active_starts_at__lte=now)
        | Q(state=State.ACTIVE, reflection_starts_at__lte=now)
        | Q(state=State.REFLECTION, closes_at__lte=now)
    )
    moved = 0
    for meeting in due.order_by("pk"):
        moved += _advance(meeting, now)
    # A close whose evaluation did not finish (it runs in the same transaction, so only
    # data from before this code) is evaluated now.
    for meeting in Meeting.objects.filter(state=State.CLOSED, completion_evaluated_at=None):
        with transaction.atomic():
            _evaluate_completions(meeting, now)
    return moved


# --- the lifecycle ---------------------------------------------------------------------


def create_meeting(
    *,
    actor: User,
    title: str,
    topic: str,
    description: str,
    language: Language,
    levels: Iterable[Level] = (),
    trainers: Iterable[User] = (),
    country: Country | None = None,
    capacity: int,
    registration_opens_at: datetime,
    registration_closes_at: datetime | None = None,
    active_starts_at: datetime,
    reflection_starts_at: datetime | None = None,
    closes_at: datetime | None = None,
    required_contributions: int = 1,
    requires_reflection: bool = True,
) -> Meeting:
    """Create a draft meeting with its seat offer; missing dates follow
    ``Meeting.default_times``. A trainer who creates a meeting is one of its trainers."""
    refusal = creation_refusal(actor)
    if refusal:
        raise PermissionDenied(refusal)
    active_starts_at = input_checks.moment(active_starts_at, "active_starts_at")
    defaults = Meeting.default_times(active_starts_at)
    values = _checked_fields(
        actor,
        {
            "title": title,
            "topic": topic,
            "description": description,
            "language": language,
            "levels": levels,
            "trainers": trainers,
            "country": country,
            "capacity": capacity,
            "registration_opens_at": registration_opens_at,
            "registration_closes_at": registration_closes_at or defaults["registration_closes_at"],
            "active_starts_at": active_starts_at,
            "reflection_starts_at": reflection_starts_at or defaults["reflection_starts_at"],
            "closes_at": closes_at
            or (reflection_starts_at or defaults["reflection_starts_at"])
            + (defaults["closes_at"] - defaults["reflection_starts_at"]),
            "required_contributions": required_contributions,
            "requires_reflection": requires_reflection,
        },
        meeting=None,
    )
    _check_order(values)
    levels_chosen = values.pop("levels")
    trainers_chosen = values.pop("trainers")
    if is_trainer(actor) and actor not in trainers_chosen:
        trainers_chosen.append(actor)
    now = timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.create(
            **values, state=State.DRAFT, created_by=actor, created_at=now, updated_at=now
        )
        meeting.levels.set(levels_chosen)
        meeting.trainers.set(trainers_chosen)
        meeting.seat_offer = seats.open_offer(meeting.seat_key, capacity=meeting.capacity)
        meeting.save(update_fields=["seat_offer"])
        audit.record(MEETING_CREATED, actor=actor, target=meeting, title=meeting.title)
    return meeting


def _with_default_times(fields: dict, meeting: Meeting) -> dict:
    """``None`` for a date that has a default (as in ``create_meeting``): the default
    around the (new or current) start of the active phase."""
    defaulted = [field for field in _DEFAULTED_TIMES if field in fields and fields[field] is None]
    if not defaulted:
        return fields
    active = fields.get("active_starts_at") or meeting.active_starts_at
    defaults = Meeting.default_times(input_checks.moment(active, "active_starts_at"))
    reflection = fields.get("reflection_starts_at") or defaults["reflection_starts_at"]
    defaults["closes_at"] = input_checks.moment(reflection, "reflection_starts_at") + (
        defaults["closes_at"] - defaults["reflection_starts_at"]
    )
    return {**fields, **{field: defaults[field] for field in defaulted}}


def update_meeting(*, actor: User, meeting: Meeting, **fields) -> Meeting:
    """Change some of a meeting's fields (those of :func:`create_meeting`). Dates of
    phases already reached stay; more seats promote the first in line (notified)."""
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.MANAGE)
    fields = _with_default_times(fields, meeting)
    values = _checked_fields(actor, fields, meeting=meeting)
    for field in TIME_FIELDS:
        if field in values and abs(values[field] - getattr(meeting, field)) < _FORM_PRECISION:
            # Forms give minutes: the same minute is the same date.
            values[field] = getattr(meeting, field)
        moved = field in values and values[field] != getattr(meeting, field)
        if moved and _reached(meeting, _FIXED_FROM[field]):
            raise ValidationError(
                {field: _("This date has passed with its phase: it can no longer change.")}
            )
    times = {field: values.get(field, getattr(meeting, field)) for field in TIME_FIELDS}
    _check_order(times)
    levels = values.pop("levels", None)
    trainers = values.pop("trainers", None)
    changed = sorted(field for field, value in values.items() if getattr(meeting, field) != value)
    if levels is not None:
        changed.append("levels")
    if trainers is not None:
        changed.append("trainers")
    now = timezone.now()
    with transaction.atomic():
        promoted: list[SeatClaim] = []
        if "capacity" in values and values["capacity"] != meeting.capacity:
            try:
                promoted = seats.set_capacity(_offer(meeting), values["capacity"])
            except seats.SeatError as error:
                raise ValidationError({"capacity": error.message}) from None
        for field, value in values.items():
            setattr(meeting, field, value)
        meeting.updated_at = now
        meeting.save()
        if levels is not None:
            meeting.levels.set(levels)
        if trainers is not None:
            meeting.trainers.set(trainers)
        audit.record(
            MEETING_UPDATED,
            actor=actor,
            target=meeting,
            fields=changed,
            promoted=[claim.user_id for claim in promoted],
        )
        for claim in promoted:
            notifications.notify_registered(meeting, claim.user, promoted=True)
    _advance(meeting, timezone.now())
    return meeting


def publish_meeting(*, actor: User, meeting: Meeting) -> Meeting:
    """Announce a draft: everyone sees it, and its phases then follow their dates."""
    meeting.refresh_from_db()
    access_for(actor, meeting).require(Action.MANAGE)
    now = timezone.now()
    if meeting.published_at is not None:
        raise ValidationError(_("This meeting is already announced."))
    if meeting.closes_at <= now:
        raise ValidationError(
            _("The dates of this meeting are over: change them before announcing it.")
        )
    with transaction.atomic():
        if not Meeting.objects.filter(pk=meeting.pk, published_at__isnull=True).update(
            published_at=now, updated_at=now
        ):
            raise ValidationError(_("This meeting is already announced."))
        meeting.published_at = now
        meeting.updated_at = now
        audit.record(MEETING_PUBLISHED, actor=actor, target=meeting)
    _advance(meeting, now)
    return meeting


def switch_phase(*, actor: User, meeting: Meeting, to: str) -> Meeting:
    """Move a meeting by hand to its next phase, now (forward only, one phase at a time).

    The new phase's start date becomes now if it was later, so that dates, calendars and
    the task agree with the switch. Opening registration announces a draft.
    """
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.MANAGE)
    following = _next_state(meeting.state)
    if following is None:
        raise ValidationError(_("This meeting is closed: its phases are over."))
    if to != following:
        raise ValidationError(
            _(
                "A meeting moves forward one phase at a time: from “%(current)s” it can only "
                "move to “%(next)s”."
            )
            % {"current": State(meeting.state).label, "next": State(following).label}
        )
    now = timezone.now()
    if to == State.REGISTRATION_OPEN and meeting.closes_at <= now:
        raise ValidationError(
            _("The dates of this meeting are over: change them before announcing it.")
        )
    with transaction.atomic():
        if not _move(meeting, to, now, actor=actor):
            raise ValidationError(_("The phase has just changed: please look again."))
    return meeting


# --- registration ----------------------------------------------------------------------


def register(*, actor: User, meeting: Meeting) -> SeatClaim:
    """Take a seat, or a place on the waiting list when all are taken (notified either way)."""
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.REGISTER)
    with transaction.atomic():
        try:
            claim = seats.take_seat(_offer(meeting), actor)
        except seats.SeatError as error:
            raise ValidationError(error.message) from None
        audit.record(REGISTERED, actor=actor, target=meeting, status=claim.status)
        if claim.status == SeatClaim.Status.SEATED:
            notifications.notify_registered(meeting, actor)
        else:
            notifications.notify_waiting(meeting, actor, position=seats.waiting_position(claim))
    return claim


def cancel_registration(*, actor: User, meeting: Meeting) -> None:
    """Give up one's seat or place in line; a freed seat goes to the first in line (notified)."""
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.CANCEL)
    with transaction.atomic():
        try:
            promoted = seats.cancel_claim(_offer(meeting), actor)
        except seats.SeatError as error:
            raise ValidationError(error.message) from None
        audit.record(
            REGISTRATION_CANCELLED,
            actor=actor,
            target=meeting,
            promoted=[claim.user_id for claim in promoted],
        )
        notifications.notify_cancelled(meeting, actor)
        for claim in promoted:
            notifications.notify_registered(meeting, claim.user, promoted=True)


# --- activities and materials ------------------------------------------------------------


def _activity_values(title: str, instructions: str) -> tuple[str, str]:
    return (
        input_checks.text(
            title,
            field="title",
            limit=MAX_TITLE_LENGTH,
            required=_("Please give the activity a title."),
        ),
        input_checks.rich_text(
            instructions,
            field="instructions",
            required=_("Please write the activity's instructions."),
        ),
    )


def add_activity(*, actor: User, meeting: Meeting, title: str, instructions: str) -> Activity:
    """Add an activity (a task with instructions) at the end of the meeting's list."""
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.MANAGE)
    title, instructions = _activity_values(title, instructions)
    with transaction.atomic():
        last = meeting.activities.order_by("-order").values_list("order", flat=True).first()
        activity = Activity.objects.create(
            meeting=meeting,
            title=title,
            instructions=instructions,
            order=(last or 0) + 1,
            created_by=actor,
        )
        audit.record(ACTIVITY_ADDED, actor=actor, target=activity, meeting=meeting.pk)
    return activity


def update_activity(*, actor: User, activity: Activity, title: str, instructions: str) -> Activity:
    """Change an activity's title and instructions."""
    meeting = _caught_up(activity.meeting)
    access_for(actor, meeting).require(Action.MANAGE)
    title, instructions = _activity_values(title, instructions)
    with transaction.atomic():
        activity.title, activity.instructions = title, instructions
        activity.save(update_fields=["title", "instructions"])
        audit.record(ACTIVITY_UPDATED, actor=actor, target=activity, meeting=meeting.pk)
    return activity


def delete_activity(*, actor: User, activity: Activity) -> None:
    """Delete an activity; its threads and reflection entries stay, without it."""
    meeting = _caught_up(activity.meeting)
    access_for(actor, meeting).require(Action.MANAGE)
    with transaction.atomic():
        audit.record(ACTIVITY_DELETED, actor=actor, target=activity, meeting=meeting.pk)
        activity.delete()


def add_material(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    description: str = "",
    file: UploadedFile | None = None,
    link: str = "",
) -> Material:
    """Share a file or a link with the participants (they read it at any time)."""
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.MANAGE)
    title = input_checks.text(
        title,
        field="title",
        limit=MAX_TITLE_LENGTH,
        required=_("Please give the material a title."),
    )
    description = input_checks.text(
        description, field="description", limit=MAX_MATERIAL_DESCRIPTION_LENGTH, required=None
    )
    link = (link or "").strip()
    if (file is None) == (not link):
        raise ValidationError(_("Give either a file or a link."))
    if link:
        link = input_checks.web_link(link, field="link", required=None)
    else:
        input_checks.upload(file, field="file", extensions=MATERIAL_EXTENSIONS)
    with transaction.atomic():
        last = meeting.materials.order_by("-order").values_list("order", flat=True).first()
        material = Material(
            meeting=meeting,
            title=title,
            description=description,
            link=link,
            order=(last or 0) + 1,
            added_by=actor,
        )
        if file is not None:
            material.size = file.size
            material.file.save(input_checks.file_name(file), file, save=False)
        material.save()
        audit.record(MATERIAL_ADDED, actor=actor, target=material, meeting=meeting.pk)
    return material


def delete_material(*, actor: User, material: Material) -> None:
    """Remove a material (its file too, once the change is saved)."""
    meeting = _caught_up(material.meeting)
    access_for(actor, meeting).require(Action.MANAGE)
    with transaction.atomic():
        audit.record(MATERIAL_DELETED, actor=actor, target=material, meeting=meeting.pk)
        stored = material.file.name
        storage = material.file.storage
        material.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


# --- discussions ------------------------------------------------------------------------


def _check_activity(meeting: Meeting, activity: Activity | None) -> None:
    if activity is not None and activity.meeting_id != meeting.pk:
        raise ValidationError({"activity": _("The activity must be one of this meeting's.")})


def _post_body(body: str) -> str:
    return input_checks.rich_text(body, field="body", required=_("Please write a message."))


def start_thread(
    *, actor: User, meeting: Meeting, title: str, body: str, activity: Activity | None = None
) -> Thread:
    """Open a discussion thread with its first post (the active phase only)."""
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.POST)
    title = input_checks.text(
        title, field="title", limit=MAX_TITLE_LENGTH, required=_("Please give the thread a title.")
    )
    body = _post_body(body)
    _check_activity(meeting, activity)
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            meeting=meeting,
            activity=activity,
            title=title,
            started_by=actor,
            created_at=now,
            post_count=1,
            last_post_at=now,
        )
        post = Post.objects.create(
            thread=thread, meeting=meeting, author=actor, body=body, created_at=now
        )
        audit.record(THREAD_STARTED, actor=actor, target=thread, meeting=meeting.pk, post=post.pk)
    return thread


def reply(*, actor: User, thread: Thread, body: str) -> Post:
    """Answer in a thread (the active phase only)."""
    meeting = _caught_up(thread.meeting)
    access_for(actor, meeting).require(Action.POST)
    body = _post_body(body)
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.create(
            thread=thread, meeting=meeting, author=actor, body=body, created_at=now
        )
        Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=now)
        thread.refresh_from_db(fields=["post_count", "last_post_at"])
        audit.record(POST_REPLIED, actor=actor, target=post, thread=thread.pk)
    return post


def remove_post(*, actor: User, post: Post) -> Post:
    """A trainer removes a post: it stays in place as "removed by a trainer"."""
    meeting = _caught_up(post.meeting)
    access_for(actor, meeting).require(Action.MODERATE)
    now = timezone.now()
    with transaction.atomic():
        if not Post.objects.filter(pk=post.pk, removed_at__isnull=True).update(
            removed_at=now, removed_by=actor
        ):
            raise ValidationError(_("This post is already removed."))
        post.removed_at, post.removed_by = now, actor
        audit.record(POST_REMOVED, actor=actor, target=post, thread=post.thread_id)
    return post


# --- the reflection journal -------------------------------------------------------------


def _reflection_body(body: str) -> str:
    return input_checks.rich_text(body, field="body", required=_("Please write your reflection."))


def write_reflection(
    *, actor: User, meeting: Meeting, body: str, activity: Activity | None = None
) -> ReflectionEntry:
    """Add an entry to one's reflection journal (the reflection phase only)."""
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.WRITE_REFLECTION)
    body = _reflection_body(body)
    _check_activity(meeting, activity)
    now = timezone.now()
    with transaction.atomic():
        entry = ReflectionEntry.objects.create(
            meeting=meeting,
            author=actor,
            activity=activity,
            body=body,
            created_at=now,
            updated_at=now,
        )
        audit.record(REFLECTION_WRITTEN, actor=actor, target=entry, meeting=meeting.pk)
    return entry


def edit_reflection(*, actor: User, entry: ReflectionEntry, body: str) -> ReflectionEntry:
    """Change one of one's own reflection entries (the reflection phase only)."""
    meeting = _caught_up(entry.meeting)
    access_for(actor, meeting).require(Action.WRITE_REFLECTION)
    if entry.author_id != actor.pk:
        raise PermissionDenied(_("You can only edit your own reflection entries."))
    body = _reflection_body(body)
    with transaction.atomic():
        entry.body, entry.updated_at = body, timezone.now()
        entry.save(update_fields=["body", "updated_at"])
        audit.record(REFLECTION_EDITED, actor=actor, target=entry, meeting=meeting.pk)
    return entry


# --- completion and survey ----------------------------------------------------------------


def _require_participant(meeting: Meeting, user: User) -> None:
    claim = seats.claim_of(_offer(meeting), user)
    if claim is None or claim.status != SeatClaim.Status.SEATED:
        raise ValidationError(
            _("%(name)s is not a participant of this meeting.") % {"name": user.display_name()}
        )


def mark_completed(*, actor: User, meeting: Meeting, user: User) -> Completion:
    """A trainer records that ``user`` completed the meeting. Announced (MeetingCompleted)
    at the close, or at once when the meeting has already closed. Marking twice keeps
    the first record."""
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.MARK_COMPLETION)
    _require_participant(meeting, user)
    now = timezone.now()
    with transaction.atomic():
        completion, created = Completion.objects.get_or_create(
            meeting=meeting,
            user=user,
            defaults={"reason": Completion.Reason.TRAINER, "marked_by": actor, "created_at": now},
        )
        if created:
            audit.record(COMPLETION_MARKED, actor=actor, target=meeting, user=user.pk)
        if meeting.completion_evaluated_at is not None:
            _announce_completions(meeting, now)
            completion.refresh_from_db(fields=["announced_at"])
    return completion


def unmark_completed(*, actor: User, meeting: Meeting, user: User) -> None:
    """Take back a completion before the meeting closes."""
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.MARK_COMPLETION)
    if meeting.state == State.CLOSED:
        raise ValidationError(_("Completions are final once the meeting has closed."))
    with transaction.atomic():
        deleted, _rows = Completion.objects.filter(meeting=meeting, user=user).delete()
        if not deleted:
            raise ValidationError(
                _("%(name)s is not marked as having completed this meeting.")
                % {"name": user.display_name()}
            )
        audit.record(COMPLETION_UNMARKED, actor=actor, target=meeting, user=user.pk)


def answer_survey(
    *,
    actor: User,
    meeting: Meeting,
    content: int,
    trainers: int,
    organisation: int,
    usefulness: int,
    comment: str = "",
) -> SurveyResponse:
    """Answer the evaluation survey once (from the reflection phase on)."""
    meeting = _caught_up(meeting)
    access_for(actor, meeting).require(Action.ANSWER_SURVEY)
    ratings = {
        "content": content,
        "trainers": trainers,
        "organisation": organisation,
        "usefulness": usefulness,
    }
    for field, value in ratings.items():
        input_checks.whole_number(
            value,
            field=field,
            low=1,
            high=5,
            message=_("Please rate each question from %(min)d to %(max)d."),
        )
    comment = input_checks.text(comment, field="comment", limit=MAX_COMMENT_LENGTH, required=None)
    already = _("You have already answered the evaluation survey.")
    if SurveyResponse.objects.filter(meeting=meeting, user=actor).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                meeting=meeting, user=actor, comment=comment, **ratings
            )
            audit.record(SURVEY_ANSWERED, actor=actor, target=meeting)
    except IntegrityError:
        raise ValidationError(already) from None
    return response
