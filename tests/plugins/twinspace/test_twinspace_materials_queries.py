"""The materials pages issue as many queries for a large space as for a small one."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import User
from plugins.twinspace.models import Folder, Material, Membership, Role
from tests.factories.twinspace import make_project

pytestmark = pytest.mark.django_db

SMALL = (5, 10)  # members, items
LARGE = (500, 1000)
ROLES = [Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN, Role.PUPIL]


def build_space(members: int, items: int, tag: str):
    """A project with ``members`` members (every role), folders nested three deep, and
    ``items`` materials (rows only: listing needs no real files) by all of them, half at
    the top and half in the deepest folder."""
    project = make_project(title=f"Materials {tag}")
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
    chain = []
    for level in range(3):
        chain.append(
            Folder.objects.create(
                space=project, parent=chain[-1] if chain else None, name=f"Level {level + 1}"
            )
        )
    # More folders beside the chain, as many as a tenth of the items.
    Folder.objects.bulk_create(
        [
            Folder(space=project, parent=None if n % 2 else chain[1], name=f"Folder {n}")
            for n in range(items // 10)
        ]
    )
    uploaders = [project.founder, *users]
    Material.objects.bulk_create(
        [
            Material(
                space=project,
                folder=None if n % 2 else chain[2],
                kind=Material.Kind.IMAGE if n % 4 == 0 else Material.Kind.FILE,
                title=f"Material {n}",
                file=f"twinspace/{project.pk}/materials/fake-{tag}-{n}.pdf",
                original_name=f"material-{n}.pdf",
                content_type="application/pdf",
                size=1000 + n,
                uploaded_by=uploaders[n % len(uploaders)],
            )
            for n in range(items)
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
def test_materials_root_queries_do_not_grow_with_the_space(client, spaces, viewer):
    counts = [
        count_queries(client, viewers[viewer], project.url("materials"))
        for project, _chain, viewers in spaces
    ]
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("viewer", ["founder", "teacher", "pupil"])
def test_folder_page_queries_do_not_grow_with_the_space(client, spaces, viewer):
    counts = [
        count_queries(client, viewers[viewer], project.url("folder", chain[2].pk))
        for project, chain, viewers in spaces
    ]
    assert counts[0] == counts[1], counts


def test_large_folder_is_paginated(client, spaces):
    (_small, (project, chain, viewers)) = spaces
    client.force_login(viewers["founder"])
    html = client.get(project.url("folder", chain[2].pk)).content.decode()
    assert "Page 1 of 20" in html
    downloads = re.findall(rf'href="{project.url("materials")}\d+/"', html)
    assert len(downloads) == 25
