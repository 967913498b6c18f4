"""The pupil wall pages issue as many queries for a large project as for a small one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import User
from plugins.twinspace.models import Membership, Role, WallPost
from tests.factories.twinspace import make_project

pytestmark = pytest.mark.django_db

SMALL = (5, 10)  # pupils, wall messages
LARGE = (500, 1000)


def build_walls(pupils: int, messages: int, tag: str):
    """A project with ``pupils`` pupil members; ``messages`` wall messages spread over their
    walls, and as many again on the first pupil's wall (half first messages, half answers)."""
    project = make_project(title=f"Walls {tag}")
    users = User.objects.bulk_create(
        [
            User(username=f"{tag}-{n}", first_name="Pupil", last_name=str(n), kind="pupil")
            for n in range(pupils)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(space=project, user=user, role=Role.PUPIL_ADMIN if n % 9 == 0 else "pupil")
            for n, user in enumerate(users)
        ]
    )
    now = timezone.now()
    WallPost.objects.bulk_create(
        [
            WallPost(
                space=project, wall_owner=users[n % pupils], author=users[n % pupils], body="Hi"
            )
            for n in range(messages)
        ]
    )
    owner = users[0]
    firsts = WallPost.objects.bulk_create(
        [
            WallPost(
                space=project,
                wall_owner=owner,
                author=owner,
                body=f"Message {n}",
                created_at=now - timedelta(minutes=n),
            )
            for n in range(messages // 2)
        ]
    )
    WallPost.objects.bulk_create(
        [
            WallPost(
                space=project,
                wall_owner=owner,
                parent=firsts[n % len(firsts)],
                author=users[n % pupils] if n % 5 else project.founder,
                body=f"Answer {n}",
                created_at=now + timedelta(seconds=n),
            )
            for n in range(messages // 2)
        ]
    )
    return project, owner


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def small_and_large():
    return build_walls(*SMALL, tag="small"), build_walls(*LARGE, tag="large")


@pytest.mark.parametrize("page", ["walls", "wall"])
@pytest.mark.parametrize("viewer", ["founder", "owner"])
def test_wall_pages_issue_the_same_number_of_queries_for_any_size(
    client, small_and_large, page, viewer
):
    counts = []
    for project, owner in small_and_large:
        client.force_login(project.founder if viewer == "founder" else owner)
        url = project.url(page, *((owner.pk,) if page == "wall" else ()))
        client.get(url)  # warm caches (sessions, content types) outside the measure
        counts.append(count_queries(client, url))
        counts.append(count_queries(client, f"{url}?page=2"))
    assert counts[0] == counts[2], counts
    assert counts[1] == counts[3], counts
