"""The forums (discussion → thread → replies) and the pupil walls of a space.

Every view takes ``(request, space, access)`` from ``@space_view``; the services check
the policy again before they change anything.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from plugins.twinspace.access import space_kind_of, space_view
from plugins.twinspace.forums import services
from plugins.twinspace.forums.forms import (
    DiscussionForm,
    ReplyForm,
    ThreadForm,
    WallAnswerForm,
    WallMessageForm,
)
from plugins.twinspace.models import (
    PUPIL_ROLES,
    Discussion,
    Membership,
    Reply,
    Space,
    Thread,
    WallPost,
)
from plugins.twinspace.policy import Action, SpaceAccess

DISCUSSIONS_PER_PAGE = 20
THREADS_PER_PAGE = 20
REPLIES_PER_PAGE = 20
PUPILS_PER_PAGE = 30
WALL_POSTS_PER_PAGE = 10


def _error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("Your role in this space does not allow this.")


# --- forums ----------------------------------------------------------------------------


def _discussion(space: Space, discussion_id: int) -> Discussion:
    return get_object_or_404(Discussion, pk=discussion_id, space=space)


def _thread(space: Space, thread_id: int) -> Thread:
    return get_object_or_404(
        Thread.objects.select_related("discussion", "author"),
        pk=thread_id,
        discussion__space=space,
    )


def _reply(space: Space, reply_id: int) -> Reply:
    return get_object_or_404(
        Reply.objects.select_related("thread__discussion", "author"),
        pk=reply_id,
        thread__discussion__space=space,
    )


@space_view(Action.READ)
def forum_list(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    discussions = (
        Discussion.objects.filter(space=space)
        .select_related("created_by")
        .annotate(last_activity_at=Max("threads__last_activity_at"))
        # An aggregate leaves out Meta.ordering: keep the discussions' own order.
        .order_by(*Discussion._meta.ordering)
    )
    page = Paginator(discussions, DISCUSSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "twinspace/forums/list.html",
        {"space": space, "access": access, "page": page},
    )


@space_view(Action.CREATE_DISCUSSION)
def discussion_new(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    form = DiscussionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            discussion = services.create_discussion(
                actor=request.user, space=space, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The discussion is open."))
            return redirect(space.url("discussion", discussion.pk))
    return render(
        request,
        "twinspace/forums/discussion_form.html",
        {"space": space, "access": access, "form": form},
    )


@space_view(Action.READ)
def discussion_detail(
    request: HttpRequest, space: Space, access: SpaceAccess, discussion_id: int
) -> HttpResponse:
    discussion = _discussion(space, discussion_id)
    threads = discussion.threads.select_related("author").order_by("-last_activity_at", "-pk")
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "twinspace/forums/discussion.html",
        {"space": space, "access": access, "discussion": discussion, "page": page},
    )


@require_POST
@space_view(Action.MODERATE)
def discussion_delete(
    request: HttpRequest, space: Space, access: SpaceAccess, discussion_id: int
) -> HttpResponse:
    discussion = _discussion(space, discussion_id)
    discussion.space = space
    services.delete_discussion(actor=request.user, discussion=discussion)
    messages.success(request, _("The discussion and its threads were removed."))
    return redirect(space.url("forums"))


@space_view(Action.CREATE_THREAD)
def thread_new(
    request: HttpRequest, space: Space, access: SpaceAccess, discussion_id: int
) -> HttpResponse:
    discussion = _discussion(space, discussion_id)
    discussion.space = space
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread(
                actor=request.user, discussion=discussion, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your thread is started."))
            return redirect(space.url("thread", thread.pk))
    return render(
        request,
        "twinspace/forums/thread_form.html",
        {"space": space, "access": access, "discussion": discussion, "form": form},
    )


def _thread_page(
    request: HttpRequest,
    space: Space,
    access: SpaceAccess,
    thread: Thread,
    form: ReplyForm,
    *,
    page_number: str | int | None = None,
) -> HttpResponse:
    replies = thread.replies.select_related("author").order_by("created_at", "pk")
    page = Paginator(replies, REPLIES_PER_PAGE).get_page(page_number)
    rows = list(page.object_list)
    # Decided here from the access already resolved: no query per reply.
    for reply in rows:
        reply.can_change = access.can_change(Action.REPLY, reply.author_id)
    return render(
        request,
        "twinspace/forums/thread.html",
        {
            "space": space,
            "access": access,
            "thread": thread,
            "discussion": thread.discussion,
            "page": page,
            "replies": rows,
            "form": form,
            "can_delete_thread": access.can_change(Action.CREATE_THREAD, thread.author_id),
        },
    )


@space_view(Action.READ)
def thread_detail(
    request: HttpRequest, space: Space, access: SpaceAccess, thread_id: int
) -> HttpResponse:
    thread = _thread(space, thread_id)
    return _thread_page(
        request, space, access, thread, ReplyForm(), page_number=request.GET.get("page")
    )


def _last_page(reply_count: int) -> int:
    return max(1, math.ceil(reply_count / REPLIES_PER_PAGE))


@require_POST
@space_view(Action.READ)
def thread_reply(
    request: HttpRequest, space: Space, access: SpaceAccess, thread_id: int
) -> HttpResponse:
    thread = _thread(space, thread_id)
    thread.discussion.space = space
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = services.reply_to_thread(
                actor=request.user, thread=thread, body=form.cleaned_data["body"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your reply is posted."))
            page = _last_page(thread.reply_count)
            return redirect(f"{space.url('thread', thread.pk)}?page={page}#reply-{reply.pk}")
    # The typed text stays in the form, with the message saying what to fix.
    return _thread_page(
        request, space, access, thread, form, page_number=_last_page(thread.reply_count)
    )


@require_POST
@space_view(Action.READ)
def thread_delete(
    request: HttpRequest, space: Space, access: SpaceAccess, thread_id: int
) -> HttpResponse:
    thread = _thread(space, thread_id)
    thread.discussion.space = space
    services.delete_thread(actor=request.user, thread=thread)
    messages.success(request, _("The thread was removed."))
    return redirect(space.url("discussion", thread.discussion.pk))


@space_view(Action.READ)
def reply_edit(
    request: HttpRequest, space: Space, access: SpaceAccess, reply_id: int
) -> HttpResponse:
    reply = _reply(space, reply_id)
    reply.thread.discussion.space = space
    # Say why before showing a form that the service would refuse anyway.
    services.require_change(request.user, space, Action.REPLY, reply.author_id)
    form = ReplyForm(request.POST or None, initial={"body": reply.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_reply(actor=request.user, reply=reply, body=form.cleaned_data["body"])
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The reply was changed."))
            return redirect(f"{space.url('thread', reply.thread_id)}#reply-{reply.pk}")
    return render(
        request,
        "twinspace/forums/reply_form.html",
        {"space": space, "access": access, "reply": reply, "thread": reply.thread, "form": form},
    )


@require_POST
@space_view(Action.READ)
def reply_delete(
    request: HttpRequest, space: Space, access: SpaceAccess, reply_id: int
) -> HttpResponse:
    reply = _reply(space, reply_id)
    reply.thread.discussion.space = space
    thread_id = reply.thread_id
    services.delete_reply(actor=request.user, reply=reply)
    messages.success(request, _("The reply was removed."))
    return redirect(space.url("thread", thread_id))


# --- pupil walls ----------------------------------------------------------------------


def projects_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Groups have no pupils, so no walls: their wall URLs do not exist, for anyone."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if space_kind_of(request) != Space.Kind.PROJECT:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def wall_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a pupil-wall view taking ``(request, space, access, **kwargs)``: projects
    only, and only for the project's members: guests never see pupil walls."""

    @projects_only
    @space_view(Action.READ)
    @functools.wraps(view)
    def wrapper(request: HttpRequest, space: Space, access: SpaceAccess, **kwargs) -> HttpResponse:
        access.require_walls()
        return view(request, space=space, access=access, **kwargs)

    return wrapper


