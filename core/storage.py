"""Storage for files that must never have a public URL.

Files of private spaces (TwinSpace materials, certificates before issue…) live under
``PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT``, and reach people only through views
that check permission first and then stream the file.
"""

from __future__ import annotations

import os
import re

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


# A ranged response reads and sends the file in pieces of this size.
RANGE_CHUNK_BYTES = 64 * 1024


class _FileSlice:
    """Iterates over ``length`` bytes of an open file from ``start``, one chunk at a time,
    and closes the file when the response is closed (even if it was never read)."""

    def __init__(self, handle, start: int, length: int, chunk_size: int = RANGE_CHUNK_BYTES):
        self.handle = handle
        self.start = start
        self.remaining = length
        self.chunk_size = chunk_size

    def __iter__(self):
        self.handle.seek(self.start)
        while self.remaining > 0:
            chunk = self.handle.read(min(self.chunk_size, self.remaining))
            if not chunk:
                return  # the file shrank while it was being sent
            self.remaining -= len(chunk)
            yield chunk

    def close(self) -> None:
        self.handle.close()


_BYTE_RANGE = re.compile(r"\s*bytes\s*=\s*([0-9]*)\s*-\s*([0-9]*)\s*", re.ASCII | re.IGNORECASE)


def _single_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """The one byte range ``header`` asks for, as (first, last) within ``size`` bytes.

    ``None`` when the header is to be ignored (not bytes, malformed, or several ranges:
    the whole file is sent); ``False`` when the range cannot be satisfied.
    """
    match = _BYTE_RANGE.fullmatch(header)
    if match is None:
        return None
    first_text, last_text = match.groups()
    if first_text == "":
        if last_text == "":
            return None
        # bytes=-n: the last n bytes.
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            return False
        return max(size - suffix, 0), size - 1
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None  # not a valid range
    if first >= size:
        return False
    return first, min(int(last_text), size - 1) if last_text else size - 1


def _last_modified(file) -> str | None:
    """The file's modification time as an HTTP date, when its storage knows it."""
    from django.utils.http import http_date

    storage = getattr(file, "storage", None)
    name = getattr(file, "name", None)
    if storage is None or not name:
        return None
    try:
        return http_date(storage.get_modified_time(name).timestamp())
    except (NotImplementedError, OSError):
        return None


def ranged_file_response(request, file, *, content_type: str, filename: str):
    """Stream a private file that a browser plays in place (a video, its captions) to
    someone a view has checked may read it, answering byte-range requests so that a
    player can seek.

    - No ``Range`` header: 200 with the whole file and ``Accept-Ranges: bytes``.
    - ``Range: bytes=a-b``, ``bytes=a-`` or ``bytes=-n``: 206 with those bytes,
      ``Content-Range: bytes a-b/size`` and their ``Content-Length``.
    - A range that starts past the end (or ``bytes=-0``): 416 with
      ``Content-Range: bytes */size``.
    - Several ranges in one request (``bytes=0-9,20-29``), a malformed header, another
      unit, or an ``If-Range`` that no longer matches the file's ``Last-Modified``: the
      whole file with 200, as RFC 9110 allows (no ``multipart/byteranges``).
    - ``HEAD`` answers the same status and headers without a body.

    The file is read in chunks of :data:`RANGE_CHUNK_BYTES`, never whole into memory.
    Like :func:`private_file_response`: the browser may not guess another type, nothing
    in it runs, no shared cache keeps it, and a file gone from the storage answers 404.
    """
    from django.http import Http404, HttpResponse, StreamingHttpResponse
    from django.utils.http import content_disposition_header

    try:
        size = file.size
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None

    last_modified = _last_modified(file)
    wanted = None
    header = request.headers.get("Range")
    if header:
        if_range = request.headers.get("If-Range")
        if if_range is None or (last_modified is not None and if_range.strip() == last_modified):
            wanted = _single_range(header, size)

    if wanted is False:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Content-Length"] = "0"
    else:
        if wanted is None:
            status, start, length = 200, 0, size
        else:
            first, last = wanted
            status, start, length = 206, first, last - first + 1
        if request.method == "HEAD":
            handle.close()
            response = HttpResponse(status=status)
        else:
            response = StreamingHttpResponse(_FileSlice(handle, start, length), status=status)
        if status == 206:
            response["Content-Range"] = f"bytes {start}-{start + length - 1}/{size}"
        response["Content-Length"] = str(length)
        response["Content-Type"] = content_type
        response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Accept-Ranges"] = "bytes"
    if last_modified is not None:
        response["Last-Modified"] = last_modified
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response
