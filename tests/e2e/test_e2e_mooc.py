"""Online seminars and courses in a real browser: a teacher registers for a seminar, joins
it through the platform, and after it has ended watches the recording its organiser
uploaded in the Wagtail admin (seeking in it with a byte range); a teacher takes a course
unit by unit to its completion."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from core.models import Country, Language, User
from plugins.mooc.courses import services as course_services
from plugins.mooc.models import Enrolment, Seminar, SeminarAttendance
from plugins.mooc.seminars import services as seminar_services

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "opentwin-demo-2026"
SEMINAR = "Podcasts with pupils"
COURSE = "Project-based learning in three steps"
# The smallest file that passes for an MP4: its first box is "ftyp".
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8


def log_in(page: Page, live_server: LiveServer, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/desktop/"))


def test_a_teacher_registers_joins_and_later_watches_the_recording(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    base = live_server.url
    organiser = User.objects.get(username="nss.fr")
    start = timezone.now() + timedelta(minutes=10)
    seminar = seminar_services.create_seminar(
        actor=organiser,
        title=SEMINAR,
        description="<p>Recording a class podcast, step by step.</p>",
        language=Language.objects.get(code="en"),
        country=Country.objects.get(code="FR"),
        starts_at=start,
        duration_minutes=45,
        capacity=30,
        # The live session: a page of this site stands in for the video-conference room.
        live_link=f"{base}/healthz",
        speakers=[{"name": "Paula Podcast", "affiliation": "Radio Clásica"}],
    )
    seminar_services.publish_seminar(actor=organiser, seminar=seminar)

    # 1. The teacher finds the seminar, registers, and joins it: it starts in ten minutes.
    log_in(page, live_server, "teacher.luc")
    page.get_by_role("link", name="Online seminars").first.click()
    page.get_by_role("link", name=SEMINAR).first.click()
    expect(page.locator("main")).to_contain_text("Registration open")
    page.get_by_role("button", name="Register").click()
    expect(page.locator("#live-messages")).to_contain_text("You are registered for this seminar.")
    page.get_by_role("button", name="Join the seminar").click()
    expect(page).to_have_url(f"{base}/healthz")
    assert (
        SeminarAttendance.objects.filter(seminar=seminar, user__username="teacher.luc").count() == 1
    )

    # 2. The seminar has ended; its organiser uploads the recording and publishes it.
    with time_machine.travel(start + timedelta(hours=2), tick=True):
        staff_context = browser.new_context(locale="en-GB")
        staff_page = staff_context.new_page()
        try:
            log_in(staff_page, live_server, "nss.fr")
            staff_page.goto(f"{base}/admin/seminar-recordings/")
            staff_page.get_by_role("link", name=SEMINAR).first.click()
            staff_page.set_input_files(
                "input[name=video]",
                files=[{"name": "podcasts.mp4", "mimeType": "video/mp4", "buffer": MP4_BYTES}],
            )
            # "Publish it now and tell the registrants" is ticked: one step reaches them.
            expect(
                staff_page.get_by_label("Publish it now and tell the registrants")
            ).to_be_checked()
            staff_page.get_by_role("button", name="Save the recording").click()
            expect(staff_page.locator("main")).to_contain_text("The registrants were told")
        finally:
            staff_context.close()

        # 3. The teacher is told, opens the seminar's page and plays the recording.
        page.goto(f"{base}/notifications/")
        expect(page.locator("main")).to_contain_text(SEMINAR)
        page.goto(f"{base}/seminars/{seminar.pk}/")
        expect(page.locator("main")).to_contain_text("Ended")
        video = page.locator("main video source")
        expect(video).to_have_count(1)
        source = video.get_attribute("src")
        ranged = page.request.get(f"{base}{source}", headers={"Range": "bytes=4-7"})
        assert ranged.status == 206
        assert ranged.body() == b"ftyp"
    assert Seminar.objects.get(pk=seminar.pk).recording.registrants_notified_at is not None


def test_a_teacher_takes_a_course_to_its_completion(page: Page, live_server: LiveServer) -> None:
    organiser = User.objects.get(username="nss.fr")
    course = course_services.create_course(
        actor=organiser,
        title=COURSE,
        summary="From an idea to a finished project.",
        description="<p>Three short units.</p>",
        language=Language.objects.get(code="en"),
        enrolment_opens_at=timezone.now() - timedelta(days=1),
        country=Country.objects.get(code="FR"),
    )
    titles = ["Choose a question", "Plan with your partners", "Share the results"]
    for title in titles:
        course_services.add_unit(
            actor=organiser, course=course, title=title, body=f"<p>{title}: how.</p>"
        )
    course_services.publish_course(actor=organiser, course=course)

    log_in(page, live_server, "teacher.luc")
    page.get_by_role("link", name="Online courses").first.click()
    page.get_by_role("link", name=COURSE).first.click()
    page.get_by_role("button", name="Enrol").click()
    expect(page.locator("#live-messages")).to_contain_text("You are enrolled.")
    for number, title in enumerate(titles):
        page.get_by_role("link", name=title).first.click()
        expect(page).to_have_url(re.compile(r"/units/"))
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        page.get_by_role("button", name="Mark as done").click()
        expected = (
            "Congratulations: you completed the course!"
            if number == len(titles) - 1
            else "The unit is marked done."
        )
        expect(page.locator("#live-messages")).to_contain_text(expected)
        page.goto(f"{live_server.url}{course.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("3 of 3")
    enrolment = Enrolment.objects.get(course=course, user__username="teacher.luc")
    assert enrolment.completed_at is not None