@wall_view
def wall_list(request: HttpRequest, space: Space, access: SpaceAccess) -> HttpResponse:
    pupils = (
        Membership.objects.filter(space=space, role__in=PUPIL_ROLES)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user_id")
    )
    page = Paginator(pupils, PUPILS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    # One query counts the messages of every wall on the page.
    counts = dict(
        WallPost.objects.filter(space=space, wall_owner_id__in=[m.user_id for m in rows])
        .values_list("wall_owner_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for membership in rows:
        membership.wall_message_count = counts.get(membership.user_id, 0)
    return render(
        request,
        "twinspace/forums/walls.html",
        {"space": space, "access": access, "page": page, "pupils": rows},
    )


def _wall_owner(space: Space, pupil_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"),
        space=space,
        user_id=pupil_id,
        role__in=PUPIL_ROLES,
    )


def _wall_page(
    request: HttpRequest,
    space: Space,
    access: SpaceAccess,
    owner: Membership,
    *,
    post_form: WallMessageForm | None = None,
    failed_answer: tuple[int, WallAnswerForm] | None = None,
    page_number: str | int | None = None,
) -> HttpResponse:
    pupil = owner.user
    posts = (
        WallPost.objects.filter(space=space, wall_owner=pupil, parent=None)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=WallPost.objects.select_related("author").order_by("created_at", "pk"),
            )
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(posts, WALL_POSTS_PER_PAGE).get_page(page_number or request.GET.get("page"))
    rows = list(page.object_list)
    can_answer = access.can(Action.REPLY)
    for post in rows:
        post.can_change = access.can_change(Action.REPLY, post.author_id)
        for answer in post.answers.all():
            answer.can_change = access.can_change(Action.REPLY, answer.author_id)
        if failed_answer is not None and failed_answer[0] == post.pk:
            post.answer_form = failed_answer[1]
        elif can_answer:
            # Each answer box gets its own ids so every label points at its own field.
            post.answer_form = WallAnswerForm(auto_id=f"id_answer_{post.pk}_%s")
    is_owner = access.user_id == pupil.pk
    can_post = is_owner and access.can(Action.REPLY)
    if can_post and post_form is None:
        post_form = WallMessageForm()
    return render(
        request,
        "twinspace/forums/wall.html",
        {
            "space": space,
            "access": access,
            "pupil": pupil,
            "is_owner": is_owner,
            "page": page,
            "posts": rows,
            "post_form": post_form if can_post else None,
            "can_answer": can_answer,
        },
    )


@wall_view
def wall_detail(
    request: HttpRequest, space: Space, access: SpaceAccess, pupil_id: int
) -> HttpResponse:
    return _wall_page(request, space, access, _wall_owner(space, pupil_id))


@wall_view
@require_POST
def wall_post(
    request: HttpRequest, space: Space, access: SpaceAccess, pupil_id: int
) -> HttpResponse:
    owner = _wall_owner(space, pupil_id)
    form = WallMessageForm(request.POST)
    if form.is_valid():
        try:
            services.post_on_wall(
                actor=request.user, space=space, wall_owner=owner.user, **form.cleaned_data
            )
        except PermissionDenied as error:
            # Nobody but the pupil gets a form here: a plain refusal, with the reason.
            messages.error(request, _error_text(error))
            return redirect(space.url("wall", pupil_id))
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, pgettext("pupil", "Your message is on your wall."))
            return redirect(space.url("wall", pupil_id))
    return _wall_page(request, space, access, owner, post_form=form)


@wall_view
@require_POST
def wall_answer(
    request: HttpRequest, space: Space, access: SpaceAccess, pupil_id: int, post_id: int
) -> HttpResponse:
    owner = _wall_owner(space, pupil_id)
    post = get_object_or_404(
        WallPost, pk=post_id, space=space, wall_owner_id=pupil_id, parent__isnull=True
    )
    post.space = space
    form = WallAnswerForm(request.POST, auto_id=f"id_answer_{post.pk}_%s")
    if form.is_valid():
        try:
            services.answer_on_wall(actor=request.user, post=post, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your answer is posted."))
            return redirect(f"{space.url('wall', pupil_id)}#wall-post-{post.pk}")
    # Show the page that holds the conversation, so the message appears beside it.
    newer = (
        WallPost.objects.filter(space=space, wall_owner_id=pupil_id, parent=None)
        .filter(Q(created_at__gt=post.created_at) | Q(created_at=post.created_at, pk__gt=post.pk))
        .count()
    )
    return _wall_page(
        request,
        space,
        access,
        owner,
        failed_answer=(post.pk, form),
        page_number=newer // WALL_POSTS_PER_PAGE + 1,
    )


@wall_view
@require_POST
def wall_delete(
    request: HttpRequest, space: Space, access: SpaceAccess, post_id: int
) -> HttpResponse:
    post = get_object_or_404(WallPost, pk=post_id, space=space)
    post.space = space
    services.delete_wall_post(actor=request.user, post=post)
    messages.success(request, _("The message was removed."))
    return redirect(space.url("wall", post.wall_owner_id))
