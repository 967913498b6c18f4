"""The pages of the space home area issue as many queries for a big space as for a small one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import User
from plugins.twinspace.models import (
    JournalEntry,
    Membership,
    Post,
    PostComment,
    PostLike,
    Role,
    Space,
)
from tests.factories.twinspace import make_project

pytestmark = pytest.mark.django_db

SMALL = {"members": 5, "items": 10}
LARGE = {"members": 500, "items": 1000}
COMMENTS_PER_POST = 4
LIKES_PER_POST = 3


def populate(space: Space, *, members: int, items: int) -> Post:
    """Fill ``space`` with members, updates (with comments and likes), bulletin messages
    and journal entries, in a few bulk inserts. Returns the first update."""
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            username=f"bulk-{space.pk}-{number}",
            first_name="Member",
            last_name=str(number),
            kind=User.Kind.TEACHER,
            state=User.State.VALIDATED,
            password="!",
        )
        for number in range(members)
    )
    roles = [Role.TEACHER, Role.PUPIL, Role.OBSERVER, Role.PUPIL_ADMIN, Role.EXPERT]
    Membership.objects.bulk_create(
        Membership(space=space, user=user, role=roles[number % len(roles)])
        for number, user in enumerate(users)
    )
    posts = Post.objects.bulk_create(
        Post(
            space=space,
            channel=Post.Channel.TWINBOARD,
            author=users[number % members],
            body=f"<p>Update {number}</p>",
            created_at=now - timedelta(minutes=number),
            pinned_at=now if number % 7 == 3 else None,
            like_count=LIKES_PER_POST,
            comment_count=COMMENTS_PER_POST,
        )
        for number in range(items)
    )
    PostComment.objects.bulk_create(
        PostComment(
            post=post,
            author=users[(number + offset) % members],
            body=f"Comment {offset} on {number}",
            created_at=now - timedelta(minutes=number, seconds=offset),
        )
        for number, post in enumerate(posts)
        for offset in range(COMMENTS_PER_POST)
    )
    # The first update has more comments in the large space: more than a page of them.
    PostComment.objects.bulk_create(
        PostComment(post=posts[0], author=users[offset % members], body=f"Extra {offset}")
        for offset in range(items // 25)
    )
    PostLike.objects.bulk_create(
        PostLike(post=post, user=users[(number + offset) % members])
        for number, post in enumerate(posts)
        for offset in range(LIKES_PER_POST)
    )
    # The founder likes every other update, so "liked by me" has rows in both sizes.
    PostLike.objects.bulk_create(PostLike(post=post, user=space.founder) for post in posts[::2])
    Post.objects.bulk_create(
        Post(
            space=space,
            channel=Post.Channel.BULLETIN,
            author=users[number % members],
            body=f"Bulletin {number}",
            created_at=now - timedelta(minutes=number),
        )
        for number in range(items)
    )
    JournalEntry.objects.bulk_create(
        JournalEntry(
            space=space,
            author=users[number % members],
            title=f"Entry {number}",
            body=f"<p>Journal {number}</p>",
            created_at=now - timedelta(hours=number),
        )
        for number in range(items)
    )
    return posts[0]


@pytest.fixture
def spaces():
    """A small and a large project, each with its first update."""
    small = make_project(title="Small", twinboard_public=True)
    large = make_project(title="Large", twinboard_public=True)
    return (
        (small, populate(small, **SMALL)),
        (large, populate(large, **LARGE)),
    )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


MEMBER_PAGES = {
    "home": lambda space, post: space.url(),
    "twinboard": lambda space, post: space.url("twinboard"),
    "twinboard page 2": lambda space, post: space.url("twinboard") + "?page=2",
    "post": lambda space, post: space.url("post", post.pk),
    "bulletin": lambda space, post: space.url("bulletin"),
    "journal": lambda space, post: space.url("journal"),
}
PUBLIC_PAGES = {
    "public home": lambda space, post: space.url(),
    "public twinboard": lambda space, post: space.url("twinboard"),
    "public post": lambda space, post: space.url("post", post.pk),
    "public journal": lambda space, post: space.url("journal"),
}


def test_pages_issue_the_same_queries_small_and_large(client, spaces):
    # One test for every page: building the large space is the slow part.
    (small, small_post), (large, large_post) = spaces
    counts = {}
    for name, url_of in PUBLIC_PAGES.items():
        counts[name] = (
            count_queries(client, url_of(small, small_post)),
            count_queries(client, url_of(large, large_post)),
        )
    for name, url_of in MEMBER_PAGES.items():
        client.force_login(small.founder)
        small_count = count_queries(client, url_of(small, small_post))
        client.force_login(large.founder)
        counts[name] = (small_count, count_queries(client, url_of(large, large_post)))
    assert {name: pair for name, pair in counts.items() if pair[0] != pair[1]} == {}
    # The large Twinboard shows the counters kept on the rows, not counted per update.
    client.force_login(large.founder)
    page = client.get(large.url("twinboard")).content.decode()
    assert f"{LIKES_PER_POST} likes" in page
    assert f"Show all {COMMENTS_PER_POST} comments" in page
