"""The National Quality Label in a real browser: a teacher applies for her project, the
NSS scores it with the rubric in the admin and awards it, and the teacher downloads the
label as a PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from plugins.labels.models import Award, RubricItem
from plugins.labels.quality import criteria
from tests.support.labels_e2e import DEMO_PASSWORD, TITLE, approve_a_new_project, log_in

pytestmark = pytest.mark.e2e


def score(browser: Browser, base: str, username: str) -> Page:
    """``username`` logs in to the admin and gives the application full marks."""
    staff = browser.new_context(locale="en-GB").new_page()
    staff.goto(f"{base}/admin/login/")
    staff.fill("input[name=username]", username)
    staff.fill("input[name=password]", DEMO_PASSWORD)
    staff.locator("form [type=submit]").first.click()
    staff.goto(f"{base}/admin/quality-labels/")
    staff.locator("tr").filter(has_text=TITLE).get_by_role("link").first.click()
    for item in RubricItem.objects.all():
        staff.locator(f"input[name={item.key}]").fill(str(item.max_points))
    staff.get_by_role("button", name="Save my scores").click()
    expect(staff.locator("body")).to_contain_text("30")
    return staff


def test_a_teacher_applies_the_nss_scores_and_awards_and_she_downloads_the_label(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    base = live_server.url
    approve_a_new_project()  # the demo data opened Spain's application window

    # 1. Ana applies through the form.
    log_in(page, base, "teacher.ana")
    page.goto(f"{base}/quality-labels/")
    page.get_by_role(
        "link", name=re.compile(f"Apply for the National Quality Label for “{TITLE}”")
    ).click()
    for question in criteria.ELIGIBILITY:
        page.get_by_role("group", name=str(question.text)).get_by_label("Yes").check()
    for criterion in criteria.CRITERIA:
        page.locator(f"textarea[name={criterion.key}_text]").fill(
            f"Our pupils' work on {criterion.key}, with their partners."
        )
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator("main")).to_contain_text("Submitted")
    expect(page.locator("main")).to_contain_text(TITLE)

    # 2. Ana's school is in Andalucía: its regional representative and the NSS of Spain
    # both score it with the rubric, then the NSS awards it.
    for username in ("regional.andalucia", "nss.es"):
        staff = score(browser, base, username)
    staff.get_by_role("button", name="Award the National Quality Label").click()
    expect(staff.locator("body")).to_contain_text(re.compile("Awarded", re.I))
    assert Award.objects.filter(
        kind=Award.Kind.NATIONAL_QUALITY_LABEL, subject_title=TITLE
    ).exists()

    # 3. Ana downloads her National Quality Label from her labels and certificates.
    page.goto(f"{base}/awards/")
    page.get_by_role("link", name="National Quality Label").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    text = " ".join(
        pdf_page.extract_text() for pdf_page in PdfReader(Path(download.value.path())).pages
    )
    text = " ".join(text.split())
    assert "National Quality Label" in text and TITLE in text and "Ana García" in text
