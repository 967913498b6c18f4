"""The mooc plugin's Wagtail admin screens; each area registers its own."""

from plugins.mooc.calls import admin_views as calls_admin_views  # noqa: F401
from plugins.mooc.courses import admin_views as courses_admin_views  # noqa: F401
from plugins.mooc.seminars import admin_views as seminars_admin_views  # noqa: F401
from plugins.mooc.seminars import recording_admin as recordings_admin_views  # noqa: F401
