"""The pages tree, one page and the reorder page issue as many queries for a large space
as for a small one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import User
from plugins.twinspace.models import Membership, Page, Role
from tests.factories.twinspace import make_project

pytestmark = pytest.mark.django_db

SMALL = (5, 10)  # members, pages
LARGE = (500, 1000)
ROLES = [Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN, Role.PUPIL]


def build_space(members: int, pages: int, tag: str):
    """A project with ``members`` members (every role) and ``pages`` pages by all of them:
    a three-level chain first, then top-level pages and subpages, a third of them drafts."""
    project = make_project(title=f"Pages {tag}")
    now = timezone.now()
    is_pupil = [ROLES[n % 5] in (Role.PUPIL, Role.PUPIL_ADMIN) for n in range(members)]
    users = User.objects.bulk_create(
        [
            User(
                username=f"{tag}-{n}",
                first_name="Member",
                last_name=str(n),
                kind=User.Kind.PUPIL if is_pupil[n] else User.Kind.TEACHER,
                email="" if is_pupil[n] else f"{tag}{n}@example.org",
                state=User.State.VALIDATED,
                email_verified_at=None if is_pupil[n] else now,
            )
            for n in range(members)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(space=project, user=user, role=ROLES[n % 5]) for n, user in enumerate(users)]
    )
    authors = [project.founder, *users]
    chain = []
    for level in range(3):
        chain.append(
            Page.objects.create(
                space=project,
                parent=chain[-1] if chain else None,
                title=f"Level {level + 1}",
                body="<p>Text</p>",
                status=Page.Status.PUBLISHED,
                author=project.founder,
            )
        )
    Page.objects.bulk_create(
        [
            Page(
                space=project,
                parent=None if n % 2 else chain[n % 3 - 1] if n % 3 else chain[0],
                title=f"Page {n}",
                body="<p>Some text</p>" * 20,
                status=Page.Status.DRAFT if n % 3 == 0 else Page.Status.PUBLISHED,
                position=n + 1,
                author=authors[n % len(authors)],
            )
            for n in range(pages - 3)
        ]
    )
    viewers = {
        "founder": project.founder,
        "teacher": next(u for n, u in enumerate(users) if ROLES[n % 5] == Role.TEACHER),
        "pupil": next(u for n, u in enumerate(users) if ROLES[n % 5] == Role.PUPIL),
    }
    return project, chain, viewers


def count_queries(client, user, url: str) -> int:
    client.force_login(user)
    client.get(url)  # warm caches (session, content types) so both sizes start alike
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def spaces():
    return build_space(*SMALL, "small"), build_space(*LARGE, "large")


@pytest.mark.parametrize("viewer", ["founder", "teacher", "pupil"])
def test_pages_tree_queries_do_not_grow_with_the_space(client, spaces, viewer):
    counts = [
        count_queries(client, viewers[viewer], project.url("pages"))
        for project, _chain, viewers in spaces
    ]
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("viewer", ["founder", "teacher", "pupil"])
def test_page_detail_queries_do_not_grow_with_the_space(client, spaces, viewer):
    counts = [
        count_queries(client, viewers[viewer], project.url("page", chain[1].pk))
        for project, chain, viewers in spaces
    ]
    assert counts[0] == counts[1], counts


def test_reorder_page_queries_do_not_grow_with_the_space(client, spaces):
    counts = [
        count_queries(client, viewers["founder"], project.url("pages-reorder"))
        for project, _chain, viewers in spaces
    ]
    assert counts[0] == counts[1], counts


def test_large_tree_is_paginated(client, spaces):
    (_small, (project, _chain, viewers)) = spaces
    client.force_login(viewers["founder"])
    html = client.get(project.url("pages")).content.decode()
    assert "Page 1 of" in html
    assert html.count('class="badge badge-draft"') < 200
