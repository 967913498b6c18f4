"""Registration pages (DOMAIN.md §2.1-2.3, §2.5). Views parse input and call services."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.models import User
from core.registration import services
from core.registration.forms import (
    ChooseSchoolForm,
    NewSchoolForm,
    RegistrationForm,
    ResendVerificationForm,
    SchoolSearchForm,
)
from core.registration.tokens import ExpiredLink, InvalidLink, read_verification_token

SCHOOLS_PER_PAGE = 20
# The address given at registration, shown on the "check your e-mail" page.
SESSION_EMAIL_KEY = "registration_email"


def register(request: HttpRequest) -> HttpResponse:
    """Phase 1: pre-registration."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.register_teacher(
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                username=data["username"],
                password=data["password"],
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The same answer whether the address was new or already held an account.
            request.session[SESSION_EMAIL_KEY] = User.objects.normalize_email(data["email"].strip())
            return redirect("core:register-check-email")
    return render(request, "core/registration/register.html", {"form": form})


def check_email(request: HttpRequest) -> HttpResponse:
    """The only page an account with an unverified address may see."""
    user = request.user
    if user.is_authenticated:
        if user.state != User.State.EMAIL_UNVERIFIED:
            return redirect(settings.LOGIN_REDIRECT_URL)
        email = user.email
    else:
        email = request.session.get(SESSION_EMAIL_KEY, "")
    form = ResendVerificationForm(initial={"email": email})
    return render(
        request,
        "core/registration/check_email.html",
        {"email": email, "form": form, "days": settings.OPENTWIN_EMAIL_VERIFICATION_DAYS},
    )


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Phase 2: the link from the verification e-mail."""
    expired = False
    try:
        user_id, email = read_verification_token(token)
    except ExpiredLink as error:
        user_id, email, expired = error.user_id, error.email, True
    except InvalidLink:
        return _verify_page(request, "invalid", status=400)
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.email.lower() != email.lower():
        # Forged ids cannot be signed, so this is a link to an address the account left.
        return _verify_page(request, "invalid", status=400)
    if user.email_verified_at is not None or user.state != User.State.EMAIL_UNVERIFIED:
        return _verify_page(request, "already", account=user)
    if expired:
        form = ResendVerificationForm(initial={"email": user.email})
        return _verify_page(request, "expired", form=form)
    if not services.verify_email(user):
        return _verify_page(request, "already", account=user)
    return _verify_page(request, "verified", account=user)


def _verify_page(
    request: HttpRequest, outcome: str, *, status: int = 200, **context
) -> HttpResponse:
    account = context.get("account")
    context["is_own_account"] = (
        account is not None and request.user.is_authenticated and request.user.pk == account.pk
    )
    context["days"] = settings.OPENTWIN_EMAIL_VERIFICATION_DAYS
    return render(
        request, "core/registration/verify.html", {"outcome": outcome, **context}, status=status
    )


def resend(request: HttpRequest) -> HttpResponse:
    """Send a fresh verification link; the answer never says whether the address exists."""
    if request.method == "POST":
        form = ResendVerificationForm(request.POST)
        if form.is_valid():
            services.resend_verification(email=form.cleaned_data["email"])
            messages.info(
                request,
                _(
                    "If an account with this address is waiting for verification, we have "
                    "sent it a new link. Check your inbox (and your spam folder) in a few "
                    "minutes."
                ),
            )
            return redirect("core:register-resend")
    else:
        email = request.user.email if request.user.is_authenticated else ""
        form = ResendVerificationForm(initial={"email": email})
    return render(request, "core/registration/resend.html", {"form": form})


# --- phase 3 and change of school ----------------------------------------------


def _school_step(
    request: HttpRequest,
    *,
    service: Callable[..., object],
    template: str,
    require_confirmation: bool,
) -> HttpResponse:
    """Choose a school from the list or add one, with a role, then call ``service``."""
    search = SchoolSearchForm(request.GET or None, auto_id="search-%s")
    page = Paginator(search.schools(), SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    options = {"require_confirmation": require_confirmation}
    choose_form = ChooseSchoolForm(prefix="choose", **options)
    new_form = NewSchoolForm(prefix="new", **options)
    if request.method == "POST":
        creating = request.POST.get("action") == "create"
        if creating:
            form = new_form = NewSchoolForm(request.POST, prefix="new", **options)
        else:
            form = choose_form = ChooseSchoolForm(request.POST, prefix="choose", **options)
        if form.is_valid():
            try:
                service(
                    actor=request.user,
                    school=None if creating else form.cleaned_data["school"],
                    school_role=form.cleaned_data["school_role"],
                    new_school_data=new_form.new_school_data() if creating else None,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your request for validation was sent."))
                return redirect("core:register-waiting")
    return render(
        request,
        template,
        {"search": search, "page": page, "choose_form": choose_form, "new_form": new_form},
    )


@login_required
def register_school(request: HttpRequest) -> HttpResponse:
    """Phase 3: the school and the role in it (also to try again after a rejection)."""
    state = request.user.state
    if request.user.kind != User.Kind.TEACHER:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if state == User.State.WAITING_VALIDATION:
        return redirect("core:register-waiting")
    if state == User.State.VALIDATED:
        return redirect("core:change-school")
    if state not in (User.State.PROFILE_INCOMPLETE, User.State.REJECTED):
        return redirect(settings.LOGIN_REDIRECT_URL)
    return _school_step(
        request,
        service=services.complete_registration,
        template="core/registration/school.html",
        require_confirmation=False,
    )


@login_required
def change_school(request: HttpRequest) -> HttpResponse:
    """Move to another school; the teacher is validated again (DOMAIN.md §2.5)."""
    state = request.user.state
    if request.user.kind != User.Kind.TEACHER:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if state in (User.State.PROFILE_INCOMPLETE, User.State.REJECTED):
        return redirect("core:register-school")
    if state not in (User.State.VALIDATED, User.State.WAITING_VALIDATION):
        return redirect(settings.LOGIN_REDIRECT_URL)
    return _school_step(
        request,
        service=services.change_school,
        template="core/registration/change_school.html",
        require_confirmation=True,
    )


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    """After phase 3: what happens until the teacher is validated."""
    if request.user.state != User.State.WAITING_VALIDATION:
        return redirect(settings.LOGIN_REDIRECT_URL)
    validation = request.user.validation_requests.select_related("school").order_by("-pk").first()
    return render(request, "core/registration/waiting.html", {"validation": validation})
