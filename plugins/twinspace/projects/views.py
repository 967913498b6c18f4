"""The project pages: my projects, a new project, and each project's about page with
the lifecycle actions (answer, edit, delete, close, archive)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.directory.names import sorted_by_name
from core.models import User
from plugins.twinspace.access import space_kind_of
from plugins.twinspace.models import Project, Space
from plugins.twinspace.policy import Action, SpaceAccess, access_for
from plugins.twinspace.projects import services
from plugins.twinspace.projects.forms import (
    NewProjectForm,
    ProjectForm,
    RespondForm,
    eligible_cofounders,
)

PAGE_SIZE = 20


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    projects = services.projects_of(user).select_related(
        "founder__school__country", "cofounder__school__country"
    )
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    awaiting = list(services.projects_awaiting_answer(user).select_related("founder__school"))
    return render(
        request,
        "twinspace/projects/list.html",
        {
            "page": page,
            "awaiting": awaiting,
            "may_create": user.kind == User.Kind.TEACHER,
        },
    )


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    refusal = services.creation_refusal(user)
    if refusal:
        return render(request, "twinspace/projects/new.html", {"refusal": refusal}, status=403)
    form = NewProjectForm(request.POST or None, actor=user)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(actor=user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Your project is created. Your co-founder is asked to accept it."),
            )
            return redirect(project.url("about"))
    has_contacts = eligible_cofounders(user).exists()
    return render(
        request, "twinspace/projects/new.html", {"form": form, "has_contacts": has_contacts}
    )


# --- one project ------------------------------------------------------------------------


def _load_project(request: HttpRequest, space_id: int) -> tuple[Project, SpaceAccess]:
    """The project of the URL and the requester's standing; 404 when they may not see it.

    Open projects are public; pending and rejected ones are seen by their two founders
    (the co-founder is asked before joining) and by the NSS staff deciding on them.
    """
    if space_kind_of(request) != Space.Kind.PROJECT:
        raise Http404
    project = (
        Project.objects.select_related("founder__school__country", "cofounder__school__country")
        .filter(pk=space_id)
        .first()
    )
    if project is None:
        raise Http404
    access = access_for(request.user, project)
    user_id = request.user.pk if request.user.is_authenticated else None
    if not project.is_open and not (
        access.can_read() or user_id in (project.founder_id, project.cofounder_id)
    ):
        raise Http404
    return project, access


def _is_admin(access: SpaceAccess) -> bool:
    return access.can(Action.MANAGE_MEMBERS)


def about(request: HttpRequest, space_id: int) -> HttpResponse:
    project, access = _load_project(request, space_id)
    user = request.user
    approvals = sorted_by_name(
        project.approvals.select_related("country"), lambda approval: approval.country.display_name
    )
    is_founder = user.is_authenticated and user.pk == project.founder_id
    is_cofounder = user.is_authenticated and user.pk == project.cofounder_id
    pending = project.state in services.PENDING_STATES
    show_review = not project.is_open and (access.can_read() or is_founder or is_cofounder)
    review_approvals = [
        approval
        for approval in approvals
        if access.is_reviewer and services.can_decide(user, approval.country_id)
    ]
    return render(
        request,
        "twinspace/projects/about.html",
        {
            "space": project,
            "project": project,
            "access": access,
            "founders": [project.founder, project.cofounder],
            "languages": list(project.working_languages.all()),
            "subjects": list(project.subjects.all()),
            "approvals": approvals if (show_review or project.is_open) else [],
            "show_review": show_review,
            "can_respond": is_cofounder and project.state == Space.State.PENDING_PARTNER,
            "can_change": is_founder and pending,
            "can_close": project.state == Space.State.ACTIVE and _is_admin(access),
            "can_archive": project.state == Space.State.CLOSED and _is_admin(access),
            "review_approvals": review_approvals,
            "respond_form": RespondForm(),
        },
    )


def _founder_project(request: HttpRequest, space_id: int) -> tuple[Project, SpaceAccess]:
    if not request.user.is_authenticated:
        raise PermissionDenied
    project, access = _load_project(request, space_id)
    if request.user.pk != project.founder_id:
        raise PermissionDenied(_("Only the founder who created the project may edit or delete it."))
    return project, access


def _login_first(view):
    """Visitors are sent to log in before the founder-only pages."""

    def wrapper(request: HttpRequest, space_id: int, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, space_id, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@_login_first
def project_edit(request: HttpRequest, space_id: int) -> HttpResponse:
    project, access = _founder_project(request, space_id)
    if project.state not in services.PENDING_STATES:
        messages.error(
            request,
            _(
                "A project can be changed or deleted only while it waits for its co-founder "
                "or for approval."
            ),
        )
        return redirect(project.url("about"))
    initial = {name: getattr(project, name) for name in services.EDITABLE_FIELDS}
    initial["working_languages"] = list(project.working_languages.all())
    initial["subjects"] = list(project.subjects.all())
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect(project.url("about"))
    return render(
        request,
        "twinspace/projects/edit.html",
        {"space": project, "project": project, "access": access, "form": form},
    )


@_login_first
def project_delete(request: HttpRequest, space_id: int) -> HttpResponse:
    project, access = _founder_project(request, space_id)
    if request.method == "POST":
        try:
            services.delete_project(actor=request.user, project=project)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(project.url("about"))
        messages.success(request, _("The project is deleted."))
        return redirect("twinspace:projects")
    if project.state not in services.PENDING_STATES:
        messages.error(
            request,
            _(
                "A project can be changed or deleted only while it waits for its co-founder "
                "or for approval."
            ),
        )
        return redirect(project.url("about"))
    return render(
        request,
        "twinspace/projects/delete.html",
        {"space": project, "project": project, "access": access},
    )


@_login_first
@require_POST
def project_respond(request: HttpRequest, space_id: int) -> HttpResponse:
    project, _access = _load_project(request, space_id)
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose to accept or decline."))
        return redirect(project.url("about"))
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.respond_to_project(
            actor=request.user,
            project=project,
            accept=accept,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if accept:
            messages.success(
                request,
                _(
                    "You are a co-founder of the project. It now waits for the approval of "
                    "the National Support Services."
                ),
            )
        else:
            messages.success(request, _("You declined the project; the founder is told."))
    return redirect(project.url("about"))


def _lifecycle(request: HttpRequest, space_id: int, service, done: str) -> HttpResponse:
    project, _access = _load_project(request, space_id)
    try:
        service(actor=request.user, project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(project.url("about"))


@_login_first
@require_POST
def project_close(request: HttpRequest, space_id: int) -> HttpResponse:
    return _lifecycle(
        request,
        space_id,
        services.close_project,
        _("The project is closed. Its members can still read and tidy its TwinSpace."),
    )


@_login_first
@require_POST
def project_archive(request: HttpRequest, space_id: int) -> HttpResponse:
    return _lifecycle(
        request,
        space_id,
        services.archive_project,
        _("The project is archived: everything stays readable, nothing can be changed."),
    )
