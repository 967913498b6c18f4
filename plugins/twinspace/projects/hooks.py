"""Hook implementations of the TwinSpace projects area (see docs/hooks.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.contrib import (
    ApiRouter,
    DemoData,
    DesktopPanel,
    MenuItem,
    ProjectFacts,
    SearchProvider,
    SitemapSection,
)
from core.plugins import hookimpl

PANEL_SIZE = 5


def _is_teacher(user) -> bool:
    return user.is_authenticated and user.kind == "teacher"


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    if not _is_teacher(user):
        return []
    return [
        MenuItem(key="projects", label=_("Projects"), url=reverse("twinspace:projects"), order=20)
    ]


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    from plugins.twinspace.projects import services

    panels = []
    if _is_teacher(user):
        projects = list(services.projects_of(user)[:PANEL_SIZE])
        awaiting = list(services.projects_awaiting_answer(user)[:PANEL_SIZE])
        panels.append(
            DesktopPanel(
                key="projects",
                title=_("My projects"),
                template="twinspace/projects/panel.html",
                context={"projects": projects, "awaiting": awaiting},
                order=20,
                needs_action=bool(awaiting),
            )
        )
    if user.is_authenticated and services.is_project_reviewer(user):
        waiting = services.waiting_approvals(user).count()
        panels.append(
            DesktopPanel.queue(
                key="project-approvals",
                title=_("Projects waiting for approval"),
                count=waiting,
                summary=ngettext(
                    "project is waiting for your approval.",
                    "projects are waiting for your approval.",
                    waiting,
                ),
                url=reverse("twinspace_project_approval:index"),
                link_label=_("Open the approval queue"),
                order=25,
            )
        )
    return panels


@hookimpl
def register_search_providers() -> list[SearchProvider]:
    from plugins.twinspace.projects.search import providers

    return providers()


@hookimpl
def register_sitemaps() -> list[SitemapSection]:
    from plugins.twinspace.projects.search import ProjectSitemap

    return [SitemapSection(key="projects", sitemap=ProjectSitemap)]


@hookimpl
def get_project_facts(project_id: int) -> ProjectFacts | None:
    """The facts of one of our projects, or None for ids we do not hold."""
    from plugins.twinspace.models import Project

    project = _with_facts(Project.objects.filter(pk=project_id)).first()
    if project is None:
        return None
    return _facts_of(project)


@hookimpl
def get_projects_of(user) -> list[ProjectFacts] | None:
    """The facts of the projects ``user`` teaches in (founder or teacher member)."""
    from django.db.models import Q

    from plugins.twinspace.models import Membership, Project, Role

    if not user.is_authenticated:
        return []
    taught = Membership.objects.filter(
        user=user, role__in=(Role.TEACHER_ADMIN, Role.TEACHER)
    ).values("space_id")
    projects = _with_facts(
        Project.objects.filter(Q(founder=user) | Q(cofounder=user) | Q(pk__in=taught)).order_by(
            "-pk"
        )
    )
    return [_facts_of(project) for project in projects]


def _with_facts(projects):
    """``projects`` with what ``_facts_of`` reads, in a fixed number of queries."""
    from django.db.models import Prefetch

    from plugins.twinspace.models import Membership

    return projects.select_related(
        "founder__school__country", "cofounder__school__country"
    ).prefetch_related(
        "approvals__country",
        Prefetch("memberships", queryset=Membership.objects.order_by("pk")),
    )


def _facts_of(project) -> ProjectFacts:
    """The facts of a project fetched through ``_with_facts``."""
    from plugins.twinspace.models import Role

    approval_codes = [approval.country.code for approval in project.approvals.all()]
    # The countries that approved the project; before that, the founders' schools'.
    codes = approval_codes or [
        founder.school.country.code
        for founder in (project.founder, project.cofounder)
        if founder.school_id
    ]
    memberships = list(project.memberships.all())
    teaching = (Role.TEACHER_ADMIN, Role.TEACHER)
    return ProjectFacts(
        project_id=project.pk,
        title=project.title,
        state=project.state,
        is_european=project.is_european,
        founder_ids=(project.founder_id, project.cofounder_id),
        member_ids=tuple(membership.user_id for membership in memberships),
        country_codes=tuple(sorted(set(codes))),
        url=project.url("about"),
        approved_at=project.approved_at,
        closed_at=project.closed_at,
        teacher_ids=tuple(
            dict.fromkeys(
                [
                    project.founder_id,
                    project.cofounder_id,
                    *(m.user_id for m in memberships if m.role in teaching),
                ]
            )
        ),
    )


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from plugins.twinspace.projects.api import router

    return [ApiRouter(prefix="projects/", router=router, tags=("projects",))]


@hookimpl
def register_demo_data() -> list[DemoData]:
    from plugins.twinspace.projects.demo import load_project_demo_data

    return [DemoData(key="twinspace-projects", load=load_project_demo_data, order=20)]
