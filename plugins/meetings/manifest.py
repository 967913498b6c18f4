"""The meetings plugin's manifest, read by settings before Django starts."""

from core.plugins import PluginManifest

MANIFEST = PluginManifest(
    name="meetings",
    version="0.1.0",
    app="plugins.meetings.apps.MeetingsConfig",
    hooks=(
        "plugins.meetings.hooks",
        "plugins.meetings.web_hooks",
        "plugins.meetings.integration_hooks",
    ),
    requires=(),
    description="Time-boxed teaching meetings with active and reflection phases.",
)
