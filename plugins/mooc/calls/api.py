"""REST routes of calls for events, mounted at ``/api/v1/calls/``.

Published calls are open to everyone (a draft answers 404 but to organisers);
applying, withdrawing and ``mine`` need a session (django-ninja answers 401 without
one and checks the CSRF token). Every change goes through
``plugins.mooc.calls.services``: its ``PermissionDenied`` answers 403 and its
``ValidationError`` 422, each with the service's own message.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_params import Id, Pagination
from core.sanitiser import plain_text
from plugins.mooc.calls import queries, services
from plugins.mooc.calls.policy import Action, access_for, phase_of
from plugins.mooc.calls.services import MAX_MOTIVATION_LENGTH
from plugins.mooc.models.calls import Application, EventCall

router = Router()


class ErrorOut(Schema):
    detail: str


class CallOut(Schema):
    id: int
    kind: str = Field(description="workshop or conference.")
    title: str
    description: str = Field(description="Plain text.")
    venue: str
    phase: str = Field(description="upcoming, open, closed or past (draft for organisers).")
    applications_open_at: datetime
    applications_close_at: datetime
    event_starts_at: datetime
    event_ends_at: datetime
    quotas: dict[str, int] = Field(description="Places per country code.")
    url: str

    @staticmethod
    def resolve_description(call: EventCall) -> str:
        return plain_text(call.description)

    @staticmethod
    def resolve_phase(call: EventCall) -> str:
        return str(phase_of(call))

    @staticmethod
    def resolve_quotas(call: EventCall) -> dict[str, int]:
        return {quota.country.code: quota.places for quota in call.quotas.all()}

    @staticmethod
    def resolve_url(call: EventCall) -> str:
        return call.get_absolute_url()


class ApplicationOut(Schema):
    call_id: int
    call_title: str
    status: str = Field(description="submitted, selected, waiting, not_selected or withdrawn.")
    status_label: str
    applied_at: datetime
    motivation: str
    waiting_position: int | None = Field(description="1 is the next in line; null otherwise.")

    @staticmethod
    def resolve_call_title(application: Application) -> str:
        return application.call.title

    @staticmethod
    def resolve_status_label(application: Application) -> str:
        return str(application.get_status_display())

    @staticmethod
    def resolve_waiting_position(application: Application) -> int | None:
        return queries.waiting_position(application)


class ApplyIn(Schema):
    motivation: str = Field(max_length=MAX_MOTIVATION_LENGTH)


def _with_details(queryset):
    return queryset.prefetch_related("quotas__country")


def _call(request, call_id: int) -> EventCall:
    call = _with_details(EventCall.objects.filter(pk=call_id)).first()
    if call is None or not access_for(request.user, call).can(Action.VIEW):
        raise HttpError(404, _("There is no such call."))
    return call


@router.get("/", response=list[CallOut], summary="Calls open for applications, closing first")
@paginate(Pagination)
def list_calls(request):
    return _with_details(queries.open_calls())


@router.get("/mine", response=list[ApplicationOut], auth=django_auth, summary="My applications")
@paginate(Pagination)
def my_applications(request):
    return queries.applications_of(request.user)


@router.get("/{id:call_id}", response={200: CallOut, 404: ErrorOut}, summary="A call")
def call_detail(request, call_id: Id):
    return _call(request, call_id)


@router.post(
    "/{id:call_id}/apply",
    response={201: ApplicationOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Apply to a call with a motivation",
)
def apply(request, call_id: Id, payload: ApplyIn):
    call = _call(request, call_id)
    try:
        application = services.apply(actor=request.user, call=call, motivation=payload.motivation)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(201, application)


@router.post(
    "/{id:call_id}/withdraw",
    response={200: ApplicationOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Withdraw my application (a place I held goes to the next on the waiting list)",
)
def withdraw(request, call_id: Id):
    call = _call(request, call_id)
    application = access_for(request.user, call).application
    if application is None:
        return Status(403, {"detail": _("You have not applied to this call.")})
    try:
        application = services.withdraw_application(actor=request.user, application=application)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(200, application)
