"""The audit log: services record who changed what."""

from __future__ import annotations

from typing import Any

from django.db import models

from core.models import AuditEntry


def record(
    action: str,
    *,
    actor: models.Model | None,
    target: models.Model | None = None,
    **data: Any,
) -> AuditEntry:
    """Write one audit entry; call it inside the service's transaction."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )
