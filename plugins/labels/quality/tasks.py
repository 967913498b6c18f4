"""The labels plugin's scheduled work for the quality labels (idempotent)."""

from __future__ import annotations

from django.utils import timezone

from plugins.labels.quality import european, services


def propose_european_labels() -> int:
    """Propose this school year's European Quality Label candidates to their NSSs."""
    return european.propose(school_year=services.school_year_of(timezone.now()))
