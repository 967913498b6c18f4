"""The European Quality Label's yearly computation (DOMAIN.md §7, issue 13 item 3), set
based: one query finds, for every country, the projects it may nominate, whatever the
number of projects — no loop over projects in Python.

A project is a candidate in a country when, in the school year:
- it holds National Quality Labels (awarded applications) from at least two countries;
- its average score among that country's awarded applications for it is above
  ``OPENTWIN_EQL_SCORE_THRESHOLD`` (20);
- it ranks, by that average (then by project id), within the country's quota:
  ``OPENTWIN_EQL_QUOTA_PERCENT`` (25) percent of the country's labelled projects,
  rounded down.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Avg,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.staff import is_css_staff, serves_country
from plugins.labels.awards.services import Issuer, issue_award
from plugins.labels.models import Award, EuropeanNomination, QualityLabelApplication, SubjectType

AWARDED = QualityLabelApplication.State.AWARDED


@dataclass(frozen=True, order=True)
class Candidate:
    country_id: int
    rank: int
    project_id: int
    project_title: str
    average_score: Decimal


def _awarded(school_year: int):
    return QualityLabelApplication.objects.filter(state=AWARDED, school_year=school_year)


def candidates(school_year: int) -> list[Candidate]:
    """Every country's candidates for the European Quality Label in ``school_year``, in
    one query (see the module's docstring for the rule)."""
    awarded = _awarded(school_year)
    european = (
        awarded.values("project_id")
        .annotate(countries=Count("country_id", distinct=True))
        .filter(countries__gte=2)
        .values("project_id")
    )
    labelled_in_country = (
        _awarded(school_year)
        .filter(country_id=OuterRef("country_id"))
        .values("country_id")
        .annotate(projects=Count("project_id", distinct=True))
        .values("projects")
    )
    rows = (
        awarded.filter(project_id__in=european)
        .values("country_id", "project_id")
        .annotate(
            average=Avg("total_score"),
            title=Max("project_title"),
        )
        .filter(average__gt=settings.OPENTWIN_EQL_SCORE_THRESHOLD)
        .annotate(
            labelled=Coalesce(Subquery(labelled_in_country, output_field=IntegerField()), 0),
            rank=Window(
                RowNumber(),
                partition_by=[F("country_id")],
                order_by=[F("average").desc(), F("project_id").asc()],
            ),
        )
        # Within the quota: rank <= labelled * percent / 100 (whole numbers: rounded down).
        .filter(rank__lte=F("labelled") * Value(settings.OPENTWIN_EQL_QUOTA_PERCENT) / 100)
        .order_by("country_id", "rank")
    )
    return [
        Candidate(
            country_id=row["country_id"],
            rank=row["rank"],
            project_id=row["project_id"],
            project_title=row["title"],
            average_score=Decimal(str(row["average"])).quantize(Decimal("0.01")),
        )
        for row in rows
    ]


# --- the yearly round: proposed, nominated by each NSS, confirmed by the CSS ----------

PROPOSED = "labels.eql_proposed"
NOMINATED = "labels.eql_nominated"
CONFIRMED = "labels.eql_confirmed"


def propose(*, school_year: int) -> int:
    """Write this year's candidates as proposals for their NSSs (the yearly task; safe to
    run again: proposals already there, and decisions taken on them, stay). Returns how
    many proposals are new."""
    found = candidates(school_year)
    with transaction.atomic():
        before = EuropeanNomination.objects.filter(school_year=school_year).count()
        EuropeanNomination.objects.bulk_create(
            [
                EuropeanNomination(
                    school_year=school_year,
                    country_id=candidate.country_id,
                    project_id=candidate.project_id,
                    project_title=candidate.project_title,
                    average_score=candidate.average_score,
                    rank=candidate.rank,
                )
                for candidate in found
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        created = EuropeanNomination.objects.filter(school_year=school_year).count() - before
        if created:
            audit.record(PROPOSED, actor=None, school_year=school_year, proposals=created)
    return created


def nominate(*, actor, nomination, nominate: bool):
    """The NSS of the nomination's country nominates a proposed project (or not)."""
    if not serves_country(actor, nomination.country_id):
        raise PermissionDenied(_("Only the National Support Service of the country nominates."))
    target = EuropeanNomination.State.NOMINATED if nominate else EuropeanNomination.State.WITHDRAWN
    with transaction.atomic():
        changed = (
            EuropeanNomination.objects.filter(
                pk=nomination.pk,
                state__in=(
                    EuropeanNomination.State.PROPOSED,
                    EuropeanNomination.State.NOMINATED,
                    EuropeanNomination.State.WITHDRAWN,
                ),
            )
            .exclude(state=target)
            .update(state=target, decided_at=timezone.now(), decided_by=actor)
        )
        if not changed:
            raise ValidationError(_("This nomination is confirmed or already so."))
        nomination.refresh_from_db()
        audit.record(NOMINATED, actor=actor, target=nomination, nominated=nominate)
    return nomination


def confirm(*, actor, nomination):
    """The CSS confirms a nominated project: every teacher holding a valid National
    Quality Label on it receives the European Quality Label (through the awards service,
    once each)."""
    if not (actor.is_superuser or is_css_staff(actor)):
        raise PermissionDenied(_("Only the Central Support Service confirms European labels."))
    now = timezone.now()
    with transaction.atomic():
        changed = EuropeanNomination.objects.filter(
            pk=nomination.pk, state=EuropeanNomination.State.NOMINATED
        ).update(state=EuropeanNomination.State.CONFIRMED, decided_at=now, decided_by=actor)
        if not changed:
            raise ValidationError(_("Only a project its NSS nominated can be confirmed."))
        nomination.refresh_from_db()
        holders = (
            Award.objects.filter(
                kind=Award.Kind.NATIONAL_QUALITY_LABEL,
                subject_type=SubjectType.PROJECT,
                subject_id=nomination.project_id,
                state=Award.State.VALID,
                recipient_user__isnull=False,
            )
            .select_related("recipient_user__school__country")
            .order_by("pk")
        )
        issued = 0
        for label in holders:
            _award, created = issue_award(
                actor=actor,
                kind=Award.Kind.EUROPEAN_QUALITY_LABEL,
                subject_type=SubjectType.PROJECT,
                subject_id=nomination.project_id,
                subject_title=nomination.project_title,
                issuer=Issuer.css(),
                user=label.recipient_user,
                issued_at=now,
            )
            issued += created
        audit.record(CONFIRMED, actor=actor, target=nomination, issued=issued)
    return nomination
