"""The organisers' Wagtail admin screens of seminars: the form parses, the services save,
check, audit and notify; a refusal shows next to its field and nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from core.models import AuditEntry, Country, Language, Notification
from plugins.mooc.models import Seminar
from plugins.mooc.seminars import notifications, services
from tests.factories.mooc_seminars import announced_seminar, teacher
from tests.support.meetings import make_staff
from tests.support.mooc_seminars import OPENS, SECOND, START, T0

pytestmark = pytest.mark.django_db

INDEX = "/admin/seminars/"
ADD = "/admin/seminars/new/"
WHEN = "%Y-%m-%d %H:%M"


def local(moment) -> str:
    return localtime(moment).strftime(WHEN)


@pytest.fixture
def at_t0(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def form_data(**changes) -> dict:
    data = {
        "title": "Coding in the primary classroom",
        "description": "<p>An hour of ideas.</p>",
        "language": Language.objects.get(code="en").pk,
        "country": Country.objects.get(code="ES").pk,
        "starts_at": local(START),
        "duration_minutes": 60,
        "capacity": 25,
        "live_link": "https://video.example.org/room/1",
        "speakers": "Ada Speaker | University of Sevilla\nBob Guest",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_admin_urls_are_reversible():
    assert reverse("seminars_admin:index") == INDEX
    assert reverse("seminars_admin:add") == ADD


def test_nss_staff_create_a_seminar_with_its_speakers_through_the_service(client, at_t0):
    organiser = make_staff("nss.es.admin")
    speaking = teacher(username="sami.speaker")
    client.force_login(organiser)

    response = client.post(
        ADD, form_data(speakers="Ada Speaker | Uni\nSami | School | sami.speaker", publish="on")
    )

    assert response.status_code == 302
    seminar = Seminar.objects.get()
    assert seminar.published_at == T0
    assert [(s.name, s.affiliation, s.user) for s in seminar.speakers.all()] == [
        ("Ada Speaker", "Uni", None),
        ("Sami", "School", speaking),
    ]
    assert seminar.seat_offer.capacity == 25
    assert AuditEntry.objects.filter(action=services.SEMINAR_CREATED, actor=organiser).exists()
    assert AuditEntry.objects.filter(action=services.SEMINAR_PUBLISHED, actor=organiser).exists()


def test_a_refusal_shows_next_to_its_field_and_nothing_is_created(client, at_t0):
    client.force_login(make_staff("nss.es.admin"))

    response = client.post(ADD, form_data(duration_minutes=5, speakers="x | y | nobody.here"))
    assert response.status_code == 200
    assert response.context["form"].errors["speakers"] == [
        "There is no active account with the username “nobody.here”."
    ]
    response = client.post(ADD, form_data(duration_minutes=5))
    assert response.context["form"].errors["duration_minutes"] == [
        "The duration must be a whole number of minutes from 15 to 480."
    ]
    assert not Seminar.objects.exists()


def test_nss_staff_organise_for_their_own_country_and_see_their_seminars_only(client, at_t0):
    spain, france = make_staff("nss.es.admin"), make_staff("nss.fr.admin", country="FR")
    announced_seminar(actor=spain, title="Spanish seminar")
    announced_seminar(actor=france, title="French seminar", country=None)
    client.force_login(spain)
    page = client.get(INDEX).content.decode()
    assert "Spanish seminar" in page and "French seminar" not in page
    response = client.post(ADD, form_data(country=Country.objects.get(code="FR").pk))
    assert response.status_code == 200
    assert list(response.context["form"].fields["country"].queryset) == [
        Country.objects.get(code="ES")
    ]
    french = Seminar.objects.get(title="French seminar")
    assert client.get(reverse("seminars_admin:edit", args=[french.pk])).status_code in (302, 403)


def test_css_staff_create_a_european_seminar(client, at_t0):
    client.force_login(make_staff("css.admin", role="css", country=None))
    assert client.post(ADD, form_data(country="")).status_code == 302
    assert Seminar.objects.get().country is None


def test_editing_more_seats_promotes_the_waiting_list_and_cancelling_tells_why(client, at_t0):
    organiser = make_staff("nss.es.admin")
    seminar = announced_seminar(actor=organiser, starts_at=START, capacity=1)
    at_t0.move_to(OPENS + SECOND, tick=False)
    seated, waiting = teacher(), teacher()
    services.register(actor=seated, seminar=seminar)
    services.register(actor=waiting, seminar=seminar)
    client.force_login(organiser)
    url = reverse("seminars_admin:edit", args=[seminar.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("seminars:registrants", args=[seminar.pk]) in page.content.decode()
    same = form_data(
        description=seminar.description,
        live_link=seminar.live_link,
        speakers="Ada Speaker | University of Sevilla",
    )

    assert client.post(url, {**same, "capacity": 2}).status_code == 302
    assert Notification.objects.filter(user=waiting, kind=notifications.PROMOTED).exists()
    entry = AuditEntry.objects.get(action=services.SEMINAR_UPDATED)
    assert entry.data["fields"] == ["capacity"]

    refused = client.post(url, {**same, "capacity": 2, "cancel": "on"})
    assert refused.context["form"].errors["cancellation_reason"] == [
        "Please say why the seminar is cancelled: registrants read it."
    ]
    seminar.refresh_from_db()
    assert seminar.cancelled_at is None

    client.post(url, {**same, "capacity": 2, "cancel": "on", "cancellation_reason": "Ill."})
    seminar.refresh_from_db()
    assert seminar.cancellation_reason == "Ill."
    for person in (seated, waiting):
        assert Notification.objects.filter(user=person, kind=notifications.CANCELLED).exists()


def test_teachers_have_no_seminar_screens(client):
    client.force_login(teacher())
    assert client.get(INDEX).status_code in (302, 403)
