"""What every site has: robots.txt, sitemap.xml, the favicon and a health check."""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import RedirectView
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from core.plugins import hook

logger = logging.getLogger(__name__)

# Areas behind a login, or no use to a search engine. The TwinSpace's pages decide
# themselves what the public sees; the sitemap lists the public ones.
DISALLOWED = (
    "/admin/",
    "/django-admin/",
    "/api/",
    "/desktop/",
    "/profile/",
    "/notifications/",
    "/support/",
    "/contacts/",
    "/register/",
    "/pupils/",
    "/invitations/",
    "/groups/",
    "/healthz",
)


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {settings.OPENTWIN_SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap_sections() -> dict[str, type]:
    """The sitemap classes that core and the active plugins contribute, by key."""
    return {
        section.key: section.sitemap
        for sections in hook().register_sitemaps()
        for section in sections
    }


@require_GET
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap(request, sitemaps=sitemap_sections())


class FaviconView(RedirectView):
    """Browsers and crawlers ask for /favicon.ico whatever the page says."""

    # Not permanent: the file's name carries a content hash that changes with it.
    permanent = False

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("core/favicon.svg")


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    cache.set("opentwin:healthz", "ok", timeout=10)
    if cache.get("opentwin:healthz") != "ok":
        raise RuntimeError("the cache did not return what was stored")


@functools.cache
def _task_broker():
    from django_q.brokers import get_broker

    # One broker (and so one Redis connection pool) for every probe of this process.
    return get_broker()


def _check_task_broker() -> None:
    broker = _task_broker()
    if not broker.ping():
        raise RuntimeError("the task broker did not answer")
    # The ORM broker's ping answers without looking: reading the queue reaches its table.
    broker.queue_size()


HEALTH_CHECKS = {
    "database": _check_database,
    "cache": _check_cache,
    "task_broker": _check_task_broker,
}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the cache and the task broker answer; 503 naming those that do not.

    For load balancers: no login, nothing from the plugins, and a failure is logged
    once as a warning, not as a server error on every probe.
    """
    checks = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure at all means "not healthy"
            logger.warning("Health check %s failed: %s", name, error)
            checks[name] = "failed"
        else:
            checks[name] = "ok"
    failed = [name for name, state in checks.items() if state != "ok"]
    response = JsonResponse(
        {"status": "failed" if failed else "ok", "checks": checks, "failed": failed},
        status=503 if failed else 200,
    )
    # Django logs every 5xx response as an error; this one is an answer, not a crash.
    response._has_been_logged = True
    return response
