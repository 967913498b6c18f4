"""Reading calls for events and their applications: the lists, a country's ranking."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, QuerySet
from django.utils import timezone

from plugins.mooc.calls.priorities import rank_applications, with_priority_facts
from plugins.mooc.models.calls import Application, CallQuota, CountrySelection, EventCall

Status = Application.Status

# The applications still in the running, in the order the lists show them.
RANKED_STATUSES = (Status.SELECTED, Status.WAITING, Status.SUBMITTED)


def published_calls() -> QuerySet[EventCall]:
    return EventCall.objects.filter(published_at__isnull=False)


def open_calls(now: datetime | None = None) -> QuerySet[EventCall]:
    """Published calls taking applications now, closing soonest first."""
    now = now or timezone.now()
    return (
        published_calls()
        .filter(applications_open_at__lte=now, applications_close_at__gt=now)
        .order_by("applications_close_at", "pk")
    )


def upcoming_calls(now: datetime | None = None) -> QuerySet[EventCall]:
    """Published calls whose applications open later, soonest first."""
    now = now or timezone.now()
    return (
        published_calls()
        .filter(applications_open_at__gt=now)
        .order_by("applications_open_at", "pk")
    )


def closed_calls(now: datetime | None = None) -> QuerySet[EventCall]:
    """Published calls whose applications closed, the latest event first."""
    now = now or timezone.now()
    return (
        published_calls().filter(applications_close_at__lte=now).order_by("-event_starts_at", "-pk")
    )


def quota_for(call: EventCall, country_id: int | None) -> CallQuota | None:
    if country_id is None:
        return None
    return CallQuota.objects.filter(call=call, country_id=country_id).first()


def selection_for(call: EventCall, country_id: int) -> CountrySelection | None:
    return (
        CountrySelection.objects.filter(call=call, country_id=country_id)
        .select_related("decided_by")
        .first()
    )


def country_applications(call: EventCall, country_id: int) -> QuerySet[Application]:
    """A country's applications still in the running, with what the rules and the lists
    read (the applicant, their school)."""
    return with_priority_facts(
        Application.objects.filter(call=call, country_id=country_id, status__in=RANKED_STATUSES)
    ).select_related("applicant__school__country", "country")


def ranked(call: EventCall, applications) -> list[Application]:
    """Selected first, then the waiting list, then the undecided; each group in the NSS's
    order (``rank``), the unranked after the ranked in the order of the call's rules."""
    groups: dict[str, list[Application]] = {status: [] for status in RANKED_STATUSES}
    for application in applications:
        groups.setdefault(application.status, []).append(application)
    ordered: list[Application] = []
    for status in RANKED_STATUSES:
        members = groups[status]
        by_rank = sorted((a for a in members if a.rank is not None), key=lambda a: (a.rank, a.pk))
        by_rules = rank_applications(call, [a for a in members if a.rank is None])
        ordered += by_rank + by_rules
    return ordered


def ranked_applications(call: EventCall, country_id: int) -> list[Application]:
    """A country's applications in ranked order (one query)."""
    return ranked(call, country_applications(call, country_id))


def waiting_position(application: Application) -> int | None:
    """1 for the next in line on the waiting list; ``None`` when not waiting."""
    if application.status != Status.WAITING or application.rank is None:
        return None
    ahead = Application.objects.filter(
        call_id=application.call_id,
        country_id=application.country_id,
        status=Status.WAITING,
        rank__lt=application.rank,
    ).count()
    return ahead + 1


def applications_of(user) -> QuerySet[Application]:
    """``user``'s applications, the soonest event first."""
    if user is None or not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(applicant=user, call__published_at__isnull=False)
        .select_related("call")
        .order_by("call__event_starts_at", "pk")
    )


def country_counts(call: EventCall) -> dict[int, dict[str, int]]:
    """Per country id, the number of applications by status (one query)."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Application.objects.filter(call=call)
        .values("country_id", "status")
        .annotate(number=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["country_id"], {})[row["status"]] = row["number"]
    return counts
