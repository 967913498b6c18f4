"""The mooc plugin's manifest, read by settings before Django starts."""

from core.plugins import PluginManifest

MANIFEST = PluginManifest(
    name="mooc",
    version="0.1.0",
    app="plugins.mooc.apps.MoocConfig",
    hooks=(
        "plugins.mooc.seminars.hooks",
        "plugins.mooc.seminars.recording_hooks",
        "plugins.mooc.courses.hooks",
        "plugins.mooc.calls.hooks",
    ),
    requires=(),
    description="Online seminars with recordings, courses and calls for events.",
)
