"""Materials of a space (DOMAIN.md §4): files and images in folders, with type and size limits.

Files live on the private storage and reach people only through the download view,
which checks that they may read the space. Every function takes the acting user as
``actor`` and asks the space's policy again.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core import audit
from core.models import User
from plugins.twinspace.models import Folder, Material, Space
from plugins.twinspace.policy import Action, SpaceAccess, access_for

# Audit actions written by this module's services: one name per change.
FOLDER_CREATED = "twinspace.folder_created"
FOLDER_DELETED = "twinspace.folder_deleted"
MATERIAL_DELETED = "twinspace.material_deleted"
MATERIAL_UPLOADED = "twinspace.material_uploaded"

# Images are opened with Pillow before they are accepted: the name alone proves nothing.
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp"})
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
# Everything else must be one of these. No executables, web pages, SVG or scripts: a
# browser could run them.
FILE_EXTENSIONS = frozenset(
    {
        "pdf", "doc", "docx", "odt", "ods", "odp", "xls", "xlsx", "ppt", "pptx",
        "txt", "csv", "rtf", "mp3", "mp4", "zip",
    }
)  # fmt: skip
# The type each accepted file is served with, whatever the uploader's browser claimed.
FILE_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "txt": "text/plain",
    "csv": "text/csv",
    "rtf": "application/rtf",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
    "zip": "application/zip",
}
MAX_TITLE_LENGTH = 200
MAX_FOLDER_NAME_LENGTH = 120
MAX_ORIGINAL_NAME_LENGTH = 200
MEGABYTE = 1024 * 1024

_UNSAFE_NAME_CHARACTERS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def max_image_bytes() -> int:
    """The largest image accepted, from ``settings.OPENTWIN_MAX_IMAGE_MB``."""
    return int(float(getattr(settings, "OPENTWIN_MAX_IMAGE_MB", 5)) * MEGABYTE)


def max_file_bytes() -> int:
    """The largest other file accepted, from ``settings.OPENTWIN_MAX_FILE_MB``."""
    return int(float(getattr(settings, "OPENTWIN_MAX_FILE_MB", 20)) * MEGABYTE)


def allowed_extensions() -> list[str]:
    """Every extension an upload may have, sorted (for help texts and messages)."""
    return sorted(IMAGE_EXTENSIONS | FILE_EXTENSIONS)


def safe_original_name(name: str) -> str:
    """The uploaded file's own name without folders, control or reserved characters."""
    name = unicodedata.normalize("NFC", name or "")
    # Browsers on Windows may send a whole path; only its last part is the name.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME_CHARACTERS.sub("", name).strip().strip(".").strip()
    if len(name) > MAX_ORIGINAL_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 10:
            name = f"{stem[: MAX_ORIGINAL_NAME_LENGTH - len(extension) - 1]}.{extension}"
        else:
            name = name[:MAX_ORIGINAL_NAME_LENGTH]
    return name or "file"


def extension_of(name: str) -> str:
    _stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot else ""


def _size_in_mb(size: int) -> str:
    return f"{size / MEGABYTE:.1f}".rstrip("0").rstrip(".")


def _too_large(kind: str, size: int, limit: int) -> ValidationError:
    """The refusal of an upload above ``limit`` bytes, saying by how much.

    Just over the limit, both sizes round to the same megabytes ("at most 1 MB; this one
    is 1 MB"), so the message then gives them in bytes.
    """
    numbers = {"max": _size_in_mb(limit), "size": _size_in_mb(size)}
    if numbers["max"] != numbers["size"]:
        if kind == Material.Kind.IMAGE:
            return ValidationError(
                _("Images may be at most %(max)s MB; this one is %(size)s MB.") % numbers
            )
        return ValidationError(
            _("Files may be at most %(max)s MB; this one is %(size)s MB.") % numbers
        )
    numbers.update(
        max_bytes=number_format(limit, force_grouping=True),
        size_bytes=number_format(size, force_grouping=True),
    )
    if kind == Material.Kind.IMAGE:
        return ValidationError(
            _(
                "Images may be at most %(max)s MB (%(max_bytes)s bytes); "
                "this one is %(size_bytes)s bytes."
            )
            % numbers
        )
    return ValidationError(
        _(
            "Files may be at most %(max)s MB (%(max_bytes)s bytes); "
            "this one is %(size_bytes)s bytes."
        )
        % numbers
    )


