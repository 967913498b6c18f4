"""Online seminars (DOMAIN.md §6): live, expert-led sessions with registration, a live
link for registrants, attendance taken by joining through the platform, and a
recording published afterwards.

A seminar's phase is not stored: it follows from its times (:meth:`Seminar.phase`),
so a rule holds from the second its window opens or closes. The scheduled tasks
only do what must happen once at those times (notify, remind, take attendance),
each marked done on the seminar by a conditional update.

Registration goes through core's seats service: ``seat_offer`` holds the seats and
the waiting list, so a registrant is a person holding a seated claim on it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.storage import private_storage
from plugins.mooc import conf
from plugins.mooc.models.common import organising_country, owner, person

MAX_CAPACITY = 100_000
MIN_DURATION_MINUTES = 15
MAX_DURATION_MINUTES = 8 * 60


class Seminar(models.Model):
    """An online seminar: its announcement, its time, its seats and its live link."""

    class Phase(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CANCELLED = "cancelled", pgettext_lazy("seminar", "Cancelled")
        ANNOUNCED = "announced", _("Registration opens soon")
        REGISTRATION_OPEN = "registration_open", _("Registration open")
        LIVE = "live", _("Live now")
        ENDED = "ended", _("Ended")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=20_000)
    language = models.ForeignKey(
        "core.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    country = organising_country()
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[
            MinValueValidator(MIN_DURATION_MINUTES),
            MaxValueValidator(MAX_DURATION_MINUTES),
        ],
    )
    # Kept with the start and the duration by the services, so that lists can ask for it.
    ends_at = models.DateTimeField(_("ends"), editable=False)
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    live_link = models.URLField(_("live link"), max_length=500)

    published_at = models.DateTimeField(
        pgettext_lazy("seminar", "announced"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), max_length=2000, blank=True)
    # The seats and the waiting list in core's seats service, opened with the seminar.
    seat_offer = models.OneToOneField(
        "core.SeatOffer", on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )

    # What the scheduled tasks did, each once (set by a conditional update).
    registration_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    day_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    hour_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    attendance_closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_by = person(_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("online seminar")
        verbose_name_plural = _("online seminars")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["published_at", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="mooc_seminar_ends_after_start",
                violation_error_message=_("A seminar ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("seminars:detail", args=[self.pk])

    @property
    def registration_opens_at(self) -> datetime:
        """Registration opens a set number of days before the start (a setting)."""
        return self.starts_at - timedelta(days=conf.registration_days())

    @property
    def registration_closes_at(self) -> datetime:
        """Registration closes at the start."""
        return self.starts_at

    @property
    def link_shown_from(self) -> datetime:
        """Registrants see the live link from shortly before the start (a setting)."""
        return self.starts_at - timedelta(minutes=conf.link_minutes())

    def phase(self, now: datetime | None = None) -> str:
        """Where the seminar stands at ``now``: a :class:`Phase` value."""
        now = now or timezone.now()
        if self.cancelled_at is not None:
            return self.Phase.CANCELLED
        if self.published_at is None:
            return self.Phase.DRAFT
        if now < self.registration_opens_at:
            return self.Phase.ANNOUNCED
        if now < self.starts_at:
            return self.Phase.REGISTRATION_OPEN
        if now < self.ends_at:
            return self.Phase.LIVE
        return self.Phase.ENDED


class Speaker(models.Model):
    """Someone who speaks at a seminar: a guest named by the organisers, or a person with
    an account on the platform (who then sees the live link like a registrant)."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    user = person(_("account on the platform"), related_name="seminar_talks")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class SeminarAttendance(models.Model):
    """A registrant joined the seminar through the platform: recorded once, at the first
    join; ``SeminarAttended`` goes out once the seminar has ended."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="attendances")
    user = owner(_("attendee"), related_name="seminar_attendances")
    joined_at = models.DateTimeField(pgettext_lazy("attendance", "joined"), default=timezone.now)
    # Set when SeminarAttended was emitted for this attendance (once).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["seminar", "user"], name="mooc_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.seminar}: {self.user}"


class SeminarInterest(models.Model):
    """A teacher asked to be told when registration for an announced seminar opens."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="interests")
    user = owner(_("teacher"), related_name="seminar_interests")
    created_at = models.DateTimeField(
        pgettext_lazy("reminder request", "asked"), default=timezone.now
    )
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reminder request")
        verbose_name_plural = _("reminder requests")
        constraints = [
            models.UniqueConstraint(fields=["seminar", "user"], name="mooc_interest_once")
        ]

    def __str__(self) -> str:
        return f"{self.seminar}: {self.user}"


def recording_path(recording: SeminarRecording, filename: str) -> str:
    return f"mooc/seminars/{recording.seminar_id}/recording/{filename}"


class SeminarRecording(models.Model):
    """The recording of a seminar: an uploaded video (served by the platform, which lets a
    browser seek in it) or a link to a video service, with optional WebVTT captions.
    Private to the seminar's organisers until they publish it."""

    class Kind(models.TextChoices):
        FILE = "file", _("Uploaded video")
        LINK = "link", _("Link to a video service")

    seminar = models.OneToOneField(Seminar, on_delete=models.CASCADE, related_name="recording")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    video = models.FileField(
        _("video"), upload_to=recording_path, storage=private_storage, blank=True, max_length=300
    )
    video_content_type = models.CharField(max_length=100, blank=True, editable=False)
    video_size = models.PositiveBigIntegerField(default=0, editable=False)
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to=recording_path,
        storage=private_storage,
        blank=True,
        max_length=300,
    )
    captions_language = models.CharField(_("language of the captions"), max_length=12, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)

    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Set when the registrants were told (once, at the first publication).
    registrants_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    added_by = person(_("added by"))
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="file") & ~models.Q(video="") & models.Q(link=""))
                | (models.Q(kind="link") & models.Q(video="") & ~models.Q(link="")),
                name="mooc_recording_file_or_link",
                violation_error_message=_("Give either a video file or a link."),
            )
        ]

    def __str__(self) -> str:
        return str(self.seminar)
