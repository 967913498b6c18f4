"""Seats under concurrency: many threads (SQLite) and many processes (PostgreSQL) race to
take seats, take them twice, cancel, claim again and grow the capacity.

Whatever the interleaving: never more seated than seats, never two live claims of one
person, and every freed seat goes to the earliest waiting claim (no promotion lost).

SQLite's test database is in memory with a shared cache, where a second writer fails at
once ("database table is locked") instead of waiting for the lock as it does on a file.
The threads therefore share a file database of their own, with the project's SQLite
settings (WAL, ``transaction_mode`` IMMEDIATE, a busy timeout) and the tables the service
needs. On PostgreSQL, processes forked from the test share its (committed) test database.
"""

from __future__ import annotations

import copy
import multiprocessing
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.models import Count, Q

from core import seats
from core.models import SeatClaim, SeatOffer, User
from tests.factories import UserFactory

OFFER_KEY = "meetings.meeting:race"
FIRST_CAPACITY = 4
FINAL_CAPACITY = 7
Status = SeatClaim.Status


def operations_for(user_ids: list[int], worker: int) -> list[list]:
    """One worker's requests: every person takes a seat and clicks twice, worker 0 growing
    the capacity one seat at a time meanwhile; then rounds of people cancelling and coming
    back (at the end of the queue); at last some cancel for good.
    """
    operations: list[list] = []
    for position, user_id in enumerate(user_ids):
        operations.append(["take", user_id])
        operations.append(["take", user_id])  # a double click: always refused
        if worker == 0 and position < FINAL_CAPACITY - FIRST_CAPACITY:
            operations.append(["grow", FIRST_CAPACITY + position + 1])
    for round_number in range(3):
        for position, user_id in enumerate(user_ids):
            if (position + round_number) % 2 == 0:
                operations.append(["cancel", user_id])
                operations.append(["take", user_id])
    for position, user_id in enumerate(user_ids):
        if position % 3 == 0:
            operations.append(["cancel", user_id])
    return operations


def run_operations(operations: list[list]) -> list[dict]:
    """Run the requests against the race's offer, recording what each one answered."""
    offer = SeatOffer.objects.get(key=OFFER_KEY)
    results: list[dict] = []
    for action, value in operations:
        if action == "grow":
            promoted = seats.set_capacity(offer, value)
            results.append({"action": action, "promoted": [claim.pk for claim in promoted]})
            continue
        user = User.objects.get(pk=value)
        try:
            if action == "take":
                claim = seats.take_seat(offer, user)
                results.append(
                    {"action": action, "user": value, "claim": claim.pk, "status": claim.status}
                )
            else:
                promoted = seats.cancel_claim(offer, user)
                results.append(
                    {
                        "action": action,
                        "user": value,
                        "promoted": [claim.pk for claim in promoted],
                    }
                )
        except seats.SeatError as error:
            results.append({"action": action, "user": value, "refused": str(error)})
    return results


def offer_snapshot() -> dict:
    """Capacity, count, seated and waiting claims read in one statement (one snapshot)."""
    return (
        SeatOffer.objects.filter(key=OFFER_KEY)
        .annotate(
            seated=Count("claims", filter=Q(claims__status=Status.SEATED)),
            waiting=Count("claims", filter=Q(claims__status=Status.WAITING)),
        )
        .values("capacity", "taken", "seated", "waiting")
        .get()
    )


def assert_the_race_kept_every_rule(results: list[dict], samples: list[dict]) -> None:
    assert samples, "the monitor read nothing while the race ran"
    for sample in samples:
        assert sample["seated"] <= sample["capacity"], sample
        assert sample["taken"] == sample["seated"], sample
        if sample["waiting"]:
            assert sample["taken"] == sample["capacity"], (
                f"a seat is free while some wait: {sample}"
            )

    offer = SeatOffer.objects.get(key=OFFER_KEY)
    claims = list(SeatClaim.objects.filter(offer=offer).order_by("created_at", "id"))
    live = [claim for claim in claims if claim.status != Status.CANCELLED]
    seated = [claim for claim in live if claim.status == Status.SEATED]

    # Never more participants than seats; the count matches the claims.
    assert offer.capacity == FINAL_CAPACITY
    assert offer.taken == len(seated) <= offer.capacity

    # Never a duplicate: one live claim per person, and every double click was refused.
    assert max(Counter(claim.user_id for claim in live).values()) == 1
    takes = [result for result in results if result["action"] == "take"]
    refused = [result for result in takes if "refused" in result]
    assert refused and {result["refused"] for result in refused} <= {
        "You already have a seat.",
        "You are already on the waiting list.",
    }
    assert len(claims) == len(takes) - len(refused)
    cancels = [result for result in results if result["action"] == "cancel"]
    assert not [result for result in cancels if "refused" in result]
    assert len(claims) - len(live) == len(cancels)

    # Never a promotion lost: no seat is free while someone waits, the seated are the
    # first of the queue, and every seat went either to a newcomer (nobody waiting) or to
    # a promotion that the service reported once to its caller.
    assert len(seated) == min(offer.capacity, len(live))
    queue = [claim.status for claim in live]
    assert queue == sorted(queue, key=lambda status: status != Status.SEATED)
    promoted = [pk for result in results for pk in result.get("promoted", [])]
    assert len(promoted) == len(set(promoted)), "a claim was promoted twice"
    seated_on_arrival = {result["claim"] for result in takes if result.get("status") == "seated"}
    assert not seated_on_arrival & set(promoted)
    assert {claim.pk for claim in claims if claim.seated_at} == seated_on_arrival | set(promoted)
    assert promoted, "the race promoted nobody: it tested nothing"


