"""``make run``'s runner serves the site with a task cluster and stops both on Ctrl-C."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from tests.support.processes import PROJECT_ROOT, clean_env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_serve_answers_on_its_port_and_stops_web_server_and_cluster_on_sigint(
    migrated_sqlite_database, tmp_path
):
    database = tmp_path / "serve.sqlite3"
    shutil.copy(migrated_sqlite_database, database)
    port = free_port()
    # A file, not a pipe: the cluster prints the demo's queued e-mails at start, and a
    # pipe nobody reads until the end fills up and blocks both servers.
    log = (tmp_path / "serve.log").open("w+")
    runner = subprocess.Popen(
        [sys.executable, "scripts/serve.py"],
        cwd=PROJECT_ROOT,
        env=clean_env({"DATABASE_URL": f"sqlite:///{database}", "PORT": str(port)}),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        status = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    status = response.status
            except OSError:
                time.sleep(0.5)
        assert status == 200
        children = subprocess.run(
            ["pgrep", "-P", str(runner.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert len(children) == 2, "expected runserver and qcluster"
        runner.send_signal(signal.SIGINT)  # what Ctrl-C in the terminal sends
        runner.wait(timeout=40)
        output = (tmp_path / "serve.log").read_text()
        assert runner.returncode == 0, output
        assert f"http://127.0.0.1:{port}/" in output
        for pid in map(int, children):
            assert not group_alive(pid), f"process group {pid} survived"
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait()
        log.close()
