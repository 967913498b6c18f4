"""Revoking and re-issuing (issue 12 item 7): only the support service that looks after
an award, with a reason, once; a re-issued award keeps its code and takes the holder's
current name."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry, Notification
from plugins.labels.awards import notifications, services
from plugins.labels.models import Award
from tests.factories.twinspace import teacher_in
from tests.support.labels import approved_project, css_officer, nss_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def label(django_capture_on_commit_callbacks) -> Award:
    project = approved_project(django_capture_on_commit_callbacks)
    return Award.objects.get(recipient_user=project.founder)


def test_the_nss_revokes_a_label_with_its_reason_and_the_holder_is_told(label):
    services.revoke_award(actor=nss_of("ES"), award=label, reason="  Plagiarised project.  ")
    label.refresh_from_db()
    assert label.state == Award.State.REVOKED
    assert label.revocation_reason == "Plagiarised project."
    assert label.revoked_at is not None and label.revoked_by == nss_of("ES")
    told = Notification.objects.get(user=label.recipient_user, kind=notifications.REVOKED)
    assert "Plagiarised project." in told.body
    assert AuditEntry.objects.filter(
        action=services.AWARD_REVOKED, target_id=str(label.pk)
    ).exists()


def test_revoking_needs_a_reason_and_changes_nothing_without_one(label):
    with pytest.raises(ValidationError) as error:
        services.revoke_award(actor=nss_of("ES"), award=label, reason="   ")
    assert "Say why the award is revoked" in error.value.messages[0]
    label.refresh_from_db()
    assert label.state == Award.State.VALID


def test_another_countrys_nss_and_the_holder_cannot_revoke(label):
    for actor in (nss_of("IT"), label.recipient_user, teacher_in("ES")):
        with pytest.raises(PermissionDenied):
            services.revoke_award(actor=actor, award=label, reason="No.")
    label.refresh_from_db()
    assert label.is_valid


def test_a_second_revocation_is_refused_and_keeps_the_first(label):
    services.revoke_award(actor=nss_of("ES"), award=label, reason="First reason.")
    stale = Award.objects.get(pk=label.pk)
    stale.state = Award.State.VALID  # a second click from a page loaded before the first
    with pytest.raises((PermissionDenied, ValidationError)):
        services.revoke_award(actor=css_officer(), award=stale, reason="Second reason.")
    label.refresh_from_db()
    assert label.revocation_reason == "First reason."


def test_reissue_restores_the_award_with_its_code_and_the_current_name(label):
    code = label.code
    services.revoke_award(actor=css_officer(), award=label, reason="Wrong name.")
    holder = label.recipient_user
    holder.last_name = "Corrected"
    holder.save(update_fields=["last_name"])
    services.reissue_award(actor=nss_of("ES"), award=label)
    label.refresh_from_db()
    assert label.is_valid and label.code == code
    assert label.recipient_name.endswith("Corrected")
    assert label.revocation_reason == "" and label.reissued_at is not None
    assert Notification.objects.filter(user=holder, kind=notifications.READY).count() == 2


def test_a_valid_award_cannot_be_reissued(label):
    with pytest.raises(PermissionDenied, match="nothing to re-issue"):
        services.reissue_award(actor=nss_of("ES"), award=label)
