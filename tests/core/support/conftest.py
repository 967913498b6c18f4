"""Fixtures of the support area's tests: NSS staff and teachers of two countries."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from core.models import Country, StaffRole, User
from tests.factories import SchoolFactory, TeacherFactory, UserFactory


def _make_nss(code: str, **kwargs) -> User:
    """An NSS staff member of one country who may open the Wagtail admin."""
    staff = UserFactory(kind=User.Kind.STAFF, **kwargs)
    StaffRole.objects.create(
        user=staff, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
    )
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return staff


def _make_teacher(code: str = "ES", **kwargs) -> User:
    """A teacher (validated unless ``state`` says otherwise) of a school in country ``code``."""
    return TeacherFactory(school=SchoolFactory(country=Country.objects.get(code=code)), **kwargs)


@pytest.fixture
def make_nss(db):
    return _make_nss


@pytest.fixture
def make_teacher(db):
    return _make_teacher


@pytest.fixture
def nss_es(db) -> User:
    return _make_nss("ES", username="nss-es", email="nss-es@example.org")


@pytest.fixture
def nss_fr(db) -> User:
    return _make_nss("FR", username="nss-fr", email="nss-fr@example.org")


@pytest.fixture
def teacher(db) -> User:
    return _make_teacher("ES", username="ana", first_name="Ana", last_name="García")
