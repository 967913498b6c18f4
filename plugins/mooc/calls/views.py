"""The calls' public pages: the list, a call, applying, editing and withdrawing an
application, and one's own applications."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plugins.mooc.calls import queries, services
from plugins.mooc.calls.forms import ApplicationForm
from plugins.mooc.calls.policy import Action, CallAccess, Phase, access_for
from plugins.mooc.calls.priorities import rules_of
from plugins.mooc.models.calls import EventCall


def error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


def call_view(action: Action = Action.VIEW) -> Callable:
    """Decorate a view taking ``(request, call, access)``: it runs only when the requester
    may do ``action``. A call the person may not see answers 404; visitors are asked to
    log in; anyone else gets a 403 with the policy's reason."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
            call = get_object_or_404(EventCall, pk=pk)
            access = access_for(request.user, call)
            if not access.can(Action.VIEW):
                raise Http404
            if not access.can(action):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                access.require(action)
            return view(request, call=call, access=access, **kwargs)

        return wrapper

    return decorator


def call_list(request: HttpRequest) -> HttpResponse:
    """Open calls, then the upcoming ones, then the closed ones."""
    return render(
        request,
        "mooc/calls/list.html",
        {
            "open_calls": list(queries.open_calls()),
            "upcoming_calls": list(queries.upcoming_calls()),
            "closed_calls": list(queries.closed_calls()[:12]),
        },
    )


def _status_line(access: CallAccess) -> str:
    application = access.application
    if application is None:
        return ""
    position = queries.waiting_position(application)
    if position is not None:
        return _("You are on the waiting list, number %(position)s.") % {"position": position}
    return str(application.get_status_display())


@call_view()
def call_detail(request: HttpRequest, call: EventCall, access: CallAccess) -> HttpResponse:
    """The call: what, where, when; the places for the reader's country; applying (or
    why not), the reader's application and what they can still do with it."""
    quota = queries.quota_for(call, access.country.pk if access.country else None)
    return render(
        request,
        "mooc/calls/detail.html",
        {
            "call": call,
            "access": access,
            "phase": access.phase,
            "Phase": Phase,
            "quota": quota,
            "rules": rules_of(call),
            "application": access.application,
            "status_line": _status_line(access),
            "may_apply": access.can(Action.APPLY),
            "apply_refusal": access.refusal(Action.APPLY),
            "may_edit": access.can(Action.EDIT_APPLICATION),
            "may_withdraw": access.can(Action.WITHDRAW),
        },
    )


@login_required
@call_view(Action.APPLY)
def call_apply(request: HttpRequest, call: EventCall, access: CallAccess) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply(
                actor=request.user, call=call, motivation=form.cleaned_data["motivation"]
            )
        except ValidationError as error:
            form.add_error("motivation", error.messages)
        except PermissionDenied as error:
            messages.error(request, error_text(error))
            return redirect(call.get_absolute_url())
        else:
            messages.success(request, _("Your application is sent. You will be told the result."))
            return redirect(call.get_absolute_url())
    return render(
        request,
        "mooc/calls/apply.html",
        {"call": call, "form": form, "editing": False},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@call_view(Action.EDIT_APPLICATION)
def call_edit_application(
    request: HttpRequest, call: EventCall, access: CallAccess
) -> HttpResponse:
    application = access.application
    form = ApplicationForm(request.POST or None, initial={"motivation": application.motivation})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(
                actor=request.user,
                application=application,
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as error:
            form.add_error("motivation", error.messages)
        except PermissionDenied as error:
            messages.error(request, error_text(error))
            return redirect(call.get_absolute_url())
        else:
            messages.success(request, _("Your application is updated."))
            return redirect(call.get_absolute_url())
    return render(
        request,
        "mooc/calls/apply.html",
        {"call": call, "form": form, "editing": True},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@login_required
@call_view(Action.WITHDRAW)
def call_withdraw(request: HttpRequest, call: EventCall, access: CallAccess) -> HttpResponse:
    try:
        services.withdraw_application(actor=request.user, application=access.application)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(call.get_absolute_url())


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = list(queries.applications_of(request.user))
    return render(request, "mooc/calls/mine.html", {"applications": applications})
