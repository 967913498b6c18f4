"""REST routes of the teacher's support requests (mounted by hooks.py).

``/api/v1/support/…``: my questions to the National Support Service.
Session authentication (CSRF checked on unsafe methods); pupils get 403.
The account routes (``/api/v1/account/…``) live in core.accounts.api.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from core.accounts.api import ErrorOut
from core.accounts.api import error_response as _error_response
from core.accounts.api import not_a_pupil as _not_a_pupil
from core.api_params import Id, Pagination
from core.models import SupportRequest
from core.support import services

support_router = Router(auth=django_auth)


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
