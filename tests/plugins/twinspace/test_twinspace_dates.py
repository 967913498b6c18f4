"""Dates read the same way on every TwinSpace page, in the reader's locale and local time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from plugins.twinspace.board import services as board
from plugins.twinspace.forums import services as forums
from tests.factories.twinspace import make_project

pytestmark = pytest.mark.django_db

# 07:58 UTC on 1 December is 08:58 in Brussels, the site's time zone.
MOMENT = datetime(2026, 12, 1, 7, 58, tzinfo=UTC)
SHOWN = {"en": "1 December 2026, 08:58", "fr": "1 décembre 2026 08:58"}


@pytest.fixture
def space_with_a_post_and_a_thread():
    project = make_project()
    with time_machine.travel(MOMENT, tick=False):
        board.post_update(actor=project.founder, space=project, body="<p>Hello partners</p>")
        discussion = forums.create_discussion(
            actor=project.founder, space=project, title="Water samples"
        )
        thread = forums.start_thread(
            actor=project.founder, discussion=discussion, title="pH?", body="<p>Ideas?</p>"
        )
    return project, discussion, thread


@pytest.mark.parametrize(("lang", "shown"), SHOWN.items(), ids=SHOWN.keys())
def test_forum_and_twinboard_show_the_same_moment_the_same_way(
    client, space_with_a_post_and_a_thread, lang, shown
):
    project, discussion, thread = space_with_a_post_and_a_thread
    client.force_login(project.founder)
    pages = {
        "twinboard": project.url("twinboard"),
        "discussion": project.url("discussion", discussion.pk),
        "thread": project.url("thread", thread.pk),
    }
    for name, url in pages.items():
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=lang).text
        assert f">{shown}</time>" in html, f"{name} does not show {shown!r}"
        # Neither the American order nor Django's English abbreviations.
        assert "12/01/2026" not in html and "Dec. 1, 2026" not in html and "a.m." not in html
