"""The forum pages issue as many queries for a large space as for a small one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import User
from plugins.twinspace.models import Discussion, Membership, Reply, Role, Thread
from tests.factories.twinspace import make_project

pytestmark = pytest.mark.django_db

SMALL = (5, 10)  # members, items
LARGE = (500, 1000)


def build_forum(members: int, items: int, tag: str):
    """A project with ``members`` members (every role) and ``items`` discussions, threads
    in one discussion and replies in one thread, written by all of them."""
    project = make_project(title=f"Forum {tag}")
    roles = [Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN, Role.PUPIL]
    users = User.objects.bulk_create(
        [
            User(
                username=f"{tag}-{n}",
                first_name="Member",
                last_name=str(n),
                kind=User.Kind.PUPIL
                if roles[n % 5] in (Role.PUPIL, Role.PUPIL_ADMIN)
                else "teacher",
                email="" if roles[n % 5] in (Role.PUPIL, Role.PUPIL_ADMIN) else f"{tag}{n}@x.org",
            )
            for n in range(members)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(space=project, user=user, role=roles[n % 5]) for n, user in enumerate(users)]
    )
    now = timezone.now()
    discussions = Discussion.objects.bulk_create(
        [
            Discussion(
                space=project,
                title=f"Discussion {n}",
                created_by=users[n % members] if n % 7 else None,
                thread_count=1,
            )
            for n in range(items)
        ]
    )
    discussion = discussions[0]
    threads = Thread.objects.bulk_create(
        [
            Thread(
                discussion=discussion,
                title=f"Thread {n}",
                body="<p>Hello</p>",
                author=users[n % members] if n % 7 else None,
                last_activity_at=now - timedelta(minutes=n),
                reply_count=1,
            )
            for n in range(items)
        ]
    )
    thread = threads[0]
    Reply.objects.bulk_create(
        [
            Reply(
                thread=thread,
                author=users[n % members] if n % 7 else None,
                body=f"<p>Reply {n}</p>",
                created_at=now + timedelta(seconds=n),
            )
            for n in range(items)
        ]
    )
    Thread.objects.filter(pk=thread.pk).update(reply_count=items)
    return project, discussion, thread


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def small_and_large():
    return build_forum(*SMALL, tag="small"), build_forum(*LARGE, tag="large")


@pytest.mark.parametrize("page", ["forums", "discussion", "thread"])
def test_forum_pages_issue_the_same_number_of_queries_for_any_size(client, small_and_large, page):
    counts = []
    for project, discussion, thread in small_and_large:
        # A moderator sees every button: the most demanding view of the page.
        client.force_login(project.founder)
        args = {"forums": (), "discussion": (discussion.pk,), "thread": (thread.pk,)}[page]
        url = project.url(page, *args)
        client.get(url)  # warm caches (sessions, content types) outside the measure
        counts.append(count_queries(client, url))
        counts.append(count_queries(client, f"{url}?page=2"))
    assert counts[0] == counts[2], counts
    assert counts[1] == counts[3], counts
