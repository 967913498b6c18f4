"""No concurrency can oversell a meeting: teachers registering at the same instant from
separate processes (as separate web workers would) on one SQLite database file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from tests.support.processes import PROJECT_ROOT, clean_env, run_python

SETUP = """
import django
django.setup()
from plugins.meetings import services
from plugins.meetings.models import Meeting
from tests.factories.meetings import new_meeting, teacher, trainer
runner = trainer(username="race-trainer")
meeting = new_meeting(actor=runner, capacity={capacity})
services.switch_phase(actor=runner, meeting=meeting, to=Meeting.State.REGISTRATION_OPEN)
for number in range({people}):
    teacher(username=f"racer-{{number}}")
print(meeting.pk)
"""

REGISTER = """
import sys, time
import django
django.setup()
from django.core.exceptions import PermissionDenied, ValidationError
from core.models import User
from plugins.meetings import services
from plugins.meetings.models import Meeting
meeting = Meeting.objects.get(pk=int(sys.argv[1]))
person = User.objects.get(username=sys.argv[2])
time.sleep(max(0.0, float(sys.argv[3]) - time.time()))
try:
    print("claim:" + services.register(actor=person, meeting=meeting).status)
except (PermissionDenied, ValidationError) as error:
    print("refused:" + " ".join(getattr(error, "messages", [str(error)])))
"""

COUNT = """
import django
django.setup()
from core import seats
from plugins.meetings.models import Meeting
meeting = Meeting.objects.get(pk={meeting})
offer = meeting.seat_offer
offer.refresh_from_db()
print(seats.seated_count(offer), seats.waiting_count(offer), offer.taken, offer.capacity)
"""


@pytest.fixture
def database(migrated_sqlite_database, tmp_path) -> dict[str, str]:
    path = tmp_path / "race.sqlite3"
    shutil.copy(migrated_sqlite_database, path)
    return {"DATABASE_URL": f"sqlite:///{path}"}


def python(code: str, env: dict[str, str]) -> str:
    result = run_python(["-c", code], env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def race(meeting_id: str, usernames: list[str], env: dict[str, str]) -> list[str]:
    """Start one process per username; all register at the same instant."""
    start = time.time() + 8
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", REGISTER, meeting_id, username, str(start)],
            cwd=PROJECT_ROOT,
            env=clean_env(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for username in usernames
    ]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        outcomes.append(out.strip().splitlines()[-1])
    return outcomes


def test_teachers_registering_at_once_never_take_more_seats_than_there_are(database):
    meeting_id = python(SETUP.format(capacity=3, people=8), database)
    outcomes = race(meeting_id, [f"racer-{number}" for number in range(8)], database)
    assert sorted(outcomes) == ["claim:seated"] * 3 + ["claim:waiting"] * 5
    seated, waiting, taken, capacity = python(COUNT.format(meeting=meeting_id), database).split()
    assert (seated, waiting, taken, capacity) == ("3", "5", "3", "3")


def test_a_double_click_registers_once(database):
    meeting_id = python(SETUP.format(capacity=3, people=1), database)
    outcomes = race(meeting_id, ["racer-0"] * 4, database)
    assert outcomes.count("claim:seated") == 1
    # The others are told why, by the policy or by the seats service, whichever saw it.
    assert set(outcomes) - {"claim:seated"} <= {
        "refused:You are already registered.",
        "refused:You already have a seat.",
    }
    seated, waiting, taken, _capacity = python(COUNT.format(meeting=meeting_id), database).split()
    assert (seated, waiting, taken) == ("1", "0", "1")
