"""``core.storage.ranged_file_response`` answers byte-range requests with the exact bytes
asked for, so that a browser's video player can seek in a private file."""

from __future__ import annotations

import io

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory

from core.storage import RANGE_CHUNK_BYTES, private_file_response, private_storage
from core.storage import ranged_file_response as respond

# Closing a response sends ``request_finished``, which closes the database connections.
pytestmark = pytest.mark.django_db

# Larger than three chunks, and every byte's value depends on its place.
CONTENT = bytes((position * 7 + position // 256) % 256 for position in range(200_003))
SIZE = len(CONTENT)


class ReadSpy(io.BytesIO):
    """A file that remembers how much each read asked for, and whether it was closed."""

    def __init__(self, content: bytes) -> None:
        super().__init__(content)
        self.reads: list[int] = []
        self.was_closed = False

    def read(self, size: int | None = -1) -> bytes:
        self.reads.append(-1 if size is None else size)
        return super().read(size)

    def close(self) -> None:
        self.was_closed = True
        super().close()


@pytest.fixture
def stored():
    """The content saved in the private storage, as a file field would hold it."""
    name = private_storage().save("tests/ranges/video.mp4", ContentFile(CONTENT))
    return StoredFile(name)


class StoredFile:
    """What a ``FileField`` gives a view: a name in the private storage, opened on demand."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.storage = private_storage()

    @property
    def size(self) -> int:
        return self.storage.size(self.name)

    def open(self, mode: str = "rb"):
        return self.storage.open(self.name, mode)


def ask(file, range_header: str | None = None, *, method: str = "get", **headers):
    factory = RequestFactory()
    if range_header is not None:
        headers["HTTP_RANGE"] = range_header
    request = getattr(factory, method)("/video/", **headers)
    return respond(request, file, content_type="video/mp4", filename="seminar.mp4")


def body(response) -> bytes:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return data


def test_without_a_range_the_whole_file_is_sent_with_ranges_offered(stored):
    response = ask(stored)

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(SIZE)
    assert response["Content-Type"] == "video/mp4"
    assert "Content-Range" not in response
    assert body(response) == CONTENT


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-0", 0, 0),
        ("bytes=0-99", 0, 99),
        ("bytes=100-199", 100, 199),
        ("bytes=65530-131080", 65530, 131080),  # across chunk boundaries
        ("bytes=199000-", 199000, SIZE - 1),
        ("bytes=0-", 0, SIZE - 1),
        ("bytes=-500", SIZE - 500, SIZE - 1),
        ("bytes=-1", SIZE - 1, SIZE - 1),
        (f"bytes={SIZE - 1}-{SIZE - 1}", SIZE - 1, SIZE - 1),
        # A last byte past the end means the end; a suffix longer than the file, all of it.
        (f"bytes=199990-{SIZE + 1000}", 199990, SIZE - 1),
        (f"bytes=-{SIZE * 2}", 0, SIZE - 1),
        ("bytes = 10 - 19", 10, 19),
        ("BYTES=10-19", 10, 19),
    ],
)
def test_a_satisfiable_range_answers_206_with_exactly_those_bytes(stored, header, first, last):
    response = ask(stored, header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == CONTENT[first : last + 1]


@pytest.mark.parametrize(
    "header", [f"bytes={SIZE}-", f"bytes={SIZE}-{SIZE + 10}", "bytes=999999999-", "bytes=-0"]
)
def test_a_range_past_the_end_answers_416_with_the_size(stored, header):
    response = ask(stored, header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == b""


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-9,20-29",  # several ranges: the whole file (no multipart answer)
        "bytes=20-10",  # last before first: not a valid range
        "bytes=-",
        "bytes=a-b",
        "bytes=1.5-2",
        "bytes=²-3",  # a digit that is not an ASCII one
        "items=0-9",
        "0-9",
        "",
    ],
)
def test_a_range_header_that_is_not_one_valid_byte_range_gets_the_whole_file(stored, header):
    response = ask(stored, header)

    assert response.status_code == 200
    assert response["Content-Length"] == str(SIZE)
    assert "Content-Range" not in response
    assert body(response) == CONTENT


def test_if_range_matching_the_last_modification_keeps_the_range(stored):
    modified = ask(stored)["Last-Modified"]

    response = ask(stored, "bytes=5-9", HTTP_IF_RANGE=modified)

    assert response.status_code == 206
    assert body(response) == CONTENT[5:10]


def test_if_range_naming_another_version_sends_the_whole_file(stored):
    response = ask(stored, "bytes=5-9", HTTP_IF_RANGE='"an-old-etag"')

    assert response.status_code == 200
    assert body(response) == CONTENT


def test_head_answers_the_headers_of_the_same_request_without_a_body(stored):
    whole = ask(stored, method="head")
    part = ask(stored, "bytes=10-19", method="head")
    past = ask(stored, f"bytes={SIZE}-", method="head")

    assert (whole.status_code, whole["Content-Length"], body(whole)) == (200, str(SIZE), b"")
    assert (part.status_code, part["Content-Length"], body(part)) == (206, "10", b"")
    assert part["Content-Range"] == f"bytes 10-19/{SIZE}"
    assert past.status_code == 416


def test_the_file_is_read_in_chunks_never_whole():
    spy = ReadSpy(CONTENT)

    response = ask(File(spy, name="video.mp4"), "bytes=1000-")
    chunks = list(response.streaming_content)

    assert b"".join(chunks) == CONTENT[1000:]
    assert len(chunks) > 1
    assert all(len(chunk) <= RANGE_CHUNK_BYTES for chunk in chunks)
    assert spy.reads and all(0 < size <= RANGE_CHUNK_BYTES for size in spy.reads)
    response.close()
    assert spy.was_closed


def test_the_file_is_closed_with_a_response_never_read():
    spy = ReadSpy(CONTENT)

    response = ask(File(spy, name="video.mp4"))
    response.close()

    assert spy.was_closed
    assert spy.reads == []


def test_the_browser_may_play_it_in_place_but_not_guess_its_type_or_cache_it(stored):
    response = ask(stored, "bytes=0-9")

    assert response["Content-Disposition"] == 'inline; filename="seminar.mp4"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-cache"
    body(response)


def test_an_empty_file_answers_200_whole_and_416_to_any_range():
    name = private_storage().save("tests/ranges/empty.vtt", ContentFile(b""))
    empty = StoredFile(name)

    whole = ask(empty)
    assert (whole.status_code, whole["Content-Length"], body(whole)) == (200, "0", b"")
    for header in ("bytes=0-", "bytes=-5", "bytes=0-0"):
        response = ask(empty, header)
        assert response.status_code == 416
        assert response["Content-Range"] == "bytes */0"


def test_a_file_gone_from_the_storage_answers_404(stored):
    private_storage().delete(stored.name)

    with pytest.raises(Http404):
        ask(stored, "bytes=0-9")


def test_the_download_helper_still_sends_attachments(stored):
    response = private_file_response(stored.open(), filename="notes.pdf")

    assert response["Content-Disposition"] == 'attachment; filename="notes.pdf"'
    assert b"".join(response.streaming_content) == CONTENT
    response.close()
