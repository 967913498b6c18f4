"""Two teachers from two countries run a project with their pupils, in a real browser:
the founder creates it, the partner accepts, both NSSs approve, the founder creates
pupils, a pupil logs in and replies in a forum thread, and a visitor sees only the
public parts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from plugins.twinspace.models import Project, Reply, Space

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "opentwin-demo-2026"
TITLE = "Birds that cross our borders"


def log_in(page: Page, live_server: LiveServer, username: str, password: str = DEMO_PASSWORD):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/desktop/"))


def test_two_teachers_run_a_project_with_their_pupils(page: Page, live_server: LiveServer):
    base = live_server.url

    # 1. The founder (Spain) fills in the project form with a contact in France.
    log_in(page, live_server, "teacher.ana")
    page.goto(f"{base}/projects/new/")
    page.fill("input[name=title]", TITLE)
    luc = page.locator("select[name=cofounder] option", has_text="Luc").first.get_attribute("value")
    page.select_option("select[name=cofounder]", value=luc)
    page.fill("textarea[name=description]", "Pupils log the migrating birds they see.")
    page.get_by_label("English", exact=True).check()
    page.fill("input[name=age_min]", "10")
    page.fill("input[name=age_max]", "12")
    page.fill("input[name=pupil_count]", "45")
    page.get_by_label("Biology", exact=True).check()
    page.fill("textarea[name=ict_tools]", "Shared maps, photo galleries")
    page.fill("textarea[name=aims]", "Observe, count and compare birds.")
    page.fill("textarea[name=work_process]", "Weekly observations shared in the TwinSpace.")
    page.fill("textarea[name=expected_results]", "A joint migration map.")
    page.locator("main form [type=submit]").last.click()
    expect(page.locator("main")).to_contain_text(TITLE)
    project = Project.objects.get(title=TITLE)
    assert project.state == Space.State.PENDING_PARTNER
    assert project.is_european
    about = f"{base}/projects/{project.pk}/about/"

    # 2. The co-founder (France) accepts.
    log_in(page, live_server, "teacher.luc")
    page.goto(about)
    page.get_by_role("button", name="Accept").click()
    project.refresh_from_db()
    assert project.state == Space.State.PENDING_APPROVAL

    # 3. Each founder's NSS approves in the admin: the TwinSpace opens after the second.
    for nss in ("nss.es", "nss.fr"):
        log_in(page, live_server, nss)
        page.goto(f"{base}/admin/project-approval/")
        page.get_by_role("link", name=TITLE).click()
        page.get_by_role("button", name="Approve").click()
        expect(page.locator("body")).to_contain_text(re.compile("approv", re.IGNORECASE))
    project.refresh_from_db()
    assert project.state == Space.State.ACTIVE

    # 4. The founder creates two pupils from a pasted list and reads the class sheet.
    log_in(page, live_server, "teacher.ana")
    page.goto(f"{base}/projects/{project.pk}/members/pupils/")
    page.fill('textarea[name="list-names"]', "Lucía Gómez\nMarc Dupont")
    page.get_by_role("button", name="Create the accounts").click()
    first_row = page.locator("table tbody tr").first
    expect(first_row).to_contain_text("Lucía Gómez")
    pupil_username = first_row.locator("td").nth(1).inner_text().strip()
    pupil_password = first_row.locator("td").nth(2).inner_text().strip()

    # 5. The founder opens a discussion and a thread in the forum.
    page.goto(f"{base}/projects/{project.pk}/forums/new/")
    page.fill("input[name=title]", "Our first sightings")
    page.get_by_role("button", name="Open the discussion").click()
    page.get_by_role("link", name="Start a thread").click()
    page.fill("input[name=title]", "Storks in March")
    page.fill("textarea[name=body]", "Who has seen the first storks this year?")
    page.get_by_role("button", name="Start the thread").click()
    expect(page.locator("main")).to_contain_text("Who has seen the first storks")
    thread_url = page.url

    # 6. The pupil logs in on the pupil page, finds the project and replies in the thread.
    page.context.clear_cookies()
    page.goto(f"{base}/pupils/login/")
    page.fill("input[name=username]", pupil_username)
    page.fill("input[name=password]", pupil_password)
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/desktop/"))
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("main h1")).to_contain_text(TITLE)
    page.goto(thread_url)
    page.fill("textarea[name=body]", "We saw three storks near the river!")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.locator("main")).to_contain_text("We saw three storks near the river!")
    assert Reply.objects.filter(author__username=pupil_username).count() == 1
    # Outside their projects, a pupil is sent back to their desktop.
    page.goto(f"{base}/search/")
    expect(page).to_have_url(re.compile(r"/desktop/"))

    # 7. A visitor sees the public page, but not the forum nor the pupils.
    page.context.clear_cookies()
    page.goto(f"{base}/projects/{project.pk}/")
    expect(page.locator("main h1")).to_contain_text(TITLE)
    expect(page.locator("main")).not_to_contain_text("Storks in March")
    expect(page.locator("main")).not_to_contain_text("Lucía")
    page.goto(thread_url)
    expect(page).to_have_url(re.compile(r"/login/"))
