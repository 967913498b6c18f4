"""REST routes of the teacher's account and support requests (mounted by hooks.py).

``/api/v1/account/…``: my profile and my registration status;
``/api/v1/support/…``: my questions to the National Support Service.
Session authentication (CSRF checked on unsafe methods); pupils get 403.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth
from pydantic import ConfigDict

from core.api_params import Id, Pagination
from core.models import SupportRequest, User, ValidationRequest
from core.support import services

account_router = Router(auth=django_auth)
support_router = Router(auth=django_auth)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _not_a_pupil(request) -> User:
    if request.user.is_pupil:
        raise HttpError(403, _("Pupils have no access to this part of the API."))
    return request.user


def _error_response(error: ValidationError) -> Status:
    errors = error.message_dict if hasattr(error, "error_dict") else {}
    return Status(422, {"detail": " ".join(error.messages), "errors": errors})


# --- account: profile --------------------------------------------------------------


class CodeNameOut(Schema):
    code: str
    name: str


class ProfileOut(Schema):
    username: str
    first_name: str
    last_name: str
    bio: str
    subjects: list[CodeNameOut]
    languages: list[CodeNameOut]
    listed_in_search: bool
    language: str
    school_id: int | None
    school_name: str | None
    school_role: str

    @staticmethod
    def resolve_subjects(user: User) -> list:
        return list(user.subjects.all())

    @staticmethod
    def resolve_languages(user: User) -> list:
        return list(user.languages.all())

    @staticmethod
    def resolve_school_name(user: User) -> str | None:
        return user.school.name if user.school_id else None


class ProfilePatchIn(Schema):
    """Only the fields given change; the username cannot be changed (not accepted here)."""

    model_config = ConfigDict(extra="forbid")

    first_name: str | None = None
    last_name: str | None = None
    bio: str | None = None
    listed_in_search: bool | None = None
    subjects: list[str] | None = Field(None, description="Subject codes; replaces the list.")
    languages: list[str] | None = Field(None, description="Language codes; replaces the list.")


def _profile(user: User) -> User:
    return User.objects.select_related("school").get(pk=user.pk)


@account_router.get("/profile", response=ProfileOut, summary="My public profile")
def get_profile(request):
    return _profile(_not_a_pupil(request))


@account_router.patch(
    "/profile", response={200: ProfileOut, 422: ErrorOut}, summary="Change my public profile"
)
def patch_profile(request, payload: ProfilePatchIn):
    user = _not_a_pupil(request)
    try:
        services.update_own_profile(actor=user, **payload.model_dump(exclude_unset=True))
    except ValidationError as error:
        return _error_response(error)
    return Status(200, _profile(user))


# --- account: registration status --------------------------------------------------


class RegistrationOut(Schema):
    state: str
    email_verified: bool
    school_id: int | None
    school_name: str | None
    validation_status: str | None = Field(description="Status of my latest validation request.")
    validation_requested_at: datetime | None
    next_step: Literal[
        "verify_email",
        "complete_profile",
        "wait_for_head_teacher",
        "wait_for_nss",
        "none",
        "contact_nss",
    ]


@account_router.get(
    "/registration", response=RegistrationOut, summary="Where my registration stands"
)
def registration(request):
    user = _profile(_not_a_pupil(request))
    latest = ValidationRequest.objects.filter(user=user).order_by("-created_at", "-pk").first()
    return {
        "state": user.state,
        "email_verified": user.email_verified_at is not None,
        "school_id": user.school_id,
        "school_name": user.school.name if user.school_id else None,
        "validation_status": latest.status if latest else None,
        "validation_requested_at": latest.created_at if latest else None,
        "next_step": services.registration_next_step(user, latest),
    }


# --- support requests ----------------------------------------------------------------


class SupportRequestIn(Schema):
    topic: SupportRequest.Topic
    question: str = Field(description="Plain text, at most 5000 characters.")
    project_title: str = ""


class SupportRequestSummaryOut(Schema):
    id: int
    topic: str
    project_title: str
    question: str
    status: str
    country: str = Field(alias="country.code")
    created_at: datetime
    updated_at: datetime


class SupportMessageOut(Schema):
    author_name: str
    from_teacher: bool
    body: str
    created_at: datetime


class SupportRequestOut(SupportRequestSummaryOut):
    messages: list[SupportMessageOut]

    @staticmethod
    def resolve_messages(support_request: SupportRequest) -> list[dict]:
        return [
            {
                "author_name": message.author.display_name() if message.author else "",
                "from_teacher": message.author_id == support_request.teacher_id,
                "body": message.body,
                "created_at": message.created_at,
            }
            for message in support_request.messages.select_related("author")
        ]


@support_router.get(
    "/requests", response=list[SupportRequestSummaryOut], summary="My support requests"
)
@paginate(Pagination)
def list_requests(request):
    user = _not_a_pupil(request)
    return (
        SupportRequest.objects.filter(teacher=user)
        .select_related("country")
        .order_by("-updated_at", "-pk")
    )


@support_router.post(
    "/requests",
    response={201: SupportRequestOut, 403: ErrorOut, 422: ErrorOut},
    summary="Ask my National Support Service",
)
def create_request(request, payload: SupportRequestIn):
    user = _not_a_pupil(request)
    try:
        support_request = services.open_support_request(
            actor=user,
            topic=payload.topic.value,
            question=payload.question,
            project_title=payload.project_title,
        )
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return _error_response(error)
    return Status(201, support_request)


@support_router.get(
    "/requests/{id:request_id}", response=SupportRequestOut, summary="One of my support requests"
)
def get_request(request, request_id: Id):
    user = _not_a_pupil(request)
    return get_object_or_404(
        SupportRequest.objects.select_related("country"), pk=request_id, teacher=user
    )
