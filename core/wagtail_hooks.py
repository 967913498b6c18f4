"""Core's screens in the Wagtail admin."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.plugins import describe_plugins


class PluginListView(WagtailAdminTemplateMixin, TemplateView):
    """Operators see which plugins are active, their versions and their hooks."""

    template_name = "core/admin/plugins.html"
    page_title = _("Plugins")
    header_icon = "cogs"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plugins"] = describe_plugins()
        return context


@hooks.register("register_admin_urls")
def register_plugin_list_url():
    return [path("plugins/", PluginListView.as_view(), name="opentwin_plugins")]


@hooks.register("register_settings_menu_item")
def register_plugin_list_menu_item():
    return AdminOnlyMenuItem(_("Plugins"), reverse("opentwin_plugins"), icon_name="cogs", order=900)


# Each area of core registers its own admin screens in its admin_views module.
from core.accounts import admin_views as accounts_admin_views  # noqa: E402, F401
from core.directory import admin_views as directory_admin_views  # noqa: E402, F401
from core.support import admin_views as support_admin_views  # noqa: E402, F401
from core.validation import admin_views as validation_admin_views  # noqa: E402, F401
