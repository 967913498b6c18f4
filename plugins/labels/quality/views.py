"""The teacher's National Quality Label pages: their applications and the projects they
may apply for, the application form, one application's page and its withdrawal."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.contrib import ProjectFacts
from core.plugins import hook
from plugins.labels.models import QualityLabelApplication
from plugins.labels.quality import criteria, services
from plugins.labels.quality.forms import ApplicationForm
from plugins.labels.quality.policy import Action, refusal
from plugins.labels.quality.queries import applications_of, projects_of, school_year_label

MAX_APPLICATIONS_LISTED = 100


@dataclass(frozen=True)
class ProjectChoice:
    """One of the teacher's projects, and why they may not apply for it (or ``None``)."""

    facts: ProjectFacts
    refusal: str | None


def error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    applications = list(applications_of(request.user)[:MAX_APPLICATIONS_LISTED])
    now = timezone.now()
    state = services.applicant_state(request.user, now)
    choices = [
        ProjectChoice(
            facts,
            services.application_refusal(
                request.user, facts.project_id, now=now, facts=facts, state=state
            ),
        )
        for facts in projects_of(request.user)
    ]
    return render(
        request,
        "labels/quality/list.html",
        {
            "items": [
                (application, school_year_label(application.school_year))
                for application in applications
            ],
            "choices": choices,
        },
    )


def _form_errors(form: ApplicationForm, error: ValidationError) -> None:
    """The service's messages on the fields they are about (the rest above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, field_errors in error.message_dict.items():
        form.add_error(key if key in form.fields else None, field_errors)


@login_required
def apply(request: HttpRequest, project_id: int) -> HttpResponse:
    facts = hook().get_project_facts(project_id=project_id)
    reason = services.application_refusal(request.user, project_id)
    # A project the person does not teach in is not named to them.
    title = facts.title if facts is not None and request.user.pk in facts.teacher_ids else None
    if request.method != "POST":
        return render(
            request,
            "labels/quality/apply.html",
            {"form": None if reason else ApplicationForm(), "refusal": reason, "title": title},
        )
    form = ApplicationForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            application = services.apply_for_quality_label(
                actor=request.user,
                project_id=project_id,
                eligibility=form.eligibility(),
                evidence=form.evidence(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        except PermissionDenied as error:
            reason = error_text(error)
            status = 403
        else:
            messages.success(
                request,
                _(
                    "Your application is sent. Your National Support Service will tell you "
                    "the outcome."
                ),
            )
            return redirect("quality_labels:detail", application.pk)
    elif reason:
        status = 403
    return render(
        request,
        "labels/quality/apply.html",
        {"form": form, "refusal": reason, "title": title},
        status=status,
    )


def _application_for(request: HttpRequest, pk: int) -> QualityLabelApplication:
    application = (
        QualityLabelApplication.objects.select_related("school", "country").filter(pk=pk).first()
    )
    if application is None or refusal(request.user, application, Action.VIEW) is not None:
        raise Http404
    return application


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    answers = [
        (question, bool(application.eligibility.get(question.key)))
        for question in criteria.ELIGIBILITY
    ]
    evidence = [
        (criterion, application.evidence.get(criterion.key) or {})
        for criterion in criteria.CRITERIA
    ]
    facts = hook().get_project_facts(project_id=application.project_id)
    return render(
        request,
        "labels/quality/detail.html",
        {
            "application": application,
            "school_year": school_year_label(application.school_year),
            "answers": answers,
            "evidence": evidence,
            "project_url": facts.url if facts is not None else "",
            "may_withdraw": refusal(request.user, application, Action.WITHDRAW) is None,
        },
    )


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk)
    try:
        services.withdraw_application(actor=request.user, application=application)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("quality_labels:detail", application.pk)
