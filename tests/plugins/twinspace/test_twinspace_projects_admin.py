"""The project approval queue in the Wagtail admin: scoped to the NSS's countries."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Country, StaffRole, User
from plugins.twinspace.models import Project, ProjectApproval, Space
from tests.factories import UserFactory
from tests.factories.twinspace import make_project, teacher_in

pytestmark = pytest.mark.django_db

INDEX = "/admin/project-approval/"
State = Space.State
Status = ProjectApproval.Status


def staff(code: str | None, *, role: str = StaffRole.Role.NSS, username: str = "") -> User:
    user = UserFactory(username=username or f"{role}.{code}", kind=User.Kind.STAFF)
    country = Country.objects.get(code=code) if code else None
    StaffRole.objects.create(user=user, role=role, country=country)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def waiting_project(title: str = "Our shared river", **kwargs) -> Project:
    return make_project(state=State.PENDING_APPROVAL, title=title, **kwargs)


def detail_url(project: Project, code: str) -> str:
    approval = project.approvals.get(country__code=code)
    return reverse("twinspace_project_approval:detail", args=[approval.pk])


def test_queue_url_is_reversible():
    assert reverse("twinspace_project_approval:index") == INDEX


def test_menu_item_shows_the_number_waiting_for_nss(client):
    waiting_project()
    client.force_login(staff("ES"))
    assert "Project approval (1)" in client.get("/admin/").content.decode()


def test_menu_item_hidden_and_queue_refused_for_other_staff(client):
    client.force_login(staff(None, role=StaffRole.Role.EDITOR))
    assert "Project approval" not in client.get("/admin/").content.decode()
    response = client.get(INDEX)
    assert (response.status_code, response.url) == (302, "/admin/")


def test_nss_sees_only_their_countrys_projects(client):
    spanish = waiting_project("Spanish and French")
    german = waiting_project(
        "German and Italian", founder=teacher_in("DE"), cofounder=teacher_in("IT")
    )
    client.force_login(staff("ES"))
    content = client.get(INDEX).content.decode()
    assert "Spanish and French" in content and "German and Italian" not in content
    assert client.get(detail_url(spanish, "ES")).status_code == 200
    assert client.get(detail_url(spanish, "FR")).status_code == 404
    assert client.get(detail_url(german, "DE")).status_code == 404


def test_decided_or_pending_partner_projects_are_not_in_the_queue(client):
    make_project(state=State.PENDING_PARTNER, title="Not asked yet")
    make_project(state=State.ACTIVE, title="Already open")
    client.force_login(staff("ES"))
    content = client.get(INDEX).content.decode()
    assert "No projects are waiting for approval." in content


def test_nss_approves_from_the_detail_page(client):
    project = waiting_project()
    client.force_login(staff("ES"))
    url = detail_url(project, "ES")
    content = client.get(url).content.decode()
    assert "Pupils measure and compare" in content and ">Approve</button>" in content
    response = client.post(url, {"action": "approve"}, follow=True)
    assert "You approved the project for your country." in response.content.decode()
    assert project.approvals.get(country__code="ES").status == Status.APPROVED
    # A second click changes nothing and says why.
    response = client.post(url, {"action": "approve"}, follow=True)
    assert "This project no longer waits" not in response.content.decode()
    assert "already decided" in response.content.decode()


def test_nss_rejection_needs_a_reason(client):
    project = waiting_project()
    client.force_login(staff("FR"))
    url = detail_url(project, "FR")
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert "give a reason" in response.content.decode()
    client.post(url, {"action": "reject", "reason": "Not a school project."})
    project.refresh_from_db()
    assert (project.state, project.rejection_reason) == (State.REJECTED, "Not a school project.")


def test_superuser_sees_every_country(client):
    waiting_project("Spanish and French")
    waiting_project("German and Italian", founder=teacher_in("DE"), cofounder=teacher_in("IT"))
    root = UserFactory(username="root", kind=User.Kind.STAFF, is_superuser=True)
    client.force_login(root)
    content = client.get(INDEX).content.decode()
    assert "Spanish and French" in content and "German and Italian" in content


def test_queue_query_count_is_fixed(client):
    nss = staff("ES")
    client.force_login(nss)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INDEX).status_code == 200
        return len(queries)

    for _ in range(3):
        waiting_project()
    small = count_queries()
    for _ in range(27):
        waiting_project()
    assert "30" in client.get(INDEX).content.decode()
    assert count_queries() == small
