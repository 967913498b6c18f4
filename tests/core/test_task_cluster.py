"""A real qcluster picks up a task queued by a service and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

from tests.support.processes import PROJECT_ROOT, clean_env, run_python

NOTIFY = """
import django
django.setup()
from django.db import transaction
from core import services
from core.models import User
with transaction.atomic():
    ana = User.objects.get(username="teacher.ana")
    n = services.notify(ana, kind="demo", title="Cluster check")
print(n.pk)
"""

STATUS = """
import django, sys
django.setup()
from core.models import Notification
print(Notification.objects.get(pk=int(sys.argv[1])).email_status)
"""


def test_qcluster_sends_a_queued_notification_email_and_stops_on_sigterm(
    migrated_sqlite_database, tmp_path
):
    database = tmp_path / "cluster.sqlite3"
    shutil.copy(migrated_sqlite_database, database)
    # Its own queue name: other test workers may share the same Redis.
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "Q_WORKERS": "1",
        "OPENTWIN_INSTANCE_NAME": f"opentwin-cluster-test-{os.getpid()}",
    }
    if os.environ.get("REDIS_URL"):
        # The PostgreSQL + Redis run of the suite checks the Redis broker end to end too.
        env["REDIS_URL"] = os.environ["REDIS_URL"]

    queued = run_python(["-c", NOTIFY], env=env)
    assert queued.returncode == 0, queued.stderr
    notification_id = queued.stdout.strip().splitlines()[-1]

    cluster = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=PROJECT_ROOT,
        env=clean_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        status = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status = run_python(["-c", STATUS, notification_id], env=env).stdout.strip()
            if status == "sent":
                break
            time.sleep(1)
        assert status == "sent"
        # SIGTERM to the main process only: qcluster hangs if its whole group gets it.
        cluster.send_signal(signal.SIGTERM)
        output, _ = cluster.communicate(timeout=30)
        assert cluster.returncode is not None
        assert "Cluster check" in output  # the console e-mail backend printed the message
    finally:
        if cluster.poll() is None:
            os.killpg(cluster.pid, signal.SIGKILL)
            cluster.wait()
