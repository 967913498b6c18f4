"""The seminars' pages as people use them: the listings, a seminar's page for each kind
of person, registering, cancelling, asking for a reminder, joining (a redirect to the
live link that records attendance) and the registrants' list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from plugins.mooc.models import SeminarAttendance
from plugins.mooc.seminars import recordings, services
from tests.factories import PupilFactory
from tests.factories.mooc_seminars import announced_seminar, new_seminar, nss, teacher
from tests.support.mooc_seminars import END, LINK_FROM, OPENS, SECOND, START, T0

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def organiser():
    return nss("ES")


@pytest.fixture
def seminar(organiser, time_machine):
    time_machine.move_to(T0, tick=False)
    return announced_seminar(actor=organiser, starts_at=START, title="Robots and stories")


def text(response) -> str:
    return response.content.decode()


def test_the_listing_has_upcoming_open_and_past_sections(organiser, time_machine):
    time_machine.move_to(T0, tick=False)
    announced_seminar(actor=organiser, starts_at=T0 + timedelta(days=20), title="Far ahead")
    announced_seminar(actor=organiser, starts_at=T0 + timedelta(days=3), title="Open now")
    past = announced_seminar(actor=organiser, starts_at=T0 - timedelta(days=3), title="Done")
    announced_seminar(actor=organiser, starts_at=T0 - timedelta(days=9), title="Done earlier")
    new_seminar(actor=organiser, title="Still a draft")
    recordings.attach_recording(actor=organiser, seminar=past, link="https://video.example.org/d")
    recordings.publish_recording(actor=organiser, seminar=past)
    client = Client()
    upcoming = text(client.get(reverse("seminars:list")))
    assert "Far ahead" in upcoming and "Open now" in upcoming
    assert "Done" not in upcoming and "Still a draft" not in upcoming
    open_now = text(client.get(reverse("seminars:list") + "?show=open"))
    assert "Open now" in open_now and "Far ahead" not in open_now
    past_page = text(client.get(reverse("seminars:list") + "?show=past"))
    assert past_page.index("Done") < past_page.index("Done earlier")
    assert past_page.count("Recording available") == 1
    assert 'aria-current="page"' in past_page


def test_a_draft_is_not_found_but_by_its_organisers(organiser):
    draft = new_seminar(actor=organiser)
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert as_user(teacher()).get(draft.get_absolute_url()).status_code == 404
    assert as_user(organiser).get(draft.get_absolute_url()).status_code == 200


def test_a_visitor_reads_the_seminar_and_is_asked_to_log_in(seminar, time_machine):
    time_machine.move_to(OPENS + SECOND, tick=False)
    page = text(Client().get(seminar.get_absolute_url()))
    assert "Robots and stories" in page and "Ada Speaker" in page
    assert "Only validated teachers can register for online seminars." in page
    assert "Log in" in page
    assert seminar.live_link not in page
    assert "20 left of 20" in page
    assert ">Registration open</span>" in page  # the phase, as a badge


def test_once_the_seminar_has_started_the_page_says_registration_closed(seminar, time_machine):
    time_machine.move_to(END + SECOND, tick=False)
    for client in (Client(), as_user(teacher())):
        page = text(client.get(seminar.get_absolute_url()))
        assert "Registration closed when the seminar started." in page
        assert "Only validated teachers can register" not in page
        assert reverse("seminars:register", args=[seminar.pk]) not in page


def test_a_teacher_asks_for_a_reminder_then_registers_then_cancels(seminar, time_machine):
    person = teacher()
    client = as_user(person)
    page = text(client.get(seminar.get_absolute_url()))
    assert "Remind me when registration opens" in page
    assert "Registration opens on 4 March 2027, 09:00." in page
    response = client.post(reverse("seminars:remind", args=[seminar.pk]), follow=True)
    assert "You will be told when registration opens." in text(response)
    assert seminar.interests.filter(user=person).exists()

    time_machine.move_to(OPENS + SECOND, tick=False)
    response = client.post(reverse("seminars:register", args=[seminar.pk]), follow=True)
    assert "You are registered for this seminar." in text(response)
    assert "19 left of 20" in text(response)
    assert "The live link is shown from 11 March 2027, 08:45." in text(response)

    response = client.post(reverse("seminars:cancel", args=[seminar.pk]), follow=True)
    assert "Your registration was cancelled." in text(response)
    assert not seminar.seat_offer.claims.filter(status="seated").exists()


def test_a_refused_registration_says_why_and_changes_nothing(seminar):
    client = as_user(teacher())
    response = client.post(reverse("seminars:register", args=[seminar.pk]), follow=True)
    assert response.redirect_chain == [(seminar.get_absolute_url(), 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Registration opens on 4 March 2027, 09:00."
    ]
    assert not seminar.seat_offer.claims.exists()
    assert client.get(reverse("seminars:register", args=[seminar.pk])).status_code == 405


def test_joining_redirects_to_the_live_link_and_records_attendance_once(seminar, time_machine):
    person = teacher()
    time_machine.move_to(OPENS + SECOND, tick=False)
    services.register(actor=person, seminar=seminar)
    client = as_user(person)
    join_url = reverse("seminars:join", args=[seminar.pk])

    time_machine.move_to(LINK_FROM - SECOND, tick=False)
    refused = client.get(join_url)
    assert refused.status_code == 403
    assert "The live link is shown from 11 March 2027, 08:45." in text(refused)
    assert seminar.live_link not in text(client.get(seminar.get_absolute_url()))

    time_machine.move_to(LINK_FROM, tick=False)
    page = text(client.get(seminar.get_absolute_url()))
    assert seminar.live_link in page and "Join the seminar" in page
    first = client.post(join_url)
    assert (first.status_code, first["Location"]) == (302, seminar.live_link)
    second = client.get(join_url)
    assert second["Location"] == seminar.live_link
    assert SeminarAttendance.objects.filter(seminar=seminar, user=person).count() == 1
    assert "You joined this seminar." in text(client.get(seminar.get_absolute_url()))

    time_machine.move_to(END, tick=False)
    assert client.get(join_url).status_code == 403


def test_joining_is_refused_to_people_who_did_not_register(seminar, time_machine):
    time_machine.move_to(START, tick=False)
    response = as_user(teacher()).get(reverse("seminars:join", args=[seminar.pk]))
    assert response.status_code == 403
    assert "The live link is for the seminar&#x27;s registrants and speakers only." in text(
        response
    )
    assert Client().get(reverse("seminars:join", args=[seminar.pk])).status_code == 302
    assert not SeminarAttendance.objects.exists()


def test_organisers_and_speakers_see_the_registrants_with_who_joined(organiser, time_machine):
    time_machine.move_to(T0, tick=False)
    speaking = teacher(first_name="Sami", last_name="Speaker")
    seminar = announced_seminar(
        actor=organiser, starts_at=START, capacity=1, speakers=[{"name": "", "user": speaking}]
    )
    time_machine.move_to(OPENS + SECOND, tick=False)
    seated = teacher(first_name="Selma", last_name="Seated")
    waiting = teacher(first_name="Wanda", last_name="Waiting")
    services.register(actor=seated, seminar=seminar)
    services.register(actor=waiting, seminar=seminar)
    time_machine.move_to(START, tick=False)
    services.join(actor=seated, seminar=seminar)
    url = reverse("seminars:registrants", args=[seminar.pk])
    for viewer in (organiser, speaking):
        page = text(as_user(viewer).get(url))
        assert "Selma Seated" in page and "Wanda Waiting" in page
        assert "1 of 1 seats taken, 1 waiting, 1 joined." in page
        assert "Joined" in page
    assert as_user(seated).get(url).status_code == 403
    assert as_user(PupilFactory()).get(url).status_code in (302, 403)


def test_the_recording_shows_once_published_and_to_organisers_before(
    organiser, seminar, time_machine
):
    time_machine.move_to(END + SECOND, tick=False)
    recordings.attach_recording(
        actor=organiser, seminar=seminar, link="https://video.example.org/r"
    )
    url, watch = seminar.get_absolute_url(), "Watch the recording on video.example.org"
    assert watch not in text(as_user(teacher()).get(url))
    assert watch in text(as_user(organiser).get(url))  # the organisers' preview
    recordings.publish_recording(actor=organiser, seminar=seminar)
    assert watch in text(as_user(teacher()).get(url))
    assert watch in text(Client().get(url))
