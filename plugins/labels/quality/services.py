"""Every change to National Quality Label windows and applications.

Each service checks who may act (``quality.policy``) and the domain rule (DOMAIN.md §7),
runs in one transaction with its audit entry and its notifications, and holds its
invariants in the database: one live application per teacher and project, and the
applications of a school year numbered 1, 2, … per teacher with a unique number, so two
applications sent at once cannot both pass the yearly limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, input_checks
from core.contrib import ProjectFacts
from core.dates import format_when
from core.models import Country, User
from core.plugins import hook
from core.staff import regional_representatives_of_region, serves_country, serves_region
from plugins.labels.awards.services import Issuer, issue_award
from plugins.labels.models import (
    ApplicationWindow,
    Award,
    Evaluation,
    QualityLabelApplication,
    SubjectType,
)
from plugins.labels.quality import criteria, notifications, rubric
from plugins.labels.quality.policy import Action, refusal, window_refusal

WINDOW_SET = "labels.nql_window_set"
APPLICATION_SUBMITTED = "labels.nql_application_submitted"
APPLICATION_WITHDRAWN = "labels.nql_application_withdrawn"
APPLICATION_SCORED = "labels.nql_application_scored"
APPLICATION_DECIDED = "labels.nql_application_decided"

MAX_COMMENT_LENGTH = 3000
# How long an evaluator may read the project's TwinSpace as a guest.
EVALUATOR_ACCESS_DAYS = 90

State = QualityLabelApplication.State
# Project states in which a project has been approved (ProjectFacts.state).
APPROVED_STATES = frozenset({"active", "closed", "archived"})


def school_year_of(moment: datetime) -> int:
    """The school year ``moment`` falls in, named by the year it starts in."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    start_month = settings.OPENTWIN_SCHOOL_YEAR_START_MONTH
    return local.year if local.month >= start_month else local.year - 1


def max_applications_per_year() -> int:
    return settings.OPENTWIN_NQL_MAX_APPLICATIONS_PER_YEAR


# --- windows -------------------------------------------------------------------------


def set_window(
    *, actor: User, country: Country, school_year: int, opens_at: datetime, closes_at: datetime
) -> ApplicationWindow:
    """The NSS opens (or moves) its country's application window for ``school_year``."""
    reason = window_refusal(actor, country.pk)
    if reason:
        raise PermissionDenied(reason)
    if not 2000 <= int(school_year) <= 2100:
        raise ValidationError({"school_year": _("Give the year the school year starts in.")})
    opens_at = input_checks.moment(opens_at, "opens_at")
    closes_at = input_checks.moment(closes_at, "closes_at")
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The window must close after it opens.")})
    with transaction.atomic():
        window, created = ApplicationWindow.objects.update_or_create(
            country=country,
            school_year=school_year,
            defaults={"opens_at": opens_at, "closes_at": closes_at},
            create_defaults={
                "opens_at": opens_at,
                "closes_at": closes_at,
                "created_by": actor,
            },
        )
        audit.record(
            WINDOW_SET,
            actor=actor,
            target=window,
            country=country.code,
            school_year=school_year,
            opens=opens_at.isoformat(),
            closes=closes_at.isoformat(),
            created=created,
        )
    return window


def open_window(country_id: int | None, now: datetime) -> ApplicationWindow | None:
    """The window of ``country_id`` open at ``now`` (from its first second, until its
    close, exclusive)."""
    if country_id is None:
        return None
    return (
        ApplicationWindow.objects.filter(
            country_id=country_id, opens_at__lte=now, closes_at__gt=now
        )
        .order_by("-school_year")
        .first()
    )


def next_window(country_id: int | None, now: datetime) -> ApplicationWindow | None:
    if country_id is None:
        return None
    return (
        ApplicationWindow.objects.filter(country_id=country_id, opens_at__gt=now)
        .order_by("opens_at")
        .first()
    )


# --- applying ------------------------------------------------------------------------


def _project(project_id: int) -> ProjectFacts | None:
    return hook().get_project_facts(project_id=project_id)


@dataclass(frozen=True)
class ApplicantState:
    """What the refusals need to know about one teacher, read once (for a page listing
    all their projects): their country's open and next window, the projects they hold a
    live application for, and how many they made in the open window's school year."""

    window: ApplicationWindow | None
    upcoming: ApplicationWindow | None
    applied: frozenset[int]
    made: int


