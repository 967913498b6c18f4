"""Every change to a call for an event (DOMAIN.md §6): the call and its quotas, the
teachers' applications, each NSS's ranking and selection, and the lists for the
organisers.

Each function takes the acting user as ``actor``, asks the policy (who, and in which
phase of the call), runs in one transaction, writes an audit entry and notifies in
it. It raises ``PermissionDenied`` (the role, the window, another country) or
``ValidationError`` (bad input, a rule), each with the message the person sees; on
either, nothing changes. State changes are conditional updates, so two people acting
at once cannot both win (SQLite ignores ``select_for_update``).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, input_checks
from core.dates import format_when
from core.models import Country, User
from plugins.mooc.calls import notifications, queries
from plugins.mooc.calls.policy import (
    LIVE_STATUSES,
    Action,
    CallAccess,
    access_for,
    creation_refusal,
)
from plugins.mooc.calls.priorities import checked_rules
from plugins.mooc.models.calls import Application, CallQuota, CountrySelection, EventCall

Status = Application.Status

# Audit actions, one per change, next to their services.
CALL_CREATED = "mooc.call_created"
CALL_UPDATED = "mooc.call_updated"
CALL_PUBLISHED = "mooc.call_published"
CALL_QUOTA_SET = "mooc.call_quota_set"
CALL_APPLIED = "mooc.call_applied"
CALL_APPLICATION_EDITED = "mooc.call_application_edited"
CALL_APPLICATION_WITHDRAWN = "mooc.call_application_withdrawn"
CALL_PLACE_PASSED_ON = "mooc.call_place_passed_on"
CALL_APPLICATION_MOVED = "mooc.call_application_moved"
CALL_RANKING_RESET = "mooc.call_ranking_reset"
CALL_COUNTRY_SELECTED = "mooc.call_country_selected"
CALL_WAITING_LIST_CLOSED = "mooc.call_waiting_list_closed"
CALL_LISTS_EXPORTED = "mooc.call_lists_exported"

MAX_TITLE_LENGTH = 200
MAX_VENUE_LENGTH = 200
MAX_MOTIVATION_LENGTH = 3000
MAX_PLACES = 10_000
DIRECTIONS = ("up", "down")

TIME_FIELDS = (
    "applications_open_at",
    "applications_close_at",
    "event_starts_at",
    "event_ends_at",
)
CALL_FIELDS = ("kind", "title", "description", "venue", *TIME_FIELDS, "priority_rules")

# Cells a spreadsheet would run as a formula (OWASP's CSV injection list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- helpers ---------------------------------------------------------------------------


def _checked_fields(values: dict) -> dict:
    unknown = set(values) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown call fields: {', '.join(sorted(unknown))}")
    checked: dict = {}
    if "kind" in values:
        if values["kind"] not in EventCall.Kind.values:
            raise ValidationError({"kind": _("Please choose the kind of event.")})
        checked["kind"] = values["kind"]
    if "title" in values:
        checked["title"] = input_checks.text(
            values["title"],
            field="title",
            limit=MAX_TITLE_LENGTH,
            required=_("Please give the call a title."),
        )
    if "description" in values:
        checked["description"] = input_checks.rich_text(
            values["description"],
            field="description",
            required=_("Please describe the event and who it is for."),
        )
    if "venue" in values:
        checked["venue"] = input_checks.text(
            values["venue"],
            field="venue",
            limit=MAX_VENUE_LENGTH,
            required=_("Please say where the event takes place."),
        )
    for name in TIME_FIELDS:
        if name in values:
            checked[name] = input_checks.moment(values[name], name)
    if "priority_rules" in values:
        checked["priority_rules"] = checked_rules(values["priority_rules"])
    return checked


def _check_order(times: dict[str, datetime]) -> None:
    ok = (
        times["applications_open_at"] < times["applications_close_at"]
        and times["applications_close_at"] <= times["event_starts_at"]
        and times["event_starts_at"] < times["event_ends_at"]
    )
    if not ok:
        raise ValidationError(
            {
                "applications_close_at": _(
                    "The dates must follow each other: applications open, applications "
                    "close, the event starts, the event ends."
                )
            }
        )


def _country_id(country: Country | int) -> int:
    return country.pk if isinstance(country, Country) else int(country)


def _country(country: Country | int) -> Country:
    return country if isinstance(country, Country) else Country.objects.get(pk=country)


def _selection_made_refusal(call: EventCall, country: Country) -> None:
    if CountrySelection.objects.filter(call=call, country=country).exists():
        raise ValidationError(
            _("The selection for %(country)s is made: its ranking can no longer change.")
            % {"country": country.display_name}
        )


def _own_application(actor: User, application: Application, action: Action) -> CallAccess:
    access = access_for(actor, application.call)
    if access.application is None or access.application.pk != application.pk:
        raise PermissionDenied(_("This is not your application."))
    access.require(action)
    return access


# --- the call and its quotas -------------------------------------------------------------


def create_call(*, actor: User, **fields) -> EventCall:
    """A draft call: kind, title, description (rich text), venue, the four dates and,
    optionally, its priority rules (default: new to the programme, then applied first)."""
    reason = creation_refusal(actor)
    if reason:
        raise PermissionDenied(reason)
    missing = [name for name in CALL_FIELDS if name not in fields and name != "priority_rules"]
    if missing:
        raise TypeError(f"Missing call fields: {', '.join(missing)}")
    checked = _checked_fields(fields)
    _check_order(checked)
    with transaction.atomic():
        call = EventCall.objects.create(created_by=actor, **checked)
        audit.record(CALL_CREATED, actor=actor, target=call, title=call.title)
    return call


def update_call(*, actor: User, call: EventCall, **fields) -> EventCall:
    """Change some of a call's fields. Once a country's selection is made, the priority
    rules stay as they were (they decided it)."""
    access_for(actor, call).require(Action.MANAGE)
    checked = _checked_fields(fields)
    times = {name: checked.get(name, getattr(call, name)) for name in TIME_FIELDS}
    _check_order(times)
    if (
        "priority_rules" in checked
        and checked["priority_rules"] != call.priority_rules
        and call.selections.exists()
    ):
        raise ValidationError(
            {"priority_rules": _("A selection is made already: the priority rules stay.")}
        )
    with transaction.atomic():
        for name, value in checked.items():
            setattr(call, name, value)
        call.updated_at = timezone.now()
        call.save()
        audit.record(CALL_UPDATED, actor=actor, target=call, fields=sorted(checked))
    return call


def publish_call(*, actor: User, call: EventCall) -> EventCall:
    """Publish a call: listed publicly; teachers of the countries with places may apply
    in its window. It needs the places of at least one country."""
    access_for(actor, call).require(Action.MANAGE)
    if not call.quotas.filter(places__gt=0).exists():
        raise ValidationError(_("Give at least one country its places before publishing."))
    with transaction.atomic():
        now = timezone.now()
        if not EventCall.objects.filter(pk=call.pk, published_at__isnull=True).update(
            published_at=now, updated_at=now
        ):
            raise ValidationError(_("This call is published already."))
        call.refresh_from_db()
        audit.record(CALL_PUBLISHED, actor=actor, target=call)
    return call


def set_quota(*, actor: User, call: EventCall, country: Country, places: int) -> CallQuota:
    """Give ``country``'s teachers ``places`` places at the event (until its NSS has
    made the selection)."""
    access_for(actor, call).require(Action.MANAGE)
    places = input_checks.whole_number(
        places,
        field="places",
        low=1,
        high=MAX_PLACES,
        message=_("Please give a number of places between %(min)d and %(max)d."),
    )
    if CountrySelection.objects.filter(call=call, country=country).exists():
        raise ValidationError(
            {
                "places": _(
                    "The selection for %(country)s is made: its places can no longer change."
                )
                % {"country": country.display_name}
            }
        )
    with transaction.atomic():
        quota, _created = CallQuota.objects.update_or_create(
            call=call, country=country, defaults={"places": places}
        )
        audit.record(CALL_QUOTA_SET, actor=actor, target=call, country=country.code, places=places)
    return quota


# --- applications ------------------------------------------------------------------------


def _motivation(value) -> str:
    return input_checks.text(
        value,
        field="motivation",
        limit=MAX_MOTIVATION_LENGTH,
        required=_("Please say why you want to take part."),
    )


def apply(*, actor: User, call: EventCall, motivation: str) -> Application:
    """Apply to ``call`` within its window, once, for the country of one's school."""
    access = access_for(actor, call)
    access.require(Action.APPLY)
    motivation = _motivation(motivation)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, applicant=actor, country=access.country, motivation=motivation
            )
            audit.record(
                CALL_APPLIED, actor=actor, target=application, call=call.pk,
                country=access.country.code,
            )  # fmt: skip
            notifications.notify_received(application)
    except IntegrityError:
        raise ValidationError(_("You have applied to this call already.")) from None
    return application


