"""Materials services: folders, uploads with type and size limits, private storage, deletion."""

from __future__ import annotations

import io
import os
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.models import AuditEntry
from core.storage import private_storage
from plugins.twinspace.materials import services
from plugins.twinspace.models import Folder, Material, Role, Space
from tests.factories.twinspace import add_member, make_project

pytestmark = pytest.mark.django_db

ARCHIVED_MESSAGE = "This space is archived: it can be read but not changed."
ROLE_MESSAGE = "Your role in this space does not allow this."
MB = 1024 * 1024


@pytest.fixture
def project():
    return make_project()


def member(space, role):
    return add_member(space, role=role).user


def png_bytes(width: int = 8, height: int = 8, *, noise: bool = False) -> bytes:
    """A real PNG; with ``noise`` it does not compress, so its size follows its pixels."""
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), "teal")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def upload(space, actor, name="notes.pdf", content=b"%PDF-1.4 notes", **kwargs):
    return services.upload_material(
        actor=actor, space=space, uploaded_file=SimpleUploadedFile(name, content), **kwargs
    )


# --- uploading ---------------------------------------------------------------------


def test_a_real_image_is_stored_as_an_image(project):
    material = upload(project, project.founder, name="river.PNG", content=png_bytes())
    assert material.kind == Material.Kind.IMAGE
    assert material.content_type == "image/png"
    assert material.original_name == "river.PNG"
    assert material.title == "river.PNG"
    assert material.size == len(png_bytes())
    assert private_storage().exists(material.file.name)


def test_other_files_are_stored_with_the_type_of_their_extension(project):
    material = upload(project, member(project, Role.OBSERVER), title="Our notes")
    assert (material.kind, material.content_type) == (Material.Kind.FILE, "application/pdf")
    assert material.title == "Our notes"


def test_stored_file_name_cannot_be_guessed_from_the_original_name(project):
    first = upload(project, project.founder, name="secret-plan.pdf")
    second = upload(project, project.founder, name="secret-plan.pdf")
    for material in (first, second):
        assert "secret-plan" not in material.file.name
        assert material.file.name.startswith(f"twinspace/{project.pk}/materials/")
        assert material.file.name.endswith(".pdf")
    assert first.file.name != second.file.name


def test_original_name_loses_its_path_and_control_characters(project):
    material = upload(project, project.founder, name="..\\..\\windows\\evil\x07/re\x00port.pdf")
    assert material.original_name == "report.pdf"


def test_fake_image_with_png_extension_is_refused(project):
    with pytest.raises(ValidationError, match="This file is not a valid image"):
        upload(project, project.founder, name="photo.png", content=b"MZ\x90\x00 not an image")
    assert not Material.objects.exists()


def test_image_whose_content_is_another_format_than_allowed_is_refused(project):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="BMP")
    with pytest.raises(ValidationError, match="This file is not a valid image"):
        upload(project, project.founder, name="photo.jpg", content=buffer.getvalue())


@pytest.mark.parametrize(
    "name", ["setup.exe", "page.html", "page.HTM", "drawing.svg", "script.js", "noextension"]
)
def test_executables_web_pages_svg_and_scripts_are_refused(project, name):
    with pytest.raises(ValidationError, match="cannot be uploaded") as raised:
        upload(project, project.founder, name=name, content=b"<script>alert(1)</script>")
    assert "Allowed types: csv, doc" in raised.value.messages[0]
    assert not Material.objects.exists()
    assert not any(files for _root, _dirs, files in os.walk(private_storage().location))


def test_empty_files_are_refused(project):
    with pytest.raises(ValidationError, match=re.escape("The file is empty.")):
        upload(project, project.founder, content=b"")


def test_images_and_files_have_their_own_size_limits(project, settings):
    settings.OPENTWIN_MAX_IMAGE_MB = 1
    settings.OPENTWIN_MAX_FILE_MB = 2
    big_image = png_bytes(700, 700, noise=True)  # about 1.4 MB
    assert MB < len(big_image) < 2 * MB
    with pytest.raises(ValidationError, match=r"Images may be at most 1 MB; this one is 1\.\d MB"):
        upload(project, project.founder, name="big.png", content=big_image)
    # The same number of bytes is fine for a file, whose limit is higher…
    upload(project, project.founder, name="big.zip", content=big_image)
    # …but not above that limit.
    with pytest.raises(ValidationError, match=r"Files may be at most 2 MB; this one is 2\.1 MB"):
        upload(project, project.founder, name="huge.zip", content=b"0" * int(2.1 * MB))
    assert list(Material.objects.values_list("original_name", flat=True)) == ["big.zip"]


def png_of_size(size: int) -> bytes:
    """A valid PNG of exactly ``size`` bytes (padding after its end marker)."""
    image = png_bytes()
    return image + b"\0" * (size - len(image))


@pytest.fixture
def one_mb_limits(settings):
    settings.OPENTWIN_MAX_IMAGE_MB = 1
    settings.OPENTWIN_MAX_FILE_MB = 1


def test_a_file_of_exactly_the_limit_is_accepted_one_byte_more_is_refused(project, one_mb_limits):
    material = upload(project, project.founder, name="limit.zip", content=b"0" * MB)
    assert (material.kind, material.size) == (Material.Kind.FILE, MB)
    with pytest.raises(ValidationError) as error:
        upload(project, project.founder, name="over.zip", content=b"0" * (MB + 1))
    assert error.value.messages == [
        "Files may be at most 1 MB (1,048,576 bytes); this one is 1,048,577 bytes."
    ]
    assert Material.objects.count() == 1


