"""Pages of a space (DOMAIN.md §4): pages with subpages, drafts and ordering.

Every function takes the acting user as ``actor`` and asks the space's policy again:
a view's check is never trusted alone. Editing is "own pages only" for teachers
(``policy.OWN_ONLY``); reordering belongs to teacher administrators.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.models import User
from core.sanitiser import clean_rich_text
from plugins.twinspace.models import Page, Space
from plugins.twinspace.policy import OWN_ONLY, Action, SpaceAccess, access_for, role_can

# Audit actions written by this module's services: one name per change.
PAGE_CREATED = "twinspace.page_created"
PAGE_DELETED = "twinspace.page_deleted"
PAGE_EDITED = "twinspace.page_edited"
PAGE_MOVED = "twinspace.page_moved"

# A top-level page is level 1; its subpages level 2; theirs level 3, and no deeper.
MAX_DEPTH = 3
MAX_TITLE_LENGTH = 200
MAX_BODY_LENGTH = 100_000
UP = "up"
DOWN = "down"

# "Leave the parent as it is" for edit_page (``None`` means "make it a top-level page").
UNCHANGED = object()


# --- who sees what -----------------------------------------------------------------


def may_see_drafts_of(access: SpaceAccess, author_id: int | None) -> bool:
    """Whether the person may see a draft by ``author_id``: those who may edit it.

    Asked of the role, not of the space's state, so that editors still see their drafts
    (read-only) once the space is archived.
    """
    if not access.can_read() or not role_can(access.role, Action.EDIT_PAGES):
        return False
    if (access.role, Action.EDIT_PAGES) in OWN_ONLY:
        return author_id is not None and author_id == access.user_id
    return True


def is_visible(access: SpaceAccess, page: Page) -> bool:
    """Whether the person may see this one page (its ancestors are checked separately)."""
    if not access.can_read():
        return False
    return page.status == Page.Status.PUBLISHED or may_see_drafts_of(access, page.author_id)


def visible_pages(access: SpaceAccess) -> QuerySet[Page]:
    """The pages of the space the person may see: published ones and the drafts they may edit."""
    pages = Page.objects.filter(space=access.space)
    if not access.can_read():
        return pages.none()
    if not role_can(access.role, Action.EDIT_PAGES):
        return pages.filter(status=Page.Status.PUBLISHED)
    if (access.role, Action.EDIT_PAGES) in OWN_ONLY:
        return pages.filter(Q(status=Page.Status.PUBLISHED) | Q(author_id=access.user_id))
    return pages


def can_create(access: SpaceAccess) -> bool:
    """Whether the person may create pages (teachers create pages of their own)."""
    return access.user_id is not None and access.can(Action.EDIT_PAGES, author_id=access.user_id)


def can_edit(access: SpaceAccess, page: Page) -> bool:
    """Teachers edit their own pages; administrators, experts and pupil administrators any."""
    return access.can(Action.EDIT_PAGES, author_id=page.author_id)


def ancestors_of(page: Page) -> list[Page]:
    """The page's parents, the top-level page first (uses ``parent`` already loaded)."""
    chain: list[Page] = []
    current = page.parent
    # Bounded: even a corrupted chain cannot loop for ever.
    while current is not None and len(chain) < MAX_DEPTH + 1:
        chain.append(current)
        current = current.parent
    chain.reverse()
    return chain


def depth_of(page: Page | None) -> int:
    """1 for a top-level page, 2 for its subpages…; 0 for "no page" (the root)."""
    depth = 0
    current = page
    while current is not None and depth <= MAX_DEPTH + 1:
        depth += 1
        current = current.parent
    return depth


