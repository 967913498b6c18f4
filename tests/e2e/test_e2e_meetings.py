"""A teaching meeting in a real browser: a teacher registers, posts in the active
phase, is refused a post once it ended, writes a reflection and sees the completion;
the trainer switches the phases by hand from the meeting's page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from core.models import Country, Language, User
from plugins.meetings import services
from plugins.meetings.models import Completion, Meeting, Post

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "opentwin-demo-2026"
TITLE = "Storytelling with puppets"


def log_in(page: Page, live_server: LiveServer, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/desktop/"))


def switch_phase(trainer_page: Page, meeting: Meeting, live_server: LiveServer, to: str) -> None:
    """The trainer opens the meeting's page to run it and switches to the next phase."""
    trainer_page.goto(f"{live_server.url}/meetings/{meeting.pk}/manage/")
    trainer_page.get_by_role("button", name=f"Switch to: {to}").click()
    expect(trainer_page.locator("#live-messages")).to_contain_text(
        f"The meeting is now in this phase: {to}."
    )


def test_a_teacher_takes_part_in_a_meeting_the_trainer_runs_by_hand(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    base = live_server.url
    trainer = User.objects.get(username="trainer")
    now = timezone.now()
    meeting = services.create_meeting(
        actor=User.objects.get(username="nss.es"),
        title=TITLE,
        topic="Early years",
        description="<p>Puppets that help pupils tell stories.</p>",
        language=Language.objects.get(code="en"),
        trainers=[trainer],
        country=Country.objects.get(code="ES"),
        capacity=10,
        registration_opens_at=now - timedelta(hours=1),
        active_starts_at=now + timedelta(days=3),
        required_contributions=1,
        requires_reflection=True,
    )
    services.publish_meeting(actor=User.objects.get(username="nss.es"), meeting=meeting)
    trainer_context = browser.new_context(locale="en-GB")
    trainer_page = trainer_context.new_page()
    try:
        log_in(trainer_page, live_server, "trainer")

        # 1. The teacher finds the meeting in the list and registers.
        log_in(page, live_server, "teacher.luc")
        page.get_by_role("link", name="Teaching meetings").first.click()
        page.get_by_role("link", name=TITLE).click()
        expect(page.locator("main")).to_contain_text("Registration open")
        page.get_by_role("button", name="Register").click()
        expect(page.locator("#live-messages")).to_contain_text(
            "You are registered for this meeting."
        )

        # 2. The trainer opens the active phase by hand; the teacher posts.
        switch_phase(trainer_page, meeting, live_server, "Active phase")
        page.goto(f"{base}/meetings/{meeting.pk}/")
        page.get_by_role("link", name="Join the discussions").click()
        page.fill("input[name=title]", "My first puppet")
        page.fill("textarea[name=body]", "We made a dragon out of socks.")
        page.get_by_role("button", name="Start the thread").click()
        expect(page.locator("#live-messages")).to_contain_text("Your thread is open.")
        expect(page.locator("main")).to_contain_text("We made a dragon out of socks.")

        # 3. The active phase ends while the teacher writes a reply: it is refused.
        page.fill("textarea[name=body]", "And a princess, too.")
        switch_phase(trainer_page, meeting, live_server, "Reflection phase")
        page.get_by_role("button", name="Send the reply").click()
        expect(page.locator("main")).to_contain_text(
            "Discussions are open during the active phase only: it ended on"
        )
        assert Post.objects.filter(meeting=meeting).count() == 1

        # 4. The teacher writes a reflection entry.
        page.goto(f"{base}/meetings/{meeting.pk}/")
        page.get_by_role("link", name="Write in your reflection journal").click()
        page.fill("textarea[name=body]", "My pupils told their first story in English.")
        page.get_by_role("button", name="Save the entry").click()
        expect(page.locator("#live-messages")).to_contain_text(
            "Your reflection was saved in your journal."
        )

        # 5. The trainer closes the meeting; the teacher sees the completion.
        switch_phase(trainer_page, meeting, live_server, "Closed")
        page.goto(f"{base}/meetings/{meeting.pk}/")
        expect(page.locator("main")).to_contain_text("You completed this meeting.")
        assert Completion.objects.filter(meeting=meeting, user__username="teacher.luc").exists()
    finally:
        trainer_context.close()
