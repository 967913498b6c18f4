"""One profile service: the profile page and the API refuse the same input with the same
message and write the same audit entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.accounts.services import PROFILE_UPDATED
from core.models import AuditEntry, Language, Subject
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "Ana",
    "last_name": "García",
    "bio": "I teach science.",
    "listed_in_search": True,
    "language": "fr",
}

BAD_INPUT = [
    ("first_name", "   ", "This field cannot be empty."),
    ("last_name", "x" * 151, "At most 150 characters."),
    ("bio", "x" * 2001, "At most 2000 characters."),
    ("language", "xx", "Choose one of the available languages."),
]


def through_the_page(client, **changes) -> str:
    response = client.post(reverse("core:profile"), {**VALID, **changes})
    return response.content.decode()


def through_the_api(client, **changes) -> dict:
    response = client.patch(
        "/api/v1/account/profile", {**VALID, **changes}, content_type="application/json"
    )
    return response.json()


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_page_and_api_refuse_the_same_input_with_the_same_message(client, field, value, message):
    teacher = TeacherFactory(first_name="Keep", last_name="Me", bio="")
    client.force_login(teacher)

    page = through_the_page(client, **{field: value})
    api = through_the_api(client, **{field: value})

    assert message in page
    assert api["errors"][field] == [message]
    teacher.refresh_from_db()
    assert (teacher.first_name, teacher.last_name, teacher.bio) == ("Keep", "Me", "")
    assert not AuditEntry.objects.filter(action=PROFILE_UPDATED).exists()


def test_page_and_api_write_the_same_audit_action(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    subject, language = Subject.objects.first(), Language.objects.first()

    page = client.post(
        reverse("core:profile"), {**VALID, "subjects": [subject.pk], "languages": [language.pk]}
    )
    api = client.patch(
        "/api/v1/account/profile",
        {**VALID, "subjects": [subject.code], "languages": [language.code]},
        content_type="application/json",
    )

    assert page.status_code == 302 and api.status_code == 200
    entries = AuditEntry.objects.filter(target_id=str(teacher.pk)).order_by("pk")
    assert [entry.action for entry in entries] == [PROFILE_UPDATED, PROFILE_UPDATED]
    assert entries[0].data == entries[1].data
    assert PROFILE_UPDATED == "accounts.profile_updated"
    teacher.refresh_from_db()
    assert teacher.language == "fr"
    assert list(teacher.subjects.all()) == [subject]
