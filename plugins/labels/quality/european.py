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

from plugins.labels.models import QualityLabelApplication

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
