"""Forums (discussion → thread → replies) and pupil walls of a space (DOMAIN.md §4).

Every function takes the acting user as ``actor`` and asks the space's policy again,
whatever the view already checked: an archived space refuses every change with the
policy's message. The counters on the rows (``Discussion.thread_count``,
``Thread.reply_count``, ``Thread.last_activity_at``) are kept here with ``F()``
updates, so lists never count.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import audit
from core.models import User
from core.notifications import notify_people
from core.sanitiser import clean_rich_text
from plugins.twinspace.models import (
    PUPIL_ROLES,
    Discussion,
    Membership,
    Reply,
    Space,
    Thread,
    WallPost,
)
from plugins.twinspace.policy import Action, SpaceAccess, access_for

# Audit actions written by this module's services: one name per change.
DISCUSSION_CREATED = "twinspace.discussion_created"
DISCUSSION_DELETED = "twinspace.discussion_deleted"
REPLY_DELETED = "twinspace.reply_deleted"
REPLY_EDITED = "twinspace.reply_edited"
REPLY_MODERATED = "twinspace.reply_moderated"
REPLY_POSTED = "twinspace.reply_posted"
THREAD_DELETED = "twinspace.thread_deleted"
THREAD_STARTED = "twinspace.thread_started"
WALL_ANSWER_CREATED = "twinspace.wall_answer_created"
WALL_POST_CREATED = "twinspace.wall_post_created"
WALL_POST_DELETED = "twinspace.wall_post_deleted"

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2000
# What a person may type into a rich-text box (before cleaning); generous but bounded.
MAX_RICH_TEXT_LENGTH = 20_000
MAX_WALL_MESSAGE_LENGTH = 2000

# Marked for translation here, translated in each recipient's language when sent.
TITLE_REPLY = gettext_noop("New reply in the thread “%(thread)s” of %(space)s")
TITLE_WALL_ANSWER = gettext_noop("Someone answered a message on your wall in %(space)s")
BODY_REPLY = gettext_noop(
    "%(actor)s replied in the thread “%(thread)s” of %(space)s, where you took part. "
    "Open the thread to read the reply."
)
BODY_WALL_ANSWER = gettext_noop(
    "%(actor)s answered a message on your wall in %(space)s. Open your wall to read it."
)


# --- checks ------------------------------------------------------------------------


def _require(actor: User, space: Space, action: Action) -> SpaceAccess:
    access = access_for(actor, space)
    access.require(action)
    return access


def require_change(actor: User, space: Space, action: Action, author_id: int | None) -> None:
    """The author (still holding ``action``) or a moderator; otherwise say why not."""
    access = access_for(actor, space)
    if access.can_change(action, author_id):
        return
    if space.is_read_only or not access.can_read():
        # The policy's own message: archived, guest, or not a member.
        access.require(Action.MODERATE)
    raise PermissionDenied(_("Only its author or a moderator of the space may change this."))


def _clean_title(title: str) -> str:
    title = (title or "").replace("\x00", "").strip()
    if not title:
        raise ValidationError(_("Please give a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            _("The title may have at most %(max)d characters.") % {"max": MAX_TITLE_LENGTH}
        )
    return title


def _clean_plain(text: str, *, max_length: int, empty_message: str | None) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text and empty_message:
        raise ValidationError(empty_message)
    if len(text) > max_length:
        raise ValidationError(
            _("Please write at most %(max)d characters (you wrote %(count)d).")
            % {"max": max_length, "count": len(text)}
        )
    return text


def _clean_message(text: str) -> str:
    """Rich text, sanitised; a message that is empty once cleaned is refused."""
    text = (text or "").replace("\x00", "")
    if len(text) > MAX_RICH_TEXT_LENGTH:
        raise ValidationError(
            _("Please write at most %(max)d characters (you wrote %(count)d).")
            % {"max": MAX_RICH_TEXT_LENGTH, "count": len(text)}
        )
    cleaned = clean_rich_text(text)
    if not cleaned:
        raise ValidationError(_("Please write a message."))
    return cleaned


# --- discussions -------------------------------------------------------------------


def create_discussion(
    *, actor: User, space: Space, title: str, description: str = ""
) -> Discussion:
    """Open a new discussion in the space's forums (teacher administrators and experts)."""
    _require(actor, space, Action.CREATE_DISCUSSION)
    title = _clean_title(title)
    description = _clean_plain(description, max_length=MAX_DESCRIPTION_LENGTH, empty_message=None)
    with transaction.atomic():
        discussion = Discussion.objects.create(
            space=space, title=title, description=description, created_by=actor
        )
        audit.record(DISCUSSION_CREATED, actor=actor, target=discussion)
    return discussion


