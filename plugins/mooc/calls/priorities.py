"""The priority rules by which a country's applicants to a call are ranked, as data.

A call names its rules in ``EventCall.priority_rules``, first to last (default:
teachers new to the programme first, then by application time). Each rule is a label
people read and a sort key on an application (lower comes first); ties left by every
rule of the call are broken by the application time, then the application's id, so
the order is always the same. An NSS may then reorder its country's applicants by
hand (``Application.rank``): see ``plugins.mooc.calls.queries.ranked_applications``.

The facts the rules read are loaded with the applications
(:func:`with_priority_facts`), so ranking 500 applicants costs one query.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.mooc.conf import new_teacher_months
from plugins.mooc.models.calls import Application, EventCall


@dataclass(frozen=True)
class PriorityRule:
    """One way to order applicants: ``sort_key(application)`` sorts first what comes first."""

    key: str
    label: str | Promise
    sort_key: Callable[[Application], Any]


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the 31st becomes the
    last day of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def is_new_to_programme(application: Application) -> bool:
    """Whether the applicant had joined the platform less than ``new_teacher_months()``
    before they applied (measured at the application, so the answer never drifts)."""
    joined = application.applicant.date_joined
    return joined > months_before(application.applied_at, new_teacher_months())


def was_selected_before(application: Application) -> bool:
    """Whether the applicant was selected in a call whose event came earlier."""
    known = getattr(application, "selected_before", None)
    if known is not None:
        return bool(known)
    return earlier_selections(application).exists()


def earlier_selections(application: Application) -> QuerySet[Application]:
    return Application.objects.filter(
        applicant_id=application.applicant_id,
        status=Application.Status.SELECTED,
        call__event_starts_at__lt=application.call.event_starts_at,
    ).exclude(call_id=application.call_id)


RULES: dict[str, PriorityRule] = {
    rule.key: rule
    for rule in (
        PriorityRule(
            key="new_to_programme",
            label=gettext_lazy("Teachers new to the programme first"),
            sort_key=lambda application: 0 if is_new_to_programme(application) else 1,
        ),
        PriorityRule(
            key="never_selected",
            label=gettext_lazy("Teachers never selected for an earlier event first"),
            sort_key=lambda application: 1 if was_selected_before(application) else 0,
        ),
        PriorityRule(
            key="applied_first",
            label=gettext_lazy("Earliest applications first"),
            sort_key=lambda application: application.applied_at,
        ),
    )
}


def rule_choices() -> list[tuple[str, str]]:
    """The rules as (key, label) pairs, for forms."""
    return [(rule.key, str(rule.label)) for rule in RULES.values()]


def checked_rules(keys, *, field: str = "priority_rules") -> list[str]:
    """The rule keys of a call, checked: a list of known keys, each once, at least one."""
    if isinstance(keys, str) or not isinstance(keys, Iterable):
        raise ValidationError({field: _("Please choose the priority rules from the list.")})
    keys = [str(key) for key in keys]
    unknown = [key for key in keys if key not in RULES]
    if unknown:
        raise ValidationError(
            {
                field: _("Unknown priority rule: %(rules)s. Choose from: %(known)s.")
                % {"rules": ", ".join(unknown), "known": ", ".join(RULES)}
            }
        )
    if not keys:
        raise ValidationError({field: _("Please choose at least one priority rule.")})
    if len(set(keys)) != len(keys):
        raise ValidationError({field: _("Each priority rule may be chosen once only.")})
    return keys


def rules_of(call: EventCall) -> list[PriorityRule]:
    """The call's rules, first to last (a key no longer known is skipped)."""
    return [RULES[key] for key in call.priority_rules or () if key in RULES]


def with_priority_facts(applications: QuerySet[Application]) -> QuerySet[Application]:
    """The applications with what the rules read: the applicant and whether they were
    selected for an earlier event (one query in all)."""
    earlier = Application.objects.filter(
        applicant_id=OuterRef("applicant_id"),
        status=Application.Status.SELECTED,
        call__event_starts_at__lt=OuterRef("call__event_starts_at"),
    ).exclude(call_id=OuterRef("call_id"))
    return applications.select_related("applicant", "call").annotate(
        selected_before=Exists(earlier)
    )


def rank_applications(call: EventCall, applications: Iterable[Application]) -> list[Application]:
    """``applications`` in the order of ``call``'s priority rules, then application
    time, then id."""
    rules: Sequence[PriorityRule] = rules_of(call)
    return sorted(
        applications,
        key=lambda application: (
            *(rule.sort_key(application) for rule in rules),
            application.applied_at,
            application.pk,
        ),
    )
