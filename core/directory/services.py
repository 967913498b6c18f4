"""Contacts between teachers (DOMAIN.md §3) and the merging of duplicate schools.

Every state change checks the rule, runs in a transaction and is audited. Rule
violations raise ``ValidationError`` with a message for the person who tried.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import audit
from core.models import ContactRequest, Notification, School, User, ValidationRequest
from core.services import notify
from core.staff import serves_country

# Audit actions written by this module's services: one name per change.
ACCEPT_CONTACT_REQUEST = "directory.accept_contact_request"
DECLINE_CONTACT_REQUEST = "directory.decline_contact_request"
MERGE_SCHOOLS = "directory.merge_schools"
REMOVE_CONTACT = "directory.remove_contact"
SEND_CONTACT_REQUEST = "directory.send_contact_request"

# --- contacts ----------------------------------------------------------------


def request_between(a: User, b: User) -> ContactRequest | None:
    """The one contact request between two people, whoever sent it."""
    return ContactRequest.objects.filter(
        Q(sender=a, recipient=b) | Q(sender=b, recipient=a)
    ).first()


def are_contacts(a: User, b: User) -> bool:
    return ContactRequest.objects.filter(
        Q(sender=a, recipient=b) | Q(sender=b, recipient=a),
        status=ContactRequest.Status.ACCEPTED,
    ).exists()


def contacts_of(user: User) -> QuerySet[User]:
    """The people ``user`` has an accepted contact request with, by name."""
    accepted = ContactRequest.objects.filter(status=ContactRequest.Status.ACCEPTED)
    return (
        User.objects.filter(
            Q(pk__in=accepted.filter(sender=user).values("recipient"))
            | Q(pk__in=accepted.filter(recipient=user).values("sender"))
        )
        .select_related("school__country")
        .order_by("last_name", "first_name", "pk")
    )


def contact_refusal(actor: User, recipient: User | None = None) -> str | None:
    """Why ``actor`` may not ask ``recipient`` (or anyone) to be a contact, or None."""
    if not actor.is_validated_teacher:
        return _(
            "Only validated teachers can add contacts. Your account is not validated yet: "
            "you can add contacts once your national support service has validated it."
        )
    if recipient is None:
        return None
    if actor.pk == recipient.pk:
        return _("You cannot add yourself as a contact.")
    if not recipient.is_validated_teacher or not recipient.is_active:
        return _("Only validated teachers can be added as contacts.")
    return None


def send_contact_request(*, actor: User, recipient: User, message: str = "") -> ContactRequest:
    """Ask ``recipient`` to become a contact; if they already asked ``actor``, accept theirs."""
    refusal = contact_refusal(actor, recipient)
    if refusal:
        raise ValidationError(refusal)
    with transaction.atomic():
        existing = (
            ContactRequest.objects.select_for_update()
            .filter(Q(sender=actor, recipient=recipient) | Q(sender=recipient, recipient=actor))
            .first()
        )
        if existing is not None:
            if existing.status == ContactRequest.Status.ACCEPTED:
                raise ValidationError(_("You are already contacts."))
            if existing.sender_id == actor.pk:
                raise ValidationError(_("You have already sent a contact request to this person."))
            if existing.status == ContactRequest.Status.DECLINED:
                raise ValidationError(
                    _("You declined this person's contact request; there can be only one.")
                )
            # They asked first: asking back accepts their request.
            return _accept(actor, existing)
        try:
            with transaction.atomic():
                contact_request = ContactRequest.objects.create(
                    sender=actor, recipient=recipient, message=message.strip()[:500]
                )
        except IntegrityError as error:  # the other side asked at the same moment
            raise ValidationError(
                _("A contact request between you already exists. Please reload the page.")
            ) from error
        audit.record(SEND_CONTACT_REQUEST, actor=actor, target=contact_request)
        with override(recipient.language or None):
            intro = _(
                "%(actor)s of %(school)s asks to add you to their contacts; partners in a "
                "project must be contacts. Accept or decline the request on your contacts page."
            ) % {"actor": Notification.ACTOR, "school": actor.school.name if actor.school else ""}
            message_part = (
                "\n\n" + _("Their message: %(message)s") % {"message": contact_request.message}
                if contact_request.message
                else ""
            )
            notify(
                recipient,
                kind="contact.request",
                # No names in other people's notifications: the actor's is put in when shown.
                title=_("You have a new contact request"),
                body=intro + message_part,
                url=reverse("core:contacts"),
                actor=actor,
            )
    return contact_request


def _check_recipient(actor: User, contact_request: ContactRequest) -> None:
    if contact_request.recipient_id != actor.pk:
        raise PermissionDenied(_("Only the person who received this request can answer it."))
    if contact_request.status != ContactRequest.Status.PENDING:
        raise ValidationError(_("This contact request has already been answered."))


def _accept(actor: User, contact_request: ContactRequest) -> ContactRequest:
    contact_request.status = ContactRequest.Status.ACCEPTED
    contact_request.responded_at = timezone.now()
    contact_request.save(update_fields=["status", "responded_at"])
    audit.record(ACCEPT_CONTACT_REQUEST, actor=actor, target=contact_request)
    sender = contact_request.sender
    with override(sender.language or None):
        notify(
            sender,
            kind="contact.accepted",
            title=_("Your contact request was accepted"),
            body=_(
                "%(actor)s accepted your contact request: you can now ask each other to be "
                "partners in projects."
            )
            % {"actor": Notification.ACTOR},
            url=reverse("core:contacts"),
            actor=actor,
        )
    return contact_request


def accept_contact_request(*, actor: User, contact_request: ContactRequest) -> ContactRequest:
    with transaction.atomic():
        contact_request = ContactRequest.objects.select_for_update().get(pk=contact_request.pk)
        _check_recipient(actor, contact_request)
        if not actor.is_validated_teacher:
            raise ValidationError(_("Only validated teachers can add contacts."))
        return _accept(actor, contact_request)


def decline_contact_request(*, actor: User, contact_request: ContactRequest) -> ContactRequest:
    with transaction.atomic():
        contact_request = ContactRequest.objects.select_for_update().get(pk=contact_request.pk)
        _check_recipient(actor, contact_request)
        contact_request.status = ContactRequest.Status.DECLINED
        contact_request.responded_at = timezone.now()
        contact_request.save(update_fields=["status", "responded_at"])
        audit.record(DECLINE_CONTACT_REQUEST, actor=actor, target=contact_request)
    return contact_request


def remove_contact(*, actor: User, other: User) -> None:
    """Either side ends a contact; the request goes, so they may ask again later."""
    with transaction.atomic():
        contact_request = (
            ContactRequest.objects.select_for_update()
            .filter(
                Q(sender=actor, recipient=other) | Q(sender=other, recipient=actor),
                status=ContactRequest.Status.ACCEPTED,
            )
            .first()
        )
        if contact_request is None:
            raise ValidationError(_("This person is not one of your contacts."))
        audit.record(REMOVE_CONTACT, actor=actor, target=other, request_id=contact_request.pk)
        contact_request.delete()


# --- schools -----------------------------------------------------------------


def can_merge_schools(actor: User, country_id: int) -> bool:
    """Superusers, and the NSS staff of the schools' country."""
    return serves_country(actor, country_id)


