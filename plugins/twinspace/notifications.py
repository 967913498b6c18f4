"""Notifying people about what happens in a space, each in their own language.

Titles name spaces, never people: notifications to others are out of reach when
someone's personal data is erased.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import override

from core.services import notify


def notify_people(
    users: Iterable,
    *,
    kind: str,
    title: str,
    params: Mapping[str, object] | None = None,
    url: str = "",
    exclude=None,
) -> None:
    """Notify each of ``users`` (except ``exclude``) once.

    ``title`` is an untranslated message (mark it with ``gettext_noop``) whose
    ``%(name)s`` placeholders come from ``params``; kinds start with ``twinspace.``.
    """
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        with override(user.language or None):
            notify(user, kind=kind, title=_(title) % dict(params or {}), url=url)
