"""Pages of the directory: search, public profiles, school pages and contacts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.contrib import SearchQuery
from core.directory import services
from core.directory.forms import ContactRequestForm, SearchForm
from core.directory.search import listed_teachers
from core.htmx import in_place
from core.models import ContactRequest, School, User
from core.search import FILTER_NAMES, search_pages

PER_PAGE = 20


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    sections = []
    searched = bool(request.GET)
    kind = ""
    if searched and form.is_valid():
        kind = form.cleaned_data["kind"] or ""
        query = SearchQuery(text=form.cleaned_data["q"], filters=form.filters(), user=request.user)
        sections = search_pages(
            query,
            kinds={kind} if kind else None,
            page=request.GET.get("page") if kind else 1,
            per_page=PER_PAGE,
        )
    # On phones the filters fold away, and stay open when the searcher chose some.
    active_filters = sum(1 for name in (*FILTER_NAMES, "kind") if request.GET.get(name, "").strip())
    return render(
        request,
        "core/directory/search.html",
        {
            "form": form,
            "sections": sections,
            "searched": searched,
            "kind": kind,
            "active_filters": active_filters,
        },
    )


def person(request: HttpRequest, username: str) -> HttpResponse:
    """The public profile of a validated, listed teacher; 404 for everyone else."""
    teacher = get_object_or_404(
        listed_teachers()
        .select_related("school__country")
        .prefetch_related("subjects", "languages"),
        username=username,
    )
    context = {"person": teacher, "form": ContactRequestForm()}
    viewer = request.user
    if viewer.is_authenticated and viewer.pk != teacher.pk:
        context["contact_request"] = services.request_between(viewer, teacher)
        context["refusal"] = services.contact_refusal(viewer, teacher)
    return render(request, "core/directory/person.html", context)


def school(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(
        School.objects.select_related("country", "region", "merged_into"), pk=pk
    )
    if school.merged_into_id:
        target = school.merged_into
        while target.merged_into_id:
            target = target.merged_into
        return redirect("core:school", pk=target.pk, permanent=True)
    teachers = (
        listed_teachers()
        .filter(school=school)
        .prefetch_related("subjects")
        .order_by("last_name", "first_name", "pk")
    )
    return render(
        request,
        "core/directory/school.html",
        {"school": school, "levels": school.levels.all(), "teachers": teachers},
    )


@login_required
def contacts(request: HttpRequest) -> HttpResponse:
    user = request.user
    pending = ContactRequest.objects.filter(status=ContactRequest.Status.PENDING)
    return render(
        request,
        "core/directory/contacts.html",
        {
            "contacts": services.contacts_of(user),
            "received": pending.filter(recipient=user).select_related("sender__school"),
            "sent": pending.filter(sender=user).select_related("recipient__school"),
            "refusal": services.contact_refusal(user),
        },
    )


def _report(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error) or _("You may not do this."))


@login_required
@require_POST
def send_request(request: HttpRequest, username: str) -> HttpResponse:
    recipient = get_object_or_404(listed_teachers(), username=username)
    form = ContactRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The message is too long (500 characters at most)."))
        return redirect("core:person", username=username)
    try:
        contact_request = services.send_contact_request(
            actor=request.user, recipient=recipient, message=form.cleaned_data["message"]
        )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        if contact_request.status == ContactRequest.Status.ACCEPTED:
            messages.success(request, _("You are now contacts."))
        else:
            messages.success(request, _("Your contact request was sent."))
    return redirect("core:person", username=username)


@login_required
@require_POST
def answer_request(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    contact_request = get_object_or_404(ContactRequest, pk=pk, recipient=request.user)
    service = {
        "accept": services.accept_contact_request,
        "decline": services.decline_contact_request,
    }.get(answer)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, contact_request=contact_request)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        if answer == "accept":
            messages.success(request, _("Contact request accepted."))
        else:
            messages.success(request, _("Contact request declined."))
    # In place (htmx): the request as it now stands, the same include the page lists.
    contact_request = ContactRequest.objects.select_related("sender__school").get(
        pk=contact_request.pk
    )
    return in_place(
        request,
        "core/directory/_contact_request.html",
        {"contact_request": contact_request},
        fallback_url=reverse("core:contacts"),
    )


@login_required
@require_POST
def remove(request: HttpRequest, username: str) -> HttpResponse:
    other = get_object_or_404(User, username=username)
    try:
        services.remove_contact(actor=request.user, other=other)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("Contact removed."))
    return redirect("core:contacts")
