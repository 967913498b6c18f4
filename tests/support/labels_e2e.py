"""What the awards' and the quality labels' browser tests share: logging a demo user in,
and a new project of teacher.ana and teacher.luc approved through the services."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from core.models import User
from plugins.twinspace.projects import services as projects
from tests.support.labels import project_fields

DEMO_PASSWORD = "opentwin-demo-2026"
TITLE = "Stars over our schools"


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/desktop/"))


def approve_a_new_project() -> None:
    """teacher.ana founds a project with teacher.luc, who accepts; both NSSs approve it."""
    ana, luc = User.objects.get(username="teacher.ana"), User.objects.get(username="teacher.luc")
    project = projects.create_project(actor=ana, cofounder=luc, **project_fields(TITLE))
    projects.respond_to_project(actor=luc, project=project, accept=True)
    for username, founder in (("nss.es", ana), ("nss.fr", luc)):
        projects.decide_project(
            actor=User.objects.get(username=username),
            project=project,
            country=founder.school.country,
            approve=True,
        )
