"""The organisers' Wagtail admin screens: the form parses, the services save, check, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from core.models import AuditEntry, Country, Language, Level
from plugins.meetings import services
from plugins.meetings.models import Meeting
from tests.factories.twinspace import teacher_in
from tests.support.meetings import (
    ACTIVE,
    OPENS,
    T0,
    create_meeting,
    make_staff,
    make_trainer,
    reach,
)

pytestmark = pytest.mark.django_db

INDEX = "/admin/meetings/"
ADD = "/admin/meetings/new/"
WHEN = "%Y-%m-%d %H:%M"


def local(moment) -> str:
    """How the admin's date and time field shows ``moment`` (in the site's time zone)."""
    return localtime(moment).strftime(WHEN)


@pytest.fixture
def at_t0(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def form_data(**changes) -> dict:
    data = {
        "title": "Robots in the classroom",
        "topic": "Educational robotics",
        "description": "Small robots for every age.",
        "language": Language.objects.get(code="en").pk,
        "levels": [Level.objects.get(code="primary").pk],
        "country": Country.objects.get(code="ES").pk,
        "capacity": 25,
        "registration_opens_at": local(OPENS),
        "registration_closes_at": "",
        "active_starts_at": local(ACTIVE),
        "reflection_starts_at": "",
        "closes_at": "",
        "required_contributions": 2,
        "requires_reflection": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


def test_the_admin_urls_are_reversible():
    assert reverse("meetings_admin:index") == INDEX
    assert reverse("meetings_admin:add") == ADD


def test_nss_staff_create_a_meeting_through_the_service_with_its_audit_entry(client, at_t0):
    organiser = make_staff("nss.es.admin")
    trainer = make_trainer()
    client.force_login(organiser)

    response = client.post(ADD, form_data(trainers=[trainer.pk]))

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.state == Meeting.State.DRAFT and meeting.published_at is None
    assert list(meeting.trainers.all()) == [trainer]
    assert meeting.seat_offer.capacity == 25  # the service opened the seat offer
    # The later times follow the defaults: five days a phase.
    assert meeting.registration_closes_at == ACTIVE
    assert (meeting.closes_at - meeting.active_starts_at).days == 10
    entry = AuditEntry.objects.get(action=services.MEETING_CREATED)
    assert entry.actor == organiser
    assert entry.target_id == str(meeting.pk)


def test_ticking_announce_publishes_the_new_meeting(client, at_t0):
    organiser = make_staff("nss.es.admin")
    client.force_login(organiser)

    client.post(ADD, form_data(publish="on"))

    meeting = Meeting.objects.get()
    assert meeting.published_at == T0
    assert AuditEntry.objects.filter(action=services.MEETING_PUBLISHED, actor=organiser).exists()


def test_dates_out_of_order_are_refused_with_the_reason_and_nothing_is_created(client, at_t0):
    client.force_login(make_staff("nss.es.admin"))

    response = client.post(ADD, form_data(active_starts_at=(T0).strftime(WHEN)))

    assert response.status_code == 200
    assert "The dates must follow each other" in response.content.decode()
    assert not Meeting.objects.exists()
    assert not AuditEntry.objects.filter(action=services.MEETING_CREATED).exists()


def test_nss_staff_organise_for_their_own_country_only(client, at_t0):
    client.force_login(make_staff("nss.es.admin"))

    response = client.post(ADD, form_data(country=Country.objects.get(code="FR").pk))

    assert response.status_code == 200
    assert not Meeting.objects.exists()
    form = response.context["form"]
    assert list(form.fields["country"].queryset) == [Country.objects.get(code="ES")]


def test_only_trainers_are_offered_as_trainers(client, at_t0):
    client.force_login(make_staff("nss.es.admin"))
    teacher = teacher_in("ES")

    response = client.post(ADD, form_data(trainers=[teacher.pk]))

    assert response.status_code == 200
    assert response.context["form"].errors["trainers"] == [
        f"Select a valid choice. {teacher.pk} is not one of the available choices."
    ]
    assert not Meeting.objects.exists()


def test_the_list_shows_the_meetings_each_organiser_manages(client, at_t0):
    spain, france = make_staff("nss.es.admin"), make_staff("nss.fr.admin", country="FR")
    create_meeting(spain, title="Spanish meeting")
    create_meeting(france, title="French meeting", country="FR")
    client.force_login(spain)

    page = client.get(INDEX).content.decode()

    assert "Spanish meeting" in page
    assert "French meeting" not in page


def test_css_staff_see_and_create_european_meetings(client, at_t0):
    css = make_staff("css.admin", role="css", country=None)
    client.force_login(css)

    response = client.post(ADD, form_data(country=""))

    assert response.status_code == 302
    assert Meeting.objects.get().country is None
    assert "Robots in the classroom" in client.get(INDEX).content.decode()


def test_editing_goes_through_the_update_service(client, at_t0):
    organiser = make_staff("nss.es.admin")
    meeting = create_meeting(organiser, publish=False)
    client.force_login(organiser)
    url = reverse("meetings_admin:edit", args=[meeting.pk])
    data = form_data(
        title="Robots, again",
        description=meeting.description,
        registration_closes_at=local(meeting.registration_closes_at),
        reflection_starts_at=local(meeting.reflection_starts_at),
        closes_at=local(meeting.closes_at),
        capacity=20,
        required_contributions=1,
    )

    response = client.post(url, data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Robots, again"
    entry = AuditEntry.objects.get(action=services.MEETING_UPDATED)
    assert entry.actor == organiser
    assert entry.data["fields"] == ["title"]


def test_fewer_seats_than_taken_are_refused_with_the_reason(client, at_t0):
    organiser = make_staff("nss.es.admin")
    meeting = create_meeting(organiser, capacity=2)
    meeting = reach(at_t0, meeting, Meeting.State.REGISTRATION_OPEN)
    for country in ("ES", "FR"):
        services.register(actor=teacher_in(country), meeting=meeting)
    client.force_login(organiser)
    data = form_data(
        description=meeting.description,
        registration_opens_at=local(meeting.registration_opens_at),
        registration_closes_at=local(meeting.registration_closes_at),
        reflection_starts_at=local(meeting.reflection_starts_at),
        closes_at=local(meeting.closes_at),
        capacity=1,
        required_contributions=1,
    )

    response = client.post(reverse("meetings_admin:edit", args=[meeting.pk]), data)

    assert response.status_code == 200
    assert "2 seats are already taken: there cannot be fewer seats." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.capacity == 2
    assert not AuditEntry.objects.filter(action=services.MEETING_UPDATED).exists()


def test_another_countrys_organiser_cannot_open_the_meeting(client, at_t0):
    meeting = create_meeting(make_staff("nss.es.admin"))
    client.force_login(make_staff("nss.fr.admin", country="FR"))

    response = client.get(reverse("meetings_admin:edit", args=[meeting.pk]))

    assert response.status_code in (302, 403)
    assert "Robots in the classroom" not in response.content.decode()


def test_meetings_cannot_be_deleted_in_the_admin(client, at_t0):
    organiser = make_staff("nss.es.admin")
    meeting = create_meeting(organiser)
    client.force_login(organiser)

    client.post(reverse("meetings_admin:delete", args=[meeting.pk]))

    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_teachers_without_a_staff_role_do_not_reach_the_screens(client, at_t0):
    client.force_login(teacher_in("ES"))

    response = client.get(INDEX)

    assert response.status_code == 302


def test_an_emptied_date_takes_its_default_again(client, at_t0):
    organiser = make_staff("nss.es.admin")
    meeting = create_meeting(organiser, publish=False)
    services.update_meeting(
        actor=organiser, meeting=meeting, closes_at=meeting.closes_at + timedelta(days=3)
    )
    client.force_login(organiser)
    data = form_data(
        description=meeting.description,
        registration_closes_at=local(meeting.registration_closes_at),
        reflection_starts_at=local(meeting.reflection_starts_at),
        closes_at="",
        capacity=20,
        required_contributions=1,
    )

    response = client.post(reverse("meetings_admin:edit", args=[meeting.pk]), data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.closes_at == meeting.reflection_starts_at + timedelta(days=5)
