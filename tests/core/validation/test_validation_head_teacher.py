"""The head teacher confirms or denies through a signed, single-use, expiring link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry, Notification, User, ValidationRequest
from core.validation.services import (
    confirm_by_head_teacher,
    deny_by_head_teacher,
    request_validation,
    resend_head_teacher_link,
)
from core.validation.tokens import InvalidLink, make_head_teacher_token
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

Status = ValidationRequest.Status


def link_path(token: str) -> str:
    return reverse("core:head-teacher-decision", args=[token])


def path_from_last_head_teacher_email(validation: ValidationRequest) -> str:
    message = [m for m in mail.outbox if m.to == [validation.head_teacher_email]][-1]
    url = re.search(r"https?://\S+/validation/head-teacher/\S+/", message.body).group(0)
    return url[url.index("/validation/") :]


def assert_unchanged(validation: ValidationRequest) -> None:
    validation.refresh_from_db()
    assert validation.status == Status.HEAD_TEACHER_PENDING
    assert validation.head_teacher_decided_at is None
    assert validation.user.state == User.State.WAITING_VALIDATION
    assert not AuditEntry.objects.filter(action__startswith="validation.head_teacher").exists()


def test_head_teacher_email_carries_a_link_that_shows_the_teacher(client, validation):
    response = client.get(path_from_last_head_teacher_email(validation))
    assert response.status_code == 200
    content = response.content.decode()
    assert "María López" in content
    assert "maria@example.org" in content
    assert "IES Triana" in content
    assert "Teacher" in content  # the role in the school
    assert 'value="confirm"' in content and 'value="deny"' in content


def test_head_teacher_link_confirms_once_and_cannot_be_reused(
    client, validation, django_capture_on_commit_callbacks
):
    path = path_from_last_head_teacher_email(validation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"decision": "confirm", "comment": "She teaches here."})
    assert response.status_code == 200
    validation.refresh_from_db()
    assert validation.status == Status.NSS_PENDING
    assert validation.head_teacher_confirmed is True
    assert validation.head_teacher_decided_at is not None

    again = client.post(path, {"decision": "deny", "comment": "changed my mind"})
    assert again.status_code == 410
    assert "This link was already used" in again.content.decode()
    assert client.get(path).status_code == 410
    validation.refresh_from_db()
    assert validation.status == Status.NSS_PENDING


def test_two_concurrent_confirmations_apply_only_once(validation):
    nonce = validation.head_teacher_nonce
    first = ValidationRequest.objects.get(pk=validation.pk)
    second = ValidationRequest.objects.get(pk=validation.pk)  # loaded before the first click
    confirm_by_head_teacher(first, nonce)
    with pytest.raises(InvalidLink) as problem:
        deny_by_head_teacher(second, nonce, "No")
    assert problem.value.reason == InvalidLink.USED
    validation.refresh_from_db()
    assert validation.status == Status.NSS_PENDING
    assert AuditEntry.objects.filter(action__startswith="validation.head_teacher").count() == 1


def test_confirmation_notifies_the_validators_and_the_teacher_and_is_audited(
    client, validation, representative, token_of, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_path(token_of(validation)), {"decision": "confirm", "comment": ""})
    assert Notification.objects.filter(
        user=representative, kind="validation.head_teacher_confirmed"
    ).exists()
    assert Notification.objects.filter(
        user=validation.user, kind="validation.head_teacher_confirmed"
    ).exists()
    entry = AuditEntry.objects.get(action="validation.head_teacher_confirmed")
    assert entry.actor is None
    assert entry.data["by"] == "head teacher"
    assert entry.data["email"] == validation.head_teacher_email
    assert entry.target_id == str(validation.pk)
    assert entry.created_at is not None


@pytest.mark.parametrize(
    "alter",
    [
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="last"),
        pytest.param(lambda token: ("x" if token[0] != "x" else "y") + token[1:], id="first"),
    ],
)
def test_link_altered_by_one_character_is_refused_and_changes_nothing(
    client, validation, token_of, alter
):
    forged = alter(token_of(validation))
    response = client.post(link_path(forged), {"decision": "confirm"})
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert_unchanged(validation)


def test_link_signed_with_another_salt_is_refused(client, validation):
    forged = signing.dumps(
        {"request": validation.pk, "nonce": validation.head_teacher_nonce},
        salt="another.salt",
        compress=True,
    )
    response = client.post(link_path(forged), {"decision": "confirm"})
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert_unchanged(validation)


def test_signed_link_for_an_unknown_request_is_refused(client, db):
    response = client.get(link_path(make_head_teacher_token(999999, "0" * 32)))
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()


def test_expired_link_is_refused_and_changes_nothing(client, validation, token_of, settings):
    token = token_of(validation)
    later = timezone.now() + timedelta(days=settings.OPENTWIN_HEAD_TEACHER_LINK_DAYS, hours=1)
    with time_machine.travel(later):
        response = client.post(link_path(token), {"decision": "confirm"})
    assert response.status_code == 410
    assert "This link has expired; ask the teacher to request a new one" in (
        response.content.decode()
    )
    assert_unchanged(validation)


def test_link_still_works_on_its_last_day(client, validation, token_of, settings):
    token = token_of(validation)
    later = timezone.now() + timedelta(days=settings.OPENTWIN_HEAD_TEACHER_LINK_DAYS, hours=-1)
    with time_machine.travel(later):
        assert client.get(link_path(token)).status_code == 200


def test_resent_link_invalidates_the_old_one(
    client, validation, teacher, django_capture_on_commit_callbacks
):
    old_path = path_from_last_head_teacher_email(validation)
    with django_capture_on_commit_callbacks(execute=True):
        resend_head_teacher_link(actor=teacher, validation=validation)
    new_path = path_from_last_head_teacher_email(validation)
    assert new_path != old_path

    response = client.post(old_path, {"decision": "confirm"})
    assert response.status_code == 410
    assert "A newer link was sent" in response.content.decode()
    assert_unchanged(validation)

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(new_path, {"decision": "confirm"}).status_code == 200
    validation.refresh_from_db()
    assert validation.status == Status.NSS_PENDING


def test_denying_without_a_reason_asks_why_and_changes_nothing(client, validation, token_of):
    response = client.post(link_path(token_of(validation)), {"decision": "deny", "comment": " "})
    assert response.status_code == 200
    assert "Please say why" in response.content.decode()
    assert_unchanged(validation)


def test_service_refuses_a_denial_without_reason(validation):
    with pytest.raises(ValidationError):
        deny_by_head_teacher(validation, validation.head_teacher_nonce, "")
    assert_unchanged(validation)


def test_denial_rejects_the_teacher_and_emails_the_reason(
    client, validation, token_of, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            link_path(token_of(validation)),
            {"decision": "deny", "comment": "Nobody of that name works here."},
        )
    assert response.status_code == 200
    validation.refresh_from_db()
    assert validation.status == Status.REJECTED
    assert validation.head_teacher_confirmed is False
    assert validation.reason == "Nobody of that name works here."
    teacher = User.objects.get(pk=validation.user_id)
    assert teacher.state == User.State.REJECTED
    to_teacher = [m for m in mail.outbox if m.to == [teacher.email]]
    assert len(to_teacher) == 1
    assert "Nobody of that name works here." in to_teacher[0].body
    entry = AuditEntry.objects.get(action="validation.head_teacher_denied")
    assert entry.actor is None
    assert entry.data == {
        "by": "head teacher",
        "email": validation.head_teacher_email,
        "reason": "Nobody of that name works here.",
    }


def test_link_of_a_request_withdrawn_for_a_new_school_no_longer_works(
    client, validation, teacher, token_of, django_capture_on_commit_callbacks
):

    token = token_of(validation)
    with django_capture_on_commit_callbacks(execute=True):
        request_validation(actor=teacher, school=SchoolFactory())
    response = client.post(link_path(token), {"decision": "confirm"})
    assert response.status_code == 410
    assert "This request is closed" in response.content.decode()
    validation.refresh_from_db()
    assert validation.status == Status.WITHDRAWN
    withdrawal = AuditEntry.objects.get(action="validation.withdrawn")
    assert (withdrawal.actor, withdrawal.target_id) == (teacher, str(validation.pk))
