"""What the awards tell their holders: their notification kinds and messages.

Titles and bodies are marked with ``gettext_noop`` and translated per recipient by
``core.notifications.notify_people``; the award's name and what it is for are lazy, so
they are written in the reader's language too. Titles name the award, never a person.
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.contrib import NotificationKind
from core.notifications import notify_people
from plugins.labels.awards import texts
from plugins.labels.models import Award

READY = "labels.award_ready"
REVOKED = "labels.award_revoked"

KINDS = [
    NotificationKind(READY, _("An award of yours is ready: a label or a certificate")),
    NotificationKind(REVOKED, _("An award of yours was revoked")),
]

TITLE_READY = gettext_noop("Your %(award)s is ready")
BODY_READY = gettext_noop(
    "%(issuer)s issued you the %(award)s %(subject)s. Download its certificate as a PDF "
    "or share it as a badge from its page; anyone can check it with its verification code "
    "%(code)s."
)
TITLE_REVOKED = gettext_noop("Your %(award)s was revoked")
BODY_REVOKED = gettext_noop(
    "%(issuer)s revoked your %(award)s %(subject)s. Their reason: %(reason)s. Its "
    "verification page now says it was revoked. If you think this is a mistake, write to "
    "your National Support Service."
)

# Written in the language active when the message is put together (the reader's).
_name = lazy(texts.award_name, str)
_subject = lazy(texts.subject_phrase, str)
_issuer = lazy(texts.issuer_at_start, str)


def _params(award: Award, **extra) -> dict[str, object]:
    return {
        "award": _name(award),
        "subject": _subject(award),
        "issuer": _issuer(award),
        "code": award.code,
        **extra,
    }


def notify_ready(award: Award) -> None:
    """Tell the holder their award (new or re-issued) is ready to download and share."""
    if award.recipient_user is None:
        return
    notify_people(
        [award.recipient_user],
        kind=READY,
        title=TITLE_READY,
        body=BODY_READY,
        params=_params(award),
        url=award.get_absolute_url(),
    )


def notify_revoked(award: Award, *, actor) -> None:
    """Tell the holder that the support service revoked their award, and why."""
    if award.recipient_user is None:
        return
    notify_people(
        [award.recipient_user],
        kind=REVOKED,
        title=TITLE_REVOKED,
        body=BODY_REVOKED,
        params=_params(award, reason=award.revocation_reason),
        url=award.get_absolute_url(),
        exclude=actor,
    )
