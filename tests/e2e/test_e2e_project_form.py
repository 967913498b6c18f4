"""The project form's searchable lists in a real browser: typing narrows the subjects,
the chosen ones appear as buttons that remove them, a polite count says how many, and
the form posts exactly what is chosen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from plugins.twinspace.models import Project

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "opentwin-demo-2026"
TITLE = "Bridges over our rivers"


def test_choosing_subjects_by_typing_and_removing_one_before_submitting(
    page: Page, live_server: LiveServer
):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "teacher.ana")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/desktop/"))
    page.goto(f"{live_server.url}/projects/new/")

    # The real select is hidden; the search box takes its label.
    expect(page.locator("select[name=subjects]")).to_be_hidden()
    search = page.get_by_role("searchbox", name="Subjects")
    subjects = page.get_by_role("group", name="Subjects")
    count = subjects.get_by_role("status")
    expect(count).to_have_text("None chosen")

    search.fill("bio")
    expect(subjects.get_by_label("Biology", exact=True)).to_be_visible()
    expect(subjects.get_by_label("Chemistry", exact=True)).to_be_hidden()
    search.press("Enter")  # picks the first match, does not send the form
    expect(page).to_have_url(re.compile(r"/projects/new/$"))
    search.fill("chem")
    search.press("ArrowDown")
    expect(subjects.get_by_label("Chemistry", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(count).to_have_text("2 chosen")

    remove = subjects.get_by_role("button", name="Remove Chemistry")
    remove.click()
    expect(count).to_have_text("1 chosen")
    expect(subjects.get_by_role("button", name="Remove Chemistry")).to_have_count(0)
    expect(subjects.get_by_role("button", name="Remove Biology")).to_be_focused()

    page.fill("input[name=title]", TITLE)
    luc = page.locator("select[name=cofounder] option", has_text="Luc").first.get_attribute("value")
    page.select_option("select[name=cofounder]", luc)
    page.fill("textarea[name=description]", "Pupils draw the bridges of their towns.")
    languages = page.get_by_role("group", name="Working languages")
    page.get_by_role("searchbox", name="Working languages").fill("engl")
    languages.get_by_label("English", exact=True).check()
    page.fill("input[name=age_min]", "10")
    page.fill("input[name=age_max]", "12")
    page.fill("input[name=pupil_count]", "40")
    page.fill("textarea[name=ict_tools]", "Shared maps")
    page.fill("textarea[name=aims]", "Compare bridges.")
    page.fill("textarea[name=work_process]", "Monthly photos.")
    page.fill("textarea[name=expected_results]", "A bridge atlas.")
    page.get_by_role("button", name="Create the project").click()
    expect(page.locator("main")).to_contain_text(TITLE)

    project = Project.objects.get(title=TITLE)
    assert list(project.subjects.values_list("code", flat=True)) == ["biology"]
    assert list(project.working_languages.values_list("code", flat=True)) == ["en"]
