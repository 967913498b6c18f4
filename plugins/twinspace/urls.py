"""The TwinSpace's URLs. Each area keeps its URLs beside its code.

A space's pages are mounted twice, under ``projects/<id>/`` (namespace
``twinspace:project``) and ``groups/<id>/`` (``twinspace:group``), so the same tools
serve both; ``space.url(name, *args)`` builds the right one.
"""

from django.urls import include, path

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


urlpatterns = [
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
