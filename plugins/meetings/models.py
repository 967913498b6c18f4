"""Teaching meetings (DOMAIN.md §5): short, expert-led training in one language.

A meeting moves through stored phases (``Meeting.State``) at its own times, switched
by a scheduled task or by its trainers. Registration goes through core's seats
service: the meeting's ``seat_offer`` holds the seats and the waiting list, so a
participant is a person holding a seated claim on it.

Rich text (``body`` and ``instructions`` fields holding HTML) is cleaned by
``core.sanitiser.clean_rich_text`` in the services before it is saved and shown with
the ``rich_text`` filter. Authors are kept with ``SET_NULL``: an erased account
leaves "former participant" behind, never a name.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage

# DOMAIN.md §5: the active phase, then the reflection phase, last five days each by default.
DEFAULT_ACTIVE_DAYS = 5
DEFAULT_REFLECTION_DAYS = 5
MAX_CAPACITY = 10_000
MAX_CONTRIBUTIONS_RULE = 100


def _person(verbose_name, related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


class Meeting(models.Model):
    """A teaching meeting: its announcement, its phases, its completion rule."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REGISTRATION_OPEN = "registration_open", _("Registration open")
        ACTIVE = "active", _("Active phase")
        REFLECTION = "reflection", _("Reflection phase")
        CLOSED = "closed", _("Closed")

    # The order of the phases: a meeting only ever moves forward along it.
    ORDER = (
        State.DRAFT,
        State.REGISTRATION_OPEN,
        State.ACTIVE,
        State.REFLECTION,
        State.CLOSED,
    )

    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), max_length=20_000)
    language = models.ForeignKey(
        "core.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    levels = models.ManyToManyField(
        "core.Level", verbose_name=_("target levels"), related_name="+", blank=True
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        related_name="trained_meetings",
        blank=True,
    )
    # The organising NSS's country; empty for a European meeting run by the CSS.
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("organised by the NSS of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    active_starts_at = models.DateTimeField(_("active phase starts"))
    reflection_starts_at = models.DateTimeField(_("reflection phase starts"))
    closes_at = models.DateTimeField(_("meeting closes"))

    # The completion rule, set per meeting (DOMAIN.md §5).
    required_contributions = models.PositiveSmallIntegerField(
        _("contributions required"),
        default=1,
        validators=[MaxValueValidator(MAX_CONTRIBUTIONS_RULE)],
        help_text=_("Posts in the discussions during the active phase."),
    )
    requires_reflection = models.BooleanField(_("a reflection entry is required"), default=True)

    state = models.CharField(
        _("phase"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # A draft is announced when its organisers publish it; only then do its times apply.
    published_at = models.DateTimeField(_("announced"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("phase changed"), default=timezone.now)
    # The seats and the waiting list in core's seats service, opened with the meeting.
    seat_offer = models.OneToOneField(
        "core.SeatOffer", on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )
    # Set once the completion rule was evaluated at the close.
    completion_evaluated_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_by = _person(_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("teaching meeting")
        verbose_name_plural = _("teaching meetings")
        ordering = ["active_starts_at", "pk"]
        indexes = [models.Index(fields=["state", "active_starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registration_opens_at__lt=models.F("registration_closes_at"))
                & models.Q(registration_closes_at__lte=models.F("active_starts_at"))
                & models.Q(active_starts_at__lt=models.F("reflection_starts_at"))
                & models.Q(reflection_starts_at__lt=models.F("closes_at")),
                name="meetings_meeting_phases_in_order",
                violation_error_message=_(
                    "The dates must follow each other: registration opens, registration "
                    "closes, the active phase starts, the reflection phase starts, the "
                    "meeting closes."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="meetings_meeting_has_seats"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def seat_key(self) -> str:
        """The key of this meeting's offer in core's seats service."""
        return f"meetings.meeting:{self.pk}"

    def state_due(self, now=None) -> str:
        """The phase this meeting's times say it is in at ``now`` (drafts not yet
        announced stay drafts)."""
        now = now or timezone.now()
        if self.published_at is None:
            return self.State.DRAFT
        if now >= self.closes_at:
            return self.State.CLOSED
        if now >= self.reflection_starts_at:
            return self.State.REFLECTION
        if now >= self.active_starts_at:
            return self.State.ACTIVE
        if now >= self.registration_opens_at:
            return self.State.REGISTRATION_OPEN
        return self.State.DRAFT

    def phase_ends_at(self):
        """When the current phase ends (``None`` once closed)."""
        return {
            self.State.DRAFT: self.registration_opens_at,
            self.State.REGISTRATION_OPEN: self.active_starts_at,
            self.State.ACTIVE: self.reflection_starts_at,
            self.State.REFLECTION: self.closes_at,
        }.get(self.state)

    @staticmethod
    def default_times(active_starts_at):
        """Default phase boundaries around an active phase starting at ``active_starts_at``."""
        reflection = active_starts_at + timedelta(days=DEFAULT_ACTIVE_DAYS)
        return {
            "registration_closes_at": active_starts_at,
            "active_starts_at": active_starts_at,
            "reflection_starts_at": reflection,
            "closes_at": reflection + timedelta(days=DEFAULT_REFLECTION_DAYS),
        }


def _meeting(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name=related_name)


class Activity(models.Model):
    """A task the participants work on during the active phase, with its instructions."""

    meeting = _meeting("activities")
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), max_length=20_000)
    order = models.PositiveIntegerField(_("order"), default=0)
    created_by = _person(_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


def material_path(material: Material, filename: str) -> str:
    return f"meetings/{material.meeting_id}/materials/{filename}"


class Material(models.Model):
    """A file or a link the trainers share; participants read it at any time."""

    meeting = _meeting("materials")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    file = models.FileField(
        _("file"), upload_to=material_path, storage=private_storage, blank=True, max_length=300
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    added_by = _person(_("added by"))
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(link=""))
                | (~models.Q(file="") & models.Q(link="")),
                name="meetings_material_file_or_link",
                violation_error_message=_("Give either a file or a link."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Thread(models.Model):
    """A discussion thread, open for posts during the active phase only."""

    meeting = _meeting("threads")
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    title = models.CharField(_("title"), max_length=200)
    started_by = _person(_("started by"))
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    # Kept on the row so the list of threads needs no counting queries.
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")
        ordering = ["-last_post_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """A message in a thread; the first post opens the thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    # Denormalised from the thread: progress counts a person's posts per meeting.
    meeting = _meeting("posts")
    author = _person(_("author"))
    body = models.TextField(_("message"), max_length=20_000)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Trainers moderate: a removed post stays in place as "removed by a trainer".
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = _person(_("removed by"))

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["meeting", "author"])]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"


class ReflectionEntry(models.Model):
    """An entry of a participant's personal reflection journal (the reflection phase).

    Private: only its author and the meeting's trainers read it.
    """

    meeting = _meeting("reflections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("reflection"), max_length=20_000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("reflection entry")
        verbose_name_plural = _("reflection entries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["meeting", "author"])]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.pk}"


class Completion(models.Model):
    """A participant who completed the meeting: by its rule at the close, or marked by a
    trainer. One per person and meeting, so ``MeetingCompleted`` goes out once."""

    class Reason(models.TextChoices):
        RULE = "rule", _("Met the completion rule")
        TRAINER = "trainer", _("Marked by a trainer")

    meeting = _meeting("completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    marked_by = _person(_("marked by"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # Set when MeetingCompleted was emitted for it (at the close, or at once when a
    # trainer marks someone after the close).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="meetings_completion_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} / {self.user_id}"


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class SurveyResponse(models.Model):
    """A participant's evaluation of the meeting at its end: ratings of 1-5 and a comment.

    Trainers see counts and averages, never who answered what.
    """

    meeting = _meeting("survey_responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    content = models.PositiveSmallIntegerField(_("content"), validators=RATING_VALIDATORS)
    trainers = models.PositiveSmallIntegerField(_("trainers"), validators=RATING_VALIDATORS)
    organisation = models.PositiveSmallIntegerField(_("organisation"), validators=RATING_VALIDATORS)
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness for my teaching"), validators=RATING_VALIDATORS
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="meetings_survey_once_per_person"
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"meetings_survey_{field}_1_to_5",
                )
                for field in ("content", "trainers", "organisation", "usefulness")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.pk}"
