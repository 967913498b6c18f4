"""Materials through the real views: folders, uploads, and the checked download."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from plugins.twinspace.materials import services
from plugins.twinspace.models import Folder, GuestAccess, Material, Role, Space
from tests.factories import TeacherFactory
from tests.factories.twinspace import add_member, make_group, make_project

pytestmark = pytest.mark.django_db

ARCHIVED_MESSAGE = "This space is archived: it can be read but not changed."


@pytest.fixture
def project():
    return make_project()


def member(space, role):
    return add_member(space, role=role).user


def as_user(client, user):
    client.force_login(user)
    return client


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (6, 6), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(space, actor, name="notes.pdf", content=b"%PDF-1.4 notes", **kwargs):
    return services.upload_material(
        actor=actor, space=space, uploaded_file=SimpleUploadedFile(name, content), **kwargs
    )


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


# --- listing -----------------------------------------------------------------------


def test_materials_page_lists_folders_and_files(client, project):
    folder = services.create_folder(actor=project.founder, space=project, name="Photos")
    upload(project, project.founder, title="Lesson plan")
    upload(project, project.founder, title="Inside", folder=folder)
    html = as_user(client, member(project, Role.PUPIL)).get(project.url("materials"))
    html = html.content.decode()
    assert "Photos" in html
    assert "Lesson plan" in html
    assert "Inside" not in html  # it is in the folder
    assert "Upload a file" not in html  # pupils do not upload
    html = client.get(project.url("folder", folder.pk)).content.decode()
    assert "Inside" in html
    assert "Lesson plan" not in html


def test_folder_of_another_space_is_404(client, project):
    other = make_project()
    folder = services.create_folder(actor=other.founder, space=other, name="Theirs")
    response = as_user(client, project.founder).get(project.url("folder", folder.pk))
    assert response.status_code == 404


def test_visitor_and_non_member_cannot_list_materials(client, project):
    response = client.get(project.url("materials"))
    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert as_user(client, TeacherFactory()).get(project.url("materials")).status_code == 403


# --- uploading ---------------------------------------------------------------------


def test_observer_uploads_into_a_folder(client, project):
    folder = services.create_folder(actor=project.founder, space=project, name="Docs")
    observer = member(project, Role.OBSERVER)
    response = as_user(client, observer).post(
        f"{project.url('material-upload')}?folder={folder.pk}",
        {"title": "Minutes", "file": SimpleUploadedFile("minutes.odt", b"odt bytes")},
    )
    assert response.status_code == 302
    assert response["Location"] == project.url("folder", folder.pk)
    material = Material.objects.get()
    assert (material.folder, material.uploaded_by, material.title) == (folder, observer, "Minutes")


def test_refused_upload_says_why_and_keeps_the_title(client, project):
    response = as_user(client, project.founder).post(
        project.url("material-upload"),
        {"title": "My typed title", "file": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Files of this type (.exe) cannot be uploaded" in html
    assert "My typed title" in html
    assert not Material.objects.exists()


@pytest.mark.parametrize(
    ("name", "make_content", "kind"),
    [
        ("limit.zip", lambda size: b"0" * size, "Files"),
        ("limit.png", lambda size: png_bytes() + b"\0" * (size - len(png_bytes())), "Images"),
    ],
    ids=["file", "image"],
)
def test_upload_of_exactly_the_limit_is_accepted_one_byte_more_is_refused(
    client, project, settings, name, make_content, kind
):
    settings.OPENTWIN_MAX_IMAGE_MB = 1
    settings.OPENTWIN_MAX_FILE_MB = 1
    megabyte = 1024 * 1024
    as_user(client, project.founder)
    url = project.url("material-upload")
    over = client.post(
        url, {"title": "Too big", "file": SimpleUploadedFile(name, make_content(megabyte + 1))}
    )
    assert over.status_code == 200
    assert (
        f"{kind} may be at most 1 MB (1,048,576 bytes); this one is 1,048,577 bytes."
        in over.content.decode()
    )
    assert not Material.objects.exists()
    exact = client.post(
        url, {"title": "Just fits", "file": SimpleUploadedFile(name, make_content(megabyte))}
    )
    assert exact.status_code == 302
    assert Material.objects.get().size == megabyte


def test_fake_png_is_refused_in_the_form(client, project):
    response = as_user(client, project.founder).post(
        project.url("material-upload"),
        {"title": "", "file": SimpleUploadedFile("cat.png", b"<html>not a cat</html>")},
    )
    assert "This file is not a valid image, although its name says so." in response.content.decode()


def test_pupil_cannot_upload(client, project):
    response = as_user(client, member(project, Role.PUPIL)).post(
        project.url("material-upload"), {"file": SimpleUploadedFile("a.pdf", b"pdf")}
    )
    assert response.status_code == 403
    assert not Material.objects.exists()


def test_archived_space_refuses_uploads_with_the_archived_message(client, project):
    Space.objects.filter(pk=project.pk).update(state=Space.State.ARCHIVED)
    as_user(client, project.founder)
    response = client.post(
        project.url("material-upload"), {"file": SimpleUploadedFile("a.pdf", b"pdf")}
    )
    assert response.status_code == 403
    assert ARCHIVED_MESSAGE in response.content.decode()
    assert not Material.objects.exists()
    assert "Upload a file" not in client.get(project.url("materials")).content.decode()


# --- downloading -------------------------------------------------------------------


def test_member_downloads_a_file_as_an_attachment(client, project):
    material = upload(project, project.founder, name="Plan de l'été «final».pdf")
    response = as_user(client, member(project, Role.PUPIL)).get(
        project.url("material-download", material.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=utf-8''Plan%20de%20l%27%C3%A9t%C3%A9%20%C2%ABfinal%C2%BB.pdf" in disposition
    assert body_of(response) == b"%PDF-1.4 notes"


def test_quotes_and_line_breaks_cannot_break_the_disposition_header(client, project):
    material = upload(project, project.founder, name='say "hi"\r\nX-Evil: 1.txt', content=b"hi")
    response = as_user(client, project.founder).get(project.url("material-download", material.pk))
    assert response["Content-Disposition"] == 'attachment; filename="say hiX-Evil 1.txt"'
    assert "X-Evil" not in response.headers
    assert response["Content-Type"] == "text/plain"


def test_images_are_shown_inline_with_their_verified_type(client, project):
    material = upload(project, project.founder, name="photo.png", content=png_bytes())
    response = as_user(client, project.founder).get(project.url("material-download", material.pk))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="photo.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body_of(response) == png_bytes()


def test_a_private_file_keeps_its_sandbox_policy_under_the_site_policy(client, project):
    material = upload(project, project.founder, name="photo.png", content=png_bytes())
    response = as_user(client, project.founder).get(project.url("material-download", material.pk))
    # The site's own policy (default-src 'self'…) must not replace the stricter one.
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_visitor_is_asked_to_log_in_before_a_download(client, project):
    material = upload(project, project.founder)
    response = client.get(project.url("material-download", material.pk))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_non_member_cannot_download(client, project):
    material = upload(project, project.founder)
    response = as_user(client, TeacherFactory()).get(project.url("material-download", material.pk))
    assert response.status_code == 403
    assert not hasattr(response, "streaming_content")


def test_material_of_another_space_is_404_even_for_its_members(client, project):
    other = make_project()
    material = upload(other, other.founder)
    response = as_user(client, other.founder).get(project.url("material-download", material.pk))
    assert response.status_code in (403, 404)
    add_member(project, user=other.founder)
    response = client.get(project.url("material-download", material.pk))
    assert response.status_code == 404


def test_guest_can_download(client, project):
    material = upload(project, project.founder)
    guest = TeacherFactory()
    GuestAccess.objects.create(
        space=project, user=guest, expires_at=timezone.now() + timedelta(days=3)
    )
    response = as_user(client, guest).get(project.url("material-download", material.pk))
    assert response.status_code == 200
    assert body_of(response) == b"%PDF-1.4 notes"


def test_expired_guest_cannot_download(client, project):
    material = upload(project, project.founder)
    guest = TeacherFactory()
    GuestAccess.objects.create(
        space=project, user=guest, expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = as_user(client, guest).get(project.url("material-download", material.pk))
    assert response.status_code == 403


def test_archived_space_materials_stay_downloadable(client, project):
    material = upload(project, project.founder)
    Space.objects.filter(pk=project.pk).update(state=Space.State.ARCHIVED)
    response = as_user(client, member(project, Role.PUPIL)).get(
        project.url("material-download", material.pk)
    )
    assert response.status_code == 200


def test_group_materials_work_too(client):
    group = make_group()
    material = upload(group, group.created_by)
    response = as_user(client, group.created_by).get(group.url("material-download", material.pk))
    assert response.status_code == 200


# --- folders -----------------------------------------------------------------------


def test_member_creates_a_subfolder(client, project):
    parent = services.create_folder(actor=project.founder, space=project, name="Top")
    response = as_user(client, member(project, Role.TEACHER)).post(
        f"{project.url('folder-new')}?parent={parent.pk}", {"name": "Inner"}
    )
    inner = Folder.objects.get(name="Inner")
    assert response["Location"] == project.url("folder", inner.pk)
    assert inner.parent == parent


def test_duplicate_folder_name_is_explained(client, project):
    services.create_folder(actor=project.founder, space=project, name="Docs")
    response = as_user(client, project.founder).post(project.url("folder-new"), {"name": "docs"})
    assert "A folder with this name already exists here." in response.content.decode()


def test_folder_delete_explains_that_only_empty_folders_go(client, project):
    folder = services.create_folder(actor=project.founder, space=project, name="Full")
    upload(project, project.founder, folder=folder)
    as_user(client, project.founder)
    html = client.get(project.url("folder-delete", folder.pk)).content.decode()
    assert "Only empty folders can be deleted." in html
    response = client.post(project.url("folder-delete", folder.pk), follow=True)
    assert "Only empty folders can be deleted." in response.content.decode()
    assert Folder.objects.filter(pk=folder.pk).exists()


def test_teacher_admin_deletes_an_empty_folder(client, project):
    parent = services.create_folder(actor=project.founder, space=project, name="Top")
    folder = services.create_folder(
        actor=project.founder, space=project, name="Empty", parent=parent
    )
    response = as_user(client, project.founder).post(project.url("folder-delete", folder.pk))
    assert response["Location"] == project.url("folder", parent.pk)
    assert not Folder.objects.filter(pk=folder.pk).exists()


def test_teacher_cannot_delete_a_folder(client, project):
    folder = services.create_folder(actor=project.founder, space=project, name="Empty")
    response = as_user(client, member(project, Role.TEACHER)).post(
        project.url("folder-delete", folder.pk)
    )
    assert response.status_code == 403
    assert Folder.objects.filter(pk=folder.pk).exists()


# --- deleting materials ------------------------------------------------------------


def test_uploader_deletes_own_material(client, project, django_capture_on_commit_callbacks):
    teacher = member(project, Role.TEACHER)
    material = upload(project, teacher)
    as_user(client, teacher)
    assert "Delete" in client.get(project.url("materials")).content.decode()
    assert client.get(project.url("material-delete", material.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(project.url("material-delete", material.pk))
    assert response["Location"] == project.url("materials")
    assert not Material.objects.exists()


def test_other_teacher_cannot_delete_a_material(client, project):
    material = upload(project, member(project, Role.TEACHER))
    response = as_user(client, member(project, Role.TEACHER)).post(
        project.url("material-delete", material.pk)
    )
    assert response.status_code == 403
    assert "Only the person who uploaded a file or a moderator may delete it." in (
        response.content.decode()
    )
    assert Material.objects.filter(pk=material.pk).exists()