def applicant_state(user: User, now: datetime) -> ApplicantState:
    country_id = user.school.country_id if user.school_id else None
    window = open_window(country_id, now)
    mine = QualityLabelApplication.objects.filter(applicant=user)
    return ApplicantState(
        window=window,
        upcoming=None if window is not None else next_window(country_id, now),
        applied=frozenset(mine.exclude(state=State.WITHDRAWN).values_list("project_id", flat=True)),
        made=mine.filter(school_year=window.school_year).count() if window is not None else 0,
    )


def application_refusal(
    user: User,
    project_id: int,
    *,
    now: datetime | None = None,
    facts: ProjectFacts | None = None,
    state: ApplicantState | None = None,
) -> str | None:
    """Why ``user`` may not apply for the National Quality Label for ``project_id`` now
    (translated), or ``None``. The page, the API and the service give this one reason.
    A page listing many projects passes each one's ``facts`` and the teacher's ``state``
    (:func:`applicant_state`), read once."""
    now = now or timezone.now()
    if not user.is_authenticated or not user.is_validated_teacher:
        return _("Only validated teachers can apply for the National Quality Label.")
    facts = facts if facts is not None else _project(project_id)
    if facts is None or user.pk not in facts.teacher_ids:
        return _("You can apply only for a project you teach in.")
    if not facts.is_european:
        return _(
            "The National Quality Label is for European projects, with partner schools in "
            "other countries: this project is national."
        )
    if facts.approved_at is None or facts.state not in APPROVED_STATES:
        return _("The project must be approved before it can be labelled.")
    state = state or applicant_state(user, now)
    if state.window is None:
        if state.upcoming is not None:
            return _("Applications open on %(date)s.") % {
                "date": format_when(state.upcoming.opens_at)
            }
        return _("Applications for the National Quality Label are closed in your country.")
    if project_id in state.applied:
        return _("You have already applied for the National Quality Label for this project.")
    if state.made >= max_applications_per_year():
        return _("You have made %(count)d applications this school year, the most allowed.") % {
            "count": state.made
        }
    return None


def _clean_eligibility(answers) -> dict[str, bool]:
    answers = answers or {}
    cleaned = {}
    for question in criteria.ELIGIBILITY:
        answer = answers.get(question.key)
        if answer is None:
            raise ValidationError(
                {question.key: _("Answer each eligibility question with yes or no.")}
            )
        if answer is not True:
            raise ValidationError({question.key: str(question.refusal)})
        cleaned[question.key] = True
    return cleaned


def _clean_evidence(evidence) -> dict[str, dict]:
    evidence = evidence or {}
    cleaned = {}
    for criterion in criteria.CRITERIA:
        given = evidence.get(criterion.key) or {}
        text = input_checks.text(
            given.get("text"),
            field=f"{criterion.key}_text",
            limit=criteria.MAX_EVIDENCE_LENGTH,
            required=_("Describe the evidence for “%(criterion)s”.")
            % {"criterion": criterion.title},
        )
        links = [link for link in (given.get("links") or []) if (link or "").strip()]
        if len(links) > criteria.MAX_LINKS:
            raise ValidationError(
                {
                    f"{criterion.key}_links": _("Give at most %(max)d links.")
                    % {"max": criteria.MAX_LINKS}
                }
            )
        cleaned[criterion.key] = {
            "text": text,
            "links": [
                input_checks.web_link(link, field=f"{criterion.key}_links", required=None)
                for link in links
            ],
        }
    return cleaned


