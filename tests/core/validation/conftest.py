"""Fixtures of the validation tests: Spanish regions, their validators and a waiting teacher."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from core.models import Country, Region, StaffRole, User, ValidationRequest
from core.validation.services import request_validation
from core.validation.tokens import make_head_teacher_token
from tests.factories import SchoolFactory, UserFactory


def make_staff(username: str, role: str, *, country=None, region=None) -> User:
    """A staff member with one scoped role who may open the Wagtail admin."""
    user = UserFactory(username=username, kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role, country=country, region=region)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def current_token(validation: ValidationRequest) -> str:
    """The token of the latest link sent for ``validation``."""
    validation.refresh_from_db()
    return make_head_teacher_token(validation.pk, validation.head_teacher_nonce)


def ask_for_validation(teacher: User, school, capture) -> ValidationRequest:
    """``teacher`` asks to be validated for ``school``, with the e-mails sent."""
    with capture(execute=True):
        return request_validation(actor=teacher, school=school)


@pytest.fixture
def spain(db) -> Country:
    return Country.objects.get(code="ES")


@pytest.fixture
def andalucia(spain) -> Region:
    return Region.objects.get(country=spain, name="Andalucía")


@pytest.fixture
def aragon(spain) -> Region:
    return Region.objects.get(country=spain, name="Aragón")


@pytest.fixture
def school(andalucia):
    return SchoolFactory(
        name="IES Triana", country=andalucia.country, region=andalucia, town="Sevilla"
    )


@pytest.fixture
def representative(andalucia) -> User:
    return make_staff("rep.andalucia", StaffRole.Role.REGIONAL_REPRESENTATIVE, region=andalucia)


@pytest.fixture
def other_representative(aragon) -> User:
    return make_staff("rep.aragon", StaffRole.Role.REGIONAL_REPRESENTATIVE, region=aragon)


@pytest.fixture
def nss_spain(spain) -> User:
    return make_staff("nss.spain", StaffRole.Role.NSS, country=spain)


@pytest.fixture
def nss_france(db) -> User:
    return make_staff("nss.france", StaffRole.Role.NSS, country=Country.objects.get(code="FR"))


@pytest.fixture
def teacher(db) -> User:
    return UserFactory(
        username="maria",
        first_name="María",
        last_name="López",
        state=User.State.PROFILE_INCOMPLETE,
        school_role=User.SchoolRole.TEACHER,
    )


@pytest.fixture
def validation(teacher, school, representative, django_capture_on_commit_callbacks):
    """A request waiting for the head teacher (its e-mails already sent)."""
    return ask_for_validation(teacher, school, django_capture_on_commit_callbacks)


@pytest.fixture
def confirmed(validation, django_capture_on_commit_callbacks) -> ValidationRequest:
    """A request the head teacher confirmed: it waits for the NSS."""
    from core.validation.services import confirm_by_head_teacher

    with django_capture_on_commit_callbacks(execute=True):
        confirm_by_head_teacher(validation, validation.head_teacher_nonce)
    return validation


@pytest.fixture
def staff_factory():
    return make_staff


@pytest.fixture
def token_of():
    return current_token
