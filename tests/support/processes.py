"""Run ``manage.py`` and Python snippets in a fresh process with their own settings.

Settings such as ``OPENTWIN_PLUGINS`` are read once at start-up, so tests that
change them start a new process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def clean_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without OpenTwin's settings, plus ``env``."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENTWIN_", "DJANGO_", "PYTEST_"))
        and key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST"}
    }
    base["DJANGO_SETTINGS_MODULE"] = "core.settings"
    base.update(env or {})
    return base


def run_python(
    args: list[str], env: dict[str, str] | None = None, timeout: int = 180
) -> subprocess.CompletedProcess[str]:
    """Run ``python <args>`` in the project root with a clean OpenTwin environment."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(
    *args: str, env: dict[str, str] | None = None, timeout: int = 180
) -> subprocess.CompletedProcess[str]:
    return run_python(["manage.py", *args], env=env, timeout=timeout)
