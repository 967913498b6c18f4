"""Awards in a real browser: a project's approval gives its founder an eTwinning Label,
which she downloads from her desktop as a PDF and shares as a badge; anyone follows the
address printed on the certificate (and in its QR code) to check it; the NSS revokes it
in the admin, and the same address then says it was revoked."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from plugins.labels.models import Award
from tests.support.labels_e2e import DEMO_PASSWORD, TITLE, approve_a_new_project, log_in

pytestmark = pytest.mark.e2e


def test_an_approved_projects_label_is_downloaded_shared_verified_and_revoked(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    base = live_server.url
    approve_a_new_project()

    # 1. Ana finds the label on her desktop and downloads its certificate.
    log_in(page, base, "teacher.ana")
    panel = page.locator("section, .card").filter(has_text="My labels and certificates").last
    item = panel.locator("li").filter(has_text=TITLE)
    expect(item.get_by_role("link", name=f"eTwinning Label · {TITLE}")).to_be_visible()
    with page.expect_download() as download:
        item.get_by_role("link", name=re.compile("^PDF")).click()
    pdf = PdfReader(Path(download.value.path()))
    text = " ".join(pdf_page.extract_text() for pdf_page in pdf.pages)
    text = " ".join(text.split())
    assert "Ana García" in text and "eTwinning Label" in text and TITLE in text
    address = re.search(r"https?://\S+/verify/[0-9A-Z-]+/", text).group(0)

    # 2. She shares it as a badge from the award's page.
    item.get_by_role("link", name=re.compile("^Share")).click()
    expect(page.get_by_role("heading", name="Share it as a badge")).to_be_visible()
    with page.expect_download() as badge:
        page.get_by_role("link", name="Download the badge (PNG)").click()
    assert Path(badge.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # 3. Anyone opens the address printed on the certificate (here: on this test server).
    visitor = browser.new_context(locale="en-GB").new_page()
    checked = f"{base}{urlsplit(address).path}"
    visitor.goto(checked)
    expect(visitor.get_by_text(re.compile("genuine and valid"))).to_be_visible()
    expect(visitor.locator("main")).to_contain_text("Ana García")
    expect(visitor.locator("main")).not_to_contain_text("@")

    # 4. The NSS of Spain revokes it in the admin, saying why.
    code = urlsplit(address).path.rstrip("/").rsplit("/", 1)[-1]
    staff = browser.new_context(locale="en-GB").new_page()
    staff.goto(f"{base}/admin/login/")
    staff.fill("input[name=username]", "nss.es")
    staff.fill("input[name=password]", DEMO_PASSWORD)
    staff.locator("form [type=submit]").first.click()
    staff.goto(f"{base}/admin/awards/?q={code.lower()}")
    staff.get_by_role("link", name=re.compile("Ana García")).first.click()
    staff.get_by_label("Reason for revoking").fill("The project was copied from another one.")
    staff.get_by_label(re.compile("I confirm")).check()
    staff.get_by_role("button", name="Revoke the award").click()
    expect(staff.locator("body")).to_contain_text("The project was copied from another one.")
    assert Award.objects.get(code=code).state == Award.State.REVOKED

    # 5. The same address now says so.
    visitor.goto(checked)
    expect(visitor.locator("main")).to_contain_text("revoked")
    expect(visitor.locator("main")).to_contain_text("The project was copied from another one.")
