"""/sitemap.xml lists the public page of every open project, and no other project."""

from __future__ import annotations

import pytest

from plugins.twinspace.models import Space
from tests.factories.twinspace import make_project

pytestmark = pytest.mark.django_db


def test_sitemap_lists_open_projects_and_never_pending_or_rejected_ones(client):
    active = make_project(title="Rivers", state=Space.State.ACTIVE)
    closed = make_project(title="Birds", state=Space.State.CLOSED)
    pending = make_project(title="Recipes", state=Space.State.PENDING_PARTNER)
    rejected = make_project(title="Secret", state=Space.State.REJECTED)
    sitemap = client.get("/sitemap.xml").text
    for project in (active, closed):
        assert f"{project.url('about')}</loc>" in sitemap
    for project in (pending, rejected):
        assert f"/projects/{project.pk}/" not in sitemap


def test_every_project_page_in_the_sitemap_is_open_to_anonymous_visitors(client):
    project = make_project(state=Space.State.ACTIVE)
    assert f"{project.url('about')}</loc>" in client.get("/sitemap.xml").text
    response = client.get(project.url("about"))
    assert response.status_code == 200
    assert project.title in response.text
