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
