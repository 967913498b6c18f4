"""The labels plugin's manifest, read by settings before Django starts."""

from core.plugins import PluginManifest

MANIFEST = PluginManifest(
    name="labels",
    version="0.1.0",
    app="plugins.labels.apps.LabelsConfig",
    hooks=(
        "plugins.labels.awards.hooks",
        "plugins.labels.verification.hooks",
        "plugins.labels.badges.hooks",
        "plugins.labels.quality.hooks",
    ),
    requires=(),
    description="Recognition: eTwinning and Quality Labels, prizes, verifiable certificates.",
)
