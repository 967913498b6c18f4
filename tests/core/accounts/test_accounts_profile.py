"""The teacher's own profile, data download and account deletion (erasure everywhere)."""

from __future__ import annotations

import io
import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.models import Language, Subject, User
from core.plugins import hook
from core.services import notify
from tests.factories import PASSWORD, PupilFactory, TeacherFactory
from tests.support.erasure import text_columns_containing

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def profile_data(**changes) -> dict:
    data = {
        "first_name": "Ana",
        "last_name": "García",
        "bio": "I teach <b>science</b>.",
        "subjects": [Subject.objects.first().pk],
        "languages": [Language.objects.first().pk],
        "listed_in_search": "",
        "language": "fr",
        "username": "hacker",
    }
    data.update(changes)
    return data


def test_the_menu_offers_my_profile_to_teachers_only():
    def keys(user):
        return {item.key for items in hook().register_menu_items(user=user) for item in items}

    assert "profile" in keys(TeacherFactory())
    assert "profile" not in keys(PupilFactory())


def test_a_teacher_edits_the_profile_but_not_the_username(client):
    teacher = TeacherFactory(username="ana.g")
    client.force_login(teacher)
    page = client.get(reverse("core:profile"))
    assert "ana.g" in page.content.decode()
    assert teacher.email in page.content.decode()
    response = client.post(reverse("core:profile"), profile_data())
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.username == "ana.g"
    assert (teacher.first_name, teacher.last_name) == ("Ana", "García")
    assert teacher.bio == "I teach <b>science</b>."  # plain text, escaped when shown
    assert not teacher.listed_in_search
    assert list(teacher.subjects.all()) == [Subject.objects.first()]
    assert teacher.language == "fr"
    assert response.cookies["django_language"].value == "fr"


def test_the_bio_is_shown_escaped(client):
    teacher = TeacherFactory(bio="<script>alert(1)</script>")
    client.force_login(teacher)
    assert "<script>alert(1)" not in client.get(reverse("core:profile")).content.decode()


def test_a_name_is_required_and_bad_input_changes_nothing(client):
    teacher = TeacherFactory(first_name="Keep")
    client.force_login(teacher)
    response = client.post(reverse("core:profile"), profile_data(first_name="  ", language="xx"))
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.first_name == "Keep" and teacher.language == ""


def test_pupils_have_no_profile_page(client):
    client.force_login(PupilFactory())
    # Pupils are kept to their own pages: the profile sends them to their desktop.
    for name in ("core:profile", "core:profile-data"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("core:desktop")


def test_the_profile_needs_a_login(client):
    assert client.get(reverse("core:profile")).status_code == 302


def test_data_json_is_an_attachment_with_my_data(client):
    teacher = TeacherFactory(username="ana.data")
    notify(teacher, kind="test.kind", title="Welcome Ana")
    client.force_login(teacher)
    response = client.get(reverse("core:profile-data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["core"]["account"]["username"] == "ana.data"
    assert data["core"]["notifications"][0]["title"] == "Welcome Ana"
    assert data["accounts"]["profile"]["about_me"] == teacher.bio
    assert len(data["accounts"]["logins"]) == 1  # this session


def test_deletion_needs_the_password(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    response = client.post(reverse("core:profile-delete"), {"password": "not-my-password"})
    assert response.status_code == 200
    teacher.refresh_from_db()
    assert teacher.state == User.State.VALIDATED


def test_after_deletion_no_text_column_anywhere_holds_the_teachers_personal_data(
    client, django_capture_on_commit_callbacks
):
    needles = {
        "first name": "Zebulonia",
        "surname": "Quixotewright",
        "e-mail": "zq.mailbox@distinctive-domain.example",
        "username": "zqteacher77",
    }
    teacher = TeacherFactory(
        username=needles["username"],
        first_name=needles["first name"],
        last_name=needles["surname"],
        email=needles["e-mail"],
        bio="Quixotewright teaches maths.",
    )
    notify(
        teacher, kind="test.kind", title="Hello Zebulonia Quixotewright", body="Dear zqteacher77"
    )
    notify(teacher, kind="test.other", title="Your e-mail zq.mailbox@distinctive-domain.example")
    # A failed and a successful login through the form leave throttling records.
    client.post("/login/", {"username": "zqteacher77", "password": "wrong-password-1"})
    assert AccessAttempt.objects.filter(username="zqteacher77").exists()
    client.post("/login/", {"username": "zqteacher77", "password": PASSWORD})
    client.post(
        "/login/",
        {"username": "zqteacher77", "password": "wrong-password-2"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert AccessLog.objects.filter(username="zqteacher77").exists()
    client.get(reverse("core:profile-data"))
    client.post(
        reverse("core:profile"),
        profile_data(
            first_name="Zebulonia",
            last_name="Quixotewright",
            bio="Zebulonia here",
            photo=SimpleUploadedFile("zebulonia.png", png_bytes(), content_type="image/png"),
        ),
    )
    teacher.refresh_from_db()
    photo_name, photo_storage = teacher.photo.name, teacher.photo.storage
    assert photo_storage.exists(photo_name), "the scenario should have stored a photo"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:profile-delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    teacher.refresh_from_db()
    assert teacher.state == User.State.DELETED

    assert text_columns_containing(needles) == []
    assert not teacher.photo
    assert not photo_storage.exists(photo_name)
