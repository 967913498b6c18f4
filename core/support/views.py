"""The teacher's support pages: my requests, a new question, one conversation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import SupportRequest, User
from core.support import services
from core.support.forms import SupportMessageForm, SupportRequestForm

PAGE_SIZE = 20


def _teacher(request: HttpRequest) -> User:
    if request.user.kind != User.Kind.TEACHER:
        raise PermissionDenied(_("Only teachers can ask their National Support Service."))
    return request.user


def _own_request(request: HttpRequest, request_id: int) -> SupportRequest:
    # Someone else's request does not exist for this teacher.
    return get_object_or_404(
        SupportRequest.objects.select_related("country"), pk=request_id, teacher=_teacher(request)
    )


@login_required
def support_list(request: HttpRequest) -> HttpResponse:
    teacher = _teacher(request)
    requests = SupportRequest.objects.filter(teacher=teacher).order_by("-updated_at", "-pk")
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/support/list.html", {"page": page})


@login_required
def support_new(request: HttpRequest) -> HttpResponse:
    teacher = _teacher(request)
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support_request = services.open_support_request(actor=teacher, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your question was sent to your National Support Service."))
            return redirect("core:support-detail", support_request.pk)
    return render(request, "core/support/new.html", {"form": form})


def _detail(request: HttpRequest, support_request: SupportRequest, form: SupportMessageForm):
    conversation = support_request.messages.select_related("author")
    return render(
        request,
        "core/support/detail.html",
        {"support_request": support_request, "conversation": conversation, "form": form},
    )


@login_required
def support_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    return _detail(request, _own_request(request, request_id), SupportMessageForm())


@login_required
@require_POST
def support_reply(request: HttpRequest, request_id: int) -> HttpResponse:
    support_request = _own_request(request, request_id)
    form = SupportMessageForm(request.POST)
    if form.is_valid():
        try:
            services.reply_to_support_request(
                actor=request.user, support_request=support_request, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            # The request was closed meanwhile: the page says so, without a form.
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your message was sent."))
        return redirect("core:support-detail", support_request.pk)
    return _detail(request, support_request, form)


@login_required
@require_POST
def support_close(request: HttpRequest, request_id: int) -> HttpResponse:
    support_request = _own_request(request, request_id)
    try:
        services.close_support_request(actor=request.user, support_request=support_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is closed."))
    return redirect("core:support-detail", support_request.pk)
