"""Staff validate or reject teachers of their region or country, after the head teacher."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.events import TeacherValidated
from core.models import AuditEntry, User, ValidationRequest
from core.plugins import hookimpl
from core.validation.services import (
    can_decide,
    confirm_by_head_teacher,
    reject_teacher,
    request_validation,
    resend_head_teacher_link,
    validate_teacher,
)
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = ValidationRequest.Status


class ValidationListener:
    def __init__(self) -> None:
        self.events: list[TeacherValidated] = []

    @hookimpl
    def on_teacher_validated(self, event: TeacherValidated) -> None:
        self.events.append(event)


def reload(validation: ValidationRequest) -> ValidationRequest:
    return ValidationRequest.objects.select_related("user").get(pk=validation.pk)


def test_validation_requires_the_head_teachers_confirmation(validation, nss_spain):
    with pytest.raises(ValidationError) as error:
        validate_teacher(actor=nss_spain, validation=validation)
    message = "Only a request that the head teacher confirmed can be validated."
    assert message in error.value.messages
    assert reload(validation).status == Status.HEAD_TEACHER_PENDING


def test_nss_validates_a_confirmed_teacher(
    confirmed, nss_spain, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        validate_teacher(actor=nss_spain, validation=confirmed)
    validation = reload(confirmed)
    assert validation.status == Status.VALIDATED
    assert validation.decided_by == nss_spain
    assert validation.decided_at is not None
    teacher = validation.user
    assert teacher.state == User.State.VALIDATED
    assert teacher.state_changed_at == validation.decided_at
    assert teacher.is_validated_teacher
    assert [m.to for m in mail.outbox] == [[teacher.email]]


def test_regional_representative_validates_teachers_of_their_region(confirmed, representative):
    validate_teacher(actor=representative, validation=confirmed)
    assert reload(confirmed).status == Status.VALIDATED


def test_superuser_may_validate_any_request(confirmed):
    admin = UserFactory(username="root", kind=User.Kind.STAFF, is_superuser=True)
    validate_teacher(actor=admin, validation=confirmed)
    assert reload(confirmed).status == Status.VALIDATED


@pytest.mark.parametrize("outsider", ["other_representative", "nss_france", "colleague"])
def test_staff_outside_the_region_or_country_cannot_validate_or_reject(
    confirmed, outsider, request
):
    if outsider == "colleague":
        actor = UserFactory(username="colleague")  # a validated teacher, no staff role
    else:
        actor = request.getfixturevalue(outsider)
    assert not can_decide(actor, confirmed)
    with pytest.raises(PermissionDenied):
        validate_teacher(actor=actor, validation=confirmed)
    with pytest.raises(PermissionDenied):
        reject_teacher(actor=actor, validation=confirmed, reason="No")
    assert reload(confirmed).status == Status.NSS_PENDING
    assert not AuditEntry.objects.filter(action__in=["validation.validated", "validation.rejected"])


def test_validation_emits_teacher_validated_after_commit(
    confirmed, nss_spain, register_plugin, django_capture_on_commit_callbacks
):
    listener = register_plugin(ValidationListener())
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        validate_teacher(actor=nss_spain, validation=confirmed)
        assert listener.events == [], "delivered before commit"
    assert len(listener.events) == 1
    event = listener.events[0]
    assert event.user_id == confirmed.user_id
    assert event.school_id == confirmed.school_id
    assert event.country_code == "ES"


def test_validation_emits_nothing_when_the_transaction_rolls_back(
    confirmed, nss_spain, register_plugin, django_capture_on_commit_callbacks
):
    listener = register_plugin(ValidationListener())
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        validate_teacher(actor=nss_spain, validation=confirmed)
        raise RuntimeError("something after the validation failed")
    assert listener.events == []
    assert reload(confirmed).status == Status.NSS_PENDING


def test_validated_request_cannot_be_validated_or_rejected_again(confirmed, nss_spain):
    validate_teacher(actor=nss_spain, validation=confirmed)
    with pytest.raises(ValidationError):
        validate_teacher(actor=nss_spain, validation=confirmed)
    with pytest.raises(ValidationError) as error:
        reject_teacher(actor=nss_spain, validation=confirmed, reason="Too late")
    assert "This request is already closed." in error.value.messages
    assert reload(confirmed).status == Status.VALIDATED


def test_blocked_teacher_cannot_be_validated(confirmed, nss_spain):
    User.objects.filter(pk=confirmed.user_id).update(state=User.State.BLOCKED)
    with pytest.raises(ValidationError):
        validate_teacher(actor=nss_spain, validation=confirmed)
    assert reload(confirmed).status == Status.NSS_PENDING


def test_rejection_requires_a_reason(confirmed, nss_spain):
    with pytest.raises(ValidationError) as error:
        reject_teacher(actor=nss_spain, validation=confirmed, reason="  ")
    assert "Please give the reason for the rejection." in error.value.messages
    assert reload(confirmed).status == Status.NSS_PENDING


@pytest.mark.parametrize("stage", ["validation", "confirmed"])
def test_rejection_of_an_open_request_rejects_the_teacher_and_emails_the_reason(
    stage, nss_spain, request, django_capture_on_commit_callbacks
):
    validation = request.getfixturevalue(stage)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reject_teacher(actor=nss_spain, validation=validation, reason="Not a teacher here.")
    validation = reload(validation)
    assert validation.status == Status.REJECTED
    assert validation.reason == "Not a teacher here."
    assert validation.decided_by == nss_spain
    assert validation.user.state == User.State.REJECTED
    (message,) = [m for m in mail.outbox if m.to == [validation.user.email]]
    assert "Not a teacher here." in message.body


def test_teacher_or_validator_may_resend_the_link_but_nobody_else(
    validation, teacher, nss_spain, nss_france, django_capture_on_commit_callbacks
):
    first_nonce = validation.head_teacher_nonce
    with django_capture_on_commit_callbacks(execute=True):
        resend_head_teacher_link(actor=teacher, validation=validation)
        resend_head_teacher_link(actor=nss_spain, validation=validation)
    assert reload(validation).head_teacher_nonce != first_nonce
    with pytest.raises(PermissionDenied):
        resend_head_teacher_link(actor=nss_france, validation=validation)
    with pytest.raises(PermissionDenied):
        resend_head_teacher_link(actor=UserFactory(username="stranger"), validation=validation)
    entries = AuditEntry.objects.filter(action="validation.link_resent").order_by("pk")
    assert [entry.actor for entry in entries] == [teacher, nss_spain]


def test_link_cannot_be_resent_after_the_head_teacher_answered(confirmed, nss_spain):
    nonce = reload(confirmed).head_teacher_nonce
    with pytest.raises(ValidationError):
        resend_head_teacher_link(actor=nss_spain, validation=confirmed)
    assert reload(confirmed).head_teacher_nonce == nonce
    assert not AuditEntry.objects.filter(action="validation.link_resent").exists()


def test_every_step_is_audited_with_who_and_when(
    teacher, school, nss_spain, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        validation = request_validation(actor=teacher, school=school)
        resend_head_teacher_link(actor=teacher, validation=validation)
        validation = reload(validation)
        confirm_by_head_teacher(validation, validation.head_teacher_nonce, "Yes, since 2019.")
        validate_teacher(actor=nss_spain, validation=validation)
    entries = AuditEntry.objects.filter(
        target_type="core.validationrequest", target_id=str(validation.pk)
    ).order_by("created_at", "pk")
    assert [(entry.action, entry.actor) for entry in entries] == [
        ("validation.requested", teacher),
        ("validation.link_resent", teacher),
        ("validation.head_teacher_confirmed", None),
        ("validation.validated", nss_spain),
    ]
    assert entries[2].data["by"] == "head teacher"
    assert entries[2].data["comment"] == "Yes, since 2019."
    assert all(entry.created_at for entry in entries)


def test_teacher_who_changes_school_is_validated_again_for_the_new_school(
    confirmed,
    nss_spain,
    representative,
    aragon,
    other_representative,
    django_capture_on_commit_callbacks,
):
    validate_teacher(actor=nss_spain, validation=confirmed)
    teacher = User.objects.get(pk=confirmed.user_id)
    new_school = SchoolFactory(name="IES Zaragoza", region=aragon, town="Zaragoza")
    with django_capture_on_commit_callbacks(execute=True):
        second = request_validation(actor=teacher, school=new_school)
    teacher.refresh_from_db()
    assert teacher.state == User.State.WAITING_VALIDATION
    assert teacher.school == new_school
    second = reload(second)
    confirm_by_head_teacher(second, second.head_teacher_nonce)
    # The old region's representative no longer decides; the new one does.
    with pytest.raises(PermissionDenied):
        validate_teacher(actor=representative, validation=second)
    validate_teacher(actor=other_representative, validation=second)
    teacher.refresh_from_db()
    assert teacher.state == User.State.VALIDATED
    assert teacher.school == new_school
    assert reload(confirmed).status == Status.VALIDATED  # the old decision stays on record
    assert reload(second).decided_by == other_representative
