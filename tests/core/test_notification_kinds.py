"""Kinds of notification are registered with a label and a default e-mail choice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext_lazy

from core import services
from core.contrib import NotificationKind
from core.directory.services import accept_contact_request, send_contact_request
from core.models import Notification
from core.notification_kinds import notification_kind, notification_kinds
from core.plugins import hookimpl
from tests.factories import TeacherFactory

ROOT = Path(__file__).resolve().parents[2]


class DigestKind:
    """A plugin whose kind of notification is not e-mailed unless people ask for it."""

    @hookimpl
    def register_notification_kinds(self):
        return [
            NotificationKind(
                "digest.weekly",
                gettext_lazy("The weekly digest of your projects"),
                email_by_default=False,
                description=gettext_lazy("A summary of what happened in your spaces."),
            )
        ]


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no tags, no attribute values."""
    return re.sub(r"<[^>]*>", " ", html)


def checkbox(html: str, value: str) -> str:
    return re.search(rf'<input[^>]*value="{re.escape(value)}"[^>]*>', html).group(0)


def label_texts(html: str) -> list[str]:
    """The labels of the e-mail settings' checkboxes."""
    return [
        text.strip()
        for text in re.findall(r'<label[^>]*for="id_email_[^>]*>(.*?)</label>', html, flags=re.S)
    ]


@pytest.mark.django_db
def test_email_settings_show_each_kind_by_its_label_never_by_its_key(
    client, django_capture_on_commit_callbacks
):
    ana, luc = TeacherFactory(), TeacherFactory()
    with django_capture_on_commit_callbacks(execute=True):
        contact_request = send_contact_request(actor=ana, recipient=luc, message="Hola")
        accept_contact_request(actor=luc, contact_request=contact_request)
    client.force_login(ana)
    response = client.get(reverse("core:notification-settings"))
    assert response.status_code == 200
    assert label_texts(response.text) == ["Someone accepted your contact request"]
    assert "contact.accepted" not in visible_text(response.text)
    client.force_login(luc)
    response = client.get(reverse("core:notification-settings"))
    assert label_texts(response.text) == ["Someone asks to become your contact"]
    assert "contact.request" not in visible_text(response.text)


@pytest.mark.django_db
def test_a_kind_off_by_default_is_not_emailed_until_the_person_turns_it_on(
    client, register_plugin, django_capture_on_commit_callbacks
):
    register_plugin(DigestKind(), "digest")
    teacher = TeacherFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(teacher, kind="digest.weekly", title="Your week")
    assert first.email_status == Notification.EmailStatus.SKIPPED
    assert mail.outbox == []
    client.force_login(teacher)
    page = client.get(reverse("core:notification-settings")).text
    assert "The weekly digest of your projects" in page
    assert "A summary of what happened in your spaces." in page
    assert " checked" not in checkbox(page, "digest.weekly"), "ticked although e-mail is off"
    response = client.post(
        reverse("core:notification-settings"), {"email": ["digest.weekly"]}, follow=True
    )
    assert "Your e-mail settings were saved." in response.text
    with django_capture_on_commit_callbacks(execute=True):
        second = services.notify(teacher, kind="digest.weekly", title="Your next week")
    second.refresh_from_db()
    assert second.email_status == Notification.EmailStatus.SENT
    assert [message.subject for message in mail.outbox] == ["Your next week"]


@pytest.mark.django_db
def test_a_kind_emailed_by_default_is_sent_until_the_person_turns_it_off(
    client, django_capture_on_commit_callbacks
):
    ana, luc = TeacherFactory(), TeacherFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send_contact_request(actor=ana, recipient=luc)
    assert [message.to for message in mail.outbox] == [[luc.email]]
    client.force_login(luc)
    client.post(reverse("core:notification-settings"), {})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_contact_request(actor=TeacherFactory(), recipient=luc)
    assert mail.outbox == []


@pytest.mark.django_db
def test_kinds_nobody_registers_are_emailed_and_shown_together_as_other_notifications(
    client, django_capture_on_commit_callbacks
):
    teacher = TeacherFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(teacher, kind="retired.one", title="One")
        services.notify(teacher, kind="retired.two", title="Two")
    assert len(mail.outbox) == 2
    client.force_login(teacher)
    page = client.get(reverse("core:notification-settings")).text
    assert label_texts(page) == ["Other notifications"]
    assert "retired." not in visible_text(page)
    client.post(reverse("core:notification-settings"), {})
    preferences = dict(teacher.notification_preferences.values_list("kind", "email_enabled"))
    assert preferences == {"retired.one": False, "retired.two": False}


def test_an_unknown_kind_falls_back_to_a_readable_label_and_email():
    kind = notification_kind("never.registered")
    assert str(kind.label) == "Other notifications"
    assert kind.email_by_default is True


def test_two_plugins_cannot_register_the_same_kind(register_plugin):
    class Copycat:
        @hookimpl
        def register_notification_kinds(self):
            return [NotificationKind("contact.request", "Contact requests")]

    register_plugin(Copycat(), "copycat")
    with pytest.raises(ValueError, match=r"contact\.request"):
        notification_kinds()


def kinds_sent_in_code() -> set[str]:
    """Every literal ``kind="area.name"`` (or ``if … else "area.name"``) on a line that
    passes a notification kind in core's and the plugins' code."""
    found: set[str] = set()
    for path in [*ROOT.glob("core/**/*.py"), *ROOT.glob("plugins/**/*.py")]:
        for line in path.read_text().splitlines():
            if re.search(r"\bkind=\"[a-z_]+\.[a-z_]+\"", line):
                found.update(re.findall(r"\"([a-z_]+\.[a-z_]+)\"", line))
    return found


def test_every_kind_that_core_and_the_plugins_send_is_registered():
    sent = kinds_sent_in_code()
    assert {"contact.request", "twinspace.invitation", "twinspace.group_rejected"} <= sent
    assert sent - set(notification_kinds()) == set()
