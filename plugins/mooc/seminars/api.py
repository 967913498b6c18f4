"""REST routes of online seminars, mounted at ``/api/v1/seminars/``.

Announced seminars are open to everyone; a draft exists only for its organisers (anyone
else gets 404). Registering and cancelling need a session (django-ninja answers 401
without one and checks the CSRF token). Every change goes through
``plugins.mooc.seminars.services``: its ``PermissionDenied`` (the policy's refusal, for
the role or the time) answers 403 and its ``ValidationError`` 422, each with the
service's own message. The live link is never given here: it is joined on the site,
which records attendance.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_params import Id, Pagination
from core.models import SeatClaim
from core.sanitiser import plain_text
from core.seats import waiting_position
from plugins.mooc.models import Seminar
from plugins.mooc.seminars import queries, services
from plugins.mooc.seminars.policy import Action, access_for

router = Router()

LISTS = {
    "upcoming": queries.upcoming_seminars,
    "open": queries.open_seminars,
    "past": queries.past_seminars,
}


class ErrorOut(Schema):
    detail: str


class SpeakerOut(Schema):
    name: str
    affiliation: str


class SeminarOut(Schema):
    id: int
    title: str
    description: str = Field(description="Plain text.")
    language: str = Field(description="The language's code (ISO 639-1).")
    country: str | None = Field(
        description="The organising NSS's country code; null for a European seminar."
    )
    speakers: list[SpeakerOut]
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    registration_opens_at: datetime
    registration_closes_at: datetime
    capacity: int
    seats_taken: int
    phase: str = Field(description="draft, announced, registration_open, live, ended or cancelled.")
    has_recording: bool = Field(description="A published recording exists.")
    url: str

    @staticmethod
    def resolve_description(seminar: Seminar) -> str:
        return plain_text(seminar.description)

    @staticmethod
    def resolve_language(seminar: Seminar) -> str:
        return seminar.language.code

    @staticmethod
    def resolve_country(seminar: Seminar) -> str | None:
        return seminar.country.code if seminar.country_id else None

    @staticmethod
    def resolve_speakers(seminar: Seminar) -> list[dict]:
        return [
            {"name": speaker.name, "affiliation": speaker.affiliation}
            for speaker in seminar.speakers.all()
        ]

    @staticmethod
    def resolve_seats_taken(seminar: Seminar) -> int:
        return seminar.seat_offer.taken if seminar.seat_offer_id else 0

    @staticmethod
    def resolve_phase(seminar: Seminar) -> str:
        return str(seminar.phase())

    @staticmethod
    def resolve_has_recording(seminar: Seminar) -> bool:
        return bool(seminar.has_recording)

    @staticmethod
    def resolve_url(seminar: Seminar) -> str:
        return seminar.get_absolute_url()


class RegistrationOut(Schema):
    status: str = Field(description="seated or waiting.")
    waiting_position: int | None = Field(description="1 is the next in line; null when seated.")
    detail: str


class DetailOut(Schema):
    detail: str


def with_details(queryset: QuerySet[Seminar]) -> QuerySet[Seminar]:
    """What the schemas read, in a fixed number of queries whatever the page holds."""
    return queries.with_recording_flag(
        queryset.select_related("language", "country", "seat_offer").prefetch_related("speakers")
    )


def _seminar(request, seminar_id: int) -> Seminar:
    """The seminar, or 404 for an unknown one and for a draft the person may not see."""
    seminar = with_details(Seminar.objects.filter(pk=seminar_id)).first()
    if seminar is None or not access_for(request.user, seminar).can(Action.VIEW):
        raise HttpError(404, _("There is no such seminar."))
    return seminar


@router.get("/", response=list[SeminarOut], summary="Online seminars: upcoming, open or past")
@paginate(Pagination)
def list_seminars(
    request,
    show: str = Query(
        "upcoming", pattern="^(upcoming|open|past)$", description="upcoming, open or past."
    ),
):
    return with_details(LISTS[show]())


@router.get("/{id:seminar_id}", response={200: SeminarOut, 404: ErrorOut}, summary="A seminar")
def seminar_detail(request, seminar_id: Id):
    return _seminar(request, seminar_id)


@router.post(
    "/{id:seminar_id}/register",
    response={201: RegistrationOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Register for a seminar: a seat, or a place on the waiting list",
)
def register(request, seminar_id: Id):
    seminar = _seminar(request, seminar_id)
    try:
        claim = services.register(actor=request.user, seminar=seminar)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    if claim.status == SeatClaim.Status.SEATED:
        return Status(
            201,
            {"status": claim.status, "waiting_position": None, "detail": _("You have a seat.")},
        )
    position = waiting_position(claim)
    return Status(
        201,
        {
            "status": claim.status,
            "waiting_position": position,
            "detail": _("The seminar is full: you are number %(position)d on the waiting list.")
            % {"position": position or 0},
        },
    )


@router.post(
    "/{id:seminar_id}/cancel",
    response={200: DetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Cancel my registration (or leave the waiting list)",
)
def cancel(request, seminar_id: Id):
    seminar = _seminar(request, seminar_id)
    try:
        services.cancel_registration(actor=request.user, seminar=seminar)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(200, {"detail": _("Your registration is cancelled.")})
