"""What core holds about one person, for export and erasure through the privacy hook."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from core.models import (
    AuditEntry,
    CalendarFeed,
    Notification,
    NotificationPreference,
    OutgoingEmail,
    SeatClaim,
    User,
)


def export_core_data(user: User) -> dict[str, Any]:
    return {
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "kind": user.kind,
            "state": user.state,
            "language": user.language,
            "has_profile_photo": bool(user.photo),
            "school": str(user.school) if user.school_id else None,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "staff_roles": [str(role) for role in user.staff_roles.all()],
        },
        "notifications": [
            {
                "kind": n.kind,
                "title": n.shown_title,
                "body": n.shown_body,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(user=user).select_related("actor")
        ],
        "notification_preferences": {
            p.kind: p.email_enabled for p in NotificationPreference.objects.filter(user=user)
        },
        # Seats and waiting lists of meetings, seminars…: each plugin exports what they are for.
        "seat_claims": [
            {
                "offer": claim.offer.key,
                "status": claim.status,
                "claimed_at": claim.created_at.isoformat(),
                "seated_at": claim.seated_at.isoformat() if claim.seated_at else None,
                "cancelled_at": claim.cancelled_at.isoformat() if claim.cancelled_at else None,
            }
            for claim in SeatClaim.objects.filter(user=user).select_related("offer")
        ],
        "has_calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
        "actions": [
            {"when": a.created_at.isoformat(), "action": a.action, "object": a.target_type}
            for a in AuditEntry.objects.filter(actor=user)
        ],
    }


def erase_core_data(user: User) -> None:
    """Delete notifications and preferences and anonymise the account itself.

    The audit log keeps its entries (who did what is needed for accountability)
    but they now point at an anonymous "former member".
    """
    Notification.objects.filter(user=user).delete()
    # E-mails about the account or to its address: verification, head teacher's link…
    account_emails = Q(user=user)
    if user.email:
        account_emails |= Q(to__iexact=user.email)
    OutgoingEmail.objects.filter(account_emails).delete()
    NotificationPreference.objects.filter(user=user).delete()
    # The feed's address is a credential: it goes, so no calendar keeps reading it.
    CalendarFeed.objects.filter(user=user).delete()
    user.staff_roles.all().delete()
    if user.photo:
        # The file goes once the erasure is committed; the account no longer names it.
        storage, name = user.photo.storage, user.photo.name
        transaction.on_commit(lambda: storage.delete(name))
        user.photo = ""
    user.username = f"former-member-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.state = User.State.DELETED
    user.set_unusable_password()
    user.save()
