"""The materials page as cards: type, size, uploader and date on each file, image
thumbnails only through the checked download view, and deleting on a confirmation page
with a danger button."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from plugins.twinspace.materials import services
from plugins.twinspace.models import Role
from tests.factories.twinspace import add_member, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return make_project()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (6, 6), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(space, actor, name, content, **kwargs):
    return services.upload_material(
        actor=actor, space=space, uploaded_file=SimpleUploadedFile(name, content), **kwargs
    )


def test_a_file_card_shows_its_type_size_uploader_and_date(client, project):
    upload(project, project.founder, "notes.pdf", b"%PDF-1.4 notes", title="Lesson plan")
    client.force_login(project.founder)
    html = client.get(project.url("materials")).content.decode()
    assert "material-card" in html and "Lesson plan" in html
    assert "PDF file" in html and "14" in html  # the size, in bytes
    assert f"By {project.founder.display_name()}" in html
    assert "<time datetime=" in html


def test_an_image_thumbnail_comes_from_the_checked_download_view(client, project):
    image = upload(project, project.founder, "cat.png", png_bytes(), title="Our cat")
    pupil = add_member(project, role=Role.PUPIL).user
    client.force_login(pupil)
    html = client.get(project.url("materials")).content.decode()
    download = project.url("material-download", image.pk)
    assert f'<img class="material-thumb" src="{download}" alt=""' in html
    assert "/media/" not in html
    assert client.get(download).status_code == 200
    client.logout()
    assert client.get(download).status_code != 200  # the same view still checks


def test_an_empty_folder_offers_the_upload_to_those_who_may(client, project):
    client.force_login(project.founder)
    html = client.get(project.url("materials")).content.decode()
    assert "empty-state" in html and "upload the first one" in html


def test_deleting_a_file_is_confirmed_with_a_danger_button(client, project):
    material = upload(project, project.founder, "notes.pdf", b"%PDF-1.4 notes")
    client.force_login(project.founder)
    html = client.get(project.url("material-delete", material.pk)).content.decode()
    assert 'class="btn btn-danger">Delete</button>' in html
