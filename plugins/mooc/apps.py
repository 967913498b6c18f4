from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoocConfig(AppConfig):
    name = "plugins.mooc"
    label = "mooc"
    verbose_name = _("Online seminars and courses")
    default_auto_field = "django.db.models.BigAutoField"
