"""The TwinSpace's Wagtail admin screens; each area registers its own."""

from plugins.twinspace.groups import admin_views as groups_admin_views  # noqa: F401
from plugins.twinspace.projects import admin_views as projects_admin_views  # noqa: F401
