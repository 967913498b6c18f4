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


def bulk_registrants(seminar, count: int, tag: str) -> None:
    """``count`` seated teachers of ``seminar`` written in bulk: the background of a busy
    seminar for the query-count tests (rule tests register through the services)."""
    from django.db.models import F
    from django.utils import timezone

    from core.models import SeatClaim, SeatOffer, User

    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                username=f"{tag}-{n}",
                first_name="Registrant",
                last_name=f"{tag} {n}",
                email=f"{tag}-{n}@example.org",
                kind=User.Kind.TEACHER,
                state=User.State.VALIDATED,
                email_verified_at=now,
            )
            for n in range(count)
        ]
    )
    SeatClaim.objects.bulk_create(
        [
            SeatClaim(
                offer_id=seminar.seat_offer_id,
                user=user,
                status=SeatClaim.Status.SEATED,
                seated_at=now,
            )
            for user in users
        ]
    )
    SeatOffer.objects.filter(pk=seminar.seat_offer_id).update(taken=F("taken") + count)
