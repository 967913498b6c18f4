"""The members area's lists cost the same number of queries whatever their size."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import User
from plugins.twinspace.models import GuestAccess, Invitation, Membership, PupilProfile, Role, Space
from tests.factories.twinspace import make_project, teacher_in

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 120  # the lists show 50 rows a page: LARGE spans several pages


def queries(client, user, url: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def users(prefix: str, count: int, kind: str = User.Kind.TEACHER) -> list[User]:
    User.objects.bulk_create(
        [User(username=f"{prefix}{number}", kind=kind) for number in range(count)]
    )
    return list(User.objects.filter(username__startswith=prefix).order_by("pk"))


def test_my_invitations_page_query_count_does_not_grow(client):
    def teacher_with_invitations(count: int) -> User:
        teacher = teacher_in("IT")
        inviter = teacher_in("ES")
        spaces = Space.objects.bulk_create(
            [
                Space(kind=Space.Kind.PROJECT, title=f"P{n}", description="d", state="active")
                for n in range(count)
            ]
        )
        Invitation.objects.bulk_create(
            [Invitation(space=space, user=teacher, invited_by=inviter) for space in spaces]
        )
        return teacher

    small, large = teacher_with_invitations(SMALL), teacher_with_invitations(LARGE)
    assert queries(client, small, "/invitations/") == queries(client, large, "/invitations/")


def test_my_pupils_page_query_count_does_not_grow(client):
    def teacher_with_pupils(prefix: str, count: int) -> User:
        teacher = teacher_in("ES")
        first, second = make_project(founder=teacher), make_project(founder=teacher)
        pupils = users(prefix, count, kind=User.Kind.PUPIL)
        PupilProfile.objects.bulk_create(
            [PupilProfile(user=pupil, teacher=teacher) for pupil in pupils]
        )
        Membership.objects.bulk_create(
            [
                Membership(space=space, user=pupil, role=Role.PUPIL)
                for pupil in pupils
                for space in (first, second)
            ]
        )
        return teacher

    small, large = teacher_with_pupils("small", SMALL), teacher_with_pupils("large", LARGE)
    assert queries(client, small, "/pupils/") == queries(client, large, "/pupils/")


def test_guests_page_query_count_does_not_grow(client):
    def project_with_guests(prefix: str, count: int):
        project = make_project()
        until = timezone.now() + timedelta(days=30)
        GuestAccess.objects.bulk_create(
            [
                GuestAccess(space=project, user=user, granted_by=project.founder, expires_at=until)
                for user in users(prefix, count)
            ]
        )
        return project

    small, large = project_with_guests("small", SMALL), project_with_guests("large", LARGE)
    assert queries(client, small.founder, small.url("member-guests")) == queries(
        client, large.founder, large.url("member-guests")
    )
