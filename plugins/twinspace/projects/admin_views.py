"""Wagtail admin screens of the TwinSpace projects area (imported by wagtail_hooks).

NSS staff (and superusers) see the projects of their countries waiting for approval,
oldest first, and approve or reject each for their country. The views parse input and
call the services, which check permissions and states again.
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

from core.directory.names import country_name, sorted_by_name
from plugins.twinspace.models import ProjectApproval
from plugins.twinspace.projects import services
from plugins.twinspace.projects.forms import DecisionReasonForm

PER_PAGE = 25


class ReviewersOnlyMixin:
    """Only NSS staff and superusers open these screens."""

    def dispatch(self, request, *args, **kwargs):
        if not services.is_project_reviewer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ApprovalQueueView(ReviewersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The projects of the staff member's countries waiting for approval, oldest first."""

    template_name = "twinspace/projects/admin/index.html"
    page_title = gettext_lazy("Project approval")
    header_icon = "folder-open-inverse"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        waiting = services.waiting_approvals(self.request.user)
        approvals = waiting.select_related(
            "country", "project__founder__school__country", "project__cofounder__school__country"
        ).order_by("created_at", "pk")
        page = Paginator(approvals, PER_PAGE).get_page(self.request.GET.get("p"))
        counts = [
            {"country": country_name(row["country__code"], row["country__name"]), **row}
            for row in waiting.values("country__code", "country__name").annotate(count=Count("pk"))
        ]
        counts = sorted_by_name(counts, lambda row: row["country"])
        context.update(page=page, counts=counts, total=sum(row["count"] for row in counts))
        return context


class ApprovalDetailView(ReviewersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One project under review for one country: its description and the decision."""

    template_name = "twinspace/projects/admin/detail.html"
    header_icon = "folder-open-inverse"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.reason_form = DecisionReasonForm()

    def get_approval(self) -> ProjectApproval:
        if not hasattr(self, "approval"):
            # Another country's approval does not exist for this staff member.
            self.approval = get_object_or_404(
                services.approvals_for_staff(self.request.user).select_related(
                    "country",
                    "decided_by",
                    "project__founder__school__country",
                    "project__cofounder__school__country",
                ),
                pk=self.kwargs["pk"],
            )
        return self.approval

    def get_page_title(self):
        approval = self.get_approval()
        return _("Approval of “%(title)s” for %(country)s") % {
            "title": approval.project.title,
            "country": approval.country.display_name,
        }

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("twinspace_project_approval:index"), "label": _("Project approval")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        approval = self.get_approval()
        project = approval.project
        context.update(
            approval=approval,
            project=project,
            founders=[project.founder, project.cofounder],
            languages=list(project.working_languages.all()),
            subjects=list(project.subjects.all()),
            all_approvals=list(project.approvals.select_related("country")),
            reason_form=self.reason_form,
            can_decide=(
                approval.status == ProjectApproval.Status.PENDING
                and project.state == project.State.PENDING_APPROVAL
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        approval = self.get_approval()
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.decide_project(
                    actor=request.user,
                    project=approval.project,
                    country=approval.country_id,
                    approve=True,
                )
                messages.success(request, _("You approved the project for your country."))
            elif action == "reject":
                self.reason_form = DecisionReasonForm(request.POST)
                if not self.reason_form.is_valid():
                    messages.error(request, _("The project was not rejected: give a reason."))
                    return self.render_to_response(self.get_context_data(), status=400)
                services.decide_project(
                    actor=request.user,
                    project=approval.project,
                    country=approval.country_id,
                    approve=False,
                    reason=self.reason_form.cleaned_data["reason"],
                )
                messages.success(request, _("The project is rejected; its founders were told why."))
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("twinspace_project_approval:detail", pk=approval.pk)


class ApprovalMenuItem(MenuItem):
    """Shown to NSS staff and superusers, with the number of projects waiting."""

    def is_shown(self, request):
        return services.is_project_reviewer(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = services.waiting_approvals(request.user).count()
        if waiting:
            # Menu items are shared between requests: change the component, not the item.
            component.label = _("%(label)s (%(count)d)") % {"label": self.label, "count": waiting}
        return component


urlpatterns = [
    path("", ApprovalQueueView.as_view(), name="index"),
    path("<id:pk>/", ApprovalDetailView.as_view(), name="detail"),
]


@hooks.register("register_admin_urls")
def register_project_approval_urls():
    return [path("project-approval/", include((urlpatterns, "twinspace_project_approval")))]


@hooks.register("register_admin_menu_item")
def register_project_approval_menu_item():
    return ApprovalMenuItem(
        gettext_lazy("Project approval"),
        reverse("twinspace_project_approval:index"),
        name="project-approval",
        icon_name="folder-open-inverse",
        order=260,
    )
