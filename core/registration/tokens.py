"""Signed e-mail verification links: expiring, impossible to forge, tied to one address.

The token signs the user's id and the e-mail address it was sent to, so a link sent to
an address the account no longer holds stops working.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

SALT = "opentwin.registration.verify-email"


class InvalidLink(Exception):
    """The link was forged or altered."""


class ExpiredLink(Exception):
    """The link is genuine but older than OPENTWIN_EMAIL_VERIFICATION_DAYS.

    It carries what the link signed: the account and the address it was sent to.
    """

    def __init__(self, user_id: int, email: str) -> None:
        super().__init__("expired")
        self.user_id = user_id
        self.email = email


def make_verification_token(user_id: int, email: str) -> str:
    return signing.dumps({"user": user_id, "email": email}, salt=SALT, compress=True)


def read_verification_token(token: str) -> tuple[int, str]:
    """Return ``(user_id, email)`` or raise :class:`ExpiredLink` or :class:`InvalidLink`."""
    max_age = settings.OPENTWIN_EMAIL_VERIFICATION_DAYS * 24 * 3600
    try:
        return _payload(signing.loads(token, salt=SALT, max_age=max_age))
    except signing.SignatureExpired as error:
        # The signature is genuine (only its age failed), so its content can be trusted.
        user_id, email = _payload(signing.loads(token, salt=SALT))
        raise ExpiredLink(user_id, email) from error
    except signing.BadSignature as error:
        raise InvalidLink("invalid") from error


def _payload(payload: object) -> tuple[int, str]:
    try:
        return int(payload["user"]), str(payload["email"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidLink("invalid") from error