def _subtree_height(page: Page) -> int:
    """Levels in the page's subtree, the page included (1 when it has no subpages)."""
    height = 1
    level = [page.pk]
    while level and height <= MAX_DEPTH + 1:
        level = list(Page.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        if level:
            height += 1
    return height


def descendant_ids(page: Page) -> list[int]:
    """The ids of every subpage under ``page``, at any level."""
    found: list[int] = []
    level = [page.pk]
    while level and len(found) < 100_000:
        level = list(Page.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        found.extend(level)
    return found


# --- checks ------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = (title or "").replace("\x00", "").strip()
    if not title:
        raise ValidationError(_("Please give the page a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            _("The title may have at most %(max)d characters.") % {"max": MAX_TITLE_LENGTH}
        )
    return title


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "")
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError(
            _("The content may have at most %(max)d characters.") % {"max": MAX_BODY_LENGTH}
        )
    return clean_rich_text(body)


def _clean_status(status: str) -> str:
    if status not in Page.Status.values:
        raise ValidationError(_("Please choose whether the page is a draft or published."))
    return status


def _check_parent(access: SpaceAccess, parent: Page | None, *, page: Page | None = None) -> None:
    """The parent is a page of the same space the person can see, not the page itself or
    one of its subpages, and the page (with its subpages) stays within MAX_DEPTH levels."""
    if parent is None:
        if page is not None and _subtree_height(page) > MAX_DEPTH:
            raise ValidationError(_depth_message())
        return
    if parent.space_id != access.space.pk or not is_visible(access, parent):
        raise ValidationError(_("The parent page must be a page of this space."))
    chain = [parent, *reversed(ancestors_of(parent))]
    if page is not None and page.pk is not None and any(p.pk == page.pk for p in chain):
        raise ValidationError(
            _("A page cannot be placed under itself or under one of its own subpages.")
        )
    height = _subtree_height(page) if page is not None and page.pk is not None else 1
    if depth_of(parent) + height > MAX_DEPTH:
        raise ValidationError(_depth_message())


def _depth_message() -> str:
    return _(
        "Pages can be nested at most %(max)d levels deep (a page, its subpages and theirs). "
        "Please choose a parent page higher up."
    ) % {"max": MAX_DEPTH}


def _load_parent(parent: Page | None) -> Page | None:
    """The parent with its own parents, fresh from the database."""
    if parent is None:
        return None
    return Page.objects.select_related("parent__parent__parent").filter(pk=parent.pk).first()


def _next_position(space: Space, parent: Page | None) -> int:
    last = Page.objects.filter(space=space, parent=parent).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


# --- state changes -----------------------------------------------------------------


def create_page(
    *,
    actor: User,
    space: Space,
    title: str,
    body: str = "",
    status: str = Page.Status.DRAFT,
    parent: Page | None = None,
) -> Page:
    """Create a page (or a subpage under ``parent``) at the end of its siblings."""
    access = access_for(actor, space)
    access.require(Action.EDIT_PAGES, author_id=actor.pk)
    title = _clean_title(title)
    body = _clean_body(body)
    status = _clean_status(status)
    if parent is not None:
        if parent.space_id != space.pk:
            raise ValidationError(_("The parent page must be a page of this space."))
        parent = _load_parent(parent)
        if parent is None:
            raise ValidationError(_("The parent page no longer exists."))
    _check_parent(access, parent)
    with transaction.atomic():
        now = timezone.now()
        page = Page.objects.create(
            space=space,
            parent=parent,
            title=title,
            body=body,
            status=status,
            position=_next_position(space, parent),
            author=actor,
            created_at=now,
            updated_at=now,
        )
        audit.record(PAGE_CREATED, actor=actor, target=page, space_id=space.pk, status=status)
    return page


def edit_page(
    *,
    actor: User,
    page: Page,
    title: str,
    body: str = "",
    status: str = Page.Status.DRAFT,
    parent: Page | object | None = UNCHANGED,
) -> Page:
    """Change a page's title, content, status and (optionally) its parent page."""
    space = page.space
    access = access_for(actor, space)
    access.require(Action.EDIT_PAGES, author_id=page.author_id)
    title = _clean_title(title)
    body = _clean_body(body)
    status = _clean_status(status)
    fields = ["title", "body", "status", "updated_at"]
    moved = parent is not UNCHANGED and (
        (parent.pk if parent is not None else None) != page.parent_id
    )
    if moved:
        if parent is not None:
            if parent.space_id != space.pk:
                raise ValidationError(_("The parent page must be a page of this space."))
            parent = _load_parent(parent)
            if parent is None:
                raise ValidationError(_("The parent page no longer exists."))
        _check_parent(access, parent, page=page)
    with transaction.atomic():
        if moved:
            page.parent = parent
            page.position = _next_position(space, parent)
            fields += ["parent", "position"]
        page.title = title
        page.body = body
        page.status = status
        page.updated_at = timezone.now()
        page.save(update_fields=fields)
        audit.record(PAGE_EDITED, actor=actor, target=page, status=status, moved=moved)
    return page


def delete_page(*, actor: User, page: Page) -> int:
    """Delete a page and all its subpages; return how many pages were deleted."""
    access = access_for(actor, page.space)
    access.require(Action.EDIT_PAGES, author_id=page.author_id)
    with transaction.atomic():
        subpages = descendant_ids(page)
        audit.record(
            PAGE_DELETED,
            actor=actor,
            target=page,
            title=page.title,
            space_id=page.space_id,
            subpages=len(subpages),
        )
        parent_id, space_id = page.parent_id, page.space_id
        page.delete()
        _renumber(Page.objects.filter(space_id=space_id, parent_id=parent_id))
    return 1 + len(subpages)


def _renumber(siblings: QuerySet[Page]) -> list[Page]:
    """Give siblings the positions 0, 1, 2… in their current order; return them in order."""
    ordered = list(siblings.order_by("position", "pk").only("pk", "position"))
    changed = []
    for index, sibling in enumerate(ordered):
        if sibling.position != index:
            sibling.position = index
            changed.append(sibling)
    if changed:
        Page.objects.bulk_update(changed, ["position"])
    return ordered


def move_page(*, actor: User, page: Page, direction: str) -> bool:
    """Move a page one place up or down among its siblings; False if it is already at the end."""
    access = access_for(actor, page.space)
    access.require(Action.REORDER_PAGES)
    if direction not in (UP, DOWN):
        raise ValidationError(_("Please choose to move the page up or down."))
    with transaction.atomic():
        siblings = _renumber(Page.objects.filter(space_id=page.space_id, parent_id=page.parent_id))
        index = next((i for i, sibling in enumerate(siblings) if sibling.pk == page.pk), None)
        if index is None:
            raise ValidationError(_("This page no longer exists."))
        other = index - 1 if direction == UP else index + 1
        if other < 0 or other >= len(siblings):
            return False
        first, second = siblings[index], siblings[other]
        first.position, second.position = second.position, first.position
        Page.objects.bulk_update([first, second], ["position"])
        page.position = first.position
        audit.record(PAGE_MOVED, actor=actor, target=page, direction=direction)
    return True
