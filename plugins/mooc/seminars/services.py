"""Every change to an online seminar (DOMAIN.md §6): its announcement, registration
through core's seats service, joining, and the scheduled work at its times.

Each function takes the acting user as ``actor``, checks the policy (who, and in which
phase), runs in one transaction, writes an audit entry, notifies, and emits its events
after commit. It raises ``PermissionDenied`` (the role or the time) or
``ValidationError`` (bad input, a rule), each with the message the person sees; on
either, nothing changes.

The seminar's phase is derived from its times, so a rule holds from the second its
window opens or closes; the scheduled tasks (:func:`open_due_registrations`,
:func:`send_due_reminders`, :func:`close_due_attendance`) only do what must happen once,
each marked on the seminar by a conditional update, so running them twice does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, input_checks, seats
from core.event_delivery import emit
from core.events import SeminarAttended
from core.models import Country, Language, SeatClaim, SeatOffer, User
from core.staff import countries_served_by, is_css_staff
from plugins.mooc import conf
from plugins.mooc.models import Seminar, SeminarAttendance, SeminarInterest, Speaker
from plugins.mooc.models.seminars import (
    MAX_CAPACITY,
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
)
from plugins.mooc.seminars import notifications, queries
from plugins.mooc.seminars.policy import Action, Role, access_for, creation_refusal

Phase = Seminar.Phase

# Audit actions, one per change, next to their services.
SEMINAR_CREATED = "mooc.seminar_created"
SEMINAR_UPDATED = "mooc.seminar_updated"
SEMINAR_PUBLISHED = "mooc.seminar_published"
SEMINAR_CANCELLED = "mooc.seminar_cancelled"
SEMINAR_REGISTERED = "mooc.seminar_registered"
SEMINAR_REGISTRATION_CANCELLED = "mooc.seminar_registration_cancelled"
SEMINAR_REMINDER_ASKED = "mooc.seminar_reminder_asked"
SEMINAR_JOINED = "mooc.seminar_joined"
SEMINAR_REGISTRATION_OPENED = "mooc.seminar_registration_opened"
SEMINAR_REMINDERS_SENT = "mooc.seminar_reminders_sent"
SEMINAR_ATTENDANCE_CLOSED = "mooc.seminar_attendance_closed"

MAX_TITLE_LENGTH = 200
MAX_NAME_LENGTH = 200
MAX_REASON_LENGTH = 2000
MAX_SPEAKERS = 20
DAY_BEFORE = timedelta(days=1)
HOUR_BEFORE = timedelta(hours=1)

SEMINAR_FIELDS = (
    "title",
    "description",
    "language",
    "country",
    "starts_at",
    "duration_minutes",
    "capacity",
    "live_link",
    "speakers",
)
# Fixed once the seminar has started.
TIME_FIELDS = ("starts_at", "duration_minutes")
_FORM_PRECISION = timedelta(minutes=1)


def seat_key(seminar: Seminar) -> str:
    """The key of the seminar's offer in core's seats service."""
    return f"mooc.seminar-{seminar.pk}"


# --- input ---------------------------------------------------------------------------


def _check_country(actor: User, country: Country | None, *, creating: bool) -> Country | None:
    """The organising country ``actor`` may give: NSS staff their own countries; the CSS
    any, or none for a European seminar."""
    if country is not None and not isinstance(country, Country):
        raise ValidationError({"country": _("Please choose a country from the list.")})
    if actor.is_superuser or is_css_staff(actor):
        return country
    served = countries_served_by(actor) or []
    if country is None and creating and len(served) == 1:
        return Country.objects.get(pk=served[0])
    if country is None or country.pk not in served:
        raise ValidationError(
            {"country": _("You can organise seminars for the countries you serve only.")}
        )
    return country


def _check_speakers(speakers) -> list[dict]:
    """Each speaker as a dict with a name, an affiliation and an optional account."""
    if isinstance(speakers, (str, bytes)) or not isinstance(speakers, Iterable):
        raise ValidationError({"speakers": _("Please name the speakers.")})
    checked = []
    for entry in list(speakers)[: MAX_SPEAKERS + 1]:
        if not isinstance(entry, dict):
            raise ValidationError({"speakers": _("Please name the speakers.")})
        user = entry.get("user")
        if user is not None and (not isinstance(user, User) or not user.is_active or user.is_pupil):
            raise ValidationError(
                {"speakers": _("A speaker's account must be an active account of an adult.")}
            )
        name = (entry.get("name") or "").strip() or (user.display_name() if user else "")
        checked.append(
            {
                "name": input_checks.text(
                    name,
                    field="speakers",
                    limit=MAX_NAME_LENGTH,
                    required=_("Please give each speaker's name."),
                ),
                "affiliation": input_checks.text(
                    entry.get("affiliation"), field="speakers", limit=MAX_NAME_LENGTH, required=None
                ),
                "user": user,
            }
        )
    if not checked:
        raise ValidationError({"speakers": _("Please name at least one speaker.")})
    if len(checked) > MAX_SPEAKERS:
        raise ValidationError(
            {"speakers": _("A seminar has at most %(max)d speakers.") % {"max": MAX_SPEAKERS}}
        )
    accounts = [entry["user"].pk for entry in checked if entry["user"] is not None]
    if len(accounts) != len(set(accounts)):
        raise ValidationError({"speakers": _("Each account can speak only once per seminar.")})
    return checked


def _checked_fields(actor: User, values: dict, *, seminar: Seminar | None) -> dict:
    """The given seminar fields, checked; raises ``ValidationError`` on the first problem."""
    unknown = set(values) - set(SEMINAR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown seminar fields: {', '.join(sorted(unknown))}")
    checked: dict = {}
    if "title" in values:
        checked["title"] = input_checks.text(
            values["title"],
            field="title",
            limit=MAX_TITLE_LENGTH,
            required=_("Please give the seminar a title."),
        )
    if "description" in values:
        checked["description"] = input_checks.rich_text(
            values["description"], field="description", required=_("Please describe the seminar.")
        )
    if "language" in values:
        if not isinstance(values["language"], Language):
            raise ValidationError({"language": _("Please choose the seminar's language.")})
        checked["language"] = values["language"]
    if "country" in values:
        checked["country"] = _check_country(actor, values["country"], creating=seminar is None)
    if "starts_at" in values:
        checked["starts_at"] = input_checks.moment(values["starts_at"], "starts_at")
    if "duration_minutes" in values:
        checked["duration_minutes"] = input_checks.whole_number(
            values["duration_minutes"],
            field="duration_minutes",
            low=MIN_DURATION_MINUTES,
            high=MAX_DURATION_MINUTES,
            message=_("The duration must be a whole number of minutes from %(min)d to %(max)d."),
        )
    if "capacity" in values:
        checked["capacity"] = input_checks.whole_number(
            values["capacity"],
            field="capacity",
            low=1,
            high=MAX_CAPACITY,
            message=_("The number of seats must be a whole number from %(min)d to %(max)d."),
        )
    if "live_link" in values:
        checked["live_link"] = input_checks.web_link(
            values["live_link"],
            field="live_link",
            required=_("Please give the address of the live session."),
        )
    if "speakers" in values:
        checked["speakers"] = _check_speakers(values["speakers"])
    return checked


def _save_speakers(seminar: Seminar, speakers: list[dict]) -> None:
    Speaker.objects.filter(seminar=seminar).delete()
    Speaker.objects.bulk_create(
        Speaker(
            seminar=seminar,
            name=entry["name"],
            affiliation=entry["affiliation"],
            user=entry["user"],
            position=position,
        )
        for position, entry in enumerate(speakers)
    )


def _offer(seminar: Seminar) -> SeatOffer:
    """The seminar's seat offer (opened now if it has none yet)."""
    if seminar.seat_offer_id is None:
        offer = seats.open_offer(seat_key(seminar), capacity=seminar.capacity)
        Seminar.objects.filter(pk=seminar.pk, seat_offer__isnull=True).update(seat_offer=offer)
        seminar.refresh_from_db(fields=["seat_offer"])
    return seminar.seat_offer