def _image_content_type(uploaded_file: UploadedFile) -> str:
    """Open the image with Pillow; return its type, or refuse a file that is not one."""
    not_an_image = ValidationError(
        _(
            "This file is not a valid image, although its name says so. Please upload a "
            "JPEG, PNG, GIF or WebP image."
        )
    )
    try:
        uploaded_file.seek(0)
        with Image.open(uploaded_file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    finally:
        uploaded_file.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise not_an_image
    return IMAGE_FORMATS[image_format]


def check_upload(uploaded_file: UploadedFile) -> tuple[str, str, str]:
    """Check type and size of an upload; return (safe original name, kind, content type)."""
    if uploaded_file is None:
        raise ValidationError(_("Please choose a file to upload."))
    original_name = safe_original_name(uploaded_file.name)
    extension = extension_of(original_name)
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."))
    if extension in IMAGE_EXTENSIONS:
        if size > max_image_bytes():
            raise _too_large(Material.Kind.IMAGE, size, max_image_bytes())
        return original_name, Material.Kind.IMAGE, _image_content_type(uploaded_file)
    if extension not in FILE_EXTENSIONS:
        raise ValidationError(
            _(
                "Files of this type (%(extension)s) cannot be uploaded: programs, web pages, "
                "SVG images and scripts could harm the people who open them. Allowed types: "
                "%(allowed)s."
            )
            % {
                "extension": f".{extension}" if extension else _("no extension"),
                "allowed": ", ".join(allowed_extensions()),
            }
        )
    if size > max_file_bytes():
        raise _too_large(Material.Kind.FILE, size, max_file_bytes())
    content_type = FILE_CONTENT_TYPES.get(extension) or (
        mimetypes.types_map.get(f".{extension}", "application/octet-stream")
    )
    return original_name, Material.Kind.FILE, content_type


def stored_name_for(original_name: str) -> str:
    """A file name nobody can guess from the original one: random, keeping the extension."""
    extension = extension_of(original_name)
    return f"{uuid.uuid4().hex}.{extension}" if extension else uuid.uuid4().hex


def _clean_text(value: str, *, limit: int, empty_message: str, long_message: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ValidationError(empty_message)
    if len(value) > limit:
        raise ValidationError(long_message % {"max": limit})
    return value


def _check_folder(space: Space, folder: Folder | None) -> None:
    if folder is not None and folder.space_id != space.pk:
        raise ValidationError(_("The folder must be a folder of this space."))


# --- state changes -----------------------------------------------------------------


def create_folder(*, actor: User, space: Space, name: str, parent: Folder | None = None) -> Folder:
    """Create a folder (in ``parent``, or at the top of the materials)."""
    access_for(actor, space).require(Action.UPLOAD_MATERIAL)
    name = _clean_text(
        name,
        limit=MAX_FOLDER_NAME_LENGTH,
        empty_message=_("Please give the folder a name."),
        long_message=_("The name may have at most %(max)d characters."),
    )
    _check_folder(space, parent)
    with transaction.atomic():
        if Folder.objects.filter(space=space, parent=parent, name__iexact=name).exists():
            raise ValidationError(_("A folder with this name already exists here."))
        folder = Folder.objects.create(space=space, parent=parent, name=name, created_by=actor)
        audit.record(FOLDER_CREATED, actor=actor, target=folder, space_id=space.pk)
    return folder


def delete_folder(*, actor: User, folder: Folder) -> None:
    """Delete an empty folder (teacher administrators and moderators)."""
    access_for(actor, folder.space).require(Action.MODERATE)
    with transaction.atomic():
        materials = Material.objects.filter(folder=folder).count()
        folders = Folder.objects.filter(parent=folder).count()
        if materials or folders:
            raise ValidationError(
                _(
                    "Only empty folders can be deleted. This folder holds %(materials)d "
                    "file(s) and %(folders)d folder(s): delete them first."
                )
                % {"materials": materials, "folders": folders}
            )
        audit.record(
            FOLDER_DELETED,
            actor=actor,
            target=folder,
            name=folder.name,
            space_id=folder.space_id,
        )
        folder.delete()


def upload_material(
    *,
    actor: User,
    space: Space,
    uploaded_file: UploadedFile,
    title: str = "",
    folder: Folder | None = None,
) -> Material:
    """Store an uploaded file or image after checking its type and size."""
    access_for(actor, space).require(Action.UPLOAD_MATERIAL)
    _check_folder(space, folder)
    original_name, kind, content_type = check_upload(uploaded_file)
    title = (title or "").replace("\x00", "").strip() or original_name
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            _("The title may have at most %(max)d characters.") % {"max": MAX_TITLE_LENGTH}
        )
    material = Material(
        space=space,
        folder=folder,
        kind=kind,
        title=title,
        original_name=original_name,
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=actor,
        created_at=timezone.now(),
    )
    uploaded_file.seek(0)
    # Saves the file on the private storage under a random name, then the row.
    material.file.save(stored_name_for(original_name), uploaded_file, save=False)
    try:
        with transaction.atomic():
            material.save()
            audit.record(
                MATERIAL_UPLOADED,
                actor=actor,
                target=material,
                space_id=space.pk,
                size=material.size,
            )
    except Exception:
        material.file.storage.delete(material.file.name)
        raise
    return material


def require_may_delete(access: SpaceAccess, material: Material) -> None:
    """Raise ``PermissionDenied`` saying why, unless the person may delete ``material``."""
    if access.can_change(Action.UPLOAD_MATERIAL, material.uploaded_by_id):
        return
    # Archived space, guest, role without uploads: the policy says why.
    access.require(Action.UPLOAD_MATERIAL)
    raise PermissionDenied(_("Only the person who uploaded a file or a moderator may delete it."))


def delete_material(*, actor: User, material: Material) -> None:
    """Delete a material (its uploader or a moderator); the file goes once the row is gone."""
    require_may_delete(access_for(actor, material.space), material)
    storage, name = material.file.storage, material.file.name
    with transaction.atomic():
        audit.record(
            MATERIAL_DELETED,
            actor=actor,
            target=material,
            title=material.title,
            file_name=material.original_name,
            space_id=material.space_id,
        )
        material.delete()
        # If the transaction rolls back, the file must still be there.
        transaction.on_commit(lambda: storage.delete(name))
