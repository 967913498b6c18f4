"""REST routes of teaching meetings, mounted at ``/api/v1/meetings/``.

The announcements of published meetings are open to everyone; a draft exists only for
those who organise or train it (anyone else gets 404). Registering, cancelling and
``mine`` need a session (django-ninja answers 401 without one and checks the CSRF
token). Every change goes through ``plugins.meetings.services``: its ``PermissionDenied``
(the policy's refusal, for the role or the phase) answers 403 and its
``ValidationError`` 422, each with the service's own message.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_params import Id, Pagination
from core.models import SeatClaim
from core.sanitiser import plain_text
from core.seats import waiting_position
from plugins.meetings import queries, services
from plugins.meetings.models import Meeting
from plugins.meetings.policy import Action, access_for

router = Router()


class ErrorOut(Schema):
    detail: str


class MeetingOut(Schema):
    id: int
    title: str
    topic: str
    description: str = Field(description="Plain text.")
    language: str = Field(description="The language's code (ISO 639-1).")
    levels: list[str] = Field(description="Codes of the target levels of education.")
    country: str | None = Field(
        description="The organising NSS's country code; null for a European meeting."
    )
    trainers: list[str] = Field(description="The trainers' names.")
    capacity: int
    seats_taken: int
    state: str = Field(
        description="draft, registration_open, active, reflection or closed; an announced "
        "meeting stays in draft until its registration opens."
    )
    state_label: str
    published_at: datetime | None = Field(description="When it was announced; null for a draft.")
    registration_opens_at: datetime
    registration_closes_at: datetime
    active_starts_at: datetime
    reflection_starts_at: datetime
    closes_at: datetime
    required_contributions: int
    requires_reflection: bool
    url: str

    @staticmethod
    def resolve_description(meeting: Meeting) -> str:
        # Stored as sanitised rich text; clients get its words.
        return plain_text(meeting.description)

    @staticmethod
    def resolve_language(meeting: Meeting) -> str:
        return meeting.language.code

    @staticmethod
    def resolve_levels(meeting: Meeting) -> list[str]:
        return [level.code for level in meeting.levels.all()]

    @staticmethod
    def resolve_country(meeting: Meeting) -> str | None:
        return meeting.country.code if meeting.country_id else None

    @staticmethod
    def resolve_trainers(meeting: Meeting) -> list[str]:
        return [trainer.display_name() for trainer in meeting.trainers.all()]

    @staticmethod
    def resolve_seats_taken(meeting: Meeting) -> int:
        return meeting.seat_offer.taken if meeting.seat_offer_id else 0

    @staticmethod
    def resolve_state_label(meeting: Meeting) -> str:
        return str(meeting.get_state_display())

    @staticmethod
    def resolve_url(meeting: Meeting) -> str:
        return meeting.get_absolute_url()


class MyMeetingOut(MeetingOut):
    role: str = Field(description="trainer, participant or waiting.")

    @staticmethod
    def resolve_role(meeting: Meeting) -> str:
        if meeting.is_my_training:
            return "trainer"
        return "participant" if meeting.my_claim == SeatClaim.Status.SEATED else "waiting"


class RegistrationOut(Schema):
    status: str = Field(description="seated or waiting.")
    waiting_position: int | None = Field(description="1 is the next in line; null when seated.")
    detail: str


class DetailOut(Schema):
    detail: str


def with_details(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What the schemas read, in a fixed number of queries whatever the page holds."""
    return queryset.select_related("language", "country", "seat_offer").prefetch_related(
        "levels", "trainers"
    )


def _meeting(request, meeting_id: int) -> Meeting:
    """The meeting, or 404 for an unknown one and for a draft the person may not see."""
    meeting = with_details(Meeting.objects.filter(pk=meeting_id)).first()
    if meeting is None or not access_for(request.user, meeting).can(Action.VIEW):
        raise HttpError(404, _("There is no such meeting."))
    return meeting


@router.get("/", response=list[MeetingOut], summary="Upcoming teaching meetings, soonest first")
@paginate(Pagination)
# Plain parameters: under @paginate annotations are resolved in ninja's module.
def list_meetings(
    request,
    language: str | None = Query(None, max_length=8, description="A language code, e.g. fr."),
    level: str | None = Query(None, max_length=32, description="A level code, e.g. primary."),
):
    return with_details(queries.upcoming_meetings(language=language or None, level=level or None))


@router.get(
    "/mine",
    response=list[MyMeetingOut],
    auth=django_auth,
    summary="The meetings I take part in, wait for or train",
)
@paginate(Pagination)
def my_meetings(request):
    user = request.user
    claims = SeatClaim.objects.filter(
        offer=OuterRef("seat_offer"), user=user, status__in=SeatClaim.LIVE_STATUSES
    ).values("status")
    training = Meeting.trainers.through.objects.filter(meeting=OuterRef("pk"), user=user)
    return with_details(queries.meetings_of(user)).annotate(
        my_claim=Subquery(claims[:1]), is_my_training=Exists(training)
    )


@router.get(
    "/{id:meeting_id}",
    response={200: MeetingOut, 404: ErrorOut},
    summary="A meeting's announcement",
)
def meeting_detail(request, meeting_id: Id):
    return _meeting(request, meeting_id)


@router.post(
    "/{id:meeting_id}/register",
    response={201: RegistrationOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Register for a meeting: a seat, or a place on the waiting list",
)
def register(request, meeting_id: Id):
    meeting = _meeting(request, meeting_id)
    try:
        claim = services.register(actor=request.user, meeting=meeting)
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
            "detail": _("The meeting is full: you are number %(position)d on the waiting list.")
            % {"position": position or 0},
        },
    )


@router.post(
    "/{id:meeting_id}/cancel",
    response={200: DetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Cancel my registration (or leave the waiting list)",
)
def cancel(request, meeting_id: Id):
    meeting = _meeting(request, meeting_id)
    try:
        services.cancel_registration(actor=request.user, meeting=meeting)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(200, {"detail": _("Your registration is cancelled.")})
