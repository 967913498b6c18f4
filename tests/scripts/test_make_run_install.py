"""`make run` installs only what serving needs; the test tools stay in the dev lock."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_ONLY_PACKAGES = ("pytest", "playwright", "schemathesis", "ruff", "import-linter", "hypothesis")


def locked_names(lock_file: str) -> set[str]:
    text = (ROOT / lock_file).read_text()
    return {match.lower() for match in re.findall(r"^([A-Za-z0-9_.\-]+)==", text, re.MULTILINE)}


def test_runtime_lock_holds_no_test_tool():
    runtime = locked_names("requirements.lock")
    assert not runtime & set(TEST_ONLY_PACKAGES)


def test_runtime_lock_pins_the_same_versions_as_the_dev_lock():
    pins = re.compile(r"^([A-Za-z0-9_.\-]+==[^\s]+)", re.MULTILINE)
    runtime = set(pins.findall((ROOT / "requirements.lock").read_text()))
    dev = set(pins.findall((ROOT / "requirements-dev.lock").read_text()))
    assert runtime <= dev


def test_make_run_installs_the_runtime_lock_and_make_test_the_dev_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run: install-runtime$", makefile, re.MULTILINE)
    assert re.search(r"^test: install lint$", makefile, re.MULTILINE)
    runtime_rule = makefile.split("$(RUN_STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "-r requirements.lock" in runtime_rule
    assert "requirements-dev.lock" not in runtime_rule
