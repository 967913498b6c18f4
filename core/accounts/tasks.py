"""Background tasks of core's accounts area. Each is idempotent."""

from __future__ import annotations


def apply_account_timeline() -> dict[str, int]:
    """Daily: inactivity warnings, deactivation and erasure (DOMAIN.md §2.8)."""
    from core.accounts.services import apply_inactivity_timeline

    return apply_inactivity_timeline()
