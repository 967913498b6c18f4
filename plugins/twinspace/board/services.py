"""State changes of the space home: Twinboard, teacher bulletin, journal and settings.

Every function re-checks the policy with ``access_for(actor, space)``: a view's check is
never trusted alone. Counters on ``Post`` are kept with ``F()`` updates so lists of
updates need no counting queries.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import audit
from core.models import User
from core.notifications import local_date, notify_people
from core.sanitiser import clean_rich_text
from plugins.twinspace.models import JournalEntry, Post, PostComment, PostLike, Space
from plugins.twinspace.policy import Action, SpaceAccess, access_for, role_can

# Audit actions written by this module's services: one name per change.
COMMENT_CREATED = "twinspace.comment_created"
COMMENT_DELETED = "twinspace.comment_deleted"
JOURNAL_DELETED = "twinspace.journal_deleted"
JOURNAL_EDITED = "twinspace.journal_edited"
JOURNAL_WRITTEN = "twinspace.journal_written"
POST_CREATED = "twinspace.post_created"
POST_DELETED = "twinspace.post_deleted"
POST_EDITED = "twinspace.post_edited"
POST_PINNED = "twinspace.post_pinned"
POST_UNPINNED = "twinspace.post_unpinned"
SETTINGS_CHANGED = "twinspace.settings_changed"

MAX_POST_LENGTH = 20_000
MAX_COMMENT_LENGTH = 2000
MAX_JOURNAL_LENGTH = 50_000
MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 5000

# Pillow format name → (file extension, content type). Only raster formats a browser
# shows as an image: an SVG could carry scripts, so it is not accepted.
LOGO_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}
LOGO_CONTENT_TYPES = dict(LOGO_FORMATS.values())

TITLE_COMMENTED = gettext_noop("Someone commented on your update in %(space)s")
BODY_COMMENTED = gettext_noop(
    "%(actor)s commented on your update of %(date)s in %(space)s. Open it to read the "
    "comment and answer."
)


# --- helpers -----------------------------------------------------------------------


def _access(actor: User, space: Space) -> SpaceAccess:
    return access_for(actor, space)


def _channel_action(post: Post) -> Action:
    return Action.USE_BULLETIN if post.channel == Post.Channel.BULLETIN else Action.POST_UPDATE


def _clean_body(text: str, *, max_length: int, empty_message: str) -> str:
    text = (text or "").replace("\x00", "")
    if len(text) > max_length:
        raise ValidationError(
            _("The text may have at most %(max)d characters.") % {"max": max_length}
        )
    body = clean_rich_text(text)
    if not body:
        raise ValidationError(empty_message)
    return body


def _clean_title(title: str) -> str:
    title = (title or "").replace("\x00", "").strip()
    if not title:
        raise ValidationError(_("Please give the entry a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            _("The title may have at most %(max)d characters.") % {"max": MAX_TITLE_LENGTH}
        )
    return title


def _require_twinboard(post: Post) -> None:
    if post.channel != Post.Channel.TWINBOARD:
        raise ValidationError(_("Only Twinboard updates can be liked, commented on or pinned."))


def may_read_bulletin(access: SpaceAccess) -> bool:
    """Teachers of the space read the bulletin, also once the space is archived."""
    return access.can_read() and role_can(access.role, Action.USE_BULLETIN)


def may_change_post(access: SpaceAccess, post: Post) -> bool:
    """The author (still allowed to post there) or a moderator; bulletin: its teachers only."""
    action = _channel_action(post)
    if action is Action.USE_BULLETIN and not access.can(Action.USE_BULLETIN):
        return False
    return access.can_change(action, post.author_id)


def require_change_post(access: SpaceAccess, post: Post) -> None:
    """Raise ``PermissionDenied`` saying why, unless ``access`` may change ``post``."""
    if may_change_post(access, post):
        return
    access.require(_channel_action(post))  # archived, guest, role: the precise reason
    raise PermissionDenied(_("Only its author or a moderator may change this message."))


def require_change_entry(access: SpaceAccess, entry: JournalEntry) -> None:
    """Raise ``PermissionDenied`` saying why, unless ``access`` may change ``entry``."""
    if access.can_change(Action.WRITE_JOURNAL, entry.author_id):
        return
    access.require(Action.WRITE_JOURNAL)
    raise PermissionDenied(_("Only its author or a moderator may change this entry."))


# --- Twinboard and bulletin --------------------------------------------------------


def post_update(
    *, actor: User, space: Space, body: str, channel: str = Post.Channel.TWINBOARD
) -> Post:
    """Post an update on the Twinboard or a message on the teachers' bulletin."""
    if channel not in Post.Channel.values:
        raise ValidationError(_("Unknown channel."))
    action = Action.USE_BULLETIN if channel == Post.Channel.BULLETIN else Action.POST_UPDATE
    _access(actor, space).require(action)
    body = _clean_body(body, max_length=MAX_POST_LENGTH, empty_message=_("Please write a message."))
    with transaction.atomic():
        post = Post.objects.create(space=space, channel=channel, author=actor, body=body)
        audit.record(POST_CREATED, actor=actor, target=post, space_id=space.pk, channel=channel)
    return post


