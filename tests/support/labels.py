"""Reaching the states the labels react to through the services people use: a project
created, accepted by its co-founder and approved by each founder's NSS; a teacher
invited into it who accepts. Events are delivered as they would be after each commit."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from core.models import ContactRequest, Country, Language, StaffRole, Subject, User
from plugins.labels.quality import criteria
from plugins.twinspace.members import services as members
from plugins.twinspace.models import Project, Role
from plugins.twinspace.projects import services as projects
from tests.factories import UserFactory
from tests.factories.twinspace import teacher_in


def befriend(a: User, b: User) -> None:
    if not ContactRequest.objects.filter(sender=a, recipient=b).exists():
        ContactRequest.objects.create(sender=a, recipient=b, status=ContactRequest.Status.ACCEPTED)


def nss_of(code: str) -> User:
    """The NSS officer of country ``code`` (created once)."""
    username = f"nss.{code.lower()}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = UserFactory(username=username, kind=User.Kind.STAFF)
        StaffRole.objects.create(
            user=user, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
        )
    return user


def css_officer(username: str = "css.officer") -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = UserFactory(username=username, kind=User.Kind.STAFF)
        StaffRole.objects.create(user=user, role=StaffRole.Role.CSS)
    return user


def project_fields(title: str) -> dict:
    return {
        "title": title,
        "description": "Pupils count the birds they see.",
        "working_languages": list(Language.objects.filter(code="en")),
        "age_min": 8,
        "age_max": 10,
        "pupil_count": 30,
        "subjects": list(Subject.objects.filter(code="biology")),
        "ict_tools": "Photos, a shared map",
        "aims": "Observe and describe.",
        "work_process": "Weekly counts.",
        "expected_results": "A bird atlas.",
    }


def submitted_project(
    deliver, founder: User | None = None, cofounder: User | None = None, title: str = "Birds"
) -> Project:
    """A project its co-founder accepted, waiting for its NSSs. ``deliver`` is pytest-django's
    ``django_capture_on_commit_callbacks``."""
    founder = founder or teacher_in("ES")
    cofounder = cofounder or teacher_in("FR")
    befriend(founder, cofounder)
    with deliver(execute=True):
        project = projects.create_project(
            actor=founder, cofounder=cofounder, **project_fields(title)
        )
    with deliver(execute=True):
        projects.respond_to_project(actor=cofounder, project=project, accept=True)
    return project


def approve(deliver, project: Project) -> Project:
    """Each founder's NSS approves ``project`` (it opens once all have)."""
    countries = {founder.school.country for founder in (project.founder, project.cofounder)}
    for country in sorted(countries, key=lambda country: country.code):
        with deliver(execute=True):
            projects.decide_project(
                actor=nss_of(country.code), project=project, country=country, approve=True
            )
    project.refresh_from_db()
    return project


def approved_project(deliver, **kwargs) -> Project:
    return approve(deliver, submitted_project(deliver, **kwargs))


def join_as_teacher(deliver, project: Project, teacher: User, role: str = Role.TEACHER):
    """A founder invites ``teacher``, who accepts."""
    befriend(project.founder, teacher)
    with deliver(execute=True):
        invitation = members.invite_teacher(
            actor=project.founder, space=project, user=teacher, role=role
        )
    with deliver(execute=True):
        return members.accept_invitation(actor=teacher, invitation=invitation)


# A National Quality Label window of the 2026/27 school year, and an application's
# answers: every eligibility question yes, evidence for every criterion.
OPENS = timezone.make_aware(datetime(2026, 10, 1, 9, 0))
CLOSES = timezone.make_aware(datetime(2026, 11, 30, 17, 0))
YES = dict.fromkeys(criteria.QUESTION_KEYS, True)
EVIDENCE = {
    key: {"text": f"What our pupils did for {key}.", "links": ["https://example.org/space/1/"]}
    for key in criteria.CRITERION_KEYS
}
