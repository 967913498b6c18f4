"""The meetings plugin's Wagtail admin screens."""

from plugins.meetings import admin_views  # noqa: F401