# --- the announcement ------------------------------------------------------------------


def create_seminar(
    *,
    actor: User,
    title: str,
    description: str,
    language: Language,
    country: Country | None,
    starts_at: datetime,
    duration_minutes: int,
    capacity: int,
    live_link: str,
    speakers: list[dict],
) -> Seminar:
    """Create a draft seminar with its speakers and its seat offer.

    A start in the past is allowed: an organiser may add a past seminar to publish its
    recording; its registration then never opens.
    """
    refusal = creation_refusal(actor)
    if refusal:
        raise PermissionDenied(refusal)
    values = _checked_fields(
        actor,
        {
            "title": title,
            "description": description,
            "language": language,
            "country": country,
            "starts_at": starts_at,
            "duration_minutes": duration_minutes,
            "capacity": capacity,
            "live_link": live_link,
            "speakers": speakers,
        },
        seminar=None,
    )
    speakers_checked = values.pop("speakers")
    now = timezone.now()
    with transaction.atomic():
        seminar = Seminar.objects.create(
            **values,
            ends_at=values["starts_at"] + timedelta(minutes=values["duration_minutes"]),
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        _save_speakers(seminar, speakers_checked)
        seminar.seat_offer = seats.open_offer(seat_key(seminar), capacity=seminar.capacity)
        seminar.save(update_fields=["seat_offer"])
        audit.record(SEMINAR_CREATED, actor=actor, target=seminar, title=seminar.title)
    return seminar


def update_seminar(*, actor: User, seminar: Seminar, **fields) -> Seminar:
    """Change some of a seminar's fields (those of :func:`create_seminar`). Its time is
    fixed once it has started; more seats promote the first in line (notified)."""
    seminar.refresh_from_db()
    access_for(actor, seminar).require(Action.MANAGE)
    values = _checked_fields(actor, fields, seminar=seminar)
    if "starts_at" in values and abs(values["starts_at"] - seminar.starts_at) < _FORM_PRECISION:
        values["starts_at"] = seminar.starts_at  # forms give minutes: the same minute
    now = timezone.now()
    moves = [
        field
        for field in TIME_FIELDS
        if field in values and values[field] != getattr(seminar, field)
    ]
    if moves and seminar.starts_at <= now:
        raise ValidationError(
            {moves[0]: _("The seminar has started: its time can no longer change.")}
        )
    speakers = values.pop("speakers", None)
    changed = sorted(field for field, value in values.items() if getattr(seminar, field) != value)
    if speakers is not None:
        changed.append("speakers")
    with transaction.atomic():
        promoted: list[SeatClaim] = []
        if "capacity" in values and values["capacity"] != seminar.capacity:
            try:
                promoted = seats.set_capacity(_offer(seminar), values["capacity"])
            except seats.SeatError as error:
                raise ValidationError({"capacity": error.message}) from None
        for field, value in values.items():
            setattr(seminar, field, value)
        seminar.ends_at = seminar.starts_at + timedelta(minutes=seminar.duration_minutes)
        if "starts_at" in moves:
            # A new time: what the tasks did for the old one is due again.
            seminar.registration_opened_at = None
            seminar.day_reminder_sent_at = None
            seminar.hour_reminder_sent_at = None
        seminar.updated_at = now
        seminar.save()
        if speakers is not None:
            _save_speakers(seminar, speakers)
        audit.record(
            SEMINAR_UPDATED,
            actor=actor,
            target=seminar,
            fields=changed,
            promoted=[claim.user_id for claim in promoted],
        )
        for claim in promoted:
            notifications.notify_registered(seminar, claim.user, promoted=True)
    return seminar


def publish_seminar(*, actor: User, seminar: Seminar) -> Seminar:
    """Announce a draft: everyone sees it, and registration opens at its time."""
    seminar.refresh_from_db()
    access_for(actor, seminar).require(Action.MANAGE)
    if seminar.published_at is not None:
        raise ValidationError(_("This seminar is already announced."))
    now = timezone.now()
    with transaction.atomic():
        if not Seminar.objects.filter(
            pk=seminar.pk, published_at__isnull=True, cancelled_at__isnull=True
        ).update(published_at=now, updated_at=now):
            raise ValidationError(_("This seminar is already announced."))
        seminar.published_at = seminar.updated_at = now
        audit.record(SEMINAR_PUBLISHED, actor=actor, target=seminar)
    return seminar


def cancel_seminar(*, actor: User, seminar: Seminar, reason: str) -> Seminar:
    """Call a seminar off before it ends; registrants and those waiting are told why."""
    seminar.refresh_from_db()
    access_for(actor, seminar).require(Action.MANAGE)
    if seminar.phase() == Phase.ENDED:
        raise ValidationError(_("This seminar has ended: it can no longer be cancelled."))
    reason = input_checks.text(
        reason,
        field="reason",
        limit=MAX_REASON_LENGTH,
        required=_("Please say why the seminar is cancelled: registrants read it."),
    )
    now = timezone.now()
    with transaction.atomic():
        if not Seminar.objects.filter(pk=seminar.pk, cancelled_at__isnull=True).update(
            cancelled_at=now, cancellation_reason=reason, updated_at=now
        ):
            raise ValidationError(_("This seminar was cancelled."))
        seminar.cancelled_at, seminar.cancellation_reason, seminar.updated_at = now, reason, now
        people = [*queries.registrants(seminar), *queries.waiting_list(seminar)]
        audit.record(SEMINAR_CANCELLED, actor=actor, target=seminar, told=len(people))
        if seminar.published_at is not None:
            notifications.notify_cancelled(seminar, people)
    return seminar


# --- registration ------------------------------------------------------------------------


def register(*, actor: User, seminar: Seminar) -> SeatClaim:
    """Take a seat, or a place on the waiting list when all are taken (notified either way)."""
    seminar.refresh_from_db()
    access_for(actor, seminar).require(Action.REGISTER)
    with transaction.atomic():
        try:
            claim = seats.take_seat(_offer(seminar), actor)
        except seats.SeatError as error:
            raise ValidationError(error.message) from None
        audit.record(SEMINAR_REGISTERED, actor=actor, target=seminar, status=claim.status)
        if claim.status == SeatClaim.Status.SEATED:
            notifications.notify_registered(seminar, actor)
        else:
            notifications.notify_waiting(seminar, actor, position=seats.waiting_position(claim))
    return claim


def cancel_registration(*, actor: User, seminar: Seminar) -> None:
    """Give up one's seat or place in line; a freed seat goes to the first in line (notified)."""
    seminar.refresh_from_db()
    access_for(actor, seminar).require(Action.CANCEL)
    with transaction.atomic():
        try:
            promoted = seats.cancel_claim(_offer(seminar), actor)
        except seats.SeatError as error:
            raise ValidationError(error.message) from None
        audit.record(
            SEMINAR_REGISTRATION_CANCELLED,
            actor=actor,
            target=seminar,
            promoted=[claim.user_id for claim in promoted],
        )
        for claim in promoted:
            notifications.notify_registered(seminar, claim.user, promoted=True)


def ask_reminder(*, actor: User, seminar: Seminar) -> SeminarInterest:
    """Be told when registration for an announced seminar opens (asked once)."""
    seminar.refresh_from_db()
    access_for(actor, seminar).require(Action.ASK_REMINDER)
    already = _("You will be told when registration opens: you asked already.")
    if SeminarInterest.objects.filter(seminar=seminar, user=actor).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            interest = SeminarInterest.objects.create(seminar=seminar, user=actor)
            audit.record(SEMINAR_REMINDER_ASKED, actor=actor, target=seminar)
    except IntegrityError:
        raise ValidationError(already) from None
    return interest


def join(*, actor: User, seminar: Seminar) -> str:
    """The live link, for registrants, speakers and organisers inside its window.

    A registrant's first join records their attendance (once, whatever the clicks).
    """
    seminar.refresh_from_db()
    access = access_for(actor, seminar)
    access.require(Action.JOIN)
    if access.role is Role.REGISTRANT:
        try:
            with transaction.atomic():
                _attendance, created = SeminarAttendance.objects.get_or_create(
                    seminar=seminar, user=actor
                )
                if created:
                    audit.record(SEMINAR_JOINED, actor=actor, target=seminar)
        except IntegrityError:
            pass  # a second click at the same instant: the first one recorded it
    return seminar.live_link


# --- the scheduled work ----------------------------------------------------------------


def open_due_registrations(*, now: datetime | None = None) -> int:
    """Mark the seminars whose registration has opened and tell those who asked.

    Idempotent: each seminar is marked once by a conditional update. A seminar that
    started before the task saw it is marked without telling anyone (too late).
    Returns how many seminars opened.
    """
    now = now or timezone.now()
    due = queries.announced().filter(
        registration_opened_at__isnull=True,
        starts_at__lte=now + timedelta(days=conf.registration_days()),
    )
    opened = 0
    for seminar in due.order_by("starts_at", "pk"):
        with transaction.atomic():
            if not Seminar.objects.filter(
                pk=seminar.pk, registration_opened_at__isnull=True
            ).update(registration_opened_at=now):
                continue
            if seminar.starts_at <= now:
                continue
            opened += 1
            interests = list(
                SeminarInterest.objects.filter(
                    seminar=seminar, notified_at__isnull=True
                ).select_related("user")
            )
            SeminarInterest.objects.filter(
                pk__in=[interest.pk for interest in interests], notified_at__isnull=True
            ).update(notified_at=now)
            audit.record(
                SEMINAR_REGISTRATION_OPENED, actor=None, target=seminar, told=len(interests)
            )
            notifications.notify_registration_open(
                seminar, [interest.user for interest in interests if interest.user.is_active]
            )
    return opened


def _remind(seminar: Seminar, field: str, now: datetime, *, day_before: bool, send: bool) -> bool:
    if not Seminar.objects.filter(pk=seminar.pk, **{f"{field}__isnull": True}).update(
        **{field: now}
    ):
        return False
    if not send:
        return False
    people = [*queries.registrants(seminar).filter(is_active=True)]
    audit.record(
        SEMINAR_REMINDERS_SENT,
        actor=None,
        target=seminar,
        when="day_before" if day_before else "hour_before",
        told=len(people),
    )
    notifications.notify_reminder(seminar, people, day_before=day_before)
    return True


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind registrants the day before and an hour before (each once, with the .ics).

    When the task catches up late, a reminder whose moment has passed is marked without
    being sent (an hour before, "tomorrow" would mislead). Returns how many reminders
    (one per seminar and moment) went out.
    """
    now = now or timezone.now()
    upcoming = queries.announced().filter(starts_at__gt=now)
    sent = 0
    for seminar in upcoming.filter(
        hour_reminder_sent_at__isnull=True, starts_at__lte=now + HOUR_BEFORE
    ):
        with transaction.atomic():
            # Inside the last hour the day's reminder is over: only this one goes.
            _remind(seminar, "day_reminder_sent_at", now, day_before=True, send=False)
            sent += _remind(seminar, "hour_reminder_sent_at", now, day_before=False, send=True)
    for seminar in upcoming.filter(
        day_reminder_sent_at__isnull=True, starts_at__lte=now + DAY_BEFORE
    ):
        with transaction.atomic():
            sent += _remind(seminar, "day_reminder_sent_at", now, day_before=True, send=True)
    return sent


def close_due_attendance(*, now: datetime | None = None) -> int:
    """After a seminar ends: ``SeminarAttended`` once per attendance (marked by a
    conditional update), and the seminar marked as closed. Returns how many attendances
    were announced."""
    now = now or timezone.now()
    announced = 0
    ended = Seminar.objects.filter(ends_at__lte=now).filter(
        attendance_closed_at__isnull=True
    ) | Seminar.objects.filter(ends_at__lte=now, attendances__announced_at__isnull=True)
    for seminar in ended.distinct().order_by("ends_at", "pk"):
        with transaction.atomic():
            Seminar.objects.filter(pk=seminar.pk, attendance_closed_at__isnull=True).update(
                attendance_closed_at=now
            )
            count = 0
            for attendance in SeminarAttendance.objects.filter(
                seminar=seminar, announced_at__isnull=True
            ).order_by("pk"):
                if SeminarAttendance.objects.filter(
                    pk=attendance.pk, announced_at__isnull=True
                ).update(announced_at=now):
                    count += 1
                    emit(
                        SeminarAttended(
                            seminar_id=seminar.pk,
                            user_id=attendance.user_id,
                            title=seminar.title,
                            organiser_country_code=(
                                seminar.country.code if seminar.country_id else ""
                            ),
                        )
                    )
            if count:
                audit.record(SEMINAR_ATTENDANCE_CLOSED, actor=None, target=seminar, attended=count)
            announced += count
    return announced
