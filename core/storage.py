"""Storage for files that must never have a public URL.

Files of private spaces (TwinSpace materials, certificates before issue…) live under
``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT``, and reach people only through views
that check permission first and then stream the file.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage under ``PRIVATE_MEDIA_ROOT`` whose files have no URL.

    The folder is read from the settings at each use (unless a ``location`` is given),
    so a changed setting takes effect at once, as ``MEDIA_ROOT`` does for the default.
    """

    @property
    def base_location(self) -> str:
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError(
            "Private files have no public URL; serve them through a view that checks permission."
        )


def private_storage() -> Storage:
    """The ``private`` storage of ``settings.STORAGES`` (a callable, so tests can swap it)."""
    return storages["private"]


def private_file_response(
    file, *, filename: str, content_type: str = "application/octet-stream", inline: bool = False
):
    """Stream a private file to someone a view has checked may read it.

    Downloaded unless ``inline`` (verified images only); the browser may neither guess
    another type nor run anything in it; no shared cache keeps it. A file gone from the
    storage answers 404.
    """
    from django.http import FileResponse, Http404

    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response
