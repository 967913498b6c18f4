"""What the projects area contributes through hooks: menu, desktop panels, search,
project facts, the API and the demo data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.contrib import SearchQuery
from core.models import ContactRequest, Country, StaffRole, User
from core.plugins import hook
from core.search import search
from plugins.twinspace.models import Project, ProjectApproval, Space
from plugins.twinspace.projects.demo import load_project_demo_data
from plugins.twinspace.projects.hooks import (
    get_project_facts,
    register_desktop_panels,
    register_menu_items,
)
from plugins.twinspace.projects.search import search_projects
from tests.factories import PupilFactory, TeacherFactory, UserFactory
from tests.factories.twinspace import add_member, make_project, teacher_in

pytestmark = pytest.mark.django_db

State = Space.State


def titles(query: SearchQuery) -> set[str]:
    return {result.title for result in search_projects(query, 50)}


# --- menu and desktop -----------------------------------------------------------------------


def test_teachers_get_the_projects_menu_item_others_do_not():
    [item] = register_menu_items(TeacherFactory())
    assert (item.key, item.url) == ("projects", "/projects/")
    assert register_menu_items(PupilFactory()) == []


def test_desktop_panel_lists_my_projects_and_those_awaiting_my_answer():
    teacher = teacher_in("ES")
    mine = make_project(founder=teacher, title="Mine")
    asking = make_project(cofounder=teacher, state=State.PENDING_PARTNER, title="Asking")
    [panel] = register_desktop_panels(teacher)
    assert panel.key == "projects"
    assert panel.context["projects"] == [mine]
    assert panel.context["awaiting"] == [asking]


def test_desktop_shows_the_panels(client):
    teacher = teacher_in("ES")
    make_project(founder=teacher, title="Rivers")
    client.force_login(teacher)
    content = client.get("/desktop/").content.decode()
    assert "My projects" in content and "Rivers" in content


def test_nss_desktop_panel_counts_approvals_waiting():
    make_project(state=State.PENDING_APPROVAL)
    nss = UserFactory(kind=User.Kind.STAFF)
    StaffRole.objects.create(
        user=nss, role=StaffRole.Role.NSS, country=Country.objects.get(code="FR")
    )
    [panel] = register_desktop_panels(nss)
    assert (panel.key, panel.context["count"]) == ("project-approvals", 1)
    assert panel.context["url"] == "/admin/project-approval/"


# --- search --------------------------------------------------------------------------------


def test_search_never_returns_pending_or_rejected_projects():
    make_project(title="Open river")
    for state in (State.PENDING_PARTNER, State.PENDING_APPROVAL, State.REJECTED):
        make_project(title=f"Hidden river {state}", state=state)
    assert titles(SearchQuery(text="river")) == {"Open river"}
    assert titles(SearchQuery(text="")) == {"Open river"}


def test_closed_and_archived_projects_are_found():
    make_project(title="Closed river", state=State.CLOSED)
    make_project(title="Archived river", state=State.ARCHIVED)
    assert titles(SearchQuery(text="")) == {"Closed river", "Archived river"}


def test_a_project_awaiting_my_answer_is_the_next_step_on_my_desktop():
    teacher = teacher_in("ES")
    [panel] = register_desktop_panels(teacher)
    assert panel.needs_action is False
    make_project(cofounder=teacher, state=State.PENDING_PARTNER, title="Asking")
    [panel] = register_desktop_panels(teacher)
    assert panel.needs_action is True


def test_search_results_show_a_projects_state_as_a_translated_badge(client):
    make_project(title="Closed badge river", state=State.CLOSED)
    page = client.get("/search/", {"q": "badge river", "kind": "projects"}).content.decode()
    assert '<span class="badge state-badge text-bg-secondary">Closed</span>' in page
    assert ">closed<" not in page


def test_search_filters_by_country_age_subject_and_language():
    make_project(title="Spanish French")
    make_project(title="German Italian", founder=teacher_in("DE"), cofounder=teacher_in("IT"))
    assert titles(SearchQuery(text="", filters={"country": "de"})) == {"German Italian"}
    assert titles(SearchQuery(text="", filters={"country": "FR"})) == {"Spanish French"}
    assert len(titles(SearchQuery(text="", filters={"age": "11"}))) == 2
    assert titles(SearchQuery(text="", filters={"age": "15"})) == set()
    assert len(titles(SearchQuery(text="", filters={"subject": "biology"}))) == 2
    assert titles(SearchQuery(text="", filters={"subject": "history"})) == set()
    assert len(titles(SearchQuery(text="", filters={"language": "en"}))) == 2
    assert titles(SearchQuery(text="German", filters={"country": "DE", "age": "10"})) == {
        "German Italian"
    }


def test_results_link_to_the_project_home_through_the_public_search():
    project = make_project(title="Linked river")
    [section] = search(SearchQuery(text="Linked"), kinds={"projects"})
    [result] = section.results
    assert result.url == project.url("home")
    assert result.kind == "projects"


# --- project facts ------------------------------------------------------------------------------


def test_project_facts_of_a_project():
    project = make_project()
    member = add_member(project).user
    facts = get_project_facts(project.pk)
    assert facts.project_id == project.pk and facts.state == "active"
    assert facts.is_european is True
    assert facts.founder_ids == (project.founder_id, project.cofounder_id)
    assert set(facts.member_ids) == {project.founder_id, project.cofounder_id, member.pk}
    assert facts.country_codes == ("ES", "FR")
    assert facts.approved_at is not None


def test_project_facts_through_the_hook_and_none_for_unknown_ids():
    project = make_project()
    assert hook().get_project_facts(project_id=project.pk).title == "Our shared river"
    assert get_project_facts(999_999) is None


# --- API -------------------------------------------------------------------------------------


def test_api_gives_public_information_of_open_projects_only(client):
    project = make_project()
    pending = make_project(state=State.PENDING_APPROVAL)
    response = client.get(f"/api/v1/projects/{project.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Our shared river" and data["is_european"] is True
    assert data["countries"] == ["ES", "FR"]
    assert (data["languages"], data["subjects"]) == (["en"], ["biology"])
    assert (data["age_min"], data["age_max"]) == (10, 12)
    assert "email" not in str(data)
    assert client.get(f"/api/v1/projects/{pending.pk}").status_code == 404


def test_api_mine_needs_a_session_and_lists_my_projects(client):
    teacher = teacher_in("ES")
    mine = make_project(founder=teacher, state=State.PENDING_PARTNER)
    make_project()
    assert client.get("/api/v1/projects/mine").status_code == 401
    client.force_login(teacher)
    data = client.get("/api/v1/projects/mine").json()
    assert [(item["id"], item["role"]) for item in data["items"]] == [(mine.pk, "teacher_admin")]


def test_api_mine_query_count_is_fixed(client):
    teacher = teacher_in("ES")
    client.force_login(teacher)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/projects/mine").status_code == 200
        return len(queries)

    make_project(founder=teacher)
    small = count_queries()
    for _ in range(10):
        make_project(founder=teacher)
    assert count_queries() == small


# --- demo data --------------------------------------------------------------------------------


def test_demo_data_is_idempotent_and_makes_an_active_european_project():
    from core.demo import load_core_demo_data

    load_core_demo_data()
    load_project_demo_data()
    load_project_demo_data()
    ana = User.objects.get(username="teacher.ana")
    luc = User.objects.get(username="teacher.luc")
    active = Project.objects.get(state=State.ACTIVE, founder=ana)
    assert active.cofounder == luc and active.is_european
    assert set(active.approvals.values_list("status", flat=True)) == {
        ProjectApproval.Status.APPROVED
    }
    pending = Project.objects.get(state=State.PENDING_PARTNER, founder=ana)
    assert pending.cofounder == luc
    assert Project.objects.count() == 2
    assert ContactRequest.objects.filter(status=ContactRequest.Status.ACCEPTED).count() == 1
