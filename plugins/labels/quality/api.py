"""REST routes of a teacher's National Quality Label applications, mounted at
``/api/v1/quality-labels/``.

Every route needs a session (django-ninja answers 401 without one and checks the CSRF
token). Applying and withdrawing go through ``plugins.labels.quality.services``: its
``PermissionDenied`` answers 403 and its ``ValidationError`` 422, each with the
service's own message, and nothing changes.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_params import Id, Pagination
from plugins.labels.models import QualityLabelApplication
from plugins.labels.quality import services
from plugins.labels.quality.policy import Action, refusal
from plugins.labels.quality.queries import applications_of, school_year_label

router = Router()


class ErrorOut(Schema):
    detail: str


class ApplicationOut(Schema):
    id: int
    project_id: int
    project_title: str
    school_year: str = Field(description="As teachers write it: 2026/27.")
    state: str = Field(
        description="submitted, under_evaluation, awarded, not_awarded or withdrawn."
    )
    state_label: str
    submitted_at: datetime
    withdrawn_at: datetime | None
    eligibility: dict[str, bool]
    evidence: dict[str, dict] = Field(
        description="Per criterion: {text, links}, the links as the applicant gave them."
    )
    url: str

    @staticmethod
    def resolve_school_year(application: QualityLabelApplication) -> str:
        return school_year_label(application.school_year)

    @staticmethod
    def resolve_state_label(application: QualityLabelApplication) -> str:
        return str(application.get_state_display())

    @staticmethod
    def resolve_url(application: QualityLabelApplication) -> str:
        return reverse("quality_labels:detail", args=[application.pk])


class EvidenceIn(Schema):
    text: str = ""
    links: list[str] = []


class ApplyIn(Schema):
    project_id: Id
    eligibility: dict[str, bool] = Field(description="Each eligibility question's key: true.")
    evidence: dict[str, EvidenceIn] = Field(description="Each criterion's key: {text, links}.")


@router.get("/mine", response=list[ApplicationOut], auth=django_auth, summary="My applications")
@paginate(Pagination)
def my_applications(request):
    return applications_of(request.user)


@router.post(
    "/",
    response={201: ApplicationOut, 403: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Apply for the National Quality Label for one of my projects",
)
def apply(request, payload: ApplyIn):
    try:
        application = services.apply_for_quality_label(
            actor=request.user,
            project_id=payload.project_id,
            eligibility=payload.eligibility,
            evidence={key: given.dict() for key, given in payload.evidence.items()},
        )
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(201, application)


@router.post(
    "/{id:application_id}/withdraw",
    response={200: ApplicationOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Withdraw my application before its evaluation starts",
)
def withdraw(request, application_id: Id):
    application = QualityLabelApplication.objects.filter(pk=application_id).first()
    if application is None or refusal(request.user, application, Action.VIEW) is not None:
        raise HttpError(404, _("There is no such application."))
    try:
        application = services.withdraw_application(actor=request.user, application=application)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(200, application)
