"""The root URLconf: admin, API, every plugin's mounts, then the CMS catch-all."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import site_views
from core.accounts.views import set_language
from core.api import api, unknown_route
from core.plugins import hook


def mounted_urlpatterns() -> list[URLResolver]:
    """The URL mounts that core and the active plugins contribute."""
    return [
        path(mount.prefix, include((mount.urlconf, mount.namespace), namespace=mount.namespace))
        for mounts in hook().register_urls()
        for mount in mounts
    ]


urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("robots.txt", site_views.robots_txt, name="robots-txt"),
    path("sitemap.xml", site_views.sitemap_xml, name="sitemap-xml"),
    path("favicon.ico", site_views.FaviconView.as_view(), name="favicon"),
    path("healthz", site_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    # Not Wagtail's HTML 404 (nor a slash-appending redirect) for an unknown API path.
    path("api/<path:rest>", unknown_route),
    *mounted_urlpatterns(),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else, so it comes last.
urlpatterns.append(path("", include(wagtail_urls)))
