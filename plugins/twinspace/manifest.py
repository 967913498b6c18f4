"""The twinspace plugin's manifest, read by settings before Django starts."""

from core.plugins import PluginManifest

MANIFEST = PluginManifest(
    name="twinspace",
    version="0.1.0",
    app="plugins.twinspace.apps.TwinspaceConfig",
    hooks=(
        "plugins.twinspace.hooks",
        "plugins.twinspace.projects.hooks",
        "plugins.twinspace.board.hooks",
        "plugins.twinspace.members.hooks",
        "plugins.twinspace.groups.hooks",
    ),
    requires=(),
    description="Projects between schools, their TwinSpaces, pupils and groups.",
)