def update_application(*, actor: User, application: Application, motivation: str) -> Application:
    """Change one's motivation while applications are open."""
    _own_application(actor, application, Action.EDIT_APPLICATION)
    motivation = _motivation(motivation)
    with transaction.atomic():
        if not Application.objects.filter(pk=application.pk, status=Status.SUBMITTED).update(
            motivation=motivation
        ):
            raise ValidationError(_("Your application has been decided: it can no longer change."))
        audit.record(CALL_APPLICATION_EDITED, actor=actor, target=application)
    application.refresh_from_db()
    return application


def withdraw_application(*, actor: User, application: Application) -> Application:
    """Withdraw before the event. A selected applicant's place goes at once to the first
    on their country's waiting list, who is told."""
    _own_application(actor, application, Action.WITHDRAW)
    with transaction.atomic():
        current = Application.objects.filter(pk=application.pk).values_list("status", flat=True)
        status = current.first()
        if status not in LIVE_STATUSES or not Application.objects.filter(
            pk=application.pk, status=status
        ).update(status=Status.WITHDRAWN, rank=None):
            raise ValidationError(_("Your application changed meanwhile: please look again."))
        audit.record(CALL_APPLICATION_WITHDRAWN, actor=actor, target=application, was=status)
        if status == Status.SELECTED:
            _pass_place_on(application.call, application.country_id)
    application.refresh_from_db()
    return application


