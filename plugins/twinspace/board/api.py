"""REST routes of the Twinboard (mounted at ``/api/v1/spaces/`` by hooks.py).

``GET {space_id}/twinboard``: the updates, pinned first (members and guests; everyone
when the space shows its Twinboard publicly). ``POST {space_id}/twinboard``: post an
update (session authentication, CSRF checked; the service checks the role).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_params import Id, Pagination
from core.sanitiser import render_html
from plugins.twinspace.board import services
from plugins.twinspace.board.views import author_label
from plugins.twinspace.models import Post, Space
from plugins.twinspace.policy import SpaceAccess, access_for

router = Router()


class TwinboardErrorOut(Schema):
    detail: str


class TwinboardPostIn(Schema):
    body: str = Field(description="Rich text (HTML or plain text); it is sanitised.")


class TwinboardPostOut(Schema):
    id: int
    body: str = Field(description="Sanitised HTML.")
    author: str | None = Field(description="The author's name; null for a former member.")
    created_at: datetime
    pinned: bool
    like_count: int
    comment_count: int


def _space(request, space_id: int) -> tuple[Space, SpaceAccess]:
    space = Space.objects.filter(pk=space_id).first()
    if space is None:
        raise HttpError(404, _("There is no such space."))
    access = access_for(request.user, space)
    if not access.can_read_public():
        # A space that is not open does not exist for those who may not see it.
        raise HttpError(404, _("There is no such space."))
    return space, access


def _out(post: Post, *, public: bool) -> dict:
    return {
        "id": post.pk,
        "body": str(render_html(post.body)),
        "author": None if post.author is None else author_label(post.author, public=public),
        "created_at": post.created_at,
        "pinned": post.pinned_at is not None,
        "like_count": post.like_count,
        "comment_count": post.comment_count,
    }


@router.get(
    "/{id:space_id}/twinboard",
    response={200: list[TwinboardPostOut], 403: TwinboardErrorOut, 404: TwinboardErrorOut},
    summary="The Twinboard of a space, pinned updates first",
)
@paginate(Pagination)
# ``int``, not ``Id``: under @paginate the annotation is resolved in ninja's module, which
# does not know ``Id``; the ``id`` converter of the path bounds it all the same.
def list_twinboard(request, space_id: int):
    space, access = _space(request, space_id)
    if not (access.can_read() or access.can_see_twinboard_publicly()):
        raise HttpError(403, _("The Twinboard of this space is for its members."))
    public = not access.can_read()
    updates = (
        Post.objects.filter(space=space, channel=Post.Channel.TWINBOARD)
        .select_related("author")
        .order_by(F("pinned_at").desc(nulls_last=True), "-created_at", "-pk")
    )
    # Rows are turned into plain data lazily, one page at a time.
    return _Mapped(updates, public=public)


class _Mapped:
    """A sliceable view of a queryset that yields the API's dictionaries."""

    def __init__(self, queryset, *, public: bool) -> None:
        self.queryset = queryset
        self.public = public

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        rows = self.queryset[item]
        if isinstance(item, slice):
            return [_out(post, public=self.public) for post in rows]
        return _out(rows, public=self.public)


@router.post(
    "/{id:space_id}/twinboard",
    response={
        201: TwinboardPostOut,
        403: TwinboardErrorOut,
        404: TwinboardErrorOut,
        422: TwinboardErrorOut,
    },
    auth=django_auth,
    summary="Post an update on the Twinboard",
)
def create_twinboard_post(request, space_id: Id, payload: TwinboardPostIn):
    space = _space(request, space_id)[0]
    try:
        post = services.post_update(actor=request.user, space=space, body=payload.body)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(201, _out(post, public=False))
