"""What the calls for events hold about one person, for export and erasure.

Erasure: a live application to a call whose event has not started is withdrawn
through the service first, so a place the person held goes to the next on the
waiting list; then the person's applications go (with their motivations), and the
calls, selections and decisions they made keep no link to them. Safe to run twice.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.models import User
from plugins.mooc.calls import services
from plugins.mooc.calls.policy import LIVE_STATUSES
from plugins.mooc.models.calls import Application, CountrySelection, EventCall


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_calls_data(user: User) -> dict[str, Any]:
    """The person's applications and the calls they created."""
    return {
        "applications": [
            {
                "call": application.call.title,
                "country": application.country.code,
                "motivation": application.motivation,
                "applied": _when(application.applied_at),
                "status": application.status,
                "decided": _when(application.decided_at),
            }
            for application in Application.objects.filter(applicant=user)
            .select_related("call", "country")
            .order_by("applied_at", "pk")
        ],
        "calls_created": [
            {"call": call.title, "created": _when(call.created_at)}
            for call in EventCall.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
    }


def erase_calls_data(user: User) -> None:
    """Erase ``user``'s data as the module's docstring says. Safe to run twice."""
    live = Application.objects.filter(applicant=user, status__in=LIVE_STATUSES).select_related(
        "call"
    )
    for application in live:
        try:
            services.withdraw_application(actor=user, application=application)
        except (PermissionDenied, ValidationError):
            # The event has started (or the account can no longer act): nothing to pass on.
            continue
    with transaction.atomic():
        Application.objects.filter(applicant=user).delete()
        Application.objects.filter(decided_by=user).update(decided_by=None)
        CountrySelection.objects.filter(decided_by=user).update(decided_by=None)
        EventCall.objects.filter(created_by=user).update(created_by=None)
