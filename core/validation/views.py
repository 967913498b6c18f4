"""The head teacher's page: confirm or deny through a signed link, no account needed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.validation import services
from core.validation.forms import HeadTeacherDecisionForm
from core.validation.tokens import InvalidLink

# What the head teacher reads for each kind of unusable link, and the HTTP status.
LINK_PROBLEMS = {
    InvalidLink.INVALID: (400, _("This link is not valid")),
    InvalidLink.EXPIRED: (410, _("This link has expired; ask the teacher to request a new one")),
    InvalidLink.USED: (410, _("This link was already used")),
    InvalidLink.CLOSED: (410, _("This request is closed; the link no longer works")),
    InvalidLink.REPLACED: (
        410,
        _("A newer link was sent for this request; please use the link in the latest e-mail"),
    ),
}


def invalid_link(request: HttpRequest, problem: InvalidLink) -> HttpResponse:
    status, message = LINK_PROBLEMS[problem.reason]
    return render(
        request,
        "core/validation/head_teacher_invalid_link.html",
        {"message": message, "reason": problem.reason},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def head_teacher_decision(request: HttpRequest, token: str) -> HttpResponse:
    try:
        validation, nonce = services.validation_for_head_teacher_link(token)
    except InvalidLink as problem:
        return invalid_link(request, problem)
    form = HeadTeacherDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == form.CONFIRM:
                services.confirm_by_head_teacher(validation, nonce, comment)
            else:
                services.deny_by_head_teacher(validation, nonce, comment)
        except InvalidLink as problem:
            return invalid_link(request, problem)
        except ValidationError as error:
            form.add_error("comment", error)
        else:
            return render(
                request,
                "core/validation/head_teacher_done.html",
                {"validation": validation, "confirmed": decision == form.CONFIRM},
            )
    return render(
        request,
        "core/validation/head_teacher_decision.html",
        {"validation": validation, "teacher": validation.user, "form": form},
    )
