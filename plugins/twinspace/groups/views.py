"""The groups pages: browse and create groups; join, edit and archive one group."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import User
from plugins.twinspace.access import space_view
from plugins.twinspace.groups import services
from plugins.twinspace.groups.forms import GroupForm, GroupSearchForm
from plugins.twinspace.models import Group, Membership, Space
from plugins.twinspace.policy import Action, SpaceAccess

PAGE_SIZE = 20
# The creator's groups still waiting (or rejected) shown above the list.
OWN_PENDING_SIZE = 20


def _is_teacher(user) -> bool:
    return user.is_authenticated and user.kind == User.Kind.TEACHER


def groups(request: HttpRequest) -> HttpResponse:
    """Active groups, searched by title; a teacher's own groups come first."""
    user = request.user
    if user.is_authenticated and user.kind == User.Kind.PUPIL:
        raise PermissionDenied(_("Groups are for teachers."))
    form = GroupSearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    listed = Group.objects.filter(state=Space.State.ACTIVE)
    if text:
        listed = listed.filter(title__icontains=text)
    listed = listed.annotate(member_count=Count("memberships"))
    is_teacher = _is_teacher(user)
    own_pending = []
    if is_teacher:
        mine = Membership.objects.filter(space=OuterRef("pk"), user=user)
        listed = listed.annotate(
            is_mine=Exists(mine), my_role=Subquery(mine.values("role")[:1])
        ).order_by("-is_mine", "title", "pk")
        own_pending = list(
            Group.objects.filter(
                created_by=user,
                state__in=[Space.State.PENDING_MODERATION, Space.State.REJECTED],
            ).order_by("-created_at", "-pk")[:OWN_PENDING_SIZE]
        )
    else:
        listed = listed.order_by("title", "pk")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "group": group,
            "is_mine": getattr(group, "is_mine", False),
            "is_admin": getattr(group, "my_role", None) == "teacher_admin",
            # Why this person may not join, worked out from the row alone (no query).
            "refusal": (
                services.join_refusal(user, group)
                if user.is_authenticated and not getattr(group, "is_mine", False)
                else None
            ),
        }
        for group in page.object_list
    ]
    return render(
        request,
        "twinspace/groups/list.html",
        {
            "form": form,
            "text": text,
            "page": page,
            "rows": rows,
            "own_pending": own_pending,
            "can_create": is_teacher and user.school_id is not None,
        },
    )


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    """A teacher with a school proposes a group; their NSS moderates it."""
    services.check_may_create(request.user)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_group(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Your group waits for moderation by your national support service.")
            )
            return redirect("twinspace:groups")
    return render(request, "twinspace/groups/new.html", {"form": form})


@require_POST
def group_join(request: HttpRequest, space_id: int) -> HttpResponse:
    """A teacher joins a group whose policy lets them in; others are told why not."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    group = get_object_or_404(Group, pk=space_id)
    if request.user.kind != User.Kind.TEACHER:
        # Pupils and staff have no group list to return to: the refusal page says why.
        raise PermissionDenied(services.join_refusal(request.user, group))
    try:
        services.join_group(actor=request.user, group=group)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _message_of(error))
        # Back to the group's public page when it has one, else to the list of groups.
        return redirect(group.url("home") if group.is_open else "twinspace:groups")
    messages.success(request, _("Welcome to the group %(title)s.") % {"title": group.title})
    return redirect(group.url("home"))


@space_view(Action.MANAGE_MEMBERS)
def group_edit(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    """The group's administrators change its title, description and membership policy."""
    group = get_object_or_404(Group, pk=space.pk)
    initial = {
        "title": group.title,
        "description": group.description,
        "membership_policy": group.membership_policy,
    }
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_group(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The group was saved."))
            return redirect(group.url("group-edit"))
    return render(
        request, "twinspace/groups/edit.html", {"space": group, "access": access, "form": form}
    )


@require_POST
@space_view(Action.MANAGE_MEMBERS)
def group_archive(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    """A teacher administrator archives the group: it stays readable, nothing changes."""
    group = get_object_or_404(Group, pk=space.pk)
    try:
        services.archive_group(actor=request.user, group=group)
    except ValidationError as error:
        messages.error(request, _message_of(error))
        return redirect(group.url("group-edit"))
    messages.success(
        request, _("The group is archived: everything stays readable, nothing can be changed.")
    )
    return redirect(group.url("home"))


def _message_of(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _add_errors(form, error: ValidationError) -> None:
    """Attach a service's errors to the form's fields (or to the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
