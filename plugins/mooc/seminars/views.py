"""The online seminars' pages: the listings, a seminar's page, registering, cancelling,
asking for a reminder, joining (which records attendance) and the registrants' list."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core import seats
from plugins.mooc.models import Seminar, SeminarAttendance
from plugins.mooc.seminars import queries, services
from plugins.mooc.seminars.policy import Action, Role, SeminarAccess, access_for

SEMINARS_PER_PAGE = 12

# The listing's sections: (key, label, the seminars it lists).
SECTIONS = (
    ("upcoming", gettext_lazy("Upcoming"), queries.upcoming_seminars),
    ("open", gettext_lazy("Open for registration"), queries.open_seminars),
    ("past", gettext_lazy("Past seminars"), queries.past_seminars),
)


def error_text(error: ValidationError | PermissionDenied) -> str:
    """The user-facing reason a service gave for refusing."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You are not allowed to do this.")


def seminar_view(action: Action = Action.VIEW) -> Callable:
    """Decorate a view taking ``(request, seminar, access)``: it runs only when the
    requester may do ``action``. A draft answers 404 to all but its organisers; visitors
    are asked to log in; anyone else gets a 403 with the policy's reason."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
            seminar = get_object_or_404(
                Seminar.objects.select_related("language", "country", "seat_offer"), pk=pk
            )
            access = access_for(request.user, seminar)
            if not access.can(Action.VIEW):
                raise Http404
            if not access.can(action):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                access.require(action)
            return view(request, seminar=seminar, access=access)

        return wrapper

    return decorator


def seminar_list(request: HttpRequest) -> HttpResponse:
    """Upcoming seminars, those open for registration, and past ones with their recordings."""
    show = request.GET.get("show", "upcoming")
    sections = {key: (label, query) for key, label, query in SECTIONS}
    if show not in sections:
        show = "upcoming"
    label, query = sections[show]
    seminars = queries.with_recording_flag(
        queries.with_registration_counts(query().select_related("language"))
    ).prefetch_related("speakers")
    page = Paginator(seminars, SEMINARS_PER_PAGE).get_page(request.GET.get("page"))
    tabs = [
        {
            "label": tab_label,
            "url": f"{reverse('seminars:list')}?show={key}",
            "current": key == show,
        }
        for key, tab_label, _query in SECTIONS
    ]
    return render(
        request,
        "mooc/seminars/list.html",
        {"page": page, "tabs": tabs, "show": show, "section_label": label},
    )


def _recording_visible(seminar: Seminar, access: SeminarAccess) -> bool:
    """A published recording; organisers also see one not yet published."""
    try:
        recording = seminar.recording
    except ObjectDoesNotExist:
        return False
    return recording.published_at is not None or access.is_organiser


@seminar_view()
def seminar_detail(request: HttpRequest, seminar: Seminar, access: SeminarAccess) -> HttpResponse:
    """The seminar's page: speakers, time, seats, registering (or why not), the live link."""
    claim = access.claim
    waiting_position = (
        seats.waiting_position(claim)
        if claim is not None and claim.status == claim.Status.WAITING
        else None
    )
    asked_reminder = (
        access.role is Role.TEACHER and seminar.interests.filter(user_id=access.user.pk).exists()
    )
    attended = (
        access.role is Role.REGISTRANT
        and SeminarAttendance.objects.filter(seminar=seminar, user_id=access.user.pk).exists()
    )
    return render(
        request,
        "mooc/seminars/detail.html",
        {
            "seminar": seminar,
            "access": access,
            "phase": seminar.phase(),
            "speakers": list(seminar.speakers.all()),
            "counts": queries.registration_counts(seminar),
            "may_register": access.can(Action.REGISTER),
            "register_refusal": access.refusal(Action.REGISTER),
            "may_cancel": access.can(Action.CANCEL),
            "may_ask_reminder": access.can(Action.ASK_REMINDER) and not asked_reminder,
            "asked_reminder": asked_reminder,
            "may_join": access.can(Action.JOIN),
            "link_refusal": access.refusal(Action.SEE_LINK),
            "has_link_role": access.role in (Role.ORGANISER, Role.SPEAKER, Role.REGISTRANT),
            "may_see_registrants": access.can(Action.SEE_REGISTRANTS),
            "waiting_position": waiting_position,
            "attended": attended,
            "recording_visible": _recording_visible(seminar, access),
        },
    )


def _acted(request: HttpRequest, seminar: Seminar, change: Callable[[], str]) -> HttpResponse:
    try:
        message = change()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, message)
    return redirect(seminar.get_absolute_url())


@require_POST
@login_required
@seminar_view()
def seminar_register(request: HttpRequest, seminar: Seminar, access: SeminarAccess) -> HttpResponse:
    def change() -> str:
        claim = services.register(actor=request.user, seminar=seminar)
        if claim.status == claim.Status.SEATED:
            return _("You are registered for this seminar.")
        return _(
            "The seminar is full: you are on the waiting list. You will be told as soon as "
            "a seat is yours."
        )

    return _acted(request, seminar, change)


@require_POST
@login_required
@seminar_view()
def seminar_cancel(request: HttpRequest, seminar: Seminar, access: SeminarAccess) -> HttpResponse:
    def change() -> str:
        services.cancel_registration(actor=request.user, seminar=seminar)
        return _("Your registration was cancelled.")

    return _acted(request, seminar, change)


@require_POST
@login_required
@seminar_view()
def seminar_remind(request: HttpRequest, seminar: Seminar, access: SeminarAccess) -> HttpResponse:
    def change() -> str:
        services.ask_reminder(actor=request.user, seminar=seminar)
        return _("You will be told when registration opens.")

    return _acted(request, seminar, change)


@require_http_methods(["GET", "POST"])
@login_required
@seminar_view()
def seminar_join(request: HttpRequest, seminar: Seminar, access: SeminarAccess) -> HttpResponse:
    """Send the person to the live session; a registrant's first join is their attendance."""
    link = services.join(actor=request.user, seminar=seminar)
    response = HttpResponseRedirect(link)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@seminar_view(Action.SEE_REGISTRANTS)
def seminar_registrants(
    request: HttpRequest, seminar: Seminar, access: SeminarAccess
) -> HttpResponse:
    """Who has a seat, who waits, and who joined: for organisers and speakers."""
    attended = set(
        SeminarAttendance.objects.filter(seminar=seminar).values_list("user_id", flat=True)
    )
    people = list(queries.registrants(seminar))
    return render(
        request,
        "mooc/seminars/registrants.html",
        {
            "seminar": seminar,
            "access": access,
            "rows": [{"person": person, "attended": person.pk in attended} for person in people],
            "waiting": list(queries.waiting_list(seminar)),
            "attended_count": len(attended),
            "counts": queries.registration_counts(seminar),
        },
    )
