"""Reading a teacher's National Quality Label applications and projects."""

from __future__ import annotations

from core.contrib import ProjectFacts
from core.plugins import hook
from plugins.labels.models import QualityLabelApplication


def school_year_label(year: int) -> str:
    """A school year as teachers write it: 2026 is “2026/27”."""
    return f"{year}/{(year + 1) % 100:02d}"


def applications_of(user):
    """``user``'s applications, the newest first."""
    return QualityLabelApplication.objects.filter(applicant=user).order_by("-submitted_at", "-pk")


def projects_of(user) -> list[ProjectFacts]:
    """The projects ``user`` teaches in, as their plugin answers for them."""
    return list(hook().get_projects_of(user=user) or [])