def edit_post(*, actor: User, post: Post, body: str) -> Post:
    """Change the text of an update or bulletin message (its author or a moderator)."""
    require_change_post(_access(actor, post.space), post)
    body = _clean_body(body, max_length=MAX_POST_LENGTH, empty_message=_("Please write a message."))
    with transaction.atomic():
        post.body = body
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "edited_at"])
        if post.author_id != actor.pk:
            audit.record(POST_EDITED, actor=actor, target=post)
    return post


def delete_post(*, actor: User, post: Post) -> None:
    """Remove an update or bulletin message with its comments and likes."""
    require_change_post(_access(actor, post.space), post)
    with transaction.atomic():
        audit.record(
            POST_DELETED,
            actor=actor,
            target=post,
            space_id=post.space_id,
            channel=post.channel,
            author_id=post.author_id,
        )
        post.delete()


def like_post(*, actor: User, post: Post) -> bool:
    """Like an update; liking twice changes nothing. Returns whether a like was added."""
    _require_twinboard(post)
    _access(actor, post.space).require(Action.LIKE_COMMENT)
    try:
        with transaction.atomic():
            _, created = PostLike.objects.get_or_create(post=post, user=actor)
            if created:
                Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
    except IntegrityError:
        # Two requests raced; the unique constraint kept one like.
        return False
    return created


def unlike_post(*, actor: User, post: Post) -> bool:
    """Take back a like; returns whether there was one."""
    _require_twinboard(post)
    _access(actor, post.space).require(Action.LIKE_COMMENT)
    with transaction.atomic():
        deleted, _ = PostLike.objects.filter(post=post, user=actor).delete()
        if deleted:
            Post.objects.filter(pk=post.pk, like_count__gt=0).update(like_count=F("like_count") - 1)
    return bool(deleted)


def comment_on_post(*, actor: User, post: Post, body: str) -> PostComment:
    """Comment on an update; its author is notified (never the commenter themself)."""
    _require_twinboard(post)
    space = post.space
    _access(actor, space).require(Action.LIKE_COMMENT)
    body = _clean_body(
        body, max_length=MAX_COMMENT_LENGTH, empty_message=_("Please write a comment.")
    )
    with transaction.atomic():
        comment = PostComment.objects.create(post=post, author=actor, body=body)
        audit.record(COMMENT_CREATED, actor=actor, target=comment, post_id=post.pk)
        Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
        notify_people(
            [post.author],
            kind="twinspace.comment",
            title=TITLE_COMMENTED,
            body=BODY_COMMENTED,
            params={"space": space.title, "date": local_date(post.created_at)},
            url=space.url("post", post.pk),
            exclude=actor,
            actor=actor,
        )
    return comment


def delete_comment(*, actor: User, comment: PostComment) -> None:
    """Remove a comment (its author or a moderator)."""
    post = comment.post
    access = _access(actor, post.space)
    if not access.can_change(Action.LIKE_COMMENT, comment.author_id):
        access.require(Action.LIKE_COMMENT)
        raise PermissionDenied(_("Only its author or a moderator may delete this comment."))
    with transaction.atomic():
        if comment.author_id != actor.pk:
            audit.record(COMMENT_DELETED, actor=actor, target=comment, post_id=post.pk)
        comment.delete()
        Post.objects.filter(pk=post.pk, comment_count__gt=0).update(
            comment_count=F("comment_count") - 1
        )


def pin_post(*, actor: User, post: Post) -> Post:
    """Pin an update at the top of the Twinboard (administrators)."""
    _require_twinboard(post)
    _access(actor, post.space).require(Action.MANAGE_MEMBERS)
    with transaction.atomic():
        if post.pinned_at is None:
            post.pinned_at = timezone.now()
            post.save(update_fields=["pinned_at"])
            audit.record(POST_PINNED, actor=actor, target=post)
    return post