def delete_discussion(*, actor: User, discussion: Discussion) -> None:
    """Remove a discussion with all its threads and replies (moderators)."""
    space = discussion.space
    _require(actor, space, Action.MODERATE)
    with transaction.atomic():
        audit.record(
            DISCUSSION_DELETED,
            actor=actor,
            target=discussion,
            space_id=space.pk,
            title=discussion.title,
            threads=discussion.thread_count,
        )
        discussion.delete()


# --- threads -----------------------------------------------------------------------


def start_thread(*, actor: User, discussion: Discussion, title: str, body: str) -> Thread:
    """Start a thread in a discussion with its opening message."""
    _require(actor, discussion.space, Action.CREATE_THREAD)
    title = _clean_title(title)
    body = _clean_message(body)
    with transaction.atomic():
        now = timezone.now()
        thread = Thread.objects.create(
            discussion=discussion,
            title=title,
            body=body,
            author=actor,
            created_at=now,
            last_activity_at=now,
        )
        Discussion.objects.filter(pk=discussion.pk).update(thread_count=F("thread_count") + 1)
        audit.record(THREAD_STARTED, actor=actor, target=thread, space_id=discussion.space_id)
    discussion.refresh_from_db(fields=["thread_count"])
    return thread


def delete_thread(*, actor: User, thread: Thread) -> None:
    """Remove a thread and its replies: its author or a moderator."""
    discussion = thread.discussion
    require_change(actor, discussion.space, Action.CREATE_THREAD, thread.author_id)
    with transaction.atomic():
        audit.record(
            THREAD_DELETED,
            actor=actor,
            target=thread,
            space_id=discussion.space_id,
            by_author=actor.pk == thread.author_id,
        )
        thread.delete()
        # Never below zero, even if two people delete at once.
        Discussion.objects.filter(pk=discussion.pk, thread_count__gt=0).update(
            thread_count=F("thread_count") - 1
        )
    discussion.refresh_from_db(fields=["thread_count"])


# --- replies -----------------------------------------------------------------------


def _people_to_tell_about_reply(thread: Thread, space: Space):
    """The thread's author and everyone who replied before, while still members."""
    earlier_repliers = Reply.objects.filter(thread=thread).values("author_id")
    return User.objects.filter(
        Q(pk=thread.author_id) | Q(pk__in=earlier_repliers),
        space_memberships__space=space,
    ).distinct()


def reply_to_thread(*, actor: User, thread: Thread, body: str) -> Reply:
    """Reply in a thread; the thread's author and earlier repliers are notified."""
    space = thread.discussion.space
    _require(actor, space, Action.REPLY)
    body = _clean_message(body)
    with transaction.atomic():
        # Whom to tell is decided before this reply exists, so the replier is never in it.
        recipients = list(_people_to_tell_about_reply(thread, space))
        now = timezone.now()
        reply = Reply.objects.create(thread=thread, author=actor, body=body, created_at=now)
        audit.record(REPLY_POSTED, actor=actor, target=reply, thread_id=thread.pk)
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=now
        )
        notify_people(
            recipients,
            kind="twinspace.reply",
            title=TITLE_REPLY,
            body=BODY_REPLY,
            params={"thread": thread.title, "space": space.title},
            url=space.url("thread", thread.pk),
            exclude=actor,
            actor=actor,
        )
    thread.refresh_from_db(fields=["reply_count", "last_activity_at"])
    return reply


