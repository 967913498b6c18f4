"""A new teacher's whole journey, in a real browser: register, verify the e-mail address,
attach a school, confirmation by the head teacher through the e-mailed link, and validation
by an NSS user in the admin."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from core.models import User

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "opentwin-demo-2026"
NEW_PASSWORD = "lighthouse-harbour-kettle-2026"


def link_in_last_email(to: str, path_prefix: str, live_server: LiveServer) -> str:
    """The link the last e-mail to ``to`` holds, moved onto the test server's address."""
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    url = next(word for word in message.body.split() if urlsplit(word).path.startswith(path_prefix))
    return f"{live_server.url}{urlsplit(url).path}"


def log_in(page: Page, live_server: LiveServer, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main form [type=submit]").first.click()


def test_teacher_registers_verifies_attaches_school_and_is_validated(
    page: Page, live_server: LiveServer
) -> None:
    mail.outbox.clear()

    # 1. Pre-registration.
    page.goto(f"{live_server.url}/register/")
    page.fill("input[name=first_name]", "Elena")
    page.fill("input[name=last_name]", "Navarro")
    page.fill("input[name=email]", "elena.navarro@example.org")
    page.fill("input[name=username]", "elena.navarro")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=password_confirmation]", NEW_PASSWORD)
    page.locator("main form [type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("elena.navarro@example.org")
    assert User.objects.get(username="elena.navarro").state == User.State.EMAIL_UNVERIFIED

    # 2. The verification link from the e-mail.
    page.goto(link_in_last_email("elena.navarro@example.org", "/register/verify/", live_server))
    expect(page.locator("main")).to_contain_text("Your e-mail address is confirmed")
    assert User.objects.get(username="elena.navarro").state == User.State.PROFILE_INCOMPLETE

    # 3. Log in: the school step comes next; choose a school of the list.
    log_in(page, live_server, "elena.navarro", NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/register/school/"))
    page.fill("input[name=q]", "Cervantes")
    page.locator("form[role=search] [type=submit]").click()
    page.get_by_label(re.compile("IES Miguel de Cervantes")).check()
    page.locator("select[name=choose-school_role]").select_option("teacher")
    page.locator("form:has(input[value=choose]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/register/waiting/"))
    assert User.objects.get(username="elena.navarro").state == User.State.WAITING_VALIDATION

    # 4. The head teacher confirms through the e-mailed link, without an account.
    page.context.clear_cookies()
    page.goto(
        link_in_last_email(
            "direccion@cervantes.example.org", "/validation/head-teacher/", live_server
        )
    )
    expect(page.locator("main")).to_contain_text("Elena Navarro")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("main")).to_contain_text(re.compile("thank", re.IGNORECASE))

    # 5. The NSS of Spain validates in the admin queue.
    log_in(page, live_server, "nss.es", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/validation/")
    page.get_by_role("link", name=re.compile("Elena Navarro")).first.click()
    page.get_by_role("button", name="Validate").click()
    expect(page.locator("body")).to_contain_text(re.compile("validated", re.IGNORECASE))
    assert User.objects.get(username="elena.navarro").state == User.State.VALIDATED

    # 6. The teacher sees the result on the desktop.
    page.context.clear_cookies()
    log_in(page, live_server, "elena.navarro", NEW_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/desktop/")
    expect(page.locator("main")).to_contain_text("Validated")
