from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwinspaceConfig(AppConfig):
    name = "plugins.twinspace"
    label = "twinspace"
    verbose_name = _("TwinSpace")
    default_auto_field = "django.db.models.BigAutoField"