def _pass_place_on(call: EventCall, country_id: int) -> Application | None:
    """Select the first on the country's waiting list while the country has a place."""
    quota = queries.quota_for(call, country_id)
    places = quota.places if quota else 0
    while True:
        taken = Application.objects.filter(
            call=call, country_id=country_id, status=Status.SELECTED
        ).count()
        if taken >= places:
            return None
        first = (
            Application.objects.filter(call=call, country_id=country_id, status=Status.WAITING)
            .select_related("applicant", "call")
            .order_by(F("rank").asc(nulls_last=True), "applied_at", "pk")
            .first()
        )
        if first is None:
            return None
        if Application.objects.filter(pk=first.pk, status=Status.WAITING).update(
            status=Status.SELECTED, decided_at=timezone.now()
        ):
            first.status = Status.SELECTED
            audit.record(CALL_PLACE_PASSED_ON, actor=None, target=first, call=call.pk)
            notifications.notify_promoted(first)
            return first


# --- each NSS's ranking and selection ---------------------------------------------------


def move_application(*, actor: User, application: Application, direction: str) -> Application:
    """Move an applicant one place ``up`` or ``down`` in their country's ranking; the
    NSS's order is written as explicit ranks for every applicant of the country."""
    call = application.call
    access_for(actor, call).require_country(Action.RANK, application.country_id)
    if direction not in DIRECTIONS:
        raise ValidationError(_("Move an applicant up or down."))
    country = _country(application.country_id)
    _selection_made_refusal(call, country)
    with transaction.atomic():
        order = queries.ranked(
            call,
            queries.country_applications(call, country.pk).filter(status=Status.SUBMITTED),
        )
        position = next((i for i, a in enumerate(order) if a.pk == application.pk), None)
        if position is None:
            raise ValidationError(_("This application is no longer in the running."))
        other = position - 1 if direction == "up" else position + 1
        if not 0 <= other < len(order):
            raise ValidationError(
                _("This applicant is first already.")
                if direction == "up"
                else _("This applicant is last already.")
            )
        order[position], order[other] = order[other], order[position]
        changed = []
        for rank, item in enumerate(order, start=1):
            if item.rank != rank:
                item.rank = rank
                changed.append(item)
        Application.objects.bulk_update(changed, ["rank"])
        audit.record(
            CALL_APPLICATION_MOVED, actor=actor, target=application, direction=direction,
            rank=other + 1,
        )  # fmt: skip
    application.rank = other + 1
    return application


def reset_ranking(*, actor: User, call: EventCall, country: Country) -> int:
    """Forget the NSS's hand ordering: the call's priority rules rank again. Returns
    the number of applications whose rank was cleared."""
    access_for(actor, call).require_country(Action.RANK, country.pk)
    _selection_made_refusal(call, country)
    with transaction.atomic():
        cleared = Application.objects.filter(
            call=call, country=country, status=Status.SUBMITTED, rank__isnull=False
        ).update(rank=None)
        audit.record(CALL_RANKING_RESET, actor=actor, target=call, country=country.code)
    return cleared


