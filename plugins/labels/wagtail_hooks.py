"""The labels plugin's Wagtail admin screens; each area registers its own."""

from plugins.labels.awards import admin_views as awards_admin_views  # noqa: F401
from plugins.labels.quality import admin_views as quality_admin_views  # noqa: F401
from plugins.labels.quality import european_admin as european_admin_views  # noqa: F401
