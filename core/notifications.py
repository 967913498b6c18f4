"""Notifying several people about one thing, each in their own language.

Plugins mark titles and bodies with ``gettext_noop`` and call :func:`notify_people`,
which translates them per recipient. Titles name things (spaces, meetings), never
people: notifications to others are out of reach when someone's personal data is
erased. Bodies say who did what and what the reader is
asked to do; they name the person who acted only through ``%(actor)s``, which is
stored as a mark and filled in with that person's current name when shown or sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.models import Notification
from core.services import notify


def _format_date(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


# A date written in the language active when the message is put together, i.e. the reader's.
local_date = lazy(_format_date, str)


def notify_people(
    users: Iterable,
    *,
    kind: str,
    title: str,
    body: str = "",
    params: Mapping[str, object] | None = None,
    url: str = "",
    exclude=None,
    actor=None,
    calendar_uid: str = "",
) -> None:
    """Notify each of ``users`` (except ``exclude``) once.

    ``title`` and ``body`` are untranslated messages (mark them with ``gettext_noop``)
    whose ``%(name)s`` placeholders come from ``params``; ``%(actor)s`` in the body
    stands for ``actor``. Kinds start with the plugin's name (``twinspace.``).
    ``calendar_uid`` names the calendar item the notification is about (its e-mail then
    carries the item's ``.ics``).
    """
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        values = {**(params or {}), "actor": Notification.ACTOR}
        with override(user.language or None):
            notify(
                user,
                kind=kind,
                title=_(title) % values,
                body=_(body) % values if body else "",
                url=url,
                actor=actor,
                **({"calendar_uid": calendar_uid} if calendar_uid else {}),
            )
