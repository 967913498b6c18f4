"""The notifications page: a list with unread ones marked in words, each marked read in
place (htmx) or by a plain form; the e-mail settings through the form templates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import services
from core.models import Notification
from tests.factories import PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def teacher():
    return TeacherFactory()


def notify(user, title="A partner posted an update"):
    return services.notify(user, kind="test.kind", title=title)


def test_unread_notifications_are_marked_in_words_not_by_colour_alone(client, teacher):
    unread, read = notify(teacher, "Fresh news"), notify(teacher, "Old news")
    services.mark_notifications_read(actor=teacher, notification_ids=[read.pk])
    client.force_login(teacher)
    page = client.get(reverse("core:notifications")).content.decode()
    assert f'id="notification-{unread.pk}"' in page
    assert page.count(">Unread</span>") == 1
    assert page.count(">Mark as read<") == 1


def test_mark_as_read_is_a_plain_form_that_htmx_sends_in_place(client, teacher):
    notification = notify(teacher)
    client.force_login(teacher)
    page = client.get(reverse("core:notifications")).content.decode()
    url = reverse("core:notification-read", args=[notification.pk])
    assert f'<form method="post" action="{url}" hx-post="{url}"' in page
    assert 'hx-target="closest .notification-item" hx-swap="outerHTML"' in page


def test_marking_one_read_with_htmx_returns_the_item_the_page_includes(client, teacher):
    notification, other = notify(teacher), notify(teacher)
    client.force_login(teacher)
    url = reverse("core:notification-read", args=[notification.pk])
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith("<li") and f'id="notification-{notification.pk}"' in html
    assert "Mark as read" not in html and ">Unread<" not in html
    assert 'id="live-messages" hx-swap-oob="innerHTML"' in html
    assert "Notification marked as read." in html
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.read_at is not None
    assert other.read_at is None


def test_marking_one_read_without_javascript_goes_back_to_the_same_page(client, teacher):
    notification = notify(teacher)
    client.force_login(teacher)
    url = reverse("core:notification-read", args=[notification.pk])
    response = client.post(url, {"page": "2"})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:notifications") + "?page=2"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.post(url)["Location"] == reverse("core:notifications")


def test_nobody_marks_someone_elses_notification(client, teacher):
    notification = notify(teacher)
    client.force_login(TeacherFactory())
    url = reverse("core:notification-read", args=[notification.pk])
    assert client.post(url, **HTMX).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_pupil_marks_a_notification_read(client):
    pupil = PupilFactory()
    notification = notify(pupil)
    client.force_login(pupil)
    response = client.post(reverse("core:notification-read", args=[notification.pk]))
    assert response["Location"] == reverse("core:notifications")
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_notifications_are_paginated_with_the_shared_pagination(client, teacher):
    for number in range(30):
        notify(teacher, f"Notification {number}")
    client.force_login(teacher)
    page = client.get(reverse("core:notifications")).content.decode()
    assert '<ul class="pagination flex-wrap">' in page
    assert "Page 1 of 2" in page and 'href="?page=2"' in page


def test_no_notifications_is_an_empty_state(client, teacher):
    client.force_login(teacher)
    page = client.get(reverse("core:notifications")).content.decode()
    assert 'class="empty-state"' in page


def test_email_settings_tie_each_description_to_its_checkbox_and_label_it_once(
    client, teacher, django_capture_on_commit_callbacks
):
    from core.directory.services import send_contact_request

    with django_capture_on_commit_callbacks(execute=True):
        send_contact_request(actor=TeacherFactory(), recipient=teacher)
    client.force_login(teacher)
    page = client.get(reverse("core:notification-settings")).content.decode()
    assert "<legend" in page and "Send me an e-mail for these kinds of notification" in page
    assert page.count('for="id_email_0"') == 1
    assert 'class="form-check-input"' in page
    assert 'class="btn btn-primary"' in page
