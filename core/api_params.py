"""Bounded parameter types and the one pagination of the REST API.

Path, query and body integers are bounded (see ``core.bounds``), so an
out-of-range number is refused with 422 instead of reaching the database. Paths
use the ``id`` converter as well, ``"/{id:project_id}"``, so a too-large id in a
path answers 404 like an unknown one.
"""

from __future__ import annotations

from typing import Annotated

from annotated_types import Interval
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser

from core.bounds import MAX_ID

# The id of a row, in a path, a query string or a body.
Id = Annotated[int, Interval(ge=1, le=MAX_ID)]

MAX_PAGE_SIZE = 100


class Pagination(LimitOffsetPagination):
    """``limit``/``offset`` pagination with both bounded (at most 100 items a page)."""

    class Input(Schema):
        limit: int = Field(MAX_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
        # offset + limit must still fit in the database's 64-bit OFFSET and LIMIT.
        offset: int = Field(0, ge=0, le=MAX_ID - MAX_PAGE_SIZE)

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


class NulRefusingParser(Parser):
    """Refuses text holding NUL characters, in bodies and in query strings.

    PostgreSQL cannot store or compare such text (the driver raises), so it would
    end in a server error; Django's form fields refuse it in the same way.
    A query string is answered 422 with this reason; a body 400, as django-ninja
    answers every body it cannot parse ("Cannot parse request body").
    """

    def parse_body(self, request):
        data = super().parse_body(request)
        if _holds_nul(data):
            raise ValueError("the body holds a NUL character")
        return data

    def parse_querydict(self, data, list_fields, request):
        parsed = super().parse_querydict(data, list_fields, request)
        if _holds_nul(parsed):
            raise HttpError(422, _("Text may not contain NUL characters (\\x00)."))
        return parsed
