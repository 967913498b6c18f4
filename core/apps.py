from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = _("OpenTwin core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import register_converter

        from core.bounds import IdConverter
        from core.plugins import get_plugin_manager

        # Before any URLconf is imported: ``<id:…>`` in core's and the plugins' patterns.
        register_converter(IdConverter, "id")

        # Build the plugin manager now: a misspelt hook or a broken plugin stops start-up.
        get_plugin_manager()
