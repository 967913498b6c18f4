"""The page set of the browser checks and the audit: one page per path pattern, and the
audit's table says which pages are too wide and how many violations each has."""

from __future__ import annotations

from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from scripts.ui_audit import audit, table
from scripts.ui_pages import PageSet, pattern


def test_numbers_in_a_path_are_one_pattern_and_a_query_is_kept():
    assert pattern("/projects/1/twinboard/12/edit/") == "/projects/<n>/twinboard/<n>/edit/"
    assert pattern("/projects/2/") == pattern("/projects/1/")
    assert pattern("/search/?q=a&kind=schools") != pattern("/search/?q=a&kind=people")
    assert pattern("/people/teacher.ana/") == "/people/teacher.ana/"


def test_a_page_set_keeps_the_first_page_of_each_pattern_in_order():
    pages = PageSet()
    pages.add(["/desktop/", "/projects/2/about/", "/groups/3/"])
    pages.add(["/projects/1/about/", "/projects/1/", "/desktop/"])
    assert pages.paths == ["/desktop/", "/projects/2/about/", "/groups/3/", "/projects/1/"]


def row(page: str, narrow: int, violations: int, nodes: int) -> dict:
    seen = {"scroll_width": narrow, "inner_width": 390, "violations": violations}
    wide = {"scroll_width": 1280, "inner_width": 1280, "violations": 0, "nodes": 0}
    rules = [{"id": "label", "impact": "critical", "nodes": nodes, "targets": []}]
    return {
        "role": "visitor",
        "page": page,
        "390": {**seen, "nodes": nodes, "rules": rules if violations else []},
        "1280": {**wide, "rules": []},
    }


def test_the_audit_table_marks_wide_pages_and_counts_violations_and_elements():
    text = table([row("/", 390, 0, 0), row("/search/", 455, 1, 3)])
    lines = text.splitlines()
    assert lines[0].split() == [
        "role", "page", "scrollW@390", "scrollW@1280", "axe@390", "(nodes)", "axe@1280", "(nodes)"
    ]  # fmt: skip
    assert "455  (too wide)" in next(line for line in lines if "/search/" in line)
    assert "1 (3)" in next(line for line in lines if "/search/" in line)
    assert "at 390 px: 2 pages, 1 scroll sideways, 1 without axe violations" in text
    assert "1 violations on 3 elements" in text
    assert "label (critical) 1" in text


def test_the_audit_measures_every_page_of_a_role_at_both_widths(
    browser: Browser, demo_data: None, live_server: LiveServer
):
    rows = audit(live_server.url, ["visitor"], browser)

    pages = [row["page"] for row in rows]
    assert {"/", "/login/", "/search/?q=a"} <= set(pages)
    assert len(pages) == len(set(pages))
    for seen in rows:
        assert seen["390"]["inner_width"] == 390
        assert seen["1280"]["inner_width"] == 1280
        assert seen["390"]["status"] == 200