def edit_reply(*, actor: User, reply: Reply, body: str) -> Reply:
    """Change a reply's text: its author or a moderator."""
    space = reply.thread.discussion.space
    require_change(actor, space, Action.REPLY, reply.author_id)
    body = _clean_message(body)
    with transaction.atomic():
        reply.body = body
        reply.edited_at = timezone.now()
        reply.save(update_fields=["body", "edited_at"])
        # A moderator changing someone's words is a different change from an author's edit.
        audit.record(
            REPLY_EDITED if actor.pk == reply.author_id else REPLY_MODERATED,
            actor=actor,
            target=reply,
        )
    return reply


def delete_reply(*, actor: User, reply: Reply) -> None:
    """Remove a reply: its author or a moderator. The thread's counter follows."""
    thread = reply.thread
    require_change(actor, thread.discussion.space, Action.REPLY, reply.author_id)
    with transaction.atomic():
        audit.record(
            REPLY_DELETED,
            actor=actor,
            target=reply,
            thread_id=thread.pk,
            by_author=actor.pk == reply.author_id,
        )
        reply.delete()
        Thread.objects.filter(pk=thread.pk, reply_count__gt=0).update(
            reply_count=F("reply_count") - 1
        )
    thread.refresh_from_db(fields=["reply_count"])


# --- pupil walls -------------------------------------------------------------------


def is_pupil_member(space: Space, user_id: int) -> bool:
    """Whether ``user_id`` is a pupil (or pupil administrator) of ``space``."""
    return Membership.objects.filter(space=space, user_id=user_id, role__in=PUPIL_ROLES).exists()


def _check_walls(space: Space) -> None:
    if space.kind != Space.Kind.PROJECT:
        raise ValidationError(_("Groups have no pupils, so they have no pupil walls."))


def _clean_wall_message(body: str) -> str:
    return _clean_plain(
        body,
        max_length=MAX_WALL_MESSAGE_LENGTH,
        empty_message=_("Please write a message."),
    )


def post_on_wall(*, actor: User, space: Space, wall_owner: User, body: str) -> WallPost:
    """A pupil starts a conversation on their own wall: the pupil always posts first."""
    _check_walls(space)
    _require(actor, space, Action.REPLY)
    if not is_pupil_member(space, wall_owner.pk):
        raise ValidationError(_("This person is not a pupil of this project."))
    if actor.pk != wall_owner.pk:
        raise PermissionDenied(
            _("Only the pupil writes the first message on their wall; you can answer it.")
        )
    body = _clean_wall_message(body)
    with transaction.atomic():
        post = WallPost.objects.create(space=space, wall_owner=wall_owner, author=actor, body=body)
        audit.record(WALL_POST_CREATED, actor=actor, target=post, space_id=space.pk)
    return post


def answer_on_wall(*, actor: User, post: WallPost, body: str) -> WallPost:
    """Answer a message on a pupil's wall (every member who may reply)."""
    space = post.space
    _check_walls(space)
    _require(actor, space, Action.REPLY)
    if post.parent_id is not None:
        raise ValidationError(_("Please answer the first message of the conversation."))
    body = _clean_wall_message(body)
    with transaction.atomic():
        answer = WallPost.objects.create(
            space=space, wall_owner_id=post.wall_owner_id, parent=post, author=actor, body=body
        )
        audit.record(WALL_ANSWER_CREATED, actor=actor, target=answer, parent_id=post.pk)
        notify_people(
            User.objects.filter(pk=post.wall_owner_id),
            kind="twinspace.wall_answer",
            title=TITLE_WALL_ANSWER,
            body=BODY_WALL_ANSWER,
            params={"space": space.title},
            url=space.url("wall", post.wall_owner_id),
            exclude=actor,
            actor=actor,
        )
    return answer


def delete_wall_post(*, actor: User, post: WallPost) -> None:
    """Remove a wall message (and its answers): its author or a moderator."""
    require_change(actor, post.space, Action.REPLY, post.author_id)
    with transaction.atomic():
        audit.record(
            WALL_POST_DELETED,
            actor=actor,
            target=post,
            space_id=post.space_id,
            wall_owner_id=post.wall_owner_id,
            by_author=actor.pk == post.author_id,
        )
        post.delete()