def merge_schools(*, actor: User, duplicate: School, target: School) -> School:
    """Merge ``duplicate`` into ``target``: its members and open validation requests move."""
    if duplicate.pk == target.pk:
        raise ValidationError(_("A school cannot be merged into itself."))
    if duplicate.country_id != target.country_id:
        raise ValidationError(_("Only schools of the same country can be merged."))
    if not can_merge_schools(actor, duplicate.country_id):
        raise PermissionDenied(_("Only the national support service of the country can merge."))
    with transaction.atomic():
        duplicate = School.objects.select_for_update().get(pk=duplicate.pk)
        target = School.objects.select_for_update().get(pk=target.pk)
        if duplicate.merged_into_id is not None:
            raise ValidationError(_("This school has already been merged."))
        if target.merged_into_id is not None:
            raise ValidationError(_("The target school was itself merged into another school."))
        members = User.objects.filter(school=duplicate).update(school=target)
        requests = ValidationRequest.objects.filter(
            school=duplicate, status__in=ValidationRequest.OPEN
        ).update(school=target)
        # Earlier duplicates of the duplicate now point at the target too.
        School.objects.filter(merged_into=duplicate).update(merged_into=target)
        duplicate.merged_into = target
        duplicate.save(update_fields=["merged_into"])
        audit.record(
            MERGE_SCHOOLS,
            actor=actor,
            target=duplicate,
            into=target.pk,
            members=members,
            validation_requests=requests,
        )
    return target
