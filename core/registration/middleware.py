"""Keeps teachers who have not finished registering on the pages of their next step."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import User

# Pages every account in registration may reach, whatever its step.
ALWAYS_ALLOWED = frozenset(
    {
        "core:logout",
        "set_language",
        "core:register-check-email",
        "core:register-verify",
        "core:register-resend",
        # The API's "where am I in my registration?" answers at every step.
        "api-v1:registration",
    }
)
# What the person still has to do, for programs that cannot follow a redirect.
STEP_NAMES = {
    User.State.EMAIL_UNVERIFIED: gettext_lazy("confirm your e-mail address"),
    User.State.PROFILE_INCOMPLETE: gettext_lazy("choose your school"),
}
# The step each state is kept on, and the extra pages that step needs.
STEPS = {
    User.State.EMAIL_UNVERIFIED: ("core:register-check-email", frozenset()),
    User.State.PROFILE_INCOMPLETE: ("core:register-school", frozenset({"core:register-school"})),
}


class RegistrationGateMiddleware:
    """An account with an unverified address sees only the "check your e-mail" page;
    one without a school is sent to the school step (DOMAIN.md §2.2-2.3).

    Staff, superusers, pupils and teachers in other states pass through.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or user.kind != User.Kind.TEACHER
            or user.is_staff
            or user.is_superuser
            or user.state not in STEPS
        ):
            return None
        if request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        step, extra = STEPS[user.state]
        match = request.resolver_match
        view_name = match.view_name if match is not None else ""
        if view_name in ALWAYS_ALLOWED or view_name in extra:
            return None
        if request.path_info.startswith("/api/"):
            # A program gets an answer it can read, not a redirect to a web page.
            return JsonResponse(
                {
                    "detail": _("Finish your registration first: %(step)s.")
                    % {"step": STEP_NAMES[user.state]}
                },
                status=403,
            )
        return redirect(step)
