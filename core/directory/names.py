"""Names of directory entries in the reader's language, and their alphabetical order."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django_countries import countries as cldr_countries

T = TypeVar("T")


def name_sort_key(name: str) -> str:
    """A key that sorts names the way a reader expects: accents and case do not count."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def sorted_by_name(items: Iterable[T], name: Callable[[T], str] = str) -> list[T]:
    """``items`` in the alphabetical order of their names in the active language."""
    return sorted(items, key=lambda item: name_sort_key(name(item)))


def country_name(code: str, stored_name: str = "") -> str:
    """The name of the country ``code`` in the active language.

    The names come from the CLDR data that django-countries ships for every EU language;
    a code it does not know (a territory staff added themselves) keeps its stored name.
    """
    return cldr_countries.name(code.upper()) or stored_name or code
