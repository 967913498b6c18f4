"""Time the TwinSpace's, the teaching meetings' and the online seminars' pages on large
generated data, and storm a small seminar with registrations: ``make bench``.

Builds a fresh SQLite database (every migration, then ``bench.data`` and
``bench.meetings``: a space of ``--members`` members, a meeting of ``--participants``
participants in its active phase; ``bench.mooc``: a seminar of ``--registrants``
registrants), requests each
page several times through Django's test client and prints the median time, the
slowest time and the number of queries. Exits 1 when a page's median exceeds the
budget (``--budget-ms``, default 500 ms), so a slow change shows up.

The storm: ``--storm-teachers`` teachers (default 200) register for a seminar of
``--storm-seats`` seats (default 50) at the same moment, each from its own thread, through
the registration service. Exits 1 unless exactly that many seats were taken, everyone
else is on the waiting list, nobody holds two places and no registration failed.

    python -m bench.run [--members 500] [--items 1000] [--participants 500] [--posts 1000]
                        [--registrants 500] [--storm-seats 50] [--storm-teachers 200]
                        [--repeat 5] [--budget-ms 500] [--from-database migrated.sqlite3]

``--from-database`` copies an already migrated SQLite file instead of migrating.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--items", type=int, default=1_000)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--posts", type=int, default=1_000)
    parser.add_argument("--registrants", type=int, default=500)
    parser.add_argument("--storm-seats", type=int, default=50)
    parser.add_argument("--storm-teachers", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget-ms", type=float, default=500.0)
    parser.add_argument("--from-database", type=Path, default=None)
    options = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="opentwin-bench-"))
    database = folder / "bench.sqlite3"
    if options.from_database is not None:
        shutil.copy(options.from_database, database)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    os.environ.setdefault("OPENTWIN_TASKS_SYNC", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from bench.data import Size, build_space
    from bench.meetings import MeetingSize, build_meeting
    from bench.mooc import build_seminar, registration_storm

    setup_test_environment()
    logging.disable(logging.INFO)  # one line per login from django-axes is noise here
    settings.DEBUG = True  # count queries
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PRIVATE_MEDIA_ROOT = folder / "private"
    if options.from_database is None:
        call_command("migrate", verbosity=0)
    started = time.perf_counter()
    bench = build_space(Size(members=options.members, items=options.items))
    print(
        f"Generated a space of {options.members} members and {options.items} items "
        f"in {time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    bench_meeting = build_meeting(
        MeetingSize(participants=options.participants, posts=options.posts)
    )
    print(
        f"Generated a meeting of {options.participants} participants and {options.posts} posts "
        f"in {time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    bench_seminar = build_seminar(options.registrants)
    print(
        f"Generated a seminar of {options.registrants} registrants "
        f"in {time.perf_counter() - started:.1f} s"
    )

    project = bench.project
    meeting = bench_meeting.meeting
    seminar = bench_seminar.seminar
    pages = [
        ("visitor", None, project.url("home")),
        ("visitor", None, project.url("journal")),
        ("founder", bench.founder, project.url("home")),
        ("founder", bench.founder, project.url("twinboard")),
        ("founder", bench.founder, project.url("bulletin")),
        ("founder", bench.founder, project.url("pages")),
        ("founder", bench.founder, project.url("materials")),
        ("founder", bench.founder, project.url("forums")),
        ("founder", bench.founder, project.url("thread", bench.thread.pk)),
        ("founder", bench.founder, project.url("members")),
        ("founder", bench.founder, project.url("about")),
        ("pupil", bench.pupil, project.url("twinboard")),
        ("pupil", bench.pupil, project.url("wall", bench.pupil.pk)),
        ("founder", bench.founder, "/desktop/"),
        ("visitor", None, "/search/?q=bench&kind=projects"),
        ("visitor", None, reverse("meetings:list")),
        ("visitor", None, reverse("meetings:detail", args=[meeting.pk])),
        ("participant", bench_meeting.participant, reverse("meetings:detail", args=[meeting.pk])),
        (
            "participant",
            bench_meeting.participant,
            reverse("meetings:discussions", args=[meeting.pk]),
        ),
        ("trainer", bench_meeting.trainer, reverse("meetings:detail", args=[meeting.pk])),
        ("trainer", bench_meeting.trainer, reverse("meetings:discussions", args=[meeting.pk])),
        ("trainer", bench_meeting.trainer, reverse("meetings:progress", args=[meeting.pk])),
        ("visitor", None, f"/api/v1/meetings/{meeting.pk}"),
        ("visitor", None, reverse("seminars:list")),
        ("visitor", None, reverse("seminars:detail", args=[seminar.pk])),
        ("registrant", bench_seminar.registrant, reverse("seminars:detail", args=[seminar.pk])),
        ("organiser", bench_seminar.organiser, reverse("seminars:detail", args=[seminar.pk])),
        ("organiser", bench_seminar.organiser, reverse("seminars:registrants", args=[seminar.pk])),
    ]
    clients: dict[str, Client] = {}
    slow = []
    print(f"{'who':<12} {'page':<48} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for who, user, url in pages:
        client = clients.get(who)
        if client is None:
            client = clients[who] = Client()
            if user is not None:
                client.force_login(user)
        timings = []
        for _ in range(options.repeat + 1):  # the first request warms caches up
            reset_queries()
            before = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - before) * 1000)
            if response.status_code != 200:
                print(f"{who} {url}: HTTP {response.status_code}", file=sys.stderr)
                return 2
        queries = len(connection.queries)
        median = statistics.median(timings[1:])
        print(f"{who:<12} {url:<48} {median:>10.1f} {max(timings[1:]):>8.1f} {queries:>8}")
        if median > options.budget_ms:
            slow.append(url)
    print(f"Every page's median is within {options.budget_ms:.0f} ms." if not slow else "")

    storm = registration_storm(seats=options.storm_seats, teachers=options.storm_teachers)
    print(
        f"Registration storm: {storm.teachers} teachers on {storm.seats} seats in "
        f"{storm.seconds:.1f} s: {storm.seated} seated, {storm.waiting} waiting, "
        f"{storm.duplicates} duplicates, {storm.errors} errors"
    )
    if slow:
        print(f"Over the {options.budget_ms:.0f} ms budget: {', '.join(slow)}", file=sys.stderr)
        return 1
    if not storm.holds:
        print("The registration storm broke the seats' rules.", file=sys.stderr)
        return 1
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
