"""REST routes of the teacher's own account (mounted by hooks.py).

``/api/v1/account/…``: my profile and my registration status.
Session authentication (CSRF checked on unsafe methods); pupils get 403.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth
from pydantic import ConfigDict

from core.accounts import services
from core.models import User, ValidationRequest

account_router = Router(auth=django_auth)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def not_a_pupil(request) -> User:
    """The requesting user, unless a pupil (403: this part of the API is for adults)."""
    if request.user.is_pupil:
        raise HttpError(403, _("Pupils have no access to this part of the API."))
    return request.user


def error_response(error: ValidationError) -> Status:
    """A 422 answer with the messages of ``error``, keyed by field where it has fields."""
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
    language: str | None = Field(
        None, description="Interface language code; empty: the browser's language."
    )


def _profile(user: User) -> User:
    return User.objects.select_related("school").get(pk=user.pk)


@account_router.get("/profile", response=ProfileOut, summary="My public profile")
def get_profile(request):
    return _profile(not_a_pupil(request))


@account_router.patch(
    "/profile", response={200: ProfileOut, 422: ErrorOut}, summary="Change my public profile"
)
def patch_profile(request, payload: ProfilePatchIn):
    user = not_a_pupil(request)
    try:
        services.update_profile(actor=user, **payload.model_dump(exclude_unset=True))
    except ValidationError as error:
        return error_response(error)
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
    user = _profile(not_a_pupil(request))
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
