"""The TwinSpace's URLs. Each area keeps its URLs beside its code.

A space's pages are mounted twice, under ``projects/<id>/`` (namespace
``twinspace:project``) and ``groups/<id>/`` (``twinspace:group``), so the same tools
serve both; ``space.url(name, *args)`` builds the right one.

Every view is behind :func:`~plugins.twinspace.access.confine_pupils`: the kernel lets
pupils into this mount, and a pupil may open only their own projects' spaces here. The
wrapping is done once below, so a URL added later is confined too.
"""

from django.urls import URLPattern, URLResolver, include, path

from plugins.twinspace.access import confine_pupils

app_name = "twinspace"

# The tools every space has; the views take ``space_id`` from the prefix.
TOOL_URLCONFS = (
    "plugins.twinspace.board.urls",
    "plugins.twinspace.pages.urls",
    "plugins.twinspace.materials.urls",
    "plugins.twinspace.forums.urls",
    "plugins.twinspace.members.space_urls",
)


def space_patterns(kind_urlconf: str) -> list:
    return [path("", include(kind_urlconf))] + [
        path("", include(urlconf)) for urlconf in TOOL_URLCONFS
    ]


def confined(patterns: list) -> list:
    """``patterns`` again, every view (in included URLconfs too) behind ``confine_pupils``."""
    result: list = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            result.append(
                URLResolver(
                    entry.pattern,
                    confined(entry.url_patterns),
                    entry.default_kwargs,
                    entry.app_name,
                    entry.namespace,
                )
            )
        else:
            result.append(
                URLPattern(
                    entry.pattern, confine_pupils(entry.callback), entry.default_args, entry.name
                )
            )
    return result


urlpatterns = confined(
    [
        path("projects/", include("plugins.twinspace.projects.urls")),
        path(
            "projects/<id:space_id>/",
            include((space_patterns("plugins.twinspace.projects.space_urls"), "project")),
        ),
        path("groups/", include("plugins.twinspace.groups.urls")),
        path(
            "groups/<id:space_id>/",
            include((space_patterns("plugins.twinspace.groups.space_urls"), "group")),
        ),
        path("invitations/", include("plugins.twinspace.members.invitation_urls")),
        path("pupils/", include("plugins.twinspace.members.urls")),
    ]
)
