"""The typed contributions that ``register_*`` hooks return.

Each is a frozen dataclass: a plugin describes what it adds, the kernel decides
where and when to use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.contrib.sitemaps import Sitemap
    from ninja import Router


@dataclass(frozen=True)
class UrlMount:
    """Mount a URLconf module under a path prefix, e.g. ``UrlMount("projects/", "x.urls")``.

    ``prefix`` is empty or ends with ``/``; ``namespace`` names the URLs for ``reverse``.
    Pupils may reach only the mounts marked ``open_to_pupils`` (whose views must then
    check what each pupil may see), plus their desktop and logging out.
    """

    prefix: str
    urlconf: str
    namespace: str
    open_to_pupils: bool = False


@dataclass(frozen=True)
class ApiRouter:
    """Mount a django-ninja router under ``/api/v1/<prefix>``."""

    prefix: str
    router: Router
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduledTask:
    """A periodic background job, synced into django-q2 by ``manage.py sync_schedules``.

    Give exactly one of ``cron`` (a crontab expression) or ``minutes``. ``func`` is the
    dotted path of an idempotent function; ``name`` is unique across all plugins.
    """

    name: str
    func: str
    cron: str | None = None
    minutes: int | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if (self.cron is None) == (self.minutes is None):
            raise ValueError(f"Scheduled task {self.name!r}: give exactly one of cron or minutes.")
        if self.minutes is not None and self.minutes < 1:
            raise ValueError(f"Scheduled task {self.name!r}: minutes must be at least 1.")


@dataclass(frozen=True)
class DesktopPanel:
    """A panel on the teacher desktop: a template rendered with ``context``.

    Panels that ``needs_action`` (something the person must do next: finish their
    registration, answer a request, work through a queue) come first; then panels are
    sorted by ``order``, then ``key``.
    """

    key: str
    title: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100
    needs_action: bool = False

    @classmethod
    def queue(
        cls,
        *,
        key: str,
        title: str,
        count: int,
        summary: str,
        url: str,
        link_label: str,
        detail: str = "",
        order: int = 100,
    ) -> DesktopPanel:
        """A queue of staff work: ``count`` then ``summary`` ("projects are waiting for
        your approval."), an optional ``detail`` line, and a link to the screen that
        handles it. A queue with items waiting needs action."""
        return cls(
            key=key,
            title=title,
            template="core/panels/queue.html",
            context={
                "count": count,
                "summary": summary,
                "detail": detail,
                "url": url,
                "link_label": link_label,
            },
            order=order,
            needs_action=count > 0,
        )


@dataclass(frozen=True)
class MenuItem:
    """An entry in the site's main navigation; sorted by ``order``, then ``label``."""

    key: str
    label: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class SearchResult:
    """One hit of a search provider, holding only what may be shown to the searcher."""

    title: str
    url: str
    summary: str = ""
    kind: str = ""
    # Optional, for the results page only (never in the API): the person a result is
    # about (their avatar), and a state with its translated label (a badge).
    person: Any = None
    state: str = ""
    state_label: str = ""


@dataclass(frozen=True)
class SearchQuery:
    """What the searcher asked for: free text plus optional filters."""

    text: str
    filters: Mapping[str, str] = field(default_factory=dict)
    user: AbstractBaseUser | AnonymousUser | None = None


@dataclass(frozen=True)
class SearchProvider:
    """Searches one kind of thing (schools, people, projects…) for the public search.

    ``search`` receives a :class:`SearchQuery` and returns at most ``limit`` results.
    """

    key: str
    label: str
    search: Callable[[SearchQuery, int], Sequence[SearchResult]]


@dataclass(frozen=True)
class PrivacyProvider:
    """Exports and erases one user's data held by one plugin.

    ``export(user)`` returns JSON-serialisable data; ``erase(user)`` removes or
    anonymises it and must be safe to run twice.
    """

    key: str
    export: Callable[[AbstractBaseUser], Mapping[str, Any] | Sequence[Any]]
    erase: Callable[[AbstractBaseUser], None]


@dataclass(frozen=True)
class DemoData:
    """Demo content loaded by ``manage.py seed_demo``; datasets run by ``order``.

    ``load()`` must be idempotent (running it twice creates nothing new) and returns
    lines to print, such as the demo logins it created.
    """

    key: str
    load: Callable[[], Sequence[str]]
    order: int = 100


@dataclass(frozen=True)
class ProjectFacts:
    """What other plugins may know about a project, answered by ``get_project_facts``.

    ``state`` is one of ``pending_partner``, ``pending_approval``, ``active``,
    ``closed``, ``archived``, ``rejected``. ``is_european`` is fixed at creation.
    """

    project_id: int
    title: str
    state: str
    is_european: bool
    founder_ids: tuple[int, ...]
    member_ids: tuple[int, ...]
    country_codes: tuple[str, ...]
    url: str
    approved_at: datetime | None = None
    closed_at: datetime | None = None
    # The founders and the members with a teacher's role (administrator or teacher).
    teacher_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PortalItem:
    """One entry of a portal listing: an upcoming meeting, a seminar, a call, a result.

    Holds only public data. ``starts_at`` is empty for undated items (a published
    result); ``language`` is a language code when the item is in one language only.
    """

    title: str
    url: str
    starts_at: datetime | None = None
    summary: str = ""
    language: str | None = None


@dataclass(frozen=True)
class PortalListing:
    """A list the public portal can show, such as "Upcoming teaching meetings".

    ``kind`` says what it lists (``meetings``, ``seminars``, ``calls``, ``results``…) so
    the portal can place it; ``items(limit)`` returns at most ``limit`` items, soonest
    first for dated ones. Listings are sorted by ``order``, then ``key``.
    """

    key: str
    title: str
    kind: str
    items: Callable[[int], Sequence[PortalItem]]
    order: int = 100


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification, as passed to ``core.services.notify(kind=...)``.

    ``label`` (translatable) is what people see in their e-mail settings;
    ``email_by_default`` decides whether it is e-mailed until the person chooses.
    """

    key: str
    label: str
    email_by_default: bool = True
    description: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """A dated item in someone's calendar (a meeting session, a seminar…).

    ``uid`` is stable and unique across plugins (prefix it with the plugin's name): a
    calendar application recognises an updated item by it. Times are aware datetimes.
    """

    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    url: str
    description: str = ""
    location: str = ""

    def __post_init__(self) -> None:
        if self.ends_at < self.starts_at:
            raise ValueError(f"Calendar event {self.uid!r} ends before it starts.")


@dataclass(frozen=True)
class SitemapSection:
    """Public pages listed in ``/sitemap.xml``: a Django ``Sitemap`` class.

    Only pages anyone may read without logging in belong here. A subclass of
    Wagtail's ``Sitemap`` is given the request, like Wagtail's own.
    """

    key: str
    sitemap: type[Sitemap]
