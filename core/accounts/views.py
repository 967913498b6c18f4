"""Pages of core's accounts area: profile, data export, deletion, password reset, lockout.

Views parse input and call services.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from core.accounts import photos, services
from core.accounts.forms import DeleteAccountForm, ProfileForm, SitePasswordResetForm
from core.accounts.middleware import set_language_cookie
from core.models import User
from core.services import erase_user_data, export_user_data


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes shows after too many failed logins (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "core/accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language selector: Django's ``set_language``, which sets the cookie,
    plus the profile of a logged-in person, so their next login and their e-mails follow."""
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_interface_language(actor=request.user, language=language)
    return django_set_language(request)


def _member(request: HttpRequest):
    if request.user.is_pupil:
        raise PermissionDenied(_("Pupils have no profile."))
    return request.user


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    form = ProfileForm(
        request.POST or None, request.FILES or None, initial=ProfileForm.initial_for(user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_profile(
                actor=user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                bio=data["bio"],
                subjects=data["subjects"],
                languages=data["languages"],
                listed_in_search=data["listed_in_search"],
                language=data["language"],
                photo=data["photo"],
            )
        except ValidationError as error:
            # Errors keyed by field land next to their field.
            form.add_error(None, error)
        else:
            language = user.language or translation.get_language_from_request(request)
            translation.activate(language)
            messages.success(request, _("Your profile has been saved."))
            response = redirect("core:profile")
            if user.language:
                set_language_cookie(response, user.language)
            return response
    return render(request, "core/accounts/profile.html", {"form": form, "account": user})


@login_required
@require_POST
def profile_photo_remove(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    if user.photo:
        services.update_profile(actor=user, remove_photo=True)
        messages.success(request, _("Your profile photo has been removed."))
    return redirect("core:profile")


@login_required
@require_GET
def profile_photo(request: HttpRequest, user_id: int) -> HttpResponse:
    """Stream a profile photo from the private storage to someone who may see the person."""
    person = get_object_or_404(User, pk=user_id)
    if not person.avatar_url:
        raise Http404
    if not photos.may_see_photo(request.user, person):
        raise PermissionDenied(_("You may not see this photo."))
    try:
        handle = person.photo.storage.open(person.photo.name, "rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=photos.content_type_of(person.photo.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # The address changes with each new photo, so a browser may keep it a while.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def profile_data(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    data = export_user_data(actor=user, user=user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="opentwin-my-data.json"'
    return response


@login_required
def profile_delete(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        erase_user_data(actor=user, user=user)
        logout(request)
        return render(request, "core/accounts/profile_deleted.html")
    return render(request, "core/accounts/profile_delete.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = SitePasswordResetForm
    template_name = "core/accounts/password_reset_form.html"
    success_url = reverse_lazy("core:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("core:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/accounts/password_reset_complete.html"
