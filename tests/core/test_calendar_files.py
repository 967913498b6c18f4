"""The calendar's files: one item's .ics, the personal feed and its revocable address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from core import calendar
from core.accounts import services as account_services
from core.contrib import CalendarEvent
from core.models import AuditEntry, CalendarFeed, Country, StaffRole, User
from core.plugins import get_plugin_manager, hookimpl
from tests.factories import PupilFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Meetings:
    """An inline plugin: each of its participants has one session on 10 December."""

    def __init__(self, *participants) -> None:
        self.participants = {participant.pk for participant in participants}

    @hookimpl
    def register_calendar_events(self, user):
        if user.pk not in self.participants:
            return []
        return [
            CalendarEvent(
                uid=f"meetings-session-{user.pk}",
                title="Coding in class: session 1",
                # 15:00 in Brussels is 14:00 in UTC.
                starts_at=datetime(2026, 12, 10, 15, 0, tzinfo=BRUSSELS),
                ends_at=datetime(2026, 12, 10, 16, 30, tzinfo=BRUSSELS),
                url="/meetings/3/",
                description="Bring your questions.",
                location="Online",
            ),
            CalendarEvent(
                uid=f"meetings-past-{user.pk}",
                title="Coding in class: welcome",
                starts_at=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
                ends_at=datetime(2026, 11, 20, 16, 0, tzinfo=UTC),
                url="https://video.example.org/welcome",
            ),
        ]


def calendar_plugins() -> int:
    """How many hooks modules of the installed plugins add calendar items (not this
    test's inline plugins, which ask the database nothing)."""
    implementations = get_plugin_manager().hook.register_calendar_events.get_hookimpls()
    return len([item for item in implementations if not item.plugin_name.endswith("-test")])


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def parsed(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def events_of(content: bytes) -> dict[str, object]:
    """The items by their uid on the site (the ``.ics`` UID adds the site's host)."""
    return {str(event["UID"]).rsplit("@", 1)[0]: event for event in parsed(content).walk("VEVENT")}


def nss_of(code: str) -> User:
    staff = UserFactory(kind=User.Kind.STAFF)
    StaffRole.objects.create(
        user=staff, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
    )
    return staff


# --- the .ics itself ---------------------------------------------------------------


def test_an_ics_file_parses_back_with_times_in_utc_and_absolute_links(register_plugin):
    teacher = TeacherFactory()
    register_plugin(Meetings(teacher), "meetings-test")
    content = calendar.ics_bytes(calendar.calendar_events(teacher), name="Ana's calendar")
    ical = parsed(content)
    assert str(ical["VERSION"]) == "2.0"
    assert str(ical["METHOD"]) == "PUBLISH"
    assert str(ical["PRODID"]) == calendar.PRODUCT_ID
    assert str(ical["X-WR-CALNAME"]) == "Ana's calendar"
    session = events_of(content)[f"meetings-session-{teacher.pk}"]
    assert str(session["SUMMARY"]) == "Coding in class: session 1"
    assert str(session["DESCRIPTION"]) == "Bring your questions."
    assert str(session["LOCATION"]) == "Online"
    assert session.decoded("DTSTART") == datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    assert session.decoded("DTSTART").utcoffset() == timedelta(0)
    assert session.decoded("DTEND") == datetime(2026, 12, 10, 15, 30, tzinfo=UTC)
    assert session.decoded("DTSTAMP") == NOW
    assert b"DTSTART:20261210T140000Z" in content
    assert str(session["URL"]) == f"{settings.OPENTWIN_SITE_URL}/meetings/3/"
    past = events_of(content)[f"meetings-past-{teacher.pk}"]
    assert str(past["URL"]) == "https://video.example.org/welcome"
    assert "LOCATION" not in past and "DESCRIPTION" not in past


def test_a_calendar_without_items_is_a_valid_empty_vcalendar():
    content = calendar.ics_bytes([], name="Empty")
    ical = parsed(content)
    assert ical.name == "VCALENDAR"
    assert str(ical["VERSION"]) == "2.0"
    assert list(ical.walk("VEVENT")) == []


def test_event_for_finds_only_the_persons_own_items(register_plugin):
    teacher, other = TeacherFactory(), TeacherFactory()
    register_plugin(Meetings(teacher, other), "meetings-test")
    assert calendar.event_for(teacher, f"meetings-session-{teacher.pk}").title == (
        "Coding in class: session 1"
    )
    assert calendar.event_for(teacher, f"meetings-session-{other.pk}") is None


# --- one item's download -----------------------------------------------------------


def test_a_participant_downloads_one_items_ics_as_an_attachment(
    client, register_plugin, django_assert_num_queries
):
    teacher = TeacherFactory()
    register_plugin(Meetings(teacher), "meetings-test")
    client.force_login(teacher)
    uid = f"meetings-session-{teacher.pk}"
    url = calendar.event_ics_url(uid)
    assert url == f"/calendar/items/{uid}.ics"
    # The session and its user, and one query by each installed plugin that adds
    # calendar items (for the person's meetings, seminars…); the inline one asks nothing.
    with django_assert_num_queries(2 + calendar_plugins()):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{uid}.ics"'
    assert list(events_of(response.content)) == [uid]


def test_another_persons_item_is_not_found(client, register_plugin):
    teacher, other = TeacherFactory(), TeacherFactory()
    register_plugin(Meetings(teacher, other), "meetings-test")
    client.force_login(teacher)
    response = client.get(calendar.event_ics_url(f"meetings-session-{other.pk}"))
    assert response.status_code == 404


def test_the_download_needs_a_login(client, register_plugin):
    teacher = TeacherFactory()
    register_plugin(Meetings(teacher), "meetings-test")
    response = client.get(calendar.event_ics_url(f"meetings-session-{teacher.pk}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_a_download_file_name_keeps_only_safe_characters():
    assert calendar.ics_filename('mooc-seminar-7/../"x"') == "mooc-seminar-7-x.ics"
    assert calendar.ics_filename("///") == "event.ics"


# --- the personal feed -------------------------------------------------------------


def test_the_feed_works_without_login_and_holds_every_item(
    client, register_plugin, django_assert_num_queries
):
    teacher = TeacherFactory()
    register_plugin(Meetings(teacher), "meetings-test")
    url = calendar.feed_url(teacher, absolute=False)
    # The feed and its owner, in one query; each installed plugin that adds calendar
    # items asks once for the owner's (meetings, seminars…).
    with django_assert_num_queries(1 + calendar_plugins()):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private"
    assert set(events_of(response.content)) == {
        f"meetings-session-{teacher.pk}",
        f"meetings-past-{teacher.pk}",
    }


def test_the_feed_of_someone_with_no_items_is_a_valid_empty_vcalendar(client):
    teacher = TeacherFactory()
    response = client.get(calendar.feed_url(teacher, absolute=False))
    assert response.status_code == 200
    ical = parsed(response.content)
    assert str(ical["X-WR-CALNAME"]) == "My calendar on OpenTwin"
    assert list(ical.walk("VEVENT")) == []


def test_the_feed_address_is_absolute_made_once_and_long_enough():
    teacher = TeacherFactory()
    url = calendar.feed_url(teacher)
    assert url.startswith(f"{settings.OPENTWIN_SITE_URL}/calendar/feed/")
    assert calendar.feed_url(teacher) == url
    token = CalendarFeed.objects.get(user=teacher).token
    assert len(token) >= 32
    assert url.endswith(f"/{token}.ics")


def test_an_unknown_token_is_not_found(client):
    TeacherFactory()
    assert client.get(reverse("core:calendar-feed", args=["x" * 43])).status_code == 404


def test_a_new_address_kills_the_old_one_at_once_and_the_new_one_works(client):
    teacher = TeacherFactory()
    old = calendar.feed_url(teacher, absolute=False)
    new = calendar.regenerate_feed(actor=teacher)
    assert new != f"{settings.OPENTWIN_SITE_URL}{old}"
    assert client.get(old).status_code == 404
    assert client.get(new.removeprefix(settings.OPENTWIN_SITE_URL)).status_code == 200
    assert calendar.feed_url(teacher) == new
    entry = AuditEntry.objects.get(action=calendar.CALENDAR_FEED_REGENERATED)
    assert entry.actor == teacher
    assert entry.target_id == str(teacher.pk)


def test_the_make_a_new_address_button_replaces_the_address_and_says_so(client):
    teacher = TeacherFactory()
    old = calendar.feed_url(teacher, absolute=False)
    client.force_login(teacher)
    response = client.post(reverse("core:calendar-regenerate"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:calendar")
    assert "Your calendar has a new address. The old address no longer works" in (
        response.content.decode()
    )
    assert client.get(old).status_code == 404
    assert calendar.feed_url(teacher) in response.content.decode()


def test_the_new_address_button_only_answers_a_post(client):
    teacher = TeacherFactory()
    old = calendar.feed_url(teacher)
    client.force_login(teacher)
    assert client.get(reverse("core:calendar-regenerate")).status_code == 405
    assert calendar.feed_url(teacher) == old


def test_a_blocked_teachers_feed_is_not_found(client):
    teacher = TeacherFactory()
    url = calendar.feed_url(teacher, absolute=False)
    account_services.block_account(actor=nss_of("ES"), user=teacher, reason="Fake school")
    assert client.get(url).status_code == 404


def test_an_inactive_teachers_feed_is_not_found(client):
    teacher = TeacherFactory()
    url = calendar.feed_url(teacher, absolute=False)
    User.objects.filter(pk=teacher.pk).update(state=User.State.INACTIVE)
    assert client.get(url).status_code == 404


def test_a_pupil_has_no_feed():
    pupil = PupilFactory()
    with pytest.raises(PermissionDenied, match=r"^Pupils have no calendar\.$"):
        calendar.feed_url(pupil)
    with pytest.raises(PermissionDenied, match=r"^Pupils have no calendar\.$"):
        calendar.regenerate_feed(actor=pupil)
    assert not CalendarFeed.objects.exists()


# --- "My calendar" -----------------------------------------------------------------


def test_my_calendar_lists_items_with_their_download_and_the_feed(client, register_plugin):
    teacher = TeacherFactory(language="en")
    register_plugin(Meetings(teacher), "meetings-test")
    client.force_login(teacher)
    response = client.get(reverse("core:calendar"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Coding in class: session 1" in page
    assert "Coding in class: welcome" in page  # recently past
    assert calendar.event_ics_url(f"meetings-session-{teacher.pk}") in page
    assert "Download (.ics)" in page
    assert calendar.feed_url(teacher) in page
    assert "anyone who has it sees the items of your calendar" in page
    assert "Make a new address" in page
    assert "The old address stops working at once" in page


def test_my_calendar_without_items_says_what_to_do(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    page = client.get(reverse("core:calendar")).content.decode()
    assert "Nothing is coming up in your calendar." in page


def test_my_calendar_is_in_a_teachers_menu_and_not_in_a_pupils(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    assert reverse("core:calendar") in client.get(reverse("core:desktop")).content.decode()
    pupil = PupilFactory()
    client.force_login(pupil)
    assert reverse("core:calendar") not in client.get(reverse("core:desktop")).content.decode()


def test_a_pupil_cannot_open_a_calendar_page(client):
    client.force_login(PupilFactory())
    # Pupils stay on their own pages: they are sent back to their desktop.
    response = client.get(reverse("core:calendar"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:desktop")
    assert not CalendarFeed.objects.exists()


def test_a_pupil_is_refused_a_calendar_page_even_past_the_pupils_confinement(rf):
    from core.calendar_views import my_calendar

    request = rf.get(reverse("core:calendar"))
    request.user = PupilFactory()
    with pytest.raises(PermissionDenied, match=r"^Pupils have no calendar\.$"):
        my_calendar(request)


def test_the_feed_answers_a_head_request_and_refuses_a_post(client):
    url = calendar.feed_url(TeacherFactory(), absolute=False)
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


class LanguageWitness:
    """An inline plugin that notes the language it is asked in."""

    def __init__(self) -> None:
        self.languages: list[str] = []

    @hookimpl
    def register_calendar_events(self, user):
        self.languages.append(translation.get_language())
        return []


def test_plugins_give_the_feed_in_its_owners_language_not_the_readers(client, register_plugin):
    teacher = TeacherFactory(language="fr")
    witness = register_plugin(LanguageWitness(), "language-witness")
    response = client.get(calendar.feed_url(teacher, absolute=False), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert witness.languages == ["fr"]


def test_an_items_uid_in_the_ics_names_the_site_so_it_stays_unique_across_calendars(settings):
    settings.OPENTWIN_SITE_URL = "https://twin.example.org"
    item = CalendarEvent(
        uid="test.item-1",
        title="Item",
        starts_at=NOW,
        ends_at=NOW + timedelta(hours=1),
        url="/desktop/",
    )
    (event,) = parsed(calendar.ics_bytes([item], name="Test")).walk("VEVENT")
    assert str(event["UID"]) == "test.item-1@twin.example.org"
