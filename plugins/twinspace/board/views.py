"""The space home, Twinboard, teacher bulletin, journal, settings and logo.

Views parse input and call the services; every list is paginated and its number of
queries does not grow with the space (counters on the rows, one query for "liked by
me", one for the latest comments of a page of updates).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.htmx import fragment, in_place, is_htmx
from core.models import User
from plugins.twinspace.access import deny, load_space, space_view
from plugins.twinspace.board import services
from plugins.twinspace.board.forms import (
    CommentForm,
    JournalEntryForm,
    PostForm,
    SpaceSettingsForm,
)
from plugins.twinspace.models import JournalEntry, Post, PostComment, PostLike, Space
from plugins.twinspace.policy import Action, SpaceAccess

PAGE_SIZE = 20
COMMENTS_PAGE_SIZE = 30
COMMENTS_SHOWN = 3
HOME_UPDATES = 10
HOME_JOURNAL = 5
PUBLIC_JOURNAL = 5


# --- helpers -------------------------------------------------------------------------


def author_label(author: User | None, *, public: bool) -> str:
    """How an author is named: erased accounts are "former members", and pupils are
    never named outside their project's space."""
    if author is None:
        return _("Former member")
    if public and author.kind == User.Kind.PUPIL:
        return _("A pupil of the project")
    return author.display_name()


def _updates(space: Space, channel: str = Post.Channel.TWINBOARD) -> QuerySet[Post]:
    return (
        Post.objects.filter(space=space, channel=channel)
        .select_related("author")
        .order_by(F("pinned_at").desc(nulls_last=True), "-created_at", "-pk")
    )


