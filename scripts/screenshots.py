#!/usr/bin/env python3
"""Full-page screenshots of the key pages, for a reviewer to look at (``make screenshots``).

Builds a throw-away SQLite database with the demo data, serves it on a free local port,
and has Debian's Chromium (driven by Playwright) save each key page, as each demo role
sees it, at a phone's width (390 px) and a laptop's (1280 px), in English and one other
language. The PNG files go to ``screenshots/`` (or ``--out``); they are not committed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("OPENTWIN_CHROMIUM", "/usr/bin/chromium"))
# Without the networking flags Chromium keeps calling out to a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "opentwin-demo-2026"  # noqa: S105 - the demo data's published password
WIDTHS = (390, 1280)
LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Shot:
    """One page as one person sees it; ``username`` is empty for a visitor."""

    name: str
    path: str
    username: str = ""


KEY_PAGES = [
    Shot("home", "/"),
    Shot("login", "/login/"),
    Shot("register", "/register/"),
    Shot("pupil-login", "/pupils/login/"),
    Shot("search", "/search/?q=&kind=schools"),
    Shot("teacher-desktop", "/desktop/", "teacher.ana"),
    Shot("project-home", "/projects/1/", "teacher.ana"),
    Shot("twinboard", "/projects/1/twinboard/", "teacher.ana"),
    Shot("forums", "/projects/1/forums/", "teacher.ana"),
    Shot("members", "/projects/1/members/", "teacher.ana"),
    Shot("new-project", "/projects/new/", "teacher.ana"),
    Shot("profile", "/profile/", "teacher.ana"),
    Shot("notifications", "/notifications/", "teacher.luc"),
    Shot("staff-desktop", "/desktop/", "nss.es"),
    Shot("pupil-desktop", "/desktop/", "pupil.demo"),
    Shot("pupil-walls", "/projects/1/walls/", "pupil.demo"),
]


def take_screenshots(
    base_url: str,
    out_dir: Path,
    shots: Iterable[Shot] = KEY_PAGES,
    widths: Iterable[int] = WIDTHS,
    languages: Iterable[str] = LANGUAGES,
    browser=None,
) -> list[Path]:
    """Save ``shots`` at each width and language under ``out_dir``; return the files.

    ``browser`` is a Playwright browser to use (the browser tests pass theirs); without
    one, Debian's Chromium is started for the run.
    """
    if browser is not None:
        return _take(browser, base_url, out_dir, shots, widths, languages)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return _take(launched, base_url, out_dir, shots, widths, languages)
        finally:
            launched.close()


def _take(browser, base_url, out_dir, shots, widths, languages) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for language in languages:
        for width in widths:
            for username, group in _by_person(shots):
                context = browser.new_context(
                    viewport={"width": width, "height": 844 if width < 800 else 800},
                    locale=language,
                    extra_http_headers={"Accept-Language": language},
                )
                page = context.new_page()
                if username:
                    _log_in(page, base_url, username)
                for shot in group:
                    page.goto(f"{base_url}{shot.path}")
                    target = out_dir / f"{shot.name}-{language}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                context.close()
    return written


def _by_person(shots: Iterable[Shot]) -> list[tuple[str, list[Shot]]]:
    people: dict[str, list[Shot]] = {}
    for shot in shots:
        people.setdefault(shot.username, []).append(shot)
    return list(people.items())


def _log_in(page, base_url: str, username: str) -> None:
    login = "/pupils/login/" if username.startswith("pupil") else "/login/"
    page.goto(f"{base_url}{login}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, **kwargs
    )


@contextlib.contextmanager
def demo_server(database: Path) -> Iterator[str]:
    """Migrate ``database``, load the demo data and serve it; yield the address."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("REDIS_URL", None)
    _manage("migrate", "--noinput", "-v", "0", env=env)
    _manage("seed_demo", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{address}/healthz", timeout=5):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("The demo server did not start.") from None
                time.sleep(0.5)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BASE_DIR / "screenshots")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(
            f"Chromium is not at {CHROMIUM}: install Debian's chromium package "
            "(apt-get install chromium) or set OPENTWIN_CHROMIUM.",
            file=sys.stderr,
        )
        return 1
    with tempfile.TemporaryDirectory() as folder, demo_server(Path(folder) / "demo.sqlite3") as url:
        files = take_screenshots(url, args.out)
    print(f"{len(files)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
