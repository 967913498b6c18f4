"""The mooc plugin's Wagtail admin screens, one import per area."""

from plugins.mooc.courses import admin_views as courses_admin_views  # noqa: F401
