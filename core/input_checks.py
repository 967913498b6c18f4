"""Checks of what people type or upload, shared by every service.

Each returns the cleaned value or raises ``ValidationError`` keyed by the form field,
with the message the person sees; on failure the service changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.sanitiser import clean_rich_text

MEGABYTE = 1024 * 1024
MAX_RICH_TEXT_LENGTH = 20_000
MAX_LINK_LENGTH = 500


def _too_long(field: str, limit: int) -> ValidationError:
    message = _("Please keep this under %(max)d characters.") % {"max": limit}
    return ValidationError({field: message})


def text(value, *, field: str, limit: int, required: str | None) -> str:
    """Plain text without NUL characters or surrounding space; ``required`` is the message
    when it is empty (``None``: it may be)."""
    value = (value or "").replace("\x00", "").strip()
    if not value and required:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise _too_long(field, limit)
    return value


def rich_text(value, *, field: str, required: str | None, limit: int = MAX_RICH_TEXT_LENGTH) -> str:
    """Formatted text through the sanitiser; empty when it holds no words (an error if
    ``required`` is a message)."""
    cleaned = clean_rich_text(value)
    if not strip_tags(cleaned).replace("&nbsp;", "").strip():
        if required:
            raise ValidationError({field: required})
        return ""
    if len(cleaned) > limit:
        raise _too_long(field, limit)
    return cleaned


def whole_number(value, *, field: str, low: int, high: int, message: str) -> int:
    """An integer between ``low`` and ``high``; ``message`` may use %(min)d and %(max)d."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError({field: message % {"min": low, "max": high}})
    return value


def moment(value, field: str) -> datetime:
    """A date and time (a naive one is read in the site's time zone)."""
    if not isinstance(value, datetime):
        raise ValidationError({field: _("Please give a date and a time.")})
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def web_link(value, *, field: str, required: str | None, limit: int = MAX_LINK_LENGTH) -> str:
    """An http:// or https:// address (no other scheme ever reaches a page)."""
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError({field: required})
        return ""
    if len(value) > limit:
        raise _too_long(field, limit)
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            {field: _("Please give a web address starting with http:// or https://.")}
        ) from None
    return value


def max_file_bytes() -> int:
    """The largest file accepted, from ``settings.OPENTWIN_MAX_FILE_MB``."""
    return int(float(getattr(settings, "OPENTWIN_MAX_FILE_MB", 20)) * MEGABYTE)


def upload(
    file: UploadedFile, *, field: str, extensions: Iterable[str], max_bytes: int | None = None
) -> UploadedFile:
    """A file that is not empty, not too large, and of an allowed type (by its extension)."""
    allowed = frozenset(extensions)
    limit = max_file_bytes() if max_bytes is None else max_bytes
    size = file.size or 0
    if size == 0:
        raise ValidationError({field: _("The file is empty.")})
    if size > limit:
        raise ValidationError(
            {field: _("Files may be at most %(max)s MB.") % {"max": limit // MEGABYTE}}
        )
    _stem, dot, extension = (file.name or "").rpartition(".")
    if not dot or extension.lower() not in allowed:
        raise ValidationError(
            {
                field: _("Files of this type cannot be shared. Allowed types: %(allowed)s.")
                % {"allowed": ", ".join(sorted(allowed))}
            }
        )
    return file


def file_name(file: UploadedFile) -> str:
    """The upload's own name, without any folder a browser sent with it."""
    return (file.name or "file").replace("\\", "/").rsplit("/", 1)[-1]
