"""The pages tree in the design system: drafts carry a badge in words, the reorder
buttons say which page they move, and deleting is confirmed with a danger button."""

from __future__ import annotations

import pytest

from plugins.twinspace.pages import services
from tests.factories.twinspace import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return make_project()


def test_a_draft_carries_a_draft_badge_in_the_tree(client, project):
    services.create_page(actor=project.founder, space=project, title="Half done", status="draft")
    client.force_login(project.founder)
    html = client.get(project.url("pages")).content.decode()
    assert "Half done" in html
    assert 'state-badge text-bg-warning">Draft</span>' in html


def test_move_buttons_say_which_page_they_move(client, project):
    services.create_page(actor=project.founder, space=project, title="Alpha", status="published")
    services.create_page(actor=project.founder, space=project, title="Beta", status="published")
    client.force_login(project.founder)
    html = client.get(project.url("pages-reorder")).content.decode()
    assert (
        'value="down" class="btn btn-outline-secondary btn-sm" aria-label="Move “Alpha” down"'
        in html
    )
    assert 'value="up" class="btn btn-outline-secondary btn-sm" aria-label="Move “Beta” up"' in html


def test_an_empty_tree_says_what_to_do_next(client, project):
    client.force_login(project.founder)
    html = client.get(project.url("pages")).content.decode()
    assert "empty-state" in html and "write the first one" in html


def test_deleting_a_page_is_confirmed_with_a_danger_button(client, project):
    page = services.create_page(
        actor=project.founder, space=project, title="Old", status="published"
    )
    client.force_login(project.founder)
    html = client.get(project.url("page-delete", page.pk)).content.decode()
    assert 'class="btn btn-danger">Delete</button>' in html


def test_each_status_choice_of_the_page_form_has_one_label(client, project):
    client.force_login(project.founder)
    html = client.get(project.url("page-new")).content.decode()
    for index in range(2):
        assert html.count(f'for="id_status_{index}"') == 1