def apply_for_quality_label(
    *, actor: User, project_id: int, eligibility, evidence
) -> QualityLabelApplication:
    """A teacher applies for the National Quality Label for one of their projects:
    every eligibility answer yes, evidence for each of the five criteria."""
    now = timezone.now()
    reason = application_refusal(actor, project_id, now=now)
    if reason:
        raise PermissionDenied(reason)
    answers = _clean_eligibility(eligibility)
    cleaned = _clean_evidence(evidence)
    facts = _project(project_id)
    window = open_window(actor.school.country_id, now)
    try:
        with transaction.atomic():
            made = (
                QualityLabelApplication.objects.filter(
                    applicant=actor, school_year=window.school_year
                ).aggregate(last=Max("number_in_year"))["last"]
                or 0
            )
            if made >= max_applications_per_year():
                raise PermissionDenied(application_refusal(actor, project_id, now=now))
            application = QualityLabelApplication.objects.create(
                applicant=actor,
                project_id=project_id,
                project_title=facts.title,
                country_id=actor.school.country_id,
                school=actor.school,
                window=window,
                school_year=window.school_year,
                number_in_year=made + 1,
                eligibility=answers,
                evidence=cleaned,
                submitted_at=now,
            )
            audit.record(
                APPLICATION_SUBMITTED,
                actor=actor,
                target=application,
                project_id=project_id,
                school_year=window.school_year,
            )
            notifications.notify_submitted(application)
    except IntegrityError as error:
        # A second click, or another application sent at the same moment.
        raise PermissionDenied(
            application_refusal(actor, project_id, now=now)
            or _("Your application was already received.")
        ) from error
    return application


def withdraw_application(*, actor: User, application: QualityLabelApplication):
    """The applicant withdraws an application the evaluators have not started."""
    reason = refusal(actor, application, Action.WITHDRAW)
    if reason:
        raise PermissionDenied(reason)
    now = timezone.now()
    with transaction.atomic():
        changed = QualityLabelApplication.objects.filter(
            pk=application.pk, state=State.SUBMITTED
        ).update(state=State.WITHDRAWN, withdrawn_at=now)
        if not changed:
            raise ValidationError(_("This application can no longer be withdrawn."))
        application.refresh_from_db()
        audit.record(APPLICATION_WITHDRAWN, actor=actor, target=application)
    return application


# --- evaluation ----------------------------------------------------------------------


def evaluator_role(user: User, application: QualityLabelApplication) -> str | None:
    """``"nss"`` for the NSS of the application's country, ``"regional"`` for the regional
    representative of the applicant's school's region, else ``None``."""
    if not user.is_authenticated:
        return None
    if serves_country(user, application.country_id):
        return Evaluation.Role.NSS
    region_id = application.school.region_id if application.school_id else None
    if region_id is not None and serves_region(user, region_id):
        return Evaluation.Role.REGIONAL
    return None


def needs_regional_score(application: QualityLabelApplication) -> bool:
    """Whether the regional representative scores too: the applicant's school has a
    region, and that region has a representative."""
    region_id = application.school.region_id if application.school_id else None
    return regional_representatives_of_region(region_id).exists()


def open_project_for_evaluator(*, actor: User, application: QualityLabelApplication) -> bool:
    """Ask the project's plugin to let the evaluator read its TwinSpace as a guest (for
    ``EVALUATOR_ACCESS_DAYS``). Returns whether the space is open to them."""
    if evaluator_role(actor, application) is None:
        raise PermissionDenied(_("Only the evaluators of this application can open its project."))
    until = timezone.now() + timedelta(days=EVALUATOR_ACCESS_DAYS)
    granted = hook().request_guest_access(
        project_id=application.project_id, user=actor, until=until
    )
    return bool(granted)


def _clean_scores(scores, items) -> dict[str, int]:
    scores = scores or {}
    cleaned = {}
    errors = {}
    for item in items:
        value = scores.get(item.key)
        try:
            points = int(value)
        except (TypeError, ValueError):
            points = None
        if points is None or isinstance(value, bool) or not 0 <= points <= item.max_points:
            errors[item.key] = _("Give from 0 to %(max)d points.") % {"max": item.max_points}
            continue
        cleaned[item.key] = points
    if errors:
        raise ValidationError(errors)
    return cleaned


