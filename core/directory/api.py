"""The directory's REST API, mounted at ``/api/v1/directory/``.

Search is public and obeys the same rules as the search page; contacts need a
session (and the CSRF token on POST).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from core.api_params import Id
from core.bounds import MAX_ID
from core.contrib import SearchQuery
from core.directory import services
from core.directory.search import listed_teachers
from core.models import ContactRequest
from core.search import FILTER_NAMES, search_pages

PER_PAGE = 20

router = Router()


class SearchParams(Schema):
    q: str = ""
    kind: str = ""
    country: str = ""
    level: str = ""
    age: int | None = None
    subject: str = ""
    language: str = ""
    page: int = Field(1, ge=1, le=MAX_ID)


class ResultOut(Schema):
    title: str
    url: str
    summary: str
    kind: str


class SectionOut(Schema):
    kind: str
    label: str
    count: int
    page: int
    num_pages: int
    results: list[ResultOut]


class SearchOut(Schema):
    sections: list[SectionOut]


class PersonOut(Schema):
    username: str
    name: str
    school: str | None
    country: str | None


class ContactRequestOut(Schema):
    id: int
    sender: PersonOut
    recipient: PersonOut
    status: str
    message: str
    created_at: datetime


class ContactsOut(Schema):
    contacts: list[PersonOut]
    received: list[ContactRequestOut]
    sent: list[ContactRequestOut]


class ContactRequestIn(Schema):
    username: str
    message: str = ""


class ErrorOut(Schema):
    detail: str


def person_out(user) -> dict:
    school = user.school
    return {
        "username": user.username,
        "name": user.display_name(),
        "school": school.name if school else None,
        "country": school.country.display_name if school else None,
    }


def request_out(contact_request: ContactRequest) -> dict:
    return {
        "id": contact_request.pk,
        "sender": person_out(contact_request.sender),
        "recipient": person_out(contact_request.recipient),
        "status": contact_request.status,
        "message": contact_request.message,
        "created_at": contact_request.created_at,
    }


@router.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut},
    summary="Search schools, people and projects (public)",
    auth=None,
)
def search(request, params: Query[SearchParams]):
    if params.age is not None and not 3 <= params.age <= 19:
        raise HttpError(400, "The pupils' age is a number from 3 to 19.")
    filters = {
        name: str(value)
        for name in FILTER_NAMES
        if (value := getattr(params, name)) not in (None, "")
    }
    query = SearchQuery(text=params.q, filters=filters, user=request.user)
    sections = search_pages(
        query,
        kinds={params.kind} if params.kind else None,
        page=params.page,
        per_page=PER_PAGE,
    )
    return {
        "sections": [
            {
                "kind": section.provider.key,
                "label": str(section.provider.label),
                "count": section.page.paginator.count,
                "page": section.page.number,
                "num_pages": section.page.paginator.num_pages,
                "results": [vars(result) for result in section.page.object_list],
            }
            for section in sections
        ]
    }


def _requests(**filters):
    return ContactRequest.objects.filter(
        status=ContactRequest.Status.PENDING, **filters
    ).select_related("sender__school__country", "recipient__school__country")


@router.get(
    "/contacts", response=ContactsOut, summary="My contacts and pending requests", auth=django_auth
)
def contacts(request):
    user = request.user
    return {
        "contacts": [person_out(contact) for contact in services.contacts_of(user)],
        "received": [request_out(r) for r in _requests(recipient=user)],
        "sent": [request_out(r) for r in _requests(sender=user)],
    }


def _call(service, **kwargs) -> dict:
    try:
        return request_out(service(**kwargs))
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error
    except PermissionDenied as error:
        raise HttpError(403, str(error) or "Forbidden") from error


@router.post(
    "/contacts/requests",
    response={200: ContactRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Ask a teacher to be my contact (accepts their request if they asked first)",
    auth=django_auth,
)
def send_request(request, payload: ContactRequestIn):
    recipient = get_object_or_404(listed_teachers(), username=payload.username)
    return _call(
        services.send_contact_request,
        actor=request.user,
        recipient=recipient,
        message=payload.message,
    )


@router.post(
    "/contacts/requests/{id:request_id}/accept",
    response={200: ContactRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Accept a contact request I received",
    auth=django_auth,
)
def accept_request(request, request_id: Id):
    contact_request = get_object_or_404(ContactRequest, pk=request_id, recipient=request.user)
    return _call(
        services.accept_contact_request, actor=request.user, contact_request=contact_request
    )


@router.post(
    "/contacts/requests/{id:request_id}/decline",
    response={200: ContactRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Decline a contact request I received",
    auth=django_auth,
)
def decline_request(request, request_id: Id):
    contact_request = get_object_or_404(ContactRequest, pk=request_id, recipient=request.user)
    return _call(
        services.decline_contact_request, actor=request.user, contact_request=contact_request
    )
