"""The project form's layout: numbered steps on one page, and languages and subjects as
plain multiple selects that site.js makes searchable (the page works without it)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from core.models import ContactRequest, Language, Subject, User
from plugins.twinspace.models import Project
from plugins.twinspace.projects.forms import NewProjectForm, ProjectForm
from tests.factories.twinspace import make_project, teacher_in

pytestmark = pytest.mark.django_db

NEW = "/projects/new/"


@pytest.fixture
def ana() -> User:
    return teacher_in("ES", username="ana", first_name="Ana", last_name="García")


@pytest.fixture
def luc(ana) -> User:
    luc = teacher_in("FR", username="luc", first_name="Luc", last_name="Moreau")
    ContactRequest.objects.create(
        sender=ana,
        recipient=luc,
        status=ContactRequest.Status.ACCEPTED,
        responded_at=timezone.now(),
    )
    return luc


def _data(luc: User, **overrides) -> dict:
    data = {
        "title": "Birds on our way to school",
        "cofounder": luc.pk,
        "description": "Pupils count the birds they see.",
        "working_languages": [
            Language.objects.get(code="en").pk,
            Language.objects.get(code="fr").pk,
        ],
        "age_min": "8",
        "age_max": "10",
        "pupil_count": "30",
        "subjects": [Subject.objects.get(code="biology").pk, Subject.objects.get(code="art").pk],
        "ict_tools": "Photos",
        "aims": "Observe.",
        "work_process": "Weekly counts.",
        "expected_results": "A bird atlas.",
    }
    data.update(overrides)
    return data


def _select(html: str, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*>', html)
    assert found, f"no <select> for {name}"
    return found.group(0)


def test_languages_and_subjects_are_plain_multiple_selects_marked_searchable(client, ana, luc):
    client.force_login(ana)
    html = client.get(NEW).content.decode()
    for name in ("working_languages", "subjects"):
        tag = _select(html, name)
        assert " multiple" in tag and "data-searchable" in tag
        assert 'size="8"' in tag  # several options show without JavaScript
        assert 'aria-describedby="id_' + name + '_helptext"' in tag
    assert 'type="checkbox" name="subjects"' not in html
    assert "Hold down Ctrl (or Cmd on a Mac) and click to choose more than one." in html


def test_the_searchable_list_carries_its_words_in_the_readers_language(client, ana, luc):
    client.force_login(ana)
    tag = _select(client.get(NEW).content.decode(), "subjects")
    assert 'data-filter-label="Find a subject"' in tag
    assert 'data-remove-label="Remove %(name)s"' in tag
    assert 'data-chosen-many="%(count)s chosen"' in tag


def test_the_multiple_select_posts_several_values_as_before(client, ana, luc):
    client.force_login(ana)
    response = client.post(NEW, _data(luc))
    project = Project.objects.get()
    assert response.status_code == 302
    assert set(project.subjects.values_list("code", flat=True)) == {"biology", "art"}
    assert set(project.working_languages.values_list("code", flat=True)) == {"en", "fr"}


def test_a_failed_submit_keeps_every_chosen_option_selected(client, ana, luc):
    client.force_login(ana)
    biology = Subject.objects.get(code="biology")
    html = client.post(NEW, _data(luc, title="")).content.decode()
    assert f'<option value="{biology.pk}" selected>' in html
    assert "data-error-summary" in html and 'href="#id_title"' in html


def test_the_form_is_in_numbered_steps_with_a_step_list(client, ana, luc):
    client.force_login(ana)
    html = client.get(NEW).content.decode()
    steps = ["project-about", "project-partners", "project-pupils", "project-work"]
    for anchor in steps:
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
    positions = [html.index(f'id="{anchor}"') for anchor in steps]
    assert positions == sorted(positions)
    assert html.count("btn btn-primary") == 1  # one primary action: the submit at the end


def test_each_field_is_in_exactly_one_step(ana):
    names = [name for _, _, fields in NewProjectForm.SECTIONS for name in fields]
    assert sorted(names) == sorted(NewProjectForm(actor=ana).fields)


def test_editing_skips_the_partners_step_and_numbers_the_rest(ana):
    steps = ProjectForm().sections()
    assert [step["anchor"] for step in steps] == ["project-about", "project-pupils", "project-work"]
    assert [step["number"] for step in steps] == [1, 2, 3]


def test_a_step_with_an_error_is_marked_in_the_step_list(ana):
    form = ProjectForm(data={"title": ""})
    form.is_valid()
    marked = {step["anchor"]: step["has_errors"] for step in form.sections()}
    assert marked["project-about"] and marked["project-work"]


def test_the_edit_page_uses_the_same_searchable_selects(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=Project.State.PENDING_PARTNER)
    client.force_login(ana)
    html = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert "data-searchable" in _select(html, "subjects")
    assert 'id="project-partners"' not in html


# --- the list and the About page ----------------------------------------------------


def test_my_projects_are_cards_with_their_state_in_words(client, ana, luc):
    make_project(founder=ana, cofounder=luc, title="Alpha river", state=Project.State.ACTIVE)
    client.force_login(ana)
    html = client.get("/projects/").content.decode()
    assert "card-item" in html and "Alpha river" in html
    assert 'state-badge text-bg-success">Active</span>' in html


def test_without_projects_the_next_step_is_to_start_one(client, ana):
    client.force_login(ana)
    html = client.get("/projects/").content.decode()
    assert "empty-state" in html and ">Start a project</a>" in html
    assert 'href="/projects/new/"' in html


def test_the_about_page_shows_the_state_as_a_badge_not_the_stored_value(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=Project.State.PENDING_PARTNER)
    client.force_login(luc)
    html = client.get(f"/projects/{project.pk}/about/").content.decode()
    assert 'state-badge text-bg-warning">Waiting for the co-founder</span>' in html
    assert ">pending_partner<" not in html
    assert 'class="btn btn-primary">Accept</button>' in html
    assert 'class="btn btn-danger">Decline</button>' in html


def test_deleting_a_project_is_confirmed_with_a_danger_button(client, ana, luc):
    project = make_project(founder=ana, cofounder=luc, state=Project.State.PENDING_PARTNER)
    client.force_login(ana)
    html = client.get(f"/projects/{project.pk}/delete/").content.decode()
    assert 'class="btn btn-danger">Delete the project</button>' in html