def split(user_ids: list[int], workers: int) -> list[list[int]]:
    return [user_ids[worker::workers] for worker in range(workers)]


# --- SQLite: threads on a shared file database --------------------------------------


def file_database(path: Path):
    """A connection to a SQLite file, with this project's SQLite settings."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict["NAME"] = str(path)
    return type(connections["default"])(settings_dict, alias="default")


def in_thread_on(path: Path, work, errors: list[BaseException]) -> threading.Thread:
    """A thread whose default database is the file at ``path``; it closes it at the end."""

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


def create_seat_tables() -> None:
    """The seats' tables and those they point to (SQLite checks that a parent table exists)."""
    models: list = []
    pending = [SeatClaim]
    while pending:
        model = pending.pop()
        if model in models:
            continue
        models.append(model)
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is not None:
                pending.append(field.related_model._meta.concrete_model)
    with connections["default"].schema_editor() as editor:
        for model in models:
            editor.create_model(model)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the threads race on SQLite")
def test_threads_racing_for_seats_never_break_the_rules(tmp_path, django_db_blocker):
    # The threads use their own file, never the test database: unblocking database access
    # (instead of a transactional test) leaves the test database and its data as they are.
    with django_db_blocker.unblock():
        race_threads_on(tmp_path / "seats.sqlite3")


def race_threads_on(path: Path) -> None:
    user_ids: list[int] = []

    def set_up() -> None:
        create_seat_tables()
        # Only users are needed: bulk_create skips the search index's signals, whose
        # tables this database does not have.
        User.objects.bulk_create(User(username=f"racer{number}") for number in range(36))
        user_ids.extend(User.objects.order_by("pk").values_list("pk", flat=True))
        seats.open_offer(OFFER_KEY, capacity=FIRST_CAPACITY)

    run_in_thread_on(path, set_up)

    workers = 8
    barrier = threading.Barrier(workers + 1)
    results: list[dict] = []
    samples: list[dict] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def racer(operations: list[list]):
        def work() -> None:
            barrier.wait(timeout=30)
            results.extend(run_operations(operations))

        return work

    def monitor() -> None:
        barrier.wait(timeout=30)
        while not done.is_set():
            samples.append(offer_snapshot())
            time.sleep(0.005)

    threads = [
        in_thread_on(path, racer(operations_for(ids, worker)), errors)
        for worker, ids in enumerate(split(user_ids, workers))
    ]
    watcher = in_thread_on(path, monitor, errors)
    for thread in [*threads, watcher]:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    done.set()
    watcher.join(timeout=60)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in [*threads, watcher])

    run_in_thread_on(path, lambda: assert_the_race_kept_every_rule(results, samples))


# --- PostgreSQL: processes on the test database ----------------------------------------


def race_in_process(operations: list[list], start, answers) -> None:
    """A forked process's work: its own connection, the race when ``start`` is set."""
    try:
        if not start.wait(timeout=60):
            raise TimeoutError("the race never started")
        answers.put(("results", run_operations(operations)))
    except BaseException:  # sent to the test, never lost with the process
        answers.put(("error", traceback.format_exc()))
    finally:
        connections.close_all()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="processes race on PostgreSQL only (run with DATABASE_URL=postgres://…)",
)
@pytest.mark.django_db(transaction=True)
def test_processes_racing_for_seats_never_break_the_rules():
    user_ids = [UserFactory().pk for _ in range(36)]
    seats.open_offer(OFFER_KEY, capacity=FIRST_CAPACITY)
    # Forked processes start at once with Django ready (a fresh interpreter takes seconds
    # to set Django up); each opens its own connection, so none may inherit this one.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    start = context.Event()
    answers = context.Queue()
    processes = [
        context.Process(target=race_in_process, args=(operations_for(ids, worker), start, answers))
        for worker, ids in enumerate(split(user_ids, 6))
    ]
    for process in processes:
        process.start()
    try:
        start.set()
        samples: list[dict] = []
        while any(process.is_alive() for process in processes) and answers.qsize() < len(processes):
            samples.append(offer_snapshot())
            time.sleep(0.005)
        results: list[dict] = []
        for _ in processes:
            kind, answer = answers.get(timeout=60)
            assert kind == "results", answer
            results.extend(answer)
        for process in processes:
            process.join(timeout=30)
            assert process.exitcode == 0
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()

    assert_the_race_kept_every_rule(results, samples)
