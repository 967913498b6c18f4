"""Support requests ("project cards"): a teacher asks their NSS, the NSS answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SupportRequest(models.Model):
    """A question a teacher puts to their National Support Service."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    class Topic(models.TextChoices):
        REGISTRATION = "registration", _("Registration and profile")
        PARTNERS = "partners", _("Finding partners")
        PROJECT = "project", _("Running a project")
        TOOLS = "tools", _("TwinSpace tools")
        RECOGNITION = "recognition", _("Labels and prizes")
        OTHER = "other", _("Something else")

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_requests"
    )
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)
    # Projects belong to a plugin: core keeps the id and title it was given.
    project_id = models.PositiveBigIntegerField(_("project"), null=True, blank=True)
    project_title = models.CharField(_("project title"), max_length=200, blank=True)
    question = models.TextField(_("question"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    updated_at = models.DateTimeField(_("last activity"), default=timezone.now)

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["country", "status"])]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}: {self.question[:50]}"


class SupportMessage(models.Model):
    """One answer or follow-up in a support request."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.body[:50]
