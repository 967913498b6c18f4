"""Bounded parameter types and the one pagination of the REST API.

Path, query and body integers are bounded (see ``core.bounds``), so an
out-of-range number is refused with 422 instead of reaching the database. Paths
use the ``id`` converter as well, ``"/{id:project_id}"``, so a too-large id in a
path answers 404 like an unknown one.
"""

from __future__ import annotations

from typing import Annotated

from annotated_types import Interval
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

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
