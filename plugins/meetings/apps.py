from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "plugins.meetings"
    label = "meetings"
    verbose_name = _("Teaching meetings")
    default_auto_field = "django.db.models.BigAutoField"
