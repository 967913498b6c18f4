"""Pages of the members area: a space's members, invitations, pupils and guests.

Views parse input and call services; the class sheets with pupils' passwords are
rendered once, never stored and never cached.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.directory.services import contacts_of
from core.links import absolute_url
from core.models import User
from plugins.twinspace.access import space_view
from plugins.twinspace.members import services
from plugins.twinspace.members.forms import (
    ExistingPupilsForm,
    GuestForm,
    InviteForm,
    PupilForm,
    PupilListForm,
    PupilLoginForm,
    RoleForm,
)
from plugins.twinspace.models import (
    PUPIL_ROLES,
    TEACHER_ROLES,
    GuestAccess,
    Invitation,
    Membership,
    PupilProfile,
    Role,
    Space,
)
from plugins.twinspace.policy import Action

PAGE_SIZE = 50
# Members are listed by role, administrators first.
ROLE_RANK = Case(*(When(role=role, then=Value(rank)) for rank, role in enumerate(Role)))


def _error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _role_choices(roles) -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in roles]


# --- the members of a space ----------------------------------------------------


@space_view(Action.READ)
def member_list(request: HttpRequest, space: Space, access) -> HttpResponse:
    memberships = (
        Membership.objects.filter(space=space)
        .select_related("user__school")
        .annotate(role_rank=ROLE_RANK)
        .order_by("role_rank", "user__last_name", "user__first_name", "pk")
    )
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    invitations = []
    if access.can(Action.INVITE_TEACHERS):
        invitations = list(
            Invitation.objects.filter(space=space, status=Invitation.Status.PENDING)
            .select_related("user__school")
            .order_by("-created_at", "-pk")[:PAGE_SIZE]
        )
    return render(
        request,
        "twinspace/members/list.html",
        {
            "space": space,
            "access": access,
            "page": page,
            "invitations": invitations,
            "teacher_roles": _role_choices(TEACHER_ROLES),
            "pupil_roles": _role_choices(PUPIL_ROLES),
        },
    )


@space_view(Action.INVITE_TEACHERS)
def member_invite(request: HttpRequest, space: Space, access) -> HttpResponse:
    contacts = contacts_of(request.user).filter(kind=User.Kind.TEACHER, state=User.State.VALIDATED)
    form = InviteForm(request.POST or None, contacts=contacts)
    if request.method == "POST" and form.is_valid():
        invitee = form.cleaned_data["user"]
        try:
            services.invite_teacher(
                actor=request.user, space=space, user=invitee, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is invited. They will be notified.") % {"name": invitee.display_name()},
            )
            return redirect(space.url("members"))
    return render(
        request, "twinspace/members/invite.html", {"space": space, "access": access, "form": form}
    )


@require_POST
@space_view(Action.INVITE_TEACHERS)
def invitation_withdraw(request: HttpRequest, space: Space, access, invitation_id: int):
    invitation = get_object_or_404(Invitation, pk=invitation_id, space=space)
    try:
        services.withdraw_invitation(actor=request.user, invitation=invitation)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect(space.url("members"))


def _membership(space: Space, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, space=space
    )


@require_POST
@space_view(Action.MANAGE_MEMBERS)
def member_role(request: HttpRequest, space: Space, access, membership_id: int):
    membership = _membership(space, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect(space.url("members"))
    try:
        services.change_member_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The role was changed."))
    return redirect(space.url("members"))


@require_POST
@space_view(Action.MANAGE_MEMBERS)
def member_remove(request: HttpRequest, space: Space, access, membership_id: int):
    membership = _membership(space, membership_id)
    try:
        services.remove_member(actor=request.user, membership=membership)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The member was removed from the space."))
    return redirect(space.url("members"))


@require_POST
@space_view(Action.READ)
def member_leave(request: HttpRequest, space: Space, access) -> HttpResponse:
    try:
        services.leave_space(actor=request.user, space=space)
    except ValidationError as error:
        _error(request, error)
        return redirect(space.url("members"))
    messages.success(request, _("You left %(space)s.") % {"space": space.title})
    return redirect("core:desktop")


# --- pupils of a project -----------------------------------------------------------


def class_sheet(request: HttpRequest, rows, *, space: Space | None = None) -> HttpResponse:
    """The printable sheet of usernames and passwords, shown once."""
    response = render(
        request,
        "twinspace/members/class_sheet.html",
        {
            "space": space,
            "rows": rows,
            "login_url": absolute_url(reverse("twinspace:pupil-login")),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@space_view(Action.CREATE_PUPILS)
def member_pupils(request: HttpRequest, space: Space, access) -> HttpResponse:
    if space.kind != Space.Kind.PROJECT:
        raise Http404(services.groups_have_no_pupils_message())
    which = request.POST.get("form") if request.method == "POST" else None
    single = PupilForm(request.POST if which == "single" else None, prefix="single")
    listed = PupilListForm(request.POST if which == "list" else None, prefix="list")
    existing = ExistingPupilsForm(
        request.POST if which == "existing" else None,
        prefix="existing",
        teacher=request.user,
        space=space,
    )
    if which in ("single", "list"):
        form = single if which == "single" else listed
        if form.is_valid():
            names = form.cleaned_data["names"]
            try:
                created = services.create_pupils(actor=request.user, space=space, names=names)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                rows = [{"user": user, "password": password} for user, password in created]
                return class_sheet(request, rows, space=space)
    elif which == "existing" and existing.is_valid():
        try:
            added = services.add_existing_pupils(
                actor=request.user, space=space, pupils=list(existing.cleaned_data["pupils"])
            )
        except ValidationError as error:
            existing.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d pupil added to the project.",
                    "%(count)d pupils added to the project.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect(space.url("members"))
    return render(
        request,
        "twinspace/members/pupils.html",
        {
            "space": space,
            "access": access,
            "single": single,
            "listed": listed,
            "existing": existing,
            "max_pupils": services.MAX_PUPILS_AT_ONCE,
        },
    )


# --- guests ------------------------------------------------------------------------


@space_view(Action.MANAGE_MEMBERS)
def member_guests(request: HttpRequest, space: Space, access) -> HttpResponse:
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        guest = form.cleaned_data["username"]
        try:
            services.grant_guest_access(
                actor=request.user, space=space, user=guest, until=form.cleaned_data["until"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s can read this space as a guest.") % {"name": guest.display_name()},
            )
            return redirect(space.url("member-guests"))
    accesses = GuestAccess.objects.filter(space=space).select_related("user", "granted_by")
    page = Paginator(accesses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "twinspace/members/guests.html",
        {"space": space, "access": access, "form": form, "page": page, "now": timezone.now()},
    )


@require_POST
@space_view(Action.MANAGE_MEMBERS)
def member_guest_revoke(request: HttpRequest, space: Space, access, guest_id: int):
    guest_access = get_object_or_404(GuestAccess, pk=guest_id, space=space)
    try:
        services.revoke_guest_access(actor=request.user, guest_access=guest_access)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The guest access was revoked."))
    return redirect(space.url("member-guests"))


# --- my invitations ------------------------------------------------------------------


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    if request.user.kind != User.Kind.TEACHER:
        raise PermissionDenied(_("Only teachers receive invitations."))
    invitations = Invitation.objects.filter(
        user=request.user, status=Invitation.Status.PENDING
    ).select_related("space", "invited_by")
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    validated = request.user.is_validated_teacher
    return render(
        request,
        "twinspace/members/invitations.html",
        {
            "page": page,
            "can_answer": validated,
            "unvalidated_message": "" if validated else services.unvalidated_teacher_message(),
        },
    )


def _my_invitation(request: HttpRequest, invitation_id: int) -> Invitation:
    # Someone else's invitation does not exist for this person.
    return get_object_or_404(
        Invitation.objects.select_related("space", "invited_by"),
        pk=invitation_id,
        user=request.user,
    )


@login_required
@require_POST
def invitation_accept(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _my_invitation(request, invitation_id)
    try:
        services.accept_invitation(actor=request.user, invitation=invitation)
    except ValidationError as error:
        _error(request, error)
        return redirect("twinspace:invitations")
    messages.success(request, _("Welcome to %(space)s!") % {"space": invitation.space.title})
    return redirect(invitation.space.url("members"))


@login_required
@require_POST
def invitation_reject(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _my_invitation(request, invitation_id)
    try:
        services.reject_invitation(actor=request.user, invitation=invitation)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("You declined the invitation."))
    return redirect("twinspace:invitations")


# --- pupils: login, the teacher's pupils --------------------------------------------


class PupilLoginView(auth_views.LoginView):
    """A simple login page for pupils; teachers are sent to the main one."""

    template_name = "twinspace/members/pupil_login.html"
    authentication_form = PupilLoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        return reverse("core:desktop")


def _teacher(request: HttpRequest) -> User:
    if request.user.kind != User.Kind.TEACHER:
        raise PermissionDenied(_("Only teachers create pupil accounts."))
    return request.user


@login_required
def pupil_list(request: HttpRequest) -> HttpResponse:
    teacher = _teacher(request)
    profiles = (
        PupilProfile.objects.filter(teacher=teacher)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__space_memberships",
                queryset=Membership.objects.select_related("space").order_by("space__title"),
            )
        )
    )
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "twinspace/members/pupil_list.html", {"page": page})


@never_cache
@login_required
@require_POST
def pupil_reset_password(request: HttpRequest, pupil_id: int) -> HttpResponse:
    pupil = get_object_or_404(User, pk=pupil_id, kind=User.Kind.PUPIL)
    password = services.reset_pupil_password(actor=request.user, pupil=pupil)
    return class_sheet(request, [{"user": pupil, "password": password}])
