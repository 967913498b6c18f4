"""Every change to National Quality Label windows and applications.

Each service checks who may act (``quality.policy``) and the domain rule (DOMAIN.md §7),
runs in one transaction with its audit entry and its notifications, and holds its
invariants in the database: one live application per teacher and project, and the
applications of a school year numbered 1, 2, … per teacher with a unique number, so two
applications sent at once cannot both pass the yearly limit.
"""

from __future__ import annotations

from datetime import datetime

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
from plugins.labels.models import ApplicationWindow, QualityLabelApplication
from plugins.labels.quality import criteria, notifications
from plugins.labels.quality.policy import Action, refusal, window_refusal

WINDOW_SET = "labels.nql_window_set"
APPLICATION_SUBMITTED = "labels.nql_application_submitted"
APPLICATION_WITHDRAWN = "labels.nql_application_withdrawn"

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


def application_refusal(user: User, project_id: int, *, now: datetime | None = None) -> str | None:
    """Why ``user`` may not apply for the National Quality Label for ``project_id`` now
    (translated), or ``None``. The page, the API and the service give this one reason."""
    now = now or timezone.now()
    if not user.is_authenticated or not user.is_validated_teacher:
        return _("Only validated teachers can apply for the National Quality Label.")
    facts = _project(project_id)
    if facts is None or user.pk not in facts.teacher_ids:
        return _("You can apply only for a project you teach in.")
    if not facts.is_european:
        return _(
            "The National Quality Label is for European projects, with partner schools in "
            "other countries: this project is national."
        )
    if facts.approved_at is None or facts.state not in APPROVED_STATES:
        return _("The project must be approved before it can be labelled.")
    country_id = user.school.country_id if user.school_id else None
    window = open_window(country_id, now)
    if window is None:
        upcoming = next_window(country_id, now)
        if upcoming is not None:
            return _("Applications open on %(date)s.") % {"date": format_when(upcoming.opens_at)}
        return _("Applications for the National Quality Label are closed in your country.")
    if (
        QualityLabelApplication.objects.filter(applicant=user, project_id=project_id)
        .exclude(state=State.WITHDRAWN)
        .exists()
    ):
        return _("You have already applied for the National Quality Label for this project.")
    made = QualityLabelApplication.objects.filter(
        applicant=user, school_year=window.school_year
    ).count()
    if made >= max_applications_per_year():
        return _("You have made %(count)d applications this school year, the most allowed.") % {
            "count": made
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
