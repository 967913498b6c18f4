"""Signed links for head teachers: single-use, expiring, impossible to forge.

The token signs the request's id and its nonce. A link stops working when it
expires, when the request is no longer waiting for the head teacher (it was
used), or when a new link was sent (the nonce changed).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

SALT = "opentwin.validation.head-teacher"


class InvalidLink(Exception):
    """The link was forged, altered, expired, used or replaced by a newer one.

    ``reason`` is one of :attr:`REASONS`; the page shown to the head teacher depends on it.
    """

    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"
    CLOSED = "closed"
    REPLACED = "replaced"
    REASONS = (INVALID, EXPIRED, USED, CLOSED, REPLACED)

    def __init__(self, reason: str) -> None:
        if reason not in self.REASONS:
            raise ValueError(f"Unknown reason {reason!r}")
        super().__init__(reason)
        self.reason = reason


def make_head_teacher_token(request_id: int, nonce: str) -> str:
    return signing.dumps({"request": request_id, "nonce": nonce}, salt=SALT, compress=True)


def read_head_teacher_token(token: str) -> tuple[int, str]:
    """Return ``(request_id, nonce)`` or raise :class:`InvalidLink`."""
    max_age = settings.OPENTWIN_HEAD_TEACHER_LINK_DAYS * 24 * 3600
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
        return int(payload["request"]), str(payload["nonce"])
    except signing.SignatureExpired as error:
        raise InvalidLink(InvalidLink.EXPIRED) from error
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidLink(InvalidLink.INVALID) from error
