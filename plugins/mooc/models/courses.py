"""Courses (MOOCs, DOMAIN.md §6): units of rich text, files and an embedded video, an
enrolment window, self-paced or with cohort dates, and completion by the learner.

A learner marks each unit done ("mark as done", no quiz); the course is completed
when every required unit is done, and ``CourseCompleted`` goes out once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage
from plugins.mooc.models.common import organising_country, owner, person


class Course(models.Model):
    """An online course and its enrolment window."""

    class Pacing(models.TextChoices):
        SELF_PACED = "self_paced", _("Self-paced")
        COHORT = "cohort", _("With cohort dates")

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), max_length=20_000)
    language = models.ForeignKey(
        "core.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    country = organising_country()
    # The course's staff: they edit its units and follow the learners' progress.
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("course team"),
        related_name="taught_courses",
        blank=True,
    )
    pacing = models.CharField(
        _("pacing"), max_length=12, choices=Pacing.choices, default=Pacing.SELF_PACED
    )
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"))
    # Empty: enrolment stays open (a self-paced course without an end).
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    # Cohort dates: the course runs between them (units may open on dates in between).
    starts_at = models.DateTimeField(_("course starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("course ends"), null=True, blank=True)

    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = person(_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["enrolment_opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enrolment_closes_at__isnull=True)
                | models.Q(enrolment_closes_at__gt=models.F("enrolment_opens_at")),
                name="mooc_course_enrolment_window",
                violation_error_message=_("Enrolment closes after it opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(pacing="self_paced")
                | (
                    models.Q(starts_at__isnull=False, ends_at__isnull=False)
                    & models.Q(ends_at__gt=models.F("starts_at"))
                ),
                name="mooc_course_cohort_dates",
                violation_error_message=_("A course with cohort dates ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:detail", args=[self.pk])


class Unit(models.Model):
    """One step of a course: its text, its files, an embedded video."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=50_000, blank=True)
    # A page of a video service, shown embedded (the services allow known hosts only).
    video_url = models.URLField(_("video"), max_length=500, blank=True)
    required = models.BooleanField(_("required for completion"), default=True)
    # Cohort courses may open a unit on a date; empty: open with the course.
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["course", "position"])]

    def __str__(self) -> str:
        return self.title


def unit_file_path(unit_file: UnitFile, filename: str) -> str:
    return f"mooc/courses/units/{unit_file.unit_id}/{filename}"


class UnitFile(models.Model):
    """A file of a unit, private to the course's learners and team."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=unit_file_path, storage=private_storage, max_length=300
    )
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    added_by = person(_("added by"))
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("unit file")
        verbose_name_plural = _("unit files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Enrolment(models.Model):
    """A learner's place in a course; ``completed_at`` is set once, when every required
    unit is done."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    user = owner(_("learner"), related_name="course_enrolments")
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    # A learner who leaves keeps their progress should they come back.
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["enrolled_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="mooc_enrolment_once")
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.user}"


class UnitCompletion(models.Model):
    """A learner marked a unit done."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="completions")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("done"), default=timezone.now)

    class Meta:
        verbose_name = _("unit done")
        verbose_name_plural = _("units done")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "unit"], name="mooc_unit_done_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.enrolment.user}"
