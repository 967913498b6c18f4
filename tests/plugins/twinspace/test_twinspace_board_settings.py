"""Space settings (description, public Twinboard, logo) and serving the logo."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.models import AuditEntry
from plugins.twinspace.board import services
from plugins.twinspace.models import Role, Space
from tests.factories.twinspace import add_member, make_project, teacher_in

pytestmark = pytest.mark.django_db

TYPE_MESSAGE = "The logo must be a PNG, JPEG, GIF or WebP image."


def image_file(image_format: str = "PNG", name: str = "logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def settings_data(**overrides) -> dict:
    return {"description": "Rivers, compared.", "twinboard_public": "", **overrides}


@pytest.fixture
def project():
    return make_project()


def test_admin_changes_description_and_public_twinboard(client, project):
    client.force_login(project.founder)
    assert client.get(project.url("settings")).status_code == 200
    response = client.post(
        project.url("settings"),
        settings_data(description="A new description", twinboard_public="on"),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.description == "A new description"
    assert project.twinboard_public is True
    assert "The settings were saved." in client.get(response.url).content.decode()
    assert AuditEntry.objects.filter(action="twinspace.settings_changed").exists()


@pytest.mark.parametrize(
    "role", [Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN, Role.PUPIL]
)
def test_only_teacher_admins_reach_the_settings(client, project, role):
    client.force_login(add_member(project, role=role).user)
    assert client.get(project.url("settings")).status_code == 403
    response = client.post(project.url("settings"), settings_data(twinboard_public="on"))
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.twinboard_public is False


def test_archived_space_settings_cannot_change(project):
    project.state = Space.State.ARCHIVED
    project.save()
    with pytest.raises(PermissionDenied, match="archived"):
        services.update_space_settings(
            actor=project.founder, space=project, description="x", twinboard_public=True
        )


def test_empty_description_is_refused(project):
    with pytest.raises(ValidationError, match="Please describe the space"):
        services.update_space_settings(
            actor=project.founder, space=project, description="  ", twinboard_public=False
        )


@pytest.mark.parametrize(
    ("image_format", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
def test_logo_is_uploaded_and_served_with_its_real_type(
    client, project, image_format, content_type
):
    client.force_login(project.founder)
    # The file name lies; the stored name and the type come from the real format.
    upload = image_file(image_format, name="picture.txt")
    first_bytes = upload.read(4)
    upload.seek(0)
    response = client.post(project.url("settings"), settings_data(logo=upload))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.logo.name.startswith(f"twinspace/{project.pk}/logo/logo")
    assert not project.logo.name.endswith(".txt")
    client.logout()
    served = client.get(project.url("logo"))
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content).startswith(first_bytes)


def test_text_file_disguised_as_png_is_refused_and_nothing_changes(client, project):
    client.force_login(project.founder)
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(
        project.url("settings"), settings_data(description="Typed text kept", logo=fake)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert TYPE_MESSAGE in page
    assert "Typed text kept" in page
    project.refresh_from_db()
    assert not project.logo
    assert project.description != "Typed text kept"


def test_image_of_another_format_is_refused(project):
    with pytest.raises(ValidationError, match=TYPE_MESSAGE):
        services.update_space_settings(
            actor=project.founder,
            space=project,
            description="d",
            twinboard_public=False,
            logo=image_file("BMP", name="logo.bmp"),
        )


def test_too_large_logo_is_refused_with_the_limit(client, project, settings):
    settings.OPENTWIN_MAX_IMAGE_MB = 1
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (1024 * 1024 + 10))
    client.force_login(project.founder)
    response = client.post(project.url("settings"), settings_data(logo=big))
    assert response.status_code == 200
    assert "The logo is too large: images may have at most 1 MB." in response.content.decode()
    project.refresh_from_db()
    assert not project.logo


def test_logo_is_removed(client, project):
    client.force_login(project.founder)
    client.post(project.url("settings"), settings_data(logo=image_file()))
    project.refresh_from_db()
    assert project.logo
    client.post(project.url("settings"), settings_data(remove_logo="on"))
    project.refresh_from_db()
    assert not project.logo
    assert client.get(project.url("logo")).status_code == 404


def test_logo_has_no_storage_url_only_the_view(client, project):
    services.update_space_settings(
        actor=project.founder,
        space=project,
        description="d",
        twinboard_public=False,
        logo=image_file(),
    )
    project.refresh_from_db()
    with pytest.raises(ValueError, match="no public URL"):
        project.logo.url  # noqa: B018 - the property itself must refuse
    page = client.get(project.url()).content.decode()
    assert project.url("logo") in page


def test_space_without_logo_answers_404(client, project):
    assert client.get(project.url("logo")).status_code == 404


def test_logo_of_a_pending_project_is_hidden_from_visitors(client):
    project = make_project(state=Space.State.PENDING_APPROVAL)
    Space.objects.filter(pk=project.pk).update(logo="twinspace/x/logo/logo.png")
    assert client.get(project.url("logo")).status_code == 404
    client.force_login(teacher_in("DE"))
    assert client.get(project.url("logo")).status_code == 404
