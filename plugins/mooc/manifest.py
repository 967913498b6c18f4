"""The mooc plugin's manifest, read by settings before Django starts."""

from core.plugins import PluginManifest

MANIFEST = PluginManifest(
    name="mooc",
    version="0.1.0",
    app="plugins.mooc.apps.MoocConfig",
    # Each area adds its hooks module here as it arrives: recordings, courses, calls.
    hooks=("plugins.mooc.seminars.hooks", "plugins.mooc.calls.hooks"),
    requires=(),
    description="Online seminars with recordings, courses and calls for events.",
)
