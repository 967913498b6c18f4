"""Wagtail admin screens of the TwinSpace groups area (imported by wagtail_hooks).

NSS staff see the groups of their countries waiting for moderation, oldest first,
and approve or reject them; superusers see every country's. The views parse input
and call the services, which check permissions and states again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from plugins.twinspace.groups import services
from plugins.twinspace.groups.forms import RejectionForm
from plugins.twinspace.models import Group, Space

PER_PAGE = 25


class GroupModeratorsOnlyMixin:
    """Only NSS staff and superusers open these screens."""

    def dispatch(self, request, *args, **kwargs):
        if not services.is_group_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class GroupModerationQueueView(GroupModeratorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The groups of the staff member's countries waiting for moderation, oldest first."""

    template_name = "twinspace/groups/admin/index.html"
    page_title = gettext_lazy("Group moderation")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        waiting = (
            services.groups_for_moderator(self.request.user)
            .filter(state=Space.State.PENDING_MODERATION)
            .select_related("created_by__school", "country")
            .order_by("created_at", "pk")
        )
        context["page"] = Paginator(waiting, PER_PAGE).get_page(self.request.GET.get("p"))
        return context


class GroupModerationDetailView(GroupModeratorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One group: what it is about, who proposed it, and the decision if still pending."""

    template_name = "twinspace/groups/admin/detail.html"
    header_icon = "group"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.rejection_form = RejectionForm()

    def get_group(self) -> Group:
        if not hasattr(self, "group"):
            # Another country's group does not exist for this staff member.
            self.group = get_object_or_404(
                services.groups_for_moderator(self.request.user)
                .select_related("created_by__school", "country", "moderated_by")
                .annotate(member_count=Count("memberships")),
                pk=self.kwargs["pk"],
            )
        return self.group

    def get_page_title(self):
        return _("Group: %(title)s") % {"title": self.get_group().title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("twinspace_group_moderation:index"), "label": _("Group moderation")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.get_group()
        context.update(
            group=group,
            rejection_form=self.rejection_form,
            can_decide=group.state == Space.State.PENDING_MODERATION,
        )
        return context

    def post(self, request, *args, **kwargs):
        group = self.get_group()
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.moderate_group(actor=request.user, group=group, approve=True)
                messages.success(
                    request,
                    _("The group %(title)s is approved: it is open.") % {"title": group.title},
                )
            elif action == "reject":
                self.rejection_form = RejectionForm(request.POST)
                if not self.rejection_form.is_valid():
                    messages.error(request, _("The group was not rejected: give a reason."))
                    return self.render_to_response(self.get_context_data(), status=400)
                services.moderate_group(
                    actor=request.user,
                    group=group,
                    approve=False,
                    reason=self.rejection_form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("The group %(title)s is rejected; its creator was told why.")
                    % {"title": group.title},
                )
            else:
                messages.error(request, _("Unknown action."))
                return redirect("twinspace_group_moderation:detail", pk=group.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("twinspace_group_moderation:detail", pk=group.pk)
        return redirect("twinspace_group_moderation:index")


class GroupModerationMenuItem(MenuItem):
    """Shown to NSS staff and superusers, with the number of groups waiting."""

    def is_shown(self, request):
        return services.is_group_moderator(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = (
            services.groups_for_moderator(request.user)
            .filter(state=Space.State.PENDING_MODERATION)
            .count()
        )
        if waiting:
            # Menu items are shared between requests: change the component, not the item.
            component.label = _("%(label)s (%(count)d)") % {"label": self.label, "count": waiting}
        return component


urlpatterns = [
    path("", GroupModerationQueueView.as_view(), name="index"),
    path("<id:pk>/", GroupModerationDetailView.as_view(), name="detail"),
]


@hooks.register("register_admin_urls")
def register_group_moderation_urls():
    return [path("group-moderation/", include((urlpatterns, "twinspace_group_moderation")))]


@hooks.register("register_admin_menu_item")
def register_group_moderation_menu_item():
    return GroupModerationMenuItem(
        gettext_lazy("Group moderation"),
        reverse("twinspace_group_moderation:index"),
        name="group-moderation",
        icon_name="group",
        order=270,
    )
