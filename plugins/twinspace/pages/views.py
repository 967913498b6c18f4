"""The pages of a space: the tree, one page, writing, deleting and ordering pages."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.bounds import parse_id
from plugins.twinspace.access import space_view
from plugins.twinspace.models import Page, Space
from plugins.twinspace.pages import services
from plugins.twinspace.pages.forms import MovePageForm, PageForm
from plugins.twinspace.policy import Action, SpaceAccess

PAGE_SIZE = 25


def _attach_subpages(access: SpaceAccess, pages: list[Page]) -> None:
    """Give each page its visible ``subpages`` (and theirs): one query per level, and the
    number of levels is limited, so the count never grows with the size of the space."""
    level = pages
    for depth in range(1, services.MAX_DEPTH + 1):
        for page in level:
            page.subpages = []
        if depth == services.MAX_DEPTH or not level:
            return
        by_id = {page.pk: page for page in level}
        children = list(
            services.visible_pages(access)
            .filter(parent_id__in=by_id)
            .defer("body")
            .order_by("position", "pk")
        )
        for child in children:
            by_id[child.parent_id].subpages.append(child)
        for page in level:
            _mark_ends(page.subpages)
        level = children


def _mark_ends(siblings: list[Page], *, more_before: bool = False, more_after: bool = False):
    """Flag the first and last of a list of siblings (the reorder page hides their buttons)."""
    for index, sibling in enumerate(siblings):
        sibling.is_first = index == 0 and not more_before
        sibling.is_last = index == len(siblings) - 1 and not more_after


def _tree_page(request: HttpRequest, access: SpaceAccess):
    """One page (of the paginator) of top-level pages, each with its subpages attached."""
    top = services.visible_pages(access).filter(parent=None).defer("body")
    page = Paginator(top.order_by("position", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    top_level = list(page.object_list)
    _mark_ends(top_level, more_before=page.has_previous(), more_after=page.has_next())
    _attach_subpages(access, top_level)
    page.object_list = top_level
    return page


def _visible_page(access: SpaceAccess, page_id: int) -> Page:
    """The page with its parents loaded, or 404 when it (or a parent) is hidden from the person."""
    page = (
        Page.objects.select_related("parent__parent__parent", "author")
        .filter(space=access.space, pk=page_id)
        .first()
    )
    if page is None or not services.is_visible(access, page):
        raise Http404
    if not all(services.is_visible(access, parent) for parent in services.ancestors_of(page)):
        raise Http404
    return page


def _parent_choices(access: SpaceAccess, editing: Page | None = None) -> list[tuple[int, str]]:
    """The pages that may hold a subpage, indented by level (one query)."""
    rows = list(
        services.visible_pages(access)
        .order_by("position", "pk")
        .values_list("pk", "parent_id", "title")
    )
    children: dict[int | None, list[tuple[int, str]]] = defaultdict(list)
    for pk, parent_id, title in rows:
        children[parent_id].append((pk, title))
    choices: list[tuple[int, str]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for pk, title in children.get(parent_id, []):
            # A page cannot go under itself or one of its subpages: skip that branch.
            if editing is not None and pk == editing.pk:
                continue
            choices.append((pk, f"{'— ' * (depth - 1)}{title}"))
            if depth < services.MAX_DEPTH - 1:
                walk(pk, depth + 1)

    walk(None, 1)
    return choices


def _parent_from(space: Space, parent_id: int | None) -> Page | None:
    if parent_id is None:
        return None
    return Page.objects.filter(space=space, pk=parent_id).first()


def _render_form(request, space, access, form, *, page: Page | None = None) -> HttpResponse:
    return render(
        request,
        "twinspace/pages/form.html",
        {"space": space, "access": access, "form": form, "edited": page},
    )


@space_view()
def pages_tree(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    return render(
        request,
        "twinspace/pages/tree.html",
        {
            "space": space,
            "access": access,
            "page": _tree_page(request, access),
            "can_create": services.can_create(access),
            "can_reorder": access.can(Action.REORDER_PAGES),
        },
    )


@space_view()
def page_detail(request: HttpRequest, space: Space, access: SpaceAccess, page_id: int):
    page = _visible_page(access, page_id)
    subpages = (
        services.visible_pages(access).filter(parent=page).defer("body").order_by("position", "pk")
    )
    return render(
        request,
        "twinspace/pages/detail.html",
        {
            "space": space,
            "access": access,
            "shown": page,
            "ancestors": services.ancestors_of(page),
            "subpages": subpages,
            "can_edit": services.can_edit(access, page),
            "can_add_subpage": services.can_create(access)
            and services.depth_of(page) < services.MAX_DEPTH,
        },
    )


@space_view()
def page_new(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    if not services.can_create(access):
        access.require(Action.EDIT_PAGES, author_id=request.user.pk)
    choices = _parent_choices(access)
    initial = {}
    requested_parent = request.GET.get("parent", "")
    if parse_id(requested_parent) in {pk for pk, _ in choices}:
        initial["parent"] = parse_id(requested_parent)
    form = PageForm(request.POST or None, initial=initial, parent_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parent = _parent_from(space, data["parent"])
            if data["parent"] is not None and parent is None:
                raise ValidationError(_("The parent page no longer exists."))
            page = services.create_page(
                actor=request.user,
                space=space,
                title=data["title"],
                body=data["content"],
                status=data["status"],
                parent=parent,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The page was created."))
            return redirect(space.url("page", page.pk))
    return _render_form(request, space, access, form)


@space_view()
def page_edit(request: HttpRequest, space: Space, access: SpaceAccess, page_id: int):
    page = _visible_page(access, page_id)
    if not services.can_edit(access, page):
        access.require(Action.EDIT_PAGES, author_id=page.author_id)
    form = PageForm(
        request.POST or None,
        initial={
            "title": page.title,
            "content": page.body,
            "status": page.status,
            "parent": page.parent_id,
        },
        parent_choices=_parent_choices(access, editing=page),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parent = _parent_from(space, data["parent"])
            if data["parent"] is not None and parent is None:
                raise ValidationError(_("The parent page no longer exists."))
            services.edit_page(
                actor=request.user,
                page=page,
                title=data["title"],
                body=data["content"],
                status=data["status"],
                parent=parent,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The page was saved."))
            return redirect(space.url("page", page.pk))
    return _render_form(request, space, access, form, page=page)


@space_view()
def page_delete(request: HttpRequest, space: Space, access: SpaceAccess, page_id: int):
    page = _visible_page(access, page_id)
    if not services.can_edit(access, page):
        access.require(Action.EDIT_PAGES, author_id=page.author_id)
    if request.method == "POST":
        parent_id = page.parent_id
        count = services.delete_page(actor=request.user, page=page)
        if count > 1:
            messages.success(
                request,
                _("The page and its %(count)d subpages were deleted.") % {"count": count - 1},
            )
        else:
            messages.success(request, _("The page was deleted."))
        return redirect(space.url("page", parent_id) if parent_id else space.url("pages"))
    return render(
        request,
        "twinspace/pages/confirm_delete.html",
        {
            "space": space,
            "access": access,
            "shown": page,
            "subpage_count": len(services.descendant_ids(page)),
        },
    )


@space_view(Action.REORDER_PAGES)
def pages_reorder(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    """The tree with "move up" and "move down" buttons: a form per page, no JavaScript."""
    if request.method == "POST":
        return _move(request, space)
    return render(
        request,
        "twinspace/pages/reorder.html",
        {"space": space, "access": access, "page": _tree_page(request, access)},
    )


def _move(request: HttpRequest, space: Space) -> HttpResponse:
    form = MovePageForm(request.POST)
    back = space.url("pages-reorder")
    if request.GET.get("page", "").isdigit():
        back += f"?page={request.GET['page']}"
    if not form.is_valid():
        messages.error(request, _("Please choose a page and a direction."))
        return redirect(back)
    page = Page.objects.filter(space=space, pk=form.cleaned_data["page"]).first()
    if page is None:
        raise Http404
    try:
        moved = services.move_page(
            actor=request.user, page=page, direction=form.cleaned_data["direction"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if moved:
            messages.success(request, _("“%(title)s” was moved.") % {"title": page.title})
        else:
            messages.info(
                request, _("“%(title)s” cannot move further that way.") % {"title": page.title}
            )
    return redirect(f"{back}#page-{page.pk}")
