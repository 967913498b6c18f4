"""Every hook the OpenTwin kernel offers to plugins.

Verbs: ``register_*`` hooks return a list of contributions (dataclasses from
:mod:`core.contrib`) and every implementation's list is used; ``on_*`` hooks
receive one event from :mod:`core.events` after the emitting transaction
committed, and return nothing. ``docs/hooks.md`` documents each hook with
this exact signature (a test checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from core.contrib import (
        ApiRouter,
        CalendarEvent,
        DemoData,
        DesktopPanel,
        MenuItem,
        NotificationKind,
        PortalListing,
        PrivacyProvider,
        ProjectFacts,
        ScheduledTask,
        SearchProvider,
        SitemapSection,
        UrlMount,
    )
    from core.events import (
        CourseCompleted,
        MeetingCompleted,
        ProjectApproved,
        ProjectClosed,
        ProjectRejected,
        ProjectSubmitted,
        ProjectTeacherJoined,
        SeminarAttended,
        TeacherValidated,
        UserDataErased,
    )

# The plugin kernel (core.plugins) imports this module, never the other way round.
PROJECT_NAME = "opentwin"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)

# -------------------------------------------------------------------------
# Contributions: the web site and the API
# -------------------------------------------------------------------------


@hookspec
def register_urls() -> list[UrlMount]:
    """Return URL mounts to include in the site's URLconf, before the CMS catch-all."""


@hookspec
def register_api_routers() -> list[ApiRouter]:
    """Return django-ninja routers to mount under ``/api/v1/``."""


@hookspec
def register_menu_items(user: AbstractBaseUser | AnonymousUser) -> list[MenuItem]:
    """Return the main-navigation entries ``user`` may see (anonymous visitors included)."""


@hookspec
def register_sitemaps() -> list[SitemapSection]:
    """Return the public pages (no login needed) to list in ``/sitemap.xml``."""


@hookspec
def register_desktop_panels(user: AbstractBaseUser) -> list[DesktopPanel]:
    """Return the panels to show on ``user``'s desktop; return ``[]`` for users it does not
    concern."""


# -------------------------------------------------------------------------
# Contributions: the portal, notifications, calendars
# -------------------------------------------------------------------------


@hookspec
def register_portal_listings() -> list[PortalListing]:
    """Return lists for the public portal (upcoming meetings, seminars, calls, results);
    each lists public items only."""


@hookspec
def register_notification_kinds() -> list[NotificationKind]:
    """Return every kind of notification the plugin sends, with its translated label and
    whether it is e-mailed by default."""


@hookspec
def register_calendar_events(user: AbstractBaseUser) -> list[CalendarEvent]:
    """Return the dated items ``user`` takes part in, for their ``.ics`` files and feed;
    return ``[]`` for users it does not concern."""


# -------------------------------------------------------------------------
# Contributions: background work, search, privacy
# -------------------------------------------------------------------------


@hookspec
def register_scheduled_tasks() -> list[ScheduledTask]:
    """Return periodic tasks; ``manage.py sync_schedules`` stores them in django-q2."""


@hookspec
def register_search_providers() -> list[SearchProvider]:
    """Return providers that answer the public search (schools, people, projects…)."""


@hookspec
def register_privacy_providers() -> list[PrivacyProvider]:
    """Return providers that export and erase one user's data held by the plugin."""


@hookspec
def register_demo_data() -> list[DemoData]:
    """Return demo datasets for ``manage.py seed_demo`` (``make run`` loads them)."""


# -------------------------------------------------------------------------
# Events: delivered after commit, never on rollback
# -------------------------------------------------------------------------


@hookspec
def on_teacher_validated(event: TeacherValidated) -> None:
    """React to a teacher's validation by their NSS."""


@hookspec
def on_user_data_erased(event: UserDataErased) -> None:
    """React to the erasure of a user's personal data."""


@hookspec
def on_project_submitted(event: ProjectSubmitted) -> None:
    """React to a project waiting for NSS approval."""


@hookspec
def on_project_approved(event: ProjectApproved) -> None:
    """React to a project's approval (its TwinSpace opens)."""


@hookspec
def on_project_rejected(event: ProjectRejected) -> None:
    """React to a project's rejection by its co-founder or an NSS."""


@hookspec
def on_project_teacher_joined(event: ProjectTeacherJoined) -> None:
    """React to a teacher joining a project as a teacher member."""


@hookspec
def on_project_closed(event: ProjectClosed) -> None:
    """React to a project being closed."""


@hookspec
def on_meeting_completed(event: MeetingCompleted) -> None:
    """React to a participant completing a teaching meeting."""


@hookspec
def on_seminar_attended(event: SeminarAttended) -> None:
    """React to a registrant attending an online seminar."""


@hookspec
def on_course_completed(event: CourseCompleted) -> None:
    """React to a learner completing an online course."""


# -------------------------------------------------------------------------
# Queries and requests between plugins: firstresult, the first answer wins
# -------------------------------------------------------------------------


@hookspec(firstresult=True)
def get_project_facts(project_id: int) -> ProjectFacts | None:
    """Return the facts of project ``project_id``, or ``None`` if this plugin does not
    hold it. The first non-``None`` answer wins."""


@hookspec(firstresult=True)
def get_projects_of(user: AbstractBaseUser) -> list[ProjectFacts] | None:
    """Return the facts of the projects ``user`` teaches in (founder or member with a
    teacher's role), newest first, or ``None`` if this plugin holds no projects."""


@hookspec(firstresult=True)
def request_guest_access(project_id: int, user: AbstractBaseUser, until: datetime) -> bool | None:
    """Ask the plugin that holds project ``project_id`` to give ``user`` read-only guest
    access to its space until ``until`` (a prize juror, for example). Return ``True`` when
    granted, ``False`` when refused, ``None`` when this plugin does not hold the project."""
