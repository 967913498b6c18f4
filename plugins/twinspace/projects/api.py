"""REST routes of projects, mounted at ``/api/v1/projects/``.

A project's public information is open to everyone (open projects only); ``mine``
needs a session.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_params import Id, Pagination
from plugins.twinspace.models import Membership, Project
from plugins.twinspace.projects import services
from plugins.twinspace.projects.search import public_projects

router = Router()


class ProjectOut(Schema):
    id: int
    title: str
    description: str
    state: str
    is_european: bool
    age_min: int
    age_max: int
    languages: list[str]
    subjects: list[str]
    countries: list[str]
    approved_at: datetime | None
    url: str

    @staticmethod
    def resolve_languages(project: Project) -> list[str]:
        return [language.code for language in project.working_languages.all()]

    @staticmethod
    def resolve_subjects(project: Project) -> list[str]:
        return [subject.code for subject in project.subjects.all()]

    @staticmethod
    def resolve_countries(project: Project) -> list[str]:
        codes = [project.founder.school.country.code, project.cofounder.school.country.code]
        return list(dict.fromkeys(codes))

    @staticmethod
    def resolve_url(project: Project) -> str:
        return project.url("about")


class MyProjectOut(ProjectOut):
    role: str

    @staticmethod
    def resolve_role(project: Project) -> str:
        return project.my_role


def _with_details(queryset):
    return queryset.select_related(
        "founder__school__country", "cofounder__school__country"
    ).prefetch_related("working_languages", "subjects")


@router.get("/mine", response=list[MyProjectOut], auth=django_auth, summary="My projects")
@paginate(Pagination)
def my_projects(request):
    roles = Membership.objects.filter(space=OuterRef("pk"), user=request.user).values("role")
    return _with_details(services.projects_of(request.user)).annotate(my_role=Subquery(roles[:1]))


@router.get("/{id:project_id}", response=ProjectOut, summary="A project's public information")
def project_detail(request, project_id: Id):
    project = _with_details(public_projects()).filter(pk=project_id).first()
    if project is None:
        raise Http404
    return project
