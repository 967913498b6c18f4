"""A fixed seminar timeline for the seminars tests: the seminar is created at T0 and
starts ten days later; registration opens seven days before (the default setting), the
live link fifteen minutes before, and it lasts an hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

T0 = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
START = T0 + timedelta(days=10)
OPENS = START - timedelta(days=7)
LINK_FROM = START - timedelta(minutes=15)
DURATION = 60
END = START + timedelta(minutes=DURATION)
SECOND = timedelta(seconds=1)
