"""No storm of registrations can oversell a seminar: 200 teachers register at the same
instant for 50 seats, from threads sharing one SQLite database file (as web workers
would), through the seminars' service with its notifications and audit.

SQLite's test database is in memory, where a second writer fails at once instead of
waiting for the lock as it does on a file; the threads therefore work on a copy of the
migrated database file with the project's SQLite settings (WAL, ``transaction_mode``
IMMEDIATE, a busy timeout).
"""

from __future__ import annotations

import copy
import shutil
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from core.models import Country, Language, SeatClaim, User
from plugins.mooc.models import Seminar
from plugins.mooc.seminars import services

PEOPLE = 200
SEATS = 50
WORKERS = 20


def file_database(path: Path):
    """A connection to a SQLite file, with this project's SQLite settings."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict["NAME"] = str(path)
    return type(connections["default"])(settings_dict, alias="default")


def in_thread_on(path: Path, work, errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        connections["default"] = file_database(path)
        try:
            work()
        except BaseException as error:  # reported by the test, never lost with the thread
            errors.append(error)
        finally:
            connections["default"].close()

    return threading.Thread(target=run)


def run_in_thread_on(path: Path, work) -> None:
    errors: list[BaseException] = []
    thread = in_thread_on(path, work, errors)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


@pytest.fixture
def database(migrated_sqlite_database, tmp_path) -> Path:
    path = tmp_path / "storm.sqlite3"
    shutil.copy(migrated_sqlite_database, path)
    return path


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the threads race on SQLite")
def test_200_registrations_on_50_seats_seat_exactly_50(database, django_db_blocker):
    with django_db_blocker.unblock():
        storm_on(database)


def storm_on(path: Path) -> None:
    state: dict = {}

    def set_up() -> None:
        organiser = User.objects.get(username="css")
        seminar = services.create_seminar(
            actor=organiser,
            title="The storm",
            description="<p>Everyone wants a seat.</p>",
            language=Language.objects.get(code="en"),
            country=Country.objects.get(code="ES"),
            starts_at=timezone.now() + timedelta(days=2),
            duration_minutes=60,
            capacity=SEATS,
            live_link="https://video.example.org/storm",
            speakers=[{"name": "Speaker"}],
        )
        services.publish_seminar(actor=organiser, seminar=seminar)
        User.objects.bulk_create(
            User(
                username=f"storm-{number}",
                email=f"storm-{number}@example.org",
                kind=User.Kind.TEACHER,
                state=User.State.VALIDATED,
            )
            for number in range(PEOPLE)
        )
        state["seminar"] = seminar.pk
        state["people"] = list(
            User.objects.filter(username__startswith="storm-").values_list("pk", flat=True)
        )

    run_in_thread_on(path, set_up)
    assert len(state["people"]) == PEOPLE

    barrier = threading.Barrier(WORKERS)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def worker(person_ids: list[int]):
        def work() -> None:
            seminar = Seminar.objects.get(pk=state["seminar"])
            people = list(User.objects.filter(pk__in=person_ids))
            barrier.wait(timeout=60)
            for person in people:
                try:
                    outcomes.append(services.register(actor=person, seminar=seminar).status)
                except (PermissionDenied, ValidationError) as refusal:
                    outcomes.append(f"refused: {refusal}")

        return work

    threads = [
        in_thread_on(path, worker(state["people"][number::WORKERS]), errors)
        for number in range(WORKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads)
    assert Counter(outcomes) == {"seated": SEATS, "waiting": PEOPLE - SEATS}

    def check() -> None:
        seminar = Seminar.objects.select_related("seat_offer").get(pk=state["seminar"])
        claims = SeatClaim.objects.filter(offer=seminar.seat_offer)
        seated = claims.filter(status=SeatClaim.Status.SEATED)
        assert seated.count() == SEATS == seminar.seat_offer.taken
        assert claims.filter(status=SeatClaim.Status.WAITING).count() == PEOPLE - SEATS
        assert max(Counter(claims.values_list("user_id", flat=True)).values()) == 1

    run_in_thread_on(path, check)
