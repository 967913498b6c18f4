"""Erasing a teacher leaves none of their personal data anywhere, across every area of core."""

from __future__ import annotations

import pytest

from core import services
from core.directory.services import send_contact_request
from core.models import StaffRole, User
from core.support.services import open_support_request
from core.validation.services import request_validation
from tests.factories import SchoolFactory, TeacherFactory, UserFactory
from tests.support.erasure import text_columns_containing

pytestmark = pytest.mark.django_db

NEEDLES = {
    "first name": "Zebulonia",
    "surname": "Quixotewright",
    "e-mail": "zq.mailbox@distinctive-domain.example",
    "username": "zqteacher77",
}


def test_erasure_reaches_validation_support_contacts_and_other_peoples_notifications(
    django_capture_on_commit_callbacks,
):
    school = SchoolFactory()
    nss = UserFactory(kind=User.Kind.STAFF)
    StaffRole.objects.create(user=nss, role=StaffRole.Role.NSS, country=school.country)
    colleague = TeacherFactory()
    teacher = TeacherFactory(
        username=NEEDLES["username"],
        first_name=NEEDLES["first name"],
        last_name=NEEDLES["surname"],
        email=NEEDLES["e-mail"],
        school=school,
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_contact_request(actor=teacher, recipient=colleague, message="Hello!")
        open_support_request(actor=teacher, topic="partners", question="How do I find partners?")
        request_validation(actor=teacher, school=school)
    assert text_columns_containing(NEEDLES) != [], "the scenario should have stored the data"

    with django_capture_on_commit_callbacks(execute=True):
        services.erase_user_data(actor=teacher, user=teacher)

    assert text_columns_containing(NEEDLES) == []