def test_an_image_of_exactly_the_limit_is_accepted_one_byte_more_is_refused(project, one_mb_limits):
    material = upload(project, project.founder, name="limit.png", content=png_of_size(MB))
    assert (material.kind, material.size) == (Material.Kind.IMAGE, MB)
    with pytest.raises(ValidationError) as error:
        upload(project, project.founder, name="over.png", content=png_of_size(MB + 1))
    assert error.value.messages == [
        "Images may be at most 1 MB (1,048,576 bytes); this one is 1,048,577 bytes."
    ]
    assert Material.objects.count() == 1


def test_default_limits_are_20_mb_per_file_and_5_mb_per_image():
    assert services.max_file_bytes() == 20 * MB
    assert services.max_image_bytes() == 5 * MB


@pytest.mark.parametrize("role", [Role.PUPIL], ids=str)
def test_pupils_cannot_upload(project, role):
    with pytest.raises(PermissionDenied, match=ROLE_MESSAGE):
        upload(project, member(project, role))


@pytest.mark.parametrize(
    "role",
    [Role.TEACHER_ADMIN, Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN],
    ids=str,
)
def test_every_other_role_uploads(project, role):
    assert upload(project, member(project, role)).pk


def test_archived_space_refuses_uploads(project):
    Space.objects.filter(pk=project.pk).update(state=Space.State.ARCHIVED)
    project.refresh_from_db()
    with pytest.raises(PermissionDenied, match=ARCHIVED_MESSAGE):
        upload(project, project.founder)


def test_folder_must_belong_to_the_space(project):
    other = make_project()
    folder = services.create_folder(actor=other.founder, space=other, name="Theirs")
    with pytest.raises(
        ValidationError, match=re.escape("The folder must be a folder of this space.")
    ):
        upload(project, project.founder, folder=folder)


def test_private_storage_refuses_to_give_a_url(project):
    material = upload(project, project.founder)
    with pytest.raises(ValueError, match="Private files have no public URL"):
        material.file.url  # noqa: B018 - the property is what is tested


# --- folders -----------------------------------------------------------------------


def test_folders_nest_and_names_are_unique_among_siblings(project):
    top = services.create_folder(actor=project.founder, space=project, name="Photos")
    inner = services.create_folder(actor=project.founder, space=project, name="2026", parent=top)
    assert inner.parent == top
    with pytest.raises(
        ValidationError, match=re.escape("A folder with this name already exists here.")
    ):
        services.create_folder(actor=project.founder, space=project, name="photos")
    with pytest.raises(ValidationError, match=re.escape("Please give the folder a name.")):
        services.create_folder(actor=project.founder, space=project, name="  ")


def test_pupils_cannot_create_folders(project):
    with pytest.raises(PermissionDenied):
        services.create_folder(actor=member(project, Role.PUPIL), space=project, name="Mine")


def test_only_empty_folders_are_deleted(project):
    folder = services.create_folder(actor=project.founder, space=project, name="Full")
    upload(project, project.founder, folder=folder)
    with pytest.raises(
        ValidationError, match=re.escape("Only empty folders can be deleted.")
    ) as raised:
        services.delete_folder(actor=project.founder, folder=folder)
    assert "holds 1 file(s) and 0 folder(s)" in raised.value.messages[0]
    assert Folder.objects.filter(pk=folder.pk).exists()


def test_teacher_admins_and_moderators_delete_folders_and_it_is_audited(project):
    first = services.create_folder(actor=project.founder, space=project, name="One")
    second = services.create_folder(actor=project.founder, space=project, name="Two")
    services.delete_folder(actor=project.founder, folder=first)
    services.delete_folder(actor=member(project, Role.EXPERT), folder=second)
    assert not Folder.objects.exists()
    assert AuditEntry.objects.filter(action="twinspace.folder_deleted").count() == 2


@pytest.mark.parametrize("role", [Role.TEACHER, Role.OBSERVER, Role.PUPIL_ADMIN], ids=str)
def test_other_roles_cannot_delete_folders(project, role):
    actor = member(project, role)
    folder = services.create_folder(actor=project.founder, space=project, name="Kept")
    with pytest.raises(PermissionDenied, match=ROLE_MESSAGE):
        services.delete_folder(actor=actor, folder=folder)


# --- deleting materials ------------------------------------------------------------


def test_uploader_deletes_material_and_the_file_goes_after_commit(
    project, django_capture_on_commit_callbacks
):
    teacher = member(project, Role.TEACHER)
    material = upload(project, teacher)
    name = material.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delete_material(actor=teacher, material=material)
        # Still there until the transaction commits.
        assert private_storage().exists(name)
    for callback in callbacks:
        callback()
    assert not private_storage().exists(name)
    assert not Material.objects.exists()
    entry = AuditEntry.objects.get(action="twinspace.material_deleted")
    assert entry.data["file_name"] == "notes.pdf"


def test_moderator_deletes_someone_elses_material(project, django_capture_on_commit_callbacks):
    material = upload(project, member(project, Role.TEACHER))
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_material(actor=member(project, Role.EXPERT), material=material)
    assert not Material.objects.exists()


def test_other_members_cannot_delete_someone_elses_material(project):
    material = upload(project, member(project, Role.TEACHER))
    with pytest.raises(PermissionDenied, match="Only the person who uploaded a file"):
        services.delete_material(actor=member(project, Role.TEACHER), material=material)
    with pytest.raises(PermissionDenied, match=ROLE_MESSAGE):
        services.delete_material(actor=member(project, Role.PUPIL), material=material)
    assert Material.objects.filter(pk=material.pk).exists()


def test_archived_space_refuses_deleting_materials(project):
    material = upload(project, project.founder)
    Space.objects.filter(pk=project.pk).update(state=Space.State.ARCHIVED)
    material = Material.objects.get(pk=material.pk)
    with pytest.raises(PermissionDenied, match=ARCHIVED_MESSAGE):
        services.delete_material(actor=project.founder, material=material)