def score_application(
    *, actor: User, application: QualityLabelApplication, scores, comment: str = ""
) -> Evaluation:
    """An evaluator scores every sub-criterion of the rubric (and may say more in a
    comment); scoring again replaces their earlier scores until the decision."""
    role = evaluator_role(actor, application)
    if role is None:
        raise PermissionDenied(
            _(
                "Only the National Support Service of the applicant's country and the regional "
                "representative of their school's region evaluate this application."
            )
        )
    if application.state not in (State.SUBMITTED, State.UNDER_EVALUATION):
        raise ValidationError(_("This application is decided or withdrawn: it is not scored."))
    items = rubric.items()
    if not items:
        raise ValidationError(
            _("The rubric has no sub-criteria yet: the Central Support Service sets it up first.")
        )
    cleaned = _clean_scores(scores, items)
    comment = input_checks.text(comment, field="comment", limit=MAX_COMMENT_LENGTH, required=None)
    now = timezone.now()
    with transaction.atomic():
        QualityLabelApplication.objects.filter(pk=application.pk, state=State.SUBMITTED).update(
            state=State.UNDER_EVALUATION
        )
        if not QualityLabelApplication.objects.filter(
            pk=application.pk, state=State.UNDER_EVALUATION
        ).exists():
            raise ValidationError(_("This application is decided or withdrawn: it is not scored."))
        evaluation, _created = Evaluation.objects.update_or_create(
            application=application,
            evaluator=actor,
            defaults={"role": role, "scores": cleaned, "comment": comment, "submitted_at": now},
        )
        audit.record(
            APPLICATION_SCORED,
            actor=actor,
            target=application,
            role=role,
            total=sum(cleaned.values()),
        )
    application.refresh_from_db()
    return evaluation


def combined_scores(application: QualityLabelApplication) -> rubric.Combined:
    """The evaluators' scores combined by the setting's rule, with the minimums missed."""
    evaluations = [(e.role, e.scores) for e in application.evaluations.all()]
    return rubric.combine(evaluations, rubric.items())


def decision_refusal(
    user: User, application: QualityLabelApplication, *, award: bool
) -> str | None:
    """Why ``user`` may not decide ``application`` now (awarding it when ``award``)."""
    if evaluator_role(user, application) != Evaluation.Role.NSS:
        return _("Only the National Support Service of the applicant's country decides.")
    if application.state == State.SUBMITTED:
        return _("Score the application with the rubric before deciding.")
    if application.state != State.UNDER_EVALUATION:
        return _("This application is decided or withdrawn.")
    roles = set(application.evaluations.values_list("role", flat=True))
    if Evaluation.Role.NSS not in roles:
        return _("The National Support Service has not scored this application yet.")
    if needs_regional_score(application) and Evaluation.Role.REGIONAL not in roles:
        return _("The regional representative has not scored this application yet.")
    if award:
        missed = combined_scores(application).missed
        if missed:
            return _("It cannot be awarded: it has fewer than the minimum points on %(items)s.") % {
                "items": ", ".join(f"“{rubric.title(item.title)}”" for item in missed)
            }
    return None


def decide_application(
    *, actor: User, application: QualityLabelApplication, award: bool, comment: str = ""
) -> QualityLabelApplication:
    """The NSS awards the National Quality Label or not, with a comment (required when
    not awarding); the minimums hold whatever the total. Awarding issues the label to
    the applicant through the awards service; the teacher is told the outcome, the
    scores and the comments."""
    reason = decision_refusal(actor, application, award=award)
    if reason:
        raise PermissionDenied(reason)
    comment = input_checks.text(
        comment,
        field="comment",
        limit=MAX_COMMENT_LENGTH,
        required=None if award else _("Say why the label is not awarded: the teacher reads it."),
    )
    combined = combined_scores(application)
    now = timezone.now()
    with transaction.atomic():
        changed = QualityLabelApplication.objects.filter(
            pk=application.pk, state=State.UNDER_EVALUATION
        ).update(
            state=State.AWARDED if award else State.NOT_AWARDED,
            decided_at=now,
            decided_by=actor,
            scores={key: str(points) for key, points in combined.points.items()},
            total_score=combined.total,
            decision_comment=comment,
        )
        if not changed:
            raise ValidationError(_("This application is decided or withdrawn."))
        application.refresh_from_db()
        audit.record(
            APPLICATION_DECIDED,
            actor=actor,
            target=application,
            awarded=award,
            total=str(combined.total),
        )
        if award:
            issue_award(
                actor=actor,
                kind=Award.Kind.NATIONAL_QUALITY_LABEL,
                subject_type=SubjectType.PROJECT,
                subject_id=application.project_id,
                subject_title=application.project_title,
                issuer=Issuer.nss(application.country),
                user=application.applicant,
                issued_at=now,
            )
        notifications.notify_decided(application)
    return application
