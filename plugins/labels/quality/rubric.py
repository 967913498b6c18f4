"""The evaluation rubric (DOMAIN.md §7): criteria → sub-criteria → points, with the
minimum points an application needs on some sub-criteria to be awarded, whatever its
total. The rubric lives in the database (``RubricCriterion``, ``RubricItem``) so the CSS
can change it; its defaults below are loaded by a migration. Titles of the defaults are
marked for translation, so :func:`title` shows them in the reader's language; titles the
CSS types are shown as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _noop

from plugins.labels.models import RubricCriterion, RubricItem

# (criterion key, title, [(item key, title, max points, minimum points)])
DEFAULTS = (
    (
        "collaboration",
        _noop("Collaboration between partner schools"),
        [
            (
                "pupils_online_collaboration",
                _noop("Pupils' online collaboration with the partner schools"),
                4,
                2,
            ),
            (
                "shared_tasks",
                _noop("Shared tasks and balanced contributions of the partners"),
                3,
                0,
            ),
        ],
    ),
    (
        "technology",
        _noop("Use of technology"),
        [
            ("ict_use", _noop("Use of ICT by the pupils"), 4, 2),
            ("tools_fit", _noop("Tools that fit the aims and the pupils' ages"), 2, 0),
        ],
    ),
    (
        "pedagogy",
        _noop("Pedagogical approaches"),
        [
            ("pupil_centred", _noop("Pupil-centred, creative approaches"), 4, 0),
            ("inquiry", _noop("Inquiry, problem solving and the pupils' initiative"), 2, 0),
        ],
    ),
    (
        "curriculum",
        _noop("Curricular integration"),
        [
            ("curriculum_fit", _noop("Integration into the curriculum of the subjects"), 4, 0),
            ("cross_curricular", _noop("Work across subjects"), 2, 0),
        ],
    ),
    (
        "results",
        _noop("Results and documentation"),
        [
            ("results_documented", _noop("Results shared and documented in the TwinSpace"), 3, 0),
            (
                "gdpr_copyright_esafety",
                _noop("Data protection (GDPR), copyright and e-safety respected"),
                2,
                1,
            ),
        ],
    ),
)

# How the scores of several evaluators (the NSS and the regional representative) make
# one: each sub-criterion's points are combined by this rule, then summed.
RULES = ("average", "lowest", "nss")


def title(text: str) -> str:
    """A rubric title in the reader's language (the defaults are translated)."""
    return gettext(text)


def load_defaults() -> int:
    """Create the default rubric's criteria and sub-criteria that are missing (a database
    emptied of them, as a flushed test database is); never changes existing ones.
    Returns how many sub-criteria it created."""
    created = 0
    for order, (key, text, defaults) in enumerate(DEFAULTS):
        criterion, _new = RubricCriterion.objects.get_or_create(
            key=key, defaults={"title": text, "order": order}
        )
        for item_order, (item_key, item_text, max_points, minimum) in enumerate(defaults):
            _item, new = RubricItem.objects.get_or_create(
                key=item_key,
                defaults={
                    "criterion": criterion,
                    "title": item_text,
                    "max_points": max_points,
                    "minimum_points": minimum,
                    "order": item_order,
                },
            )
            created += new
    return created


def items() -> list[RubricItem]:
    """The rubric's sub-criteria, in order, with their criteria."""
    return list(RubricItem.objects.select_related("criterion"))


@dataclass(frozen=True)
class Combined:
    """The combined points per sub-criterion, their total, and the sub-criteria whose
    minimum the points miss."""

    points: dict[str, Decimal]
    total: Decimal
    missed: list[RubricItem]


def combine(evaluations: list[tuple[str, Mapping[str, int]]], rubric: list[RubricItem]) -> Combined:
    """Combine ``evaluations`` ((role, {item key: points}) pairs) by the rule of the
    ``OPENTWIN_NQL_SCORE_RULE`` setting: the average of the evaluators' points (rounded to
    a quarter point), the lowest of them, or the NSS's alone."""
    rule = settings.OPENTWIN_NQL_SCORE_RULE
    if rule == "nss":
        evaluations = [pair for pair in evaluations if pair[0] == "nss"] or evaluations
    points: dict[str, Decimal] = {}
    for item in rubric:
        given = [Decimal(scores[item.key]) for _role, scores in evaluations if item.key in scores]
        if not given:
            continue
        value = min(given) if rule == "lowest" else sum(given) / len(given)
        points[item.key] = (value * 4).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 4
    missed = [item for item in rubric if points.get(item.key, Decimal(0)) < item.minimum_points]
    return Combined(points=points, total=sum(points.values(), Decimal(0)), missed=missed)
