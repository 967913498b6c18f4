"""The mooc plugin's Wagtail admin screens; each area registers its own."""

from plugins.mooc.calls import admin_views as calls_admin_views  # noqa: F401
