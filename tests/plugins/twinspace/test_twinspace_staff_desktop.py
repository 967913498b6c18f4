"""NSS staff find the projects to approve and the groups to moderate on their desktop,
scoped to the countries they serve, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.directory.services import accept_contact_request, send_contact_request
from core.models import Country, Language, StaffRole, Subject, User
from core.validation.services import confirm_by_head_teacher, request_validation
from core.views import desktop_panels
from plugins.twinspace.groups.services import create_group
from plugins.twinspace.models import Group
from plugins.twinspace.projects.services import create_project, respond_to_project
from tests.factories import SchoolFactory, TeacherFactory, UserFactory
from tests.factories.twinspace import teacher_in

pytestmark = pytest.mark.django_db


def nss_of(code: str) -> User:
    user = UserFactory(username=f"nss.{code.lower()}", kind=User.Kind.STAFF)
    StaffRole.objects.create(
        user=user, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
    )
    return user


def submitted_project(founder_country: str, cofounder_country: str, capture) -> None:
    """Two teachers become contacts, one creates a project, the other accepts it: it
    waits for the approval of each founder's country."""
    founder, cofounder = teacher_in(founder_country), teacher_in(cofounder_country)
    with capture(execute=True):
        request = send_contact_request(actor=founder, recipient=cofounder)
        accept_contact_request(actor=cofounder, contact_request=request)
        project = create_project(
            actor=founder,
            cofounder=cofounder,
            title="Birds on our way to school",
            description="Pupils count the birds they see.",
            working_languages=Language.objects.filter(code="en"),
            age_min=8,
            age_max=10,
            pupil_count=30,
            subjects=Subject.objects.filter(code="biology"),
            ict_tools="Photos, a shared map",
            aims="Observe and describe.",
            work_process="Weekly counts.",
            expected_results="A bird atlas.",
        )
        respond_to_project(actor=cofounder, project=project, accept=True)


def new_group(country: str, capture) -> None:
    with capture(execute=True):
        create_group(
            actor=teacher_in(country),
            title="Robots in class",
            description="Ideas with small robots.",
            membership_policy=Group.Policy.VALIDATED,
        )


def teacher_waiting_for_staff(country: str, capture) -> None:
    teacher = UserFactory(state=User.State.PROFILE_INCOMPLETE, school_role="teacher")
    school = SchoolFactory(country=Country.objects.get(code=country))
    with capture(execute=True):
        validation = request_validation(actor=teacher, school=school)
        confirm_by_head_teacher(validation, validation.head_teacher_nonce)


def panel(user, key: str):
    return {panel.key: panel for panel in desktop_panels(user)}.get(key)


def test_nss_of_spain_sees_spains_projects_to_approve_and_groups_to_moderate(
    client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    submitted_project("ES", "FR", capture)
    submitted_project("ES", "PT", capture)
    submitted_project("FR", "DE", capture)
    new_group("ES", capture)
    new_group("FR", capture)
    nss = nss_of("ES")

    assert panel(nss, "project-approvals").context["count"] == 2
    assert panel(nss, "group-moderation-queue").context["count"] == 1
    client.force_login(nss)
    page = client.get(reverse("core:desktop")).content.decode()
    assert "<strong>2</strong> projects are waiting for your approval." in page
    assert f'href="{reverse("twinspace_project_approval:index")}"' in page
    assert "Groups to moderate" in page
    assert "<strong>1</strong> new group is waiting for your moderation." in page
    assert f'href="{reverse("twinspace_group_moderation:index")}"' in page


def test_a_teacher_sees_no_approval_or_moderation_queue(django_capture_on_commit_callbacks):
    new_group("ES", django_capture_on_commit_callbacks)

    keys = {panel.key for panel in desktop_panels(TeacherFactory())}

    assert "project-approvals" not in keys
    assert "group-moderation-queue" not in keys


def test_the_staff_desktop_needs_the_same_queries_whatever_the_size_of_the_queues(
    client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    nss = nss_of("ES")
    client.force_login(nss)

    def desktop_queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse("core:desktop"))
        assert response.status_code == 200
        return len(context.captured_queries)

    submitted_project("ES", "FR", capture)
    new_group("ES", capture)
    teacher_waiting_for_staff("ES", capture)
    few = desktop_queries()
    for _ in range(3):
        submitted_project("ES", "FR", capture)
        new_group("ES", capture)
        teacher_waiting_for_staff("ES", capture)

    assert desktop_queries() == few
    assert panel(nss, "project-approvals").context["count"] == 4