def select_within_quota(*, actor: User, call: EventCall, country: Country) -> CountrySelection:
    """After applications close: the first ``places`` of the country's ranking are
    selected, the others go on the waiting list in their order; each applicant is told
    once. A second run is refused and changes nothing."""
    access_for(actor, call).require_country(Action.SELECT, country.pk)
    quota = queries.quota_for(call, country.pk)
    if quota is None:
        raise ValidationError(
            _("This call has no places for %(country)s.") % {"country": country.display_name}
        )
    try:
        with transaction.atomic():
            selection = CountrySelection.objects.create(
                call=call, country=country, decided_by=actor
            )
            now = selection.decided_at
            order = queries.ranked(
                call,
                queries.country_applications(call, country.pk).filter(status=Status.SUBMITTED),
            )
            for rank, application in enumerate(order, start=1):
                application.rank = rank
            Application.objects.bulk_update(order, ["rank"])
            chosen = [a.pk for a in order[: quota.places]]
            waiting = [a.pk for a in order[quota.places :]]
            decided = {"decided_at": now, "decided_by": actor}
            Application.objects.filter(pk__in=chosen, status=Status.SUBMITTED).update(
                status=Status.SELECTED, **decided
            )
            Application.objects.filter(pk__in=waiting, status=Status.SUBMITTED).update(
                status=Status.WAITING, **decided
            )
            audit.record(
                CALL_COUNTRY_SELECTED, actor=actor, target=call, country=country.code,
                selected=len(chosen), waiting=len(waiting),
            )  # fmt: skip
            _tell_results(call, country, now)
    except IntegrityError:
        raise ValidationError(
            _("The selection for %(country)s is made already: the applicants were told.")
            % {"country": country.display_name}
        ) from None
    return selection


def _tell_results(call: EventCall, country: Country, now: datetime) -> None:
    """Notify each decided applicant of the country not told yet, once (the conditional
    update of ``notified_at`` is the guard)."""
    decided = (
        Application.objects.filter(
            call=call,
            country=country,
            status__in=(Status.SELECTED, Status.WAITING, Status.NOT_SELECTED),
            notified_at__isnull=True,
        )
        .select_related("applicant", "call")
        .order_by(F("rank").asc(nulls_last=True), "pk")
    )
    position = 0
    for application in decided:
        if application.status == Status.WAITING:
            position += 1
        if Application.objects.filter(pk=application.pk, notified_at__isnull=True).update(
            notified_at=now
        ):
            notifications.notify_result(
                application, position=position if application.status == Status.WAITING else None
            )


def close_waiting_list(*, actor: User, call: EventCall, country: Country) -> int:
    """End the country's waiting list before the event: those still waiting are not
    selected, and told so. Returns how many were on it."""
    access_for(actor, call).require_country(Action.SELECT, country.pk)
    if not CountrySelection.objects.filter(call=call, country=country).exists():
        raise ValidationError(_("Make the selection first: there is no waiting list yet."))
    with transaction.atomic():
        now = timezone.now()
        ids = list(
            Application.objects.filter(
                call=call, country=country, status=Status.WAITING
            ).values_list("pk", flat=True)
        )
        closed = Application.objects.filter(pk__in=ids, status=Status.WAITING).update(
            status=Status.NOT_SELECTED, decided_at=now, decided_by=actor, notified_at=None
        )
        audit.record(
            CALL_WAITING_LIST_CLOSED, actor=actor, target=call, country=country.code, closed=closed
        )
        _tell_results(call, country, now)
    return closed


# --- the lists for the organisers ---------------------------------------------------------


def _safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def export_csv(*, actor: User, call: EventCall, country: Country | None = None) -> str:
    """The selected and waiting lists (and, before a country's selection, its ranked
    applicants) as CSV: rank, name, e-mail, school, country, status, applied at.
    Organisers get every country; an NSS its own. Cells that a spreadsheet would run as
    a formula are prefixed with an apostrophe."""
    access = access_for(actor, call)
    if country is not None:
        access.require_country(Action.EXPORT, country.pk)
        countries = [country]
    else:
        access.require(Action.EXPORT)
        quotas = CallQuota.objects.filter(call=call).select_related("country")
        countries = [q.country for q in quotas if access.serves(q.country_id)]
    countries.sort(key=lambda item: item.display_name)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Rank"),
            _("Name"),
            _("E-mail"),
            _("School"),
            _("Country"),
            _("Status"),
            _("Applied at"),
        ]
    )
    rows = 0
    for item in countries:
        for position, application in enumerate(queries.ranked_applications(call, item.pk), start=1):
            person = application.applicant
            school = person.school
            writer.writerow(
                [
                    _safe_cell(position),
                    _safe_cell(person.display_name()),
                    _safe_cell(person.email),
                    _safe_cell(school.name if school else ""),
                    _safe_cell(application.country.display_name),
                    _safe_cell(application.get_status_display()),
                    _safe_cell(format_when(application.applied_at)),
                ]
            )
            rows += 1
    audit.record(
        CALL_LISTS_EXPORTED,
        actor=actor,
        target=call,
        countries=[item.code for item in countries],
        rows=rows,
    )
    return out.getvalue()