def _latest_comments(post_ids: list[int]) -> dict[int, list[PostComment]]:
    """The last few comments of each update, for a whole page of updates in one query."""
    if not post_ids:
        return {}
    ranked = (
        PostComment.objects.filter(post_id__in=post_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("post_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=COMMENTS_SHOWN)
        .select_related("author")
        .order_by("post_id", "created_at", "pk")
    )
    by_post: dict[int, list[PostComment]] = {}
    for comment in ranked:
        by_post.setdefault(comment.post_id, []).append(comment)
    return by_post


def author_person(author: User | None, *, public: bool) -> User | None:
    """Whose avatar is shown: nobody's for a former member or a pupil on a public page
    (their initials would name them)."""
    if author is None or (public and author.kind == User.Kind.PUPIL):
        return None
    return author


def _prepare_comments(comments, access: SpaceAccess, *, public: bool) -> None:
    for comment in comments:
        comment.author_label = author_label(comment.author, public=public)
        comment.author_person = author_person(comment.author, public=public)
        comment.may_delete = not public and access.can_change(
            Action.LIKE_COMMENT, comment.author_id
        )


def _prepare_posts(
    request: HttpRequest,
    access: SpaceAccess,
    posts: list[Post],
    *,
    with_comments: bool = True,
) -> list[Post]:
    """Attach to each update what the page shows, with a fixed number of queries."""
    public = not access.can_read()
    ids = [post.pk for post in posts]
    liked: set[int] = set()
    if ids and not public and request.user.is_authenticated:
        liked = set(
            PostLike.objects.filter(user=request.user, post_id__in=ids).values_list(
                "post_id", flat=True
            )
        )
    comments = _latest_comments(ids) if with_comments else {}
    may_comment = access.can(Action.LIKE_COMMENT)
    for post in posts:
        post.author_label = author_label(post.author, public=public)
        post.author_person = author_person(post.author, public=public)
        post.liked = post.pk in liked
        post.latest_comments = comments.get(post.pk, [])
        _prepare_comments(post.latest_comments, access, public=public)
        post.may_change = not public and services.may_change_post(access, post)
        if may_comment:
            post.comment_form = CommentForm(auto_id=f"id_comment_{post.pk}_%s")
    return posts


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _may_see_twinboard(access: SpaceAccess) -> bool:
    return access.can_read() or access.can_see_twinboard_publicly()


def _twinboard_post(space: Space, post_id: int) -> Post:
    return get_object_or_404(
        Post.objects.select_related("author", "space"),
        pk=post_id,
        space=space,
        channel=Post.Channel.TWINBOARD,
    )


def _space_post(space: Space, post_id: int) -> Post:
    return get_object_or_404(
        Post.objects.select_related("author", "space"), pk=post_id, space=space
    )


def _channel_url(space: Space, post: Post) -> str:
    return space.url("bulletin" if post.channel == Post.Channel.BULLETIN else "twinboard")


def _bulletin_denied(request: HttpRequest) -> HttpResponse:
    return deny(request, _("The teacher bulletin is only for the teachers of this space."))


# --- home ------------------------------------------------------------------------------


def home(request: HttpRequest, space_id: int) -> HttpResponse:
    """The space's home: the members' overview, or the public page for everyone else."""
    space, access = load_space(request, space_id)
    if not space.is_open:
        if space.kind == Space.Kind.PROJECT:
            return redirect(space.url("about"))
        if not access.can_read():
            raise Http404
        return render(request, "twinspace/board/pending.html", {"space": space, "access": access})
    journal = list(space.journal_entries.select_related("author")[:HOME_JOURNAL])
    public = not access.can_read()
    for entry in journal:
        entry.author_label = author_label(entry.author, public=public)
        entry.author_person = author_person(entry.author, public=public)
    if public:
        updates = []
        if access.can_see_twinboard_publicly():
            updates = _prepare_posts(
                request, access, list(_updates(space)[:HOME_UPDATES]), with_comments=False
            )
        return render(
            request,
            "twinspace/board/public.html",
            {"space": space, "access": access, "journal": journal, "updates": updates},
        )
    updates = _updates(space)
    pinned = list(updates.filter(pinned_at__isnull=False)[:HOME_UPDATES])
    latest = list(updates.filter(pinned_at__isnull=True)[:HOME_UPDATES])
    _prepare_posts(request, access, pinned + latest, with_comments=False)
    return render(
        request,
        "twinspace/board/home.html",
        {
            "space": space,
            "access": access,
            "journal": journal,
            "pinned": pinned,
            "latest": latest,
        },
    )


# --- Twinboard -------------------------------------------------------------------------


def _twinboard_page(
    request: HttpRequest, space: Space, access: SpaceAccess, form: PostForm | None = None
) -> HttpResponse:
    page = Paginator(_updates(space), PAGE_SIZE).get_page(request.GET.get("page"))
    _prepare_posts(request, access, list(page.object_list))
    if form is None and access.can(Action.POST_UPDATE):
        form = PostForm()
    return render(
        request,
        "twinspace/board/twinboard.html",
        {"space": space, "access": access, "page": page, "form": form},
    )


def twinboard(request: HttpRequest, space_id: int) -> HttpResponse:
    """The updates, pinned first; members who may post find the form on top."""
    space, access = load_space(request, space_id)
    if not _may_see_twinboard(access):
        return deny(request)
    if request.method == "POST":
        if not access.can_read():
            return deny(request)
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                services.post_update(
                    actor=request.user, space=space, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error("body", error)
            else:
                messages.success(request, _("Your update is on the Twinboard."))
                return redirect(space.url("twinboard"))
        else:
            access.require(Action.POST_UPDATE)
        return _twinboard_page(request, space, access, form)
    return _twinboard_page(request, space, access)


def _post_page(
    request: HttpRequest,
    space: Space,
    access: SpaceAccess,
    post: Post,
    form: CommentForm | None = None,
) -> HttpResponse:
    public = not access.can_read()
    _prepare_posts(request, access, [post], with_comments=False)
    comments = post.comments.select_related("author").order_by("created_at", "pk")
    page = Paginator(comments, COMMENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    _prepare_comments(page.object_list, access, public=public)
    if form is None and access.can(Action.LIKE_COMMENT):
        form = CommentForm()
    return render(
        request,
        "twinspace/board/post.html",
        {"space": space, "access": access, "post": post, "page": page, "form": form},
    )


def post_detail(request: HttpRequest, space_id: int, post_id: int) -> HttpResponse:
    """One update with all its comments."""
    space, access = load_space(request, space_id)
    if not _may_see_twinboard(access):
        return deny(request)
    return _post_page(request, space, access, _twinboard_post(space, post_id))


def _card(
    request: HttpRequest,
    space: Space,
    access: SpaceAccess,
    post_id: int,
    comment_form: CommentForm | None = None,
) -> dict:
    """What ``_post.html`` needs to show one update again after an in-place action, in
    the variant of the page it is on (``card``: the stream, ``detail`` or ``compact``)."""
    card = request.POST.get("card", "")
    post = _twinboard_post(space, post_id)
    _prepare_posts(request, access, [post], with_comments=card not in ("detail", "compact"))
    if comment_form is not None:
        post.comment_form = comment_form
    return {
        "space": space,
        "access": access,
        "post": post,
        "detail": card == "detail",
        "compact": card == "compact",
        "next_url": _safe_next(request, space.url("twinboard")).split("#", 1)[0],
    }


def _answer_with_card(
    request: HttpRequest,
    space: Space,
    access: SpaceAccess,
    post_id: int,
    *,
    fallback_url: str,
) -> HttpResponse:
    """After an in-place action: the update's card for htmx, else the redirect."""
    context = _card(request, space, access, post_id) if is_htmx(request) else None
    return in_place(request, "twinspace/board/_post.html", context, fallback_url=fallback_url)


@require_POST
@space_view(Action.READ)
def post_like(request, space, access, post_id: int) -> HttpResponse:
    """Like an update, or take the like back; in place with htmx."""
    post = _twinboard_post(space, post_id)
    if PostLike.objects.filter(post=post, user=request.user).exists():
        services.unlike_post(actor=request.user, post=post)
        messages.success(request, _("You no longer like this update."))
    else:
        services.like_post(actor=request.user, post=post)
        messages.success(request, _("You like this update."))
    return _answer_with_card(
        request,
        space,
        access,
        post.pk,
        fallback_url=_safe_next(request, space.url("twinboard")) + f"#post-{post.pk}",
    )


@require_POST
@space_view(Action.READ)
def post_pin(request, space, access, post_id: int) -> HttpResponse:
    """Pin an update, or unpin it; in place with htmx."""
    post = _twinboard_post(space, post_id)
    if post.pinned_at is None:
        services.pin_post(actor=request.user, post=post)
        messages.success(request, _("The update is pinned at the top of the Twinboard."))
    else:
        services.unpin_post(actor=request.user, post=post)
        messages.success(request, _("The update is no longer pinned."))
    return _answer_with_card(
        request, space, access, post.pk, fallback_url=_safe_next(request, space.url("twinboard"))
    )


@require_POST
@space_view(Action.READ)
def post_comment(request, space, access, post_id: int) -> HttpResponse:
    """Comment on an update; bad input shows the update again with the typed text (the
    card alone with htmx, the update's page without)."""
    post = _twinboard_post(space, post_id)
    # In a card the form's ids name the update (several cards share a page).
    auto_id = f"id_comment_{post.pk}_%s" if is_htmx(request) else "id_%s"
    form = CommentForm(request.POST, auto_id=auto_id)
    if form.is_valid():
        try:
            services.comment_on_post(actor=request.user, post=post, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your comment was added."))
            return _answer_with_card(
                request,
                space,
                access,
                post.pk,
                fallback_url=_safe_next(request, space.url("post", post.pk)),
            )
    else:
        access.require(Action.LIKE_COMMENT)
    if is_htmx(request):
        messages.error(request, _("Your comment was not added: please correct it."))
        return fragment(
            request,
            "twinspace/board/_post.html",
            _card(request, space, access, post.pk, comment_form=form),
        )
    return _post_page(request, space, access, post, form)


@space_view(Action.READ)
def post_edit(request, space, access, post_id: int) -> HttpResponse:
    """Change an update or a bulletin message (its author or a moderator)."""
    post = _space_post(space, post_id)
    if post.channel == Post.Channel.BULLETIN and not services.may_read_bulletin(access):
        return _bulletin_denied(request)
    services.require_change_post(access, post)
    form = PostForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(actor=request.user, post=post, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("The message was changed."))
            return redirect(_channel_url(space, post))
    return render(
        request,
        "twinspace/board/post_edit.html",
        {"space": space, "access": access, "post": post, "form": form},
    )


@space_view(Action.READ)
def post_delete(request, space, access, post_id: int) -> HttpResponse:
    """Ask, then delete an update or a bulletin message."""
    post = _space_post(space, post_id)
    if post.channel == Post.Channel.BULLETIN and not services.may_read_bulletin(access):
        return _bulletin_denied(request)
    services.require_change_post(access, post)
    if request.method == "POST":
        services.delete_post(actor=request.user, post=post)
        messages.success(request, _("The message was deleted."))
        return redirect(_channel_url(space, post))
    return render(
        request,
        "twinspace/board/post_delete.html",
        {"space": space, "access": access, "post": post},
    )


@require_POST
@space_view(Action.READ)
def comment_delete(request, space, access, comment_id: int) -> HttpResponse:
    """Delete a comment (its author or a moderator)."""
    comment = get_object_or_404(
        PostComment.objects.select_related("post", "post__space"),
        pk=comment_id,
        post__space=space,
    )
    services.delete_comment(actor=request.user, comment=comment)
    messages.success(request, _("The comment was deleted."))
    return redirect(_safe_next(request, space.url("post", comment.post_id)))


# --- teacher bulletin ----------------------------------------------------------------


def bulletin(request: HttpRequest, space_id: int) -> HttpResponse:
    """The teachers-only bulletin: messages and the form to write one."""
    space, access = load_space(request, space_id)
    if not services.may_read_bulletin(access):
        return _bulletin_denied(request)
    form = None
    if request.method == "POST":
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                services.post_update(
                    actor=request.user,
                    space=space,
                    body=form.cleaned_data["body"],
                    channel=Post.Channel.BULLETIN,
                )
            except ValidationError as error:
                form.add_error("body", error)
            else:
                messages.success(request, _("Your message is on the teacher bulletin."))
                return redirect(space.url("bulletin"))
        else:
            access.require(Action.USE_BULLETIN)
    elif access.can(Action.USE_BULLETIN):
        form = PostForm()
    posts = (
        Post.objects.filter(space=space, channel=Post.Channel.BULLETIN)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    for post in page.object_list:
        post.author_label = author_label(post.author, public=False)
        post.may_change = services.may_change_post(access, post)
    return render(
        request,
        "twinspace/board/bulletin.html",
        {"space": space, "access": access, "page": page, "form": form},
    )


# --- journal ---------------------------------------------------------------------------


def journal(request: HttpRequest, space_id: int) -> HttpResponse:
    """The project journal: public once the space is open."""
    space, access = load_space(request, space_id)
    if not access.can_read_public():
        return deny(request)
    public = not access.can_read()
    entries = space.journal_entries.select_related("author").order_by("-created_at", "-pk")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.author_label = author_label(entry.author, public=public)
        entry.author_person = author_person(entry.author, public=public)
        entry.may_change = not public and access.can_change(Action.WRITE_JOURNAL, entry.author_id)
    return render(
        request, "twinspace/board/journal.html", {"space": space, "access": access, "page": page}
    )


@space_view(Action.WRITE_JOURNAL)
def journal_new(request, space, access) -> HttpResponse:
    form = JournalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_journal_entry(actor=request.user, space=space, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The journal entry was published."))
            return redirect(space.url("journal"))
    return render(
        request,
        "twinspace/board/journal_form.html",
        {"space": space, "access": access, "form": form, "entry": None},
    )


def _entry(space: Space, entry_id: int, access: SpaceAccess) -> JournalEntry:
    entry = get_object_or_404(
        JournalEntry.objects.select_related("space"), pk=entry_id, space=space
    )
    services.require_change_entry(access, entry)
    return entry


@space_view(Action.READ)
def journal_edit(request, space, access, entry_id: int) -> HttpResponse:
    entry = _entry(space, entry_id, access)
    form = JournalEntryForm(
        request.POST or None, initial={"title": entry.title, "body": entry.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_journal_entry(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The journal entry was changed."))
            return redirect(space.url("journal"))
    return render(
        request,
        "twinspace/board/journal_form.html",
        {"space": space, "access": access, "form": form, "entry": entry},
    )


@space_view(Action.READ)
def journal_delete(request, space, access, entry_id: int) -> HttpResponse:
    entry = _entry(space, entry_id, access)
    if request.method == "POST":
        services.delete_journal_entry(actor=request.user, entry=entry)
        messages.success(request, _("The journal entry was deleted."))
        return redirect(space.url("journal"))
    return render(
        request,
        "twinspace/board/journal_delete.html",
        {"space": space, "access": access, "entry": entry},
    )


# --- settings and logo -------------------------------------------------------------------


@space_view(Action.MANAGE_MEMBERS)
def space_settings(request, space, access) -> HttpResponse:
    """Description, public Twinboard and logo (administrators)."""
    form = SpaceSettingsForm(
        request.POST or None,
        request.FILES or None,
        initial={"description": space.description, "twinboard_public": space.twinboard_public},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_space_settings(actor=request.user, space=space, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect(space.url("settings"))
    return render(
        request,
        "twinspace/board/settings.html",
        {"space": space, "access": access, "form": form},
    )


def logo(request: HttpRequest, space_id: int) -> HttpResponse:
    """The space's logo, streamed from private storage to whoever may see the public page."""
    space, access = load_space(request, space_id)
    if not access.can_read_public() or not space.logo:
        raise Http404
    try:
        handle = space.logo.storage.open(space.logo.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=services.logo_content_type(space.logo.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=300"
    return response