def unpin_post(*, actor: User, post: Post) -> Post:
    """Let a pinned update take its place among the others again."""
    _require_twinboard(post)
    _access(actor, post.space).require(Action.MANAGE_MEMBERS)
    with transaction.atomic():
        if post.pinned_at is not None:
            post.pinned_at = None
            post.save(update_fields=["pinned_at"])
            audit.record(POST_UNPINNED, actor=actor, target=post)
    return post


# --- journal -------------------------------------------------------------------------


def write_journal_entry(*, actor: User, space: Space, title: str, body: str) -> JournalEntry:
    """Add an entry to the project's public journal."""
    _access(actor, space).require(Action.WRITE_JOURNAL)
    title = _clean_title(title)
    body = _clean_body(
        body, max_length=MAX_JOURNAL_LENGTH, empty_message=_("Please write the entry.")
    )
    with transaction.atomic():
        entry = JournalEntry.objects.create(space=space, author=actor, title=title, body=body)
        audit.record(JOURNAL_WRITTEN, actor=actor, target=entry, space_id=space.pk)
    return entry


def edit_journal_entry(*, actor: User, entry: JournalEntry, title: str, body: str) -> JournalEntry:
    """Change a journal entry (its author or a moderator)."""
    require_change_entry(_access(actor, entry.space), entry)
    title = _clean_title(title)
    body = _clean_body(
        body, max_length=MAX_JOURNAL_LENGTH, empty_message=_("Please write the entry.")
    )
    with transaction.atomic():
        entry.title = title
        entry.body = body
        entry.edited_at = timezone.now()
        entry.save(update_fields=["title", "body", "edited_at"])
        if entry.author_id != actor.pk:
            audit.record(JOURNAL_EDITED, actor=actor, target=entry)
    return entry


def delete_journal_entry(*, actor: User, entry: JournalEntry) -> None:
    """Remove a journal entry (its author or a moderator)."""
    require_change_entry(_access(actor, entry.space), entry)
    with transaction.atomic():
        audit.record(
            JOURNAL_DELETED,
            actor=actor,
            target=entry,
            space_id=entry.space_id,
            title=entry.title,
        )
        entry.delete()


# --- settings and logo ------------------------------------------------------------------


def check_logo(upload: UploadedFile) -> str:
    """Raise ``ValidationError`` unless ``upload`` is a real PNG, JPEG, GIF or WebP image
    within the size limit; return the file extension matching its real format."""
    from PIL import Image, UnidentifiedImageError

    max_mb = settings.OPENTWIN_MAX_IMAGE_MB
    if upload.size is not None and upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The logo is too large: images may have at most %(max)d MB.") % {"max": max_mb}
        )
    message = _("The logo must be a PNG, JPEG, GIF or WebP image.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(message) from error
    finally:
        upload.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(message)
    return LOGO_FORMATS[image_format][0]


def logo_content_type(name: str) -> str:
    """The content type of a stored logo, from the extension the service gave it."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return LOGO_CONTENT_TYPES.get(extension, "application/octet-stream")


def update_space_settings(
    *,
    actor: User,
    space: Space,
    description: str,
    twinboard_public: bool,
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> Space:
    """Change the space's description, public Twinboard and logo (administrators)."""
    _access(actor, space).require(Action.MANAGE_MEMBERS)
    description = (description or "").replace("\x00", "").strip()
    if not description:
        raise ValidationError(_("Please describe the space."))
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise ValidationError(
            _("The description may have at most %(max)d characters.")
            % {"max": MAX_DESCRIPTION_LENGTH}
        )
    extension = check_logo(logo) if logo is not None else None
    old_logo = space.logo.name if space.logo else ""
    with transaction.atomic():
        space.description = description
        space.twinboard_public = bool(twinboard_public)
        space.updated_at = timezone.now()
        if logo is not None:
            # The name comes from the checked format, never from the uploaded file name.
            space.logo.save(f"logo.{extension}", logo, save=False)
        elif remove_logo:
            space.logo = ""
        space.save(update_fields=["description", "twinboard_public", "logo", "updated_at"])
        audit.record(
            SETTINGS_CHANGED,
            actor=actor,
            target=space,
            twinboard_public=space.twinboard_public,
            logo="replaced" if logo is not None else ("removed" if remove_logo else "kept"),
        )
        if old_logo and (logo is not None or remove_logo):
            storage = space.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo))
    return space
