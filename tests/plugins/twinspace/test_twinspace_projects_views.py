"""The project pages through the client: my projects, a new project, the about page and
its lifecycle buttons, with the messages people see."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import ContactRequest, Country, Language, StaffRole, Subject, User
from plugins.twinspace.models import Membership, Project, ProjectApproval, Role, Space
from tests.factories import TeacherFactory, UserFactory
from tests.factories.twinspace import make_project, teacher_in

pytestmark = pytest.mark.django_db

State = Space.State
LIST = "/projects/"
NEW = "/projects/new/"


def make_contacts(a: User, b: User) -> None:
    ContactRequest.objects.create(
        sender=a, recipient=b, status=ContactRequest.Status.ACCEPTED, responded_at=timezone.now()
    )


def nss(code: str) -> User:
    user = UserFactory(username=f"nss.{code.lower()}", kind=User.Kind.STAFF)
    StaffRole.objects.create(
        user=user, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
    )
    return user


def form_data(cofounder: User | None = None, **overrides) -> dict:
    data = {
        "title": "Birds on our way to school",
        "description": "Pupils count the birds they see.",
        "working_languages": [Language.objects.get(code="en").pk],
        "age_min": "8",
        "age_max": "10",
        "pupil_count": "30",
        "subjects": [Subject.objects.get(code="biology").pk],
        "ict_tools": "Photos",
        "aims": "Observe.",
        "work_process": "Weekly counts.",
        "expected_results": "A bird atlas.",
    }
    if cofounder is not None:
        data["cofounder"] = cofounder.pk
    data.update(overrides)
    return data


def about(project: Project) -> str:
    return reverse("twinspace:project:about", args=[project.pk])


@pytest.fixture
def ana() -> User:
    return teacher_in("ES", username="ana", first_name="Ana", last_name="García")


@pytest.fixture
def luc(ana) -> User:
    luc = teacher_in("FR", username="luc", first_name="Luc", last_name="Moreau")
    make_contacts(ana, luc)
    return luc


def test_urls_have_their_names():
    assert reverse("twinspace:projects") == LIST
    assert reverse("twinspace:project-new") == NEW
    assert reverse("twinspace:project:about", args=[7]) == "/projects/7/about/"
    for name in ("project-edit", "project-delete", "project-respond", "project-close"):
        assert reverse(f"twinspace:project:{name}", args=[7]).startswith("/projects/7/")
    assert reverse("twinspace:project:project-archive", args=[7]) == "/projects/7/archive/"


# --- my projects ------------------------------------------------------------------------------


def test_visitors_are_asked_to_log_in(client):
    for url in (LIST, NEW):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_my_projects_lists_only_mine_with_a_create_link(client, ana, luc):
    mine = make_project(founder=ana, cofounder=luc, title="Alpha river")
    other = make_project(title="Beta river")
    waiting = make_project(founder=luc, cofounder=ana, state=State.PENDING_PARTNER, title="Ask")
    client.force_login(ana)
    content = client.get(LIST).content.decode()
    assert "Alpha river" in content and about(mine) in content
    assert "Beta river" not in content and about(other) not in content
    assert "Create a project" in content
    assert "Waiting for your answer" in content and about(waiting) in content


def test_my_projects_query_count_does_not_grow(client, ana):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    client.force_login(ana)
    make_project(founder=ana)
    small = count_queries()
    for _ in range(24):
        make_project(founder=ana)
    assert count_queries() == small


# --- a new project -------------------------------------------------------------------------


def test_unvalidated_teacher_sees_why_instead_of_the_form(client):
    waiting = TeacherFactory(state=User.State.WAITING_VALIDATION)
    client.force_login(waiting)
    response = client.get(NEW)
    content = response.content.decode()
    assert response.status_code == 403
    assert "Unvalidated teachers cannot create projects" in content
    assert 'name="title"' not in content


def test_new_project_offers_only_contacts_at_other_schools(client, ana, luc):
    colleague = TeacherFactory(school=ana.school, first_name="Same", last_name="School")
    make_contacts(ana, colleague)
    teacher_in("FR", first_name="Not", last_name="Contact")
    client.force_login(ana)
    content = client.get(NEW).content.decode()
    assert "Luc Moreau" in content
    assert "Same School" not in content
    assert "Not Contact" not in content
    for label in ("Overview", "Working languages", "Pupils&#x27; age from", "ICT tools"):
        assert label in content


def test_teacher_without_contacts_is_told_to_find_partners(client, ana):
    client.force_login(ana)
    assert "you have none yet" in client.get(NEW).content.decode()


def test_creating_a_project_through_the_form(client, ana, luc):
    client.force_login(ana)
    response = client.post(NEW, form_data(luc))
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == about(project)
    assert project.state == State.PENDING_PARTNER and project.cofounder == luc
    assert "Your co-founder is asked to accept it." in client.get(response.url).content.decode()


def test_bad_ages_are_refused_and_the_input_kept(client, ana, luc):
    client.force_login(ana)
    response = client.post(NEW, form_data(luc, age_min="12", age_max="9", title="Kept title"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "The highest age must not be lower than the lowest age." in content
    assert "Kept title" in content
    assert not Project.objects.exists()


def test_age_outside_3_to_19_is_refused(client, ana, luc):
    client.force_login(ana)
    content = client.post(NEW, form_data(luc, age_min="2")).content.decode()
    assert "greater than or equal to 3" in content
    assert not Project.objects.exists()


def test_a_non_contact_cannot_be_posted_as_cofounder(client, ana):
    stranger = teacher_in("FR")
    client.force_login(ana)
    response = client.post(NEW, form_data(stranger))
    assert "Select a valid choice" in response.content.decode()
    assert not Project.objects.exists()


# --- the about page ---------------------------------------------------------------------------


def test_open_project_is_public_without_founders_email(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc)
    content = client.get(about(project)).content.decode()
    assert "Our shared river" in content
    assert "Ana García" in content and ana.school.name in content and "Spain" in content
    assert ana.email not in content and luc.email not in content
    assert "Close the project" not in content


@pytest.mark.parametrize("state", [State.PENDING_PARTNER, State.PENDING_APPROVAL, State.REJECTED])
def test_pending_or_rejected_project_is_hidden_from_others(client, ana, luc, state):
    project = make_project(founder=ana, cofounder=luc, state=state)
    assert client.get(about(project)).status_code == 404
    client.force_login(teacher_in("ES"))
    assert client.get(about(project)).status_code == 404
    client.force_login(nss("DE"))
    assert client.get(about(project)).status_code == 404


def test_pending_project_is_seen_by_founders_and_reviewing_nss(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_APPROVAL)
    for person in (ana, luc, nss("ES"), nss("FR")):
        client.force_login(person)
        response = client.get(about(project))
        assert response.status_code == 200
        assert "Waiting" in response.content.decode()
    # The reviewer is pointed to the decision screen of their own country only.
    content = response.content.decode()
    assert "Decide for France in the administration" in content
    assert "Decide for Spain" not in content


def test_cofounder_sees_accept_and_decline(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_PARTNER)
    client.force_login(luc)
    content = client.get(about(project)).content.decode()
    assert "You are asked to co-found this project" in content
    assert ">Accept</button>" in content and ">Decline</button>" in content
    assert "Edit the project" not in content


def test_founder_sees_edit_and_delete_while_pending(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_PARTNER)
    client.force_login(ana)
    content = client.get(about(project)).content.decode()
    assert "Edit the project" in content and "Delete the project" in content
    assert ">Accept</button>" not in content


def test_cofounder_accepts_through_the_page(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_PARTNER)
    client.force_login(luc)
    response = client.post(
        reverse("twinspace:project:project-respond", args=[project.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == State.PENDING_APPROVAL
    content = client.get(response.url).content.decode()
    assert "waits for the approval of the National Support Services" in content
    assert "Spain: Waiting" in content


def test_cofounder_declines_through_the_page(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_PARTNER)
    client.force_login(luc)
    client.post(
        reverse("twinspace:project:project-respond", args=[project.pk]),
        {"decision": "reject", "reason": "Too busy this year"},
    )
    project.refresh_from_db()
    assert (project.state, project.rejection_reason) == (State.REJECTED, "Too busy this year")


def test_someone_else_cannot_answer(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_PARTNER)
    client.force_login(ana)
    response = client.post(
        reverse("twinspace:project:project-respond", args=[project.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).state == State.PENDING_PARTNER


def test_answer_needs_post(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_PARTNER)
    client.force_login(luc)
    url = reverse("twinspace:project:project-respond", args=[project.pk])
    assert client.get(url).status_code == 405


def test_about_query_count_does_not_grow_with_members(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc)
    client.force_login(ana)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(about(project)).status_code == 200
        return len(queries)

    small = count_queries()
    teachers = User.objects.bulk_create(
        [User(username=f"member{n}", kind=User.Kind.TEACHER) for n in range(200)]
    )
    Membership.objects.bulk_create(
        [Membership(space=project, user=user, role=Role.TEACHER) for user in teachers]
    )
    assert count_queries() == small


# --- edit and delete -------------------------------------------------------------------------


def test_founder_edits_through_the_form(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_APPROVAL)
    client.force_login(ana)
    url = reverse("twinspace:project:project-edit", args=[project.pk])
    assert "Our shared river" in client.get(url).content.decode()
    response = client.post(url, form_data(title="A clearer title"))
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).title == "A clearer title"


def test_cofounder_cannot_open_the_edit_page(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_APPROVAL)
    client.force_login(luc)
    assert (
        client.get(reverse("twinspace:project:project-edit", args=[project.pk])).status_code == 403
    )


def test_active_project_edit_redirects_with_a_message(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc)
    client.force_login(ana)
    response = client.get(reverse("twinspace:project:project-edit", args=[project.pk]), follow=True)
    assert "only while it waits for its co-founder" in response.content.decode()


def test_founder_deletes_after_confirming(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_PARTNER)
    client.force_login(ana)
    url = reverse("twinspace:project:project-delete", args=[project.pk])
    assert "This cannot be undone." in client.get(url).content.decode()
    assert Project.objects.filter(pk=project.pk).exists()
    response = client.post(url, follow=True)
    assert "The project is deleted." in response.content.decode()
    assert not Project.objects.filter(pk=project.pk).exists()


# --- close and archive ---------------------------------------------------------------------------


def test_teacher_admin_closes_then_archives(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc)
    client.force_login(luc)
    assert "Close the project" in client.get(about(project)).content.decode()
    response = client.post(reverse("twinspace:project:project-close", args=[project.pk]))
    assert Project.objects.get(pk=project.pk).state == State.CLOSED
    content = client.get(response.url).content.decode()
    assert "The project is closed." in content and "Archive the project" in content
    client.post(reverse("twinspace:project:project-archive", args=[project.pk]))
    assert Project.objects.get(pk=project.pk).state == State.ARCHIVED


def test_plain_member_cannot_close(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc)
    teacher = teacher_in("ES")
    Membership.objects.create(space=project, user=teacher, role=Role.TEACHER)
    client.force_login(teacher)
    assert "Close the project" not in client.get(about(project)).content.decode()
    response = client.post(reverse("twinspace:project:project-close", args=[project.pk]))
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).state == State.ACTIVE


def test_approval_status_per_country_is_shown_to_founders(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=State.PENDING_APPROVAL)
    ProjectApproval.objects.filter(project=project, country__code="ES").update(
        status=ProjectApproval.Status.APPROVED
    )
    client.force_login(ana)
    content = client.get(about(project)).content.decode()
    assert "Spain: Approved" in content and "France: Waiting" in content
