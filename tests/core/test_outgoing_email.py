"""Account e-mails (verification, head teacher's link) are stored rows: sent once, swept."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from core import tasks
from core.models import OutgoingEmail
from core.registration.services import register_teacher
from core.validation.services import request_validation, resend_head_teacher_link
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Walnut-Harbour-Lantern-93"


def register(**extra):
    return register_teacher(
        first_name="María",
        last_name="López",
        email="maria@example.org",
        username="mlopez",
        password=PASSWORD,
        **extra,
    )


def later(minutes: int = 20):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_the_verification_email_task_run_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register()
    email = OutgoingEmail.objects.get(to="maria@example.org")
    assert tasks.send_outgoing_email(email.pk) == "skipped"
    assert [message.to for message in mail.outbox] == [["maria@example.org"]]


def test_a_lost_verification_email_task_is_enqueued_again_by_the_sweep(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        register()  # the task is lost: its enqueueing never runs
    assert tasks.sweep_pending_notification_emails() == 0  # too early to call it lost
    with later():
        assert tasks.sweep_pending_notification_emails() == 1
        assert tasks.sweep_pending_notification_emails() == 0
    assert len(mail.outbox) == 1
    assert "/register/verify/" in mail.outbox[0].body


def validation_request(capture, *, execute: bool):
    teacher = UserFactory(username="ana", state="profile_incomplete", school_role="teacher")
    school = SchoolFactory(name="IES Triana", head_teacher_email="head@triana.example.org")
    with capture(execute=execute):
        return request_validation(actor=teacher, school=school)


def test_the_head_teacher_email_task_run_twice_sends_once(django_capture_on_commit_callbacks):
    validation_request(django_capture_on_commit_callbacks, execute=True)
    email = OutgoingEmail.objects.get(to="head@triana.example.org")
    assert tasks.send_outgoing_email(email.pk) == "skipped"
    assert [m.to for m in mail.outbox].count(["head@triana.example.org"]) == 1


def test_a_lost_head_teacher_email_task_is_enqueued_again_by_the_sweep(
    django_capture_on_commit_callbacks,
):
    validation_request(django_capture_on_commit_callbacks, execute=False)
    with later():
        tasks.sweep_pending_notification_emails()
    assert [m.to for m in mail.outbox].count(["head@triana.example.org"]) == 1


def test_a_queued_head_teacher_email_with_a_replaced_link_is_not_sent(
    django_capture_on_commit_callbacks,
):
    validation = validation_request(django_capture_on_commit_callbacks, execute=False)
    with django_capture_on_commit_callbacks(execute=True):
        resend_head_teacher_link(actor=validation.user, validation=validation)
    with later():
        tasks.sweep_pending_notification_emails()
    to_head = [m for m in mail.outbox if m.to == ["head@triana.example.org"]]
    assert len(to_head) == 1
    validation.refresh_from_db()
    from core.validation.services import head_teacher_link

    assert head_teacher_link(validation) in to_head[0].body


def test_the_sweep_forgets_account_emails_settled_a_month_ago(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        register()
    with later(minutes=60 * 24 * 29):
        tasks.sweep_pending_notification_emails()
        assert OutgoingEmail.objects.count() == 1
    with later(minutes=60 * 24 * 31):
        tasks.sweep_pending_notification_emails()
        assert not OutgoingEmail.objects.exists()


def test_erasing_an_account_deletes_its_account_emails(django_capture_on_commit_callbacks):
    from core.services import erase_user_data

    with django_capture_on_commit_callbacks(execute=True):
        user = register()
    assert OutgoingEmail.objects.filter(user=user).exists()
    erase_user_data(actor=user, user=user)
    assert not OutgoingEmail.objects.exists()
