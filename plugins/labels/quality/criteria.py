"""What a National Quality Label application answers, as data (DOMAIN.md §7): the five
yes/no eligibility questions, then evidence on the five criteria."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    # Why the application cannot go on when the answer is no.
    refusal: str


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    help: str


ELIGIBILITY: tuple[Question, ...] = (
    Question(
        "pupils_involved",
        _("Did your pupils take an active part in the project, with pupils of partner schools?"),
        _("The label recognises pupils' work with partner schools: their part comes first."),
    ),
    Question(
        "work_in_twinspace",
        _("Is the project's work documented in its TwinSpace?"),
        _("The evaluators judge the project by what its TwinSpace shows."),
    ),
    Question(
        "own_work",
        _("Did you and your pupils carry out the work you will describe yourselves?"),
        _("Only the applicant's own work with their pupils can be labelled."),
    ),
    Question(
        "rights_respected",
        _("Does the project respect copyright, the pupils' data protection (GDPR) and e-safety?"),
        _(
            "A project that does not respect copyright, data protection and e-safety cannot be "
            "labelled."
        ),
    ),
    Question(
        "results_shared",
        _("Are the project's results finished and shared, or far enough to be judged?"),
        _("Apply once the project has results the evaluators can see."),
    ),
)

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "collaboration",
        _("Collaboration between partner schools"),
        _("How the partner schools' pupils worked together: joint products, shared tasks."),
    ),
    Criterion(
        "technology",
        _("Use of technology"),
        _("Which tools the pupils used, and how they served the collaboration and the learning."),
    ),
    Criterion(
        "pedagogy",
        _("Pedagogical approaches"),
        _("How the pupils learned: project work, inquiry, their own initiative and creativity."),
    ),
    Criterion(
        "curriculum",
        _("Curricular integration"),
        _("How the project fitted the curriculum of the subjects and the pupils' ages."),
    ),
    Criterion(
        "results",
        _("Results and documentation"),
        _("What the project produced and how it is documented and shared."),
    ),
)

QUESTION_KEYS = tuple(question.key for question in ELIGIBILITY)
CRITERION_KEYS = tuple(criterion.key for criterion in CRITERIA)
MAX_EVIDENCE_LENGTH = 3000
MAX_LINKS = 10
