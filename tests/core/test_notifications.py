"""Notifications are stored on-site and e-mailed by a background task after commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import services, tasks
from core.models import Notification
from tests.factories import PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def notify(user, kind="project.invitation", **extra):
    return services.notify(user, kind=kind, title="You are invited", body="Join us", **extra)


def test_notification_is_stored_and_emailed_after_commit(django_capture_on_commit_callbacks):
    teacher = TeacherFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(teacher, url="/projects/1/")
        assert mail.outbox == [], "e-mail sent before commit"
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [teacher.email]
    assert mail.outbox[0].subject == "You are invited"
    assert "/projects/1/" in mail.outbox[0].body


def test_no_email_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    teacher = TeacherFactory()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(teacher)
        raise RuntimeError
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_user_who_turned_email_off_for_a_kind_gets_it_on_site_only(
    django_capture_on_commit_callbacks,
):
    teacher = TeacherFactory()
    services.set_email_preference(actor=teacher, kind="project.invitation", email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(teacher)
        other = notify(teacher, kind="contact.request")
    assert notification.email_status == Notification.EmailStatus.SKIPPED
    assert [message.subject for message in mail.outbox] == [other.title]


def test_pupils_have_no_email_so_nothing_is_sent(django_capture_on_commit_callbacks):
    pupil = PupilFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(pupil)
    assert notification.email_status == Notification.EmailStatus.SKIPPED
    assert mail.outbox == []


def test_the_email_task_is_idempotent():
    notification = Notification.objects.create(user=TeacherFactory(), kind="k", title="t")
    assert tasks.send_notification_email(notification.pk) == "sent"
    assert tasks.send_notification_email(notification.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_failed_email_stays_pending_for_a_retry_then_gives_up(monkeypatch):
    notification = Notification.objects.create(user=TeacherFactory(), kind="k", title="t")

    def broken_send_mail(**kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(tasks, "send_mail", broken_send_mail)
    for _attempt in range(tasks.MAX_EMAIL_ATTEMPTS - 1):
        with pytest.raises(ConnectionError):
            tasks.send_notification_email(notification.pk)
        notification.refresh_from_db()
        assert notification.email_status == Notification.EmailStatus.PENDING
    with pytest.raises(ConnectionError):
        tasks.send_notification_email(notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.FAILED
    assert tasks.send_notification_email(notification.pk) == "skipped"


def test_the_sweep_re_sends_emails_whose_task_was_lost():
    teacher = TeacherFactory()
    old = timezone.now() - timedelta(hours=1)
    lost = Notification.objects.create(user=teacher, kind="k", title="lost", created_at=old)
    stuck = Notification.objects.create(
        user=teacher, kind="k", title="stuck", created_at=old, email_status="sending"
    )
    fresh = Notification.objects.create(user=teacher, kind="k", title="fresh")
    assert tasks.sweep_pending_notification_emails() == 2
    assert sorted(message.subject for message in mail.outbox) == ["lost", "stuck"]
    fresh.refresh_from_db()
    assert fresh.email_status == Notification.EmailStatus.PENDING
    for notification in (lost, stuck):
        notification.refresh_from_db()
        assert notification.email_status == Notification.EmailStatus.SENT


def test_the_sweep_does_not_free_an_old_email_that_is_being_sent_right_now(monkeypatch):
    # An hour-old notification whose worker claimed it a moment ago and is still sending.
    old = timezone.now() - timedelta(hours=1)
    notification = Notification.objects.create(
        user=TeacherFactory(), kind="k", title="old", created_at=old
    )
    real_send_mail = tasks.send_mail
    swept = []

    def send_mail_while_the_sweep_runs(**kwargs):
        swept.append(tasks.sweep_pending_notification_emails())
        real_send_mail(**kwargs)

    monkeypatch.setattr(tasks, "send_mail", send_mail_while_the_sweep_runs)
    assert tasks.send_notification_email(notification.pk) == "sent"
    assert swept == [0]
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 1


def test_the_sweep_frees_an_email_claimed_longer_ago_than_the_send_timeout():
    long_ago = timezone.now() - tasks.EMAIL_SEND_TIMEOUT - timedelta(minutes=1)
    notification = Notification.objects.create(
        user=TeacherFactory(),
        kind="k",
        title="claimed by a dead worker",
        created_at=long_ago,
        email_status=Notification.EmailStatus.SENDING,
        email_claimed_at=long_ago,
        email_attempts=1,
    )
    assert tasks.sweep_pending_notification_emails() == 1
    assert [message.subject for message in mail.outbox] == ["claimed by a dead worker"]
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert tasks.sweep_pending_notification_emails() == 0
    assert len(mail.outbox) == 1


def test_a_claim_records_when_it_was_taken():
    notification = Notification.objects.create(user=TeacherFactory(), kind="k", title="t")
    before = timezone.now()
    tasks.send_notification_email(notification.pk)
    notification.refresh_from_db()
    assert notification.email_claimed_at >= before


def test_notification_page_lists_only_my_notifications(client):
    me, other = TeacherFactory(), TeacherFactory()
    notify(me)
    services.notify(other, kind="k", title="Not for you")
    client.force_login(me)
    response = client.get(reverse("core:notifications"))
    assert response.status_code == 200
    assert "You are invited" in response.text
    assert "Not for you" not in response.text


def test_mark_all_read_marks_only_my_notifications(client):
    me, other = TeacherFactory(), TeacherFactory()
    mine, theirs = notify(me), notify(other)
    client.force_login(me)
    response = client.post(reverse("core:notifications-read"))
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_email_settings_page_turns_a_kind_off(client):
    me = TeacherFactory()
    notify(me, kind="project.invitation")
    notify(me, kind="contact.request")
    client.force_login(me)
    response = client.post(reverse("core:notification-settings"), {"email": ["contact.request"]})
    assert response.status_code == 302
    preferences = dict(me.notification_preferences.values_list("kind", "email_enabled"))
    assert preferences == {"project.invitation": False, "contact.request": True}


def test_notification_pages_need_login(client):
    response = client.get(reverse("core:notifications"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:login"))


def test_the_page_the_api_and_the_export_show_who_acted_by_their_current_name(client):
    me = TeacherFactory()
    ana = TeacherFactory(first_name="Ana", last_name="García")
    services.notify(
        me,
        kind="contact.accepted",
        title="Your contact request was accepted",
        body=f"{Notification.ACTOR} accepted your contact request.",
        actor=ana,
    )
    client.force_login(me)
    assert (
        "Ana García accepted your contact request."
        in client.get(reverse("core:notifications")).content.decode()
    )
    [item] = client.get("/api/v1/notifications").json()["items"]
    assert item["body"] == "Ana García accepted your contact request."
    export = services.export_user_data(actor=me, user=me)
    assert export["core"]["notifications"][0]["body"] == "Ana García accepted your contact request."
