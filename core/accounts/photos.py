"""Profile photos: checked with Pillow, then re-encoded small and without any metadata.

Only JPEG, PNG and WebP are taken, at most ``MAX_PHOTO_BYTES``. The picture is turned
upright (its EXIF orientation), shrunk to at most ``MAX_PHOTO_SIDE`` pixels a side and
saved anew, so nothing of the original file (EXIF, GPS position, camera, comments) is
kept, and a file that only pretends to be an image never reaches anyone.
"""

from __future__ import annotations

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_PHOTO_BYTES = 2 * 1024 * 1024
MAX_PHOTO_SIDE = 512
# A small file may still unpack into a huge picture: refuse beyond this many pixels.
MAX_PHOTO_PIXELS = 40_000_000
# Pillow's format name -> (extension, content type) of the stored copy.
PHOTO_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(PHOTO_FORMATS.values())


def wrong_type_message() -> str:
    return _("The photo must be a JPEG, PNG or WebP image.")


def prepare_photo(upload: UploadedFile) -> ContentFile:
    """The photo to store: a fresh JPEG, PNG or WebP file with a random name, or
    ``ValidationError`` with what to do."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The photo file is empty. Please choose another file."))
    if size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is too large: it may be at most %(max)d MB. Please choose a smaller one.")
            % {"max": MAX_PHOTO_BYTES // (1024 * 1024)}
        )
    not_an_image = ValidationError(
        _("This file is not an image. Please choose a JPEG, PNG or WebP photo.")
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
        if image_format not in PHOTO_FORMATS:
            raise ValidationError(wrong_type_message())
        if width * height > MAX_PHOTO_PIXELS:
            raise not_an_image
        # verify() leaves the image unusable: open it again to decode it.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            picture = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    finally:
        upload.seek(0)
    picture.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    if image_format == "JPEG":
        picture = picture.convert("RGB") if picture.mode not in ("RGB", "L") else picture
    elif picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA")
    # A new image without the original's info: no EXIF, no XMP, no ICC, no text chunks.
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    buffer = io.BytesIO()
    options = {"quality": 85} if image_format in ("JPEG", "WEBP") else {"optimize": True}
    clean.save(buffer, format=image_format, **options)
    extension = PHOTO_FORMATS[image_format][0]
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(8)}.{extension}")


def content_type_of(name: str) -> str:
    """The content type of a stored photo, from the extension ``prepare_photo`` gave it."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def may_see_photo(viewer, person) -> bool:
    """Whether ``viewer`` may see ``person``'s profile photo (without a query, so that
    every avatar of a list can ask).

    Oneself; staff (every account they may look after); logged-in validated teachers,
    for the people the directory shows them (validated, active, listed teachers) and
    for the staff who answer them (support, validation). Pupils never have a photo,
    and see none: they stay in their projects' pages. Everyone else sees initials.
    """
    from core.models import User

    if not getattr(viewer, "is_authenticated", False) or not person.avatar_url:
        return False
    if viewer.pk == person.pk:
        return True
    if viewer.is_pupil or not viewer.is_active:
        return False
    if viewer.is_superuser or viewer.is_staff or viewer.kind == User.Kind.STAFF:
        return True
    if not viewer.is_validated_teacher:
        return False
    if person.kind == User.Kind.STAFF:
        return person.is_active
    return (
        person.kind == User.Kind.TEACHER
        and person.state == User.State.VALIDATED
        and person.is_active
        and person.listed_in_search
    )
