"""The benchmark data for online seminars: a seminar open for registration with every seat
taken and a waiting list, and a registration storm on a small seminar.

The full seminar's rows go in with ``bulk_create`` (the point is to time its pages); the
storm goes through the registration service, as teachers' clicks would, from many threads
at once, and counts what the database kept.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from bench.data import NO_PASSWORD
from core.models import Country, Language, School, SeatClaim, SeatOffer, StaffRole, User
from plugins.mooc.models import Seminar
from plugins.mooc.seminars import services


@dataclass(frozen=True)
class BenchSeminar:
    """What the timings need: the seminar, its organiser and one registrant."""

    seminar: Seminar
    organiser: User
    registrant: User


@dataclass(frozen=True)
class StormResult:
    """What a registration storm left in the database."""

    seats: int
    teachers: int
    seated: int
    waiting: int
    duplicates: int
    errors: int
    seconds: float

    @property
    def holds(self) -> bool:
        """Exactly the seats taken, everyone else waiting, nobody twice, nothing failed."""
        return (
            self.seated == self.seats
            and self.waiting == self.teachers - self.seats
            and self.duplicates == 0
            and self.errors == 0
        )


def _organiser(tag: str) -> User:
    organiser = User.objects.create(
        username=f"{tag}-seminar-nss",
        first_name="Organiser",
        last_name="Bench",
        email=f"{tag}-seminar-nss@example.org",
        kind=User.Kind.STAFF,
        state=User.State.VALIDATED,
        password=NO_PASSWORD,
    )
    StaffRole.objects.create(
        user=organiser, role=StaffRole.Role.NSS, country=Country.objects.get(code="FR")
    )
    return organiser


def _teachers(tag: str, count: int) -> list[User]:
    school = School.objects.create(
        name=f"{tag} seminars school", country=Country.objects.get(code="FR"), town="Town"
    )
    return User.objects.bulk_create(
        User(
            username=f"{tag}-registrant-{number}",
            first_name="Registrant",
            last_name=str(number),
            email=f"{tag}-registrant-{number}@example.org",
            kind=User.Kind.TEACHER,
            state=User.State.VALIDATED,
            school=school,
            password=NO_PASSWORD,
        )
        for number in range(count)
    )


def _announced_seminar(organiser: User, *, title: str, capacity: int) -> Seminar:
    seminar = services.create_seminar(
        actor=organiser,
        title=title,
        description="<p>A seminar for the benchmarks.</p>",
        language=Language.objects.get(code="en"),
        country=Country.objects.get(code="FR"),
        # Registration is open: the start is within the registration window.
        starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=60,
        capacity=capacity,
        live_link="https://video.example.org/bench",
        speakers=[{"name": "Bench Speaker", "affiliation": "Benchmarks"}],
    )
    return services.publish_seminar(actor=organiser, seminar=seminar)


@transaction.atomic
def build_seminar(registrants: int, *, tag: str = "bench") -> BenchSeminar:
    """A seminar open for registration with ``registrants`` seats all taken and a tenth as
    many on the waiting list."""
    organiser = _organiser(tag)
    seminar = _announced_seminar(organiser, title=f"{tag} seminar", capacity=registrants)
    waiting = max(registrants // 10, 1)
    people = _teachers(tag, registrants + waiting)
    seated, in_line = people[:registrants], people[registrants:]
    registered = timezone.now() - timedelta(hours=1)
    SeatClaim.objects.bulk_create(
        [
            *(
                SeatClaim(
                    offer_id=seminar.seat_offer_id,
                    user=user,
                    status=SeatClaim.Status.SEATED,
                    seated_at=registered,
                )
                for user in seated
            ),
            *(
                SeatClaim(
                    offer_id=seminar.seat_offer_id, user=user, status=SeatClaim.Status.WAITING
                )
                for user in in_line
            ),
        ]
    )
    SeatOffer.objects.filter(pk=seminar.seat_offer_id).update(taken=registrants)
    return BenchSeminar(seminar=seminar, organiser=organiser, registrant=seated[0])


def registration_storm(*, seats: int = 50, teachers: int = 200, tag: str = "storm") -> StormResult:
    """``teachers`` register for a ``seats``-seat seminar at the same moment, each from its
    own thread and database connection, through the registration service."""
    with transaction.atomic():
        organiser = _organiser(tag)
        seminar = _announced_seminar(organiser, title=f"{tag} seminar", capacity=seats)
        people = _teachers(tag, teachers)
    start = threading.Barrier(teachers)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def register(user: User) -> None:
        try:
            start.wait()
            services.register(actor=user, seminar=Seminar.objects.get(pk=seminar.pk))
            outcome = "registered"
        except ValidationError:
            outcome = "refused"
        except Exception:
            outcome = "error"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=register, args=(user,)) for user in people]
    began = timezone.now()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = (timezone.now() - began).total_seconds()
    claims = SeatClaim.objects.filter(offer_id=seminar.seat_offer_id)
    per_person = Counter(
        claims.filter(status__in=SeatClaim.LIVE_STATUSES).values_list("user_id", flat=True)
    )
    return StormResult(
        seats=seats,
        teachers=teachers,
        seated=claims.filter(status=SeatClaim.Status.SEATED).count(),
        waiting=claims.filter(status=SeatClaim.Status.WAITING).count(),
        duplicates=sum(count - 1 for count in per_person.values() if count > 1),
        errors=outcomes["error"] + outcomes["refused"],
        seconds=seconds,
    )
