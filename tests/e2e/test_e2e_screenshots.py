"""``make screenshots`` saves full-page PNGs of the key pages at both widths."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from scripts.screenshots import KEY_PAGES, Shot, take_screenshots

pytestmark = pytest.mark.e2e


def png_width(path: Path) -> int:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", header[16:20])[0]


def test_screenshots_are_full_pages_at_both_widths_for_visitors_and_people(
    browser: Browser, demo_data: None, live_server: LiveServer, tmp_path: Path
) -> None:
    shots = [Shot("home", "/"), Shot("desktop", "/desktop/", "teacher.ana")]
    files = take_screenshots(live_server.url, tmp_path, shots, languages=("fr",), browser=browser)

    assert sorted(path.name for path in files) == [
        "desktop-fr-1280.png",
        "desktop-fr-390.png",
        "home-fr-1280.png",
        "home-fr-390.png",
    ]
    assert png_width(tmp_path / "home-fr-390.png") == 390
    assert png_width(tmp_path / "desktop-fr-1280.png") == 1280


def test_key_pages_cover_every_demo_role_of_the_site():
    people = {shot.username for shot in KEY_PAGES}
    assert {"", "teacher.ana", "teacher.luc", "nss.es", "pupil.demo"} <= people
