"""The tools of a space (DOMAIN.md §4): Twinboard and bulletin, journal, pages,
materials, forums and pupil walls.

Rich text (``body`` fields holding HTML) is cleaned by
``core.sanitiser.clean_rich_text`` in the services before it is saved, and shown with
the ``rich_text`` template filter, which sanitises again. Authors are kept
with ``SET_NULL``: a teacher's erased account stays as "former member"; a pupil's
contributions are deleted with the pupil by the privacy provider.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


def _author(related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


def _space(related_name: str) -> models.ForeignKey:
    return models.ForeignKey("twinspace.Space", on_delete=models.CASCADE, related_name=related_name)


# --- Twinboard, teacher bulletin and journal ---------------------------------


class Post(models.Model):
    """An update on the Twinboard, or a message on the teachers-only bulletin."""

    class Channel(models.TextChoices):
        TWINBOARD = "twinboard", _("Twinboard")
        BULLETIN = "bulletin", _("Teacher bulletin")

    space = _space("posts")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    author = _author()
    body = models.TextField(_("message"))
    pinned_at = models.DateTimeField(_("pinned"), null=True, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Kept on the row so a list of updates needs no counting queries.
    like_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["space", "channel", "-pinned_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}"


class PostComment(models.Model):
    """A comment on a Twinboard update."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = _author()
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment #{self.pk} on {self.post_id}"


class PostLike(models.Model):
    """One person likes one update, at most once."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="twinspace_postlike_once")
        ]

    def __str__(self) -> str:
        return f"Like of {self.post_id} by {self.user_id}"


class JournalEntry(models.Model):
    """An entry of the project journal: the public diary of the project."""

    space = _space("journal_entries")
    author = _author()
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


# --- pages ---------------------------------------------------------------------


class Page(models.Model):
    """A page of the space, possibly under another page; drafts are seen by editors only."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    space = _space("pages")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("content"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    author = _author()
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["space", "parent", "position"])]

    def __str__(self) -> str:
        return self.title


# --- materials -------------------------------------------------------------------


def material_path(material: Material, filename: str) -> str:
    return f"twinspace/{material.space_id}/materials/{filename}"


class Folder(models.Model):
    """A folder of materials; folders may hold folders."""

    space = _space("folders")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent folder"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=120)
    created_by = _author()
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("folder")
        verbose_name_plural = _("folders")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Material(models.Model):
    """An uploaded file or image. Stored privately: served only through a checked view."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        IMAGE = "image", _("Image")

    space = _space("materials")
    folder = models.ForeignKey(
        Folder,
        verbose_name=_("folder"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=material_path, storage=private_storage, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = _author()
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["space", "folder", "-created_at"])]

    def __str__(self) -> str:
        return self.title


# --- forums and pupil walls ----------------------------------------------------------


class Discussion(models.Model):
    """A forum of the space: discussion → threads → replies."""

    space = _space("discussions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    created_by = _author()
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    thread_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Thread(models.Model):
    """A thread of a discussion: an opening message and its replies."""

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    author = _author()
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_activity_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Reply(models.Model):
    """A reply in a thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = _author()
    body = models.TextField(_("reply"))
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Reply #{self.pk} in {self.thread_id}"


class WallPost(models.Model):
    """A message on a pupil's wall. Only the pupil starts a conversation on their wall;
    members may then answer it (``parent``). Members only."""

    space = _space("wall_posts")
    wall_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pupil"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    author = _author()
    body = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        verbose_name = _("wall message")
        verbose_name_plural = _("wall messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["space", "wall_owner", "-created_at"])]

    def __str__(self) -> str:
        return f"Wall message #{self.pk}"
