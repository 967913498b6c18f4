#!/usr/bin/env python3
"""Run the development web server and the background-task cluster together.

``make run`` calls this after migrating and loading the demo data. It starts
``manage.py runserver`` and ``manage.py qcluster``, each in a session (and so a
process group) of its own, so that Ctrl-C in the terminal reaches only this
script, which then stops both children in the way each one needs:

* runserver gets SIGINT, as a terminal Ctrl-C would give it;
* qcluster gets SIGTERM on its main process only: a SIGTERM sent to its whole
  process group leaves it hanging (a known django-q2 problem).

Whatever is still alive after ``GRACE_SECONDS`` is killed with SIGKILL. If
either child exits on its own, the other is stopped and this script exits with
the code of the one that died. Set ``PORT`` to serve on another port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
GRACE_SECONDS = 15.0
POLL_SECONDS = 0.2
STARTUP_SECONDS = 30.0


@dataclass
class Child:
    """One managed process and the signal that stops it cleanly."""

    name: str
    process: subprocess.Popen[bytes]
    stop_signal: signal.Signals
    signal_group: bool  # False: signal the main process only.

    def start_stopping(self) -> None:
        """Send the clean-stop signal; kill at once what a dead main process left behind."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                if self.signal_group:
                    os.killpg(self.process.pid, self.stop_signal)
                else:
                    self.process.send_signal(self.stop_signal)
        elif self.group_alive():
            # Orphans (runserver's reloaded child, qcluster's workers) have nobody
            # left to coordinate a clean stop.
            self.kill_group()

    def group_alive(self) -> bool:
        """Whether the main process or anything else in its process group still runs."""
        if self.process.poll() is None:
            return True
        try:
            os.killpg(self.process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True

    def kill_group(self) -> None:
        """SIGKILL whatever is left in the child's process group."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


class StopRequested:
    """Remembers the first SIGINT or SIGTERM that this script receives."""

    def __init__(self) -> None:
        self.signal_number: int | None = None

    def __bool__(self) -> bool:
        return self.signal_number is not None

    def handle(self, signal_number: int, _frame: FrameType | None) -> None:
        """Signal handler: note the request; the main loop does the stopping."""
        self.signal_number = signal_number


def start(name: str, arguments: list[str], stop_signal: signal.Signals, group: bool) -> Child:
    """Start ``manage.py <arguments>`` in a new session, with this script's Python."""
    # The command is fixed (this interpreter, the project's manage.py): no shell, no user input.
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, str(BASE_DIR / "manage.py"), *arguments],
        cwd=BASE_DIR,
        start_new_session=True,
    )
    return Child(name=name, process=process, stop_signal=stop_signal, signal_group=group)


def port_open(port: int) -> bool:
    """Whether something accepts TCP connections on ``HOST:port``."""
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def exit_code(returncode: int) -> int:
    """A shell-style exit code: 128 + N for a process that a signal N ended."""
    return 128 - returncode if returncode < 0 else returncode


def first_exited(children: list[Child]) -> Child | None:
    """The first child whose main process has exited, if any."""
    return next((child for child in children if child.process.poll() is not None), None)


def stop_all(children: list[Child]) -> None:
    """Stop every child cleanly, then SIGKILL what is left after the grace period."""
    for child in children:
        child.start_stopping()
    deadline = time.monotonic() + GRACE_SECONDS
    while time.monotonic() < deadline and any(child.group_alive() for child in children):
        time.sleep(POLL_SECONDS)
    for child in children:
        if child.group_alive():
            print(f"serve.py: {child.name} did not stop in time; killing it.", flush=True)
            child.kill_group()


def print_banner(port: int) -> None:
    """Tell the person at the terminal where to go and how to log in."""
    print(
        "\n"
        f"  OpenTwin is running at http://{HOST}:{port}/\n"
        f"  Wagtail admin:         http://{HOST}:{port}/admin/\n"
        "  Demo logins: listed above by `manage.py seed_demo`\n"
        "  (run `manage.py seed_demo` again to list them; it is idempotent).\n"
        "  Background tasks: qcluster is running. Press Ctrl-C to stop both.\n",
        flush=True,
    )


def main() -> int:
    """Run both children until Ctrl-C, SIGTERM, or one of them exits."""
    port = int(os.environ.get("PORT", "8000"))
    stop = StopRequested()
    signal.signal(signal.SIGINT, stop.handle)
    signal.signal(signal.SIGTERM, stop.handle)

    children = [
        start("runserver", ["runserver", f"{HOST}:{port}"], signal.SIGINT, group=True),
        start("qcluster", ["qcluster"], signal.SIGTERM, group=False),
    ]

    banner_due = time.monotonic() + STARTUP_SECONDS
    while not stop:
        exited = first_exited(children)
        if exited is not None:
            code = exit_code(exited.process.returncode)
            print(f"serve.py: {exited.name} exited with code {code}; stopping.", flush=True)
            stop_all(children)
            return code
        if banner_due and (port_open(port) or time.monotonic() > banner_due):
            print_banner(port)
            banner_due = 0.0
        time.sleep(POLL_SECONDS)

    print("\nserve.py: stopping the web server and the task cluster…", flush=True)
    stop_all(children)
    return 0


if __name__ == "__main__":
    sys.exit(main())
