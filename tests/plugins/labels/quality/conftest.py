"""Shared fixtures of the National Quality Label tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.models import Country
from plugins.labels.quality import services
from tests.support.labels import CLOSES, OPENS, nss_of


@pytest.fixture
def inside(time_machine):
    """Three days into Spain's application window of 2026/27, opened by its NSS."""
    time_machine.move_to(OPENS + timedelta(days=3), tick=False)
    services.set_window(
        actor=nss_of("ES"),
        country=Country.objects.get(code="ES"),
        school_year=2026,
        opens_at=OPENS,
        closes_at=CLOSES,
    )
