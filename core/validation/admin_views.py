"""Wagtail admin screens of core's validation area (imported by core/wagtail_hooks.py).

Regional representatives, NSS staff and superusers see the requests they handle,
oldest first, and validate, reject or resend the head teacher's link. The views
parse input and call the services, which check permissions and states again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.models import AuditEntry, ValidationRequest
from core.validation import services
from core.validation.forms import RejectionForm

PER_PAGE = 25

# Filters of the queue: "open" (both pending statuses) by default.
STATUS_FILTERS = {
    "open": gettext_lazy("Open (all pending)"),
    **dict(ValidationRequest.Status.choices),
    "all": gettext_lazy("All"),
}

HISTORY_LABELS = {
    "validation.requested": gettext_lazy("Validation requested"),
    "validation.withdrawn": gettext_lazy("Withdrawn (the teacher asked for another school)"),
    "validation.link_resent": gettext_lazy("Head teacher's link sent again"),
    "validation.head_teacher_confirmed": gettext_lazy("Head teacher confirmed"),
    "validation.head_teacher_denied": gettext_lazy("Head teacher denied"),
    "validation.validated": gettext_lazy("Validated"),
    "validation.rejected": gettext_lazy("Rejected"),
}


class ValidatorsOnlyMixin:
    """Only NSS staff, regional representatives and superusers open these screens."""

    def dispatch(self, request, *args, **kwargs):
        if not services.is_validator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ValidationQueueView(ValidatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The requests of the staff member's region or country, oldest first."""

    template_name = "core/validation/admin/index.html"
    page_title = gettext_lazy("Teacher validation")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        handled = services.requests_for_staff(self.request.user)
        status = self.request.GET.get("status", "open")
        if status not in STATUS_FILTERS:
            status = "open"
        requests = handled.select_related("user", "school__country", "school__region")
        if status == "open":
            requests = requests.filter(status__in=ValidationRequest.OPEN)
        elif status != "all":
            requests = requests.filter(status=status)
        page = Paginator(requests.order_by("created_at", "pk"), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        context.update(
            page=page,
            counts=services.count_by_status(handled),
            status=status,
            status_filters=STATUS_FILTERS,
        )
        return context


class ValidationDetailView(ValidatorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One request: its facts, its history and the actions its state allows."""

    template_name = "core/validation/admin/detail.html"
    header_icon = "user"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.rejection_form = RejectionForm()

    def get_validation(self) -> ValidationRequest:
        if not hasattr(self, "validation"):
            self.validation = get_object_or_404(
                services.requests_for_staff(self.request.user).select_related(
                    "user", "school__country", "school__region", "decided_by"
                ),
                pk=self.kwargs["pk"],
            )
        return self.validation

    def get_page_title(self):
        return _("Validation of %(name)s") % {"name": self.get_validation().user.display_name()}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("core_validation:index"), "label": _("Teacher validation")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        validation = self.get_validation()
        entries = AuditEntry.objects.filter(
            target_type=ValidationRequest._meta.label_lower, target_id=str(validation.pk)
        ).select_related("actor")
        history = [
            {
                "entry": entry,
                "label": HISTORY_LABELS.get(entry.action, entry.action),
                "details": entry.data.get("reason") or entry.data.get("comment") or "",
            }
            for entry in entries.order_by("created_at", "pk")
        ]
        Status = ValidationRequest.Status
        context.update(
            validation=validation,
            teacher=validation.user,
            history=history,
            rejection_form=self.rejection_form,
            can_validate=validation.status == Status.NSS_PENDING,
            can_reject=validation.status in ValidationRequest.OPEN,
            can_resend=validation.status == Status.HEAD_TEACHER_PENDING,
        )
        return context

    def post(self, request, *args, **kwargs):
        validation = self.get_validation()
        action = request.POST.get("action")
        try:
            if action == "validate":
                services.validate_teacher(actor=request.user, validation=validation)
                messages.success(
                    request,
                    _("%(name)s is validated.") % {"name": validation.user.display_name()},
                )
            elif action == "reject":
                self.rejection_form = RejectionForm(request.POST)
                if not self.rejection_form.is_valid():
                    messages.error(request, _("The request was not rejected: give a reason."))
                    return self.render_to_response(self.get_context_data(), status=400)
                services.reject_teacher(
                    actor=request.user,
                    validation=validation,
                    reason=self.rejection_form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("The request of %(name)s is rejected; the teacher was told why.")
                    % {"name": validation.user.display_name()},
                )
            elif action == "resend":
                services.resend_head_teacher_link(actor=request.user, validation=validation)
                messages.success(
                    request,
                    _("A new link was sent to %(email)s; earlier links no longer work.")
                    % {"email": validation.head_teacher_email},
                )
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("core_validation:detail", pk=validation.pk)


class ValidationMenuItem(MenuItem):
    """Shown to validators only, with the number of requests waiting for their decision."""

    def is_shown(self, request):
        return services.is_validator(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = services.count_by_status(services.requests_for_staff(request.user))
        if waiting["nss_pending"]:
            # Menu items are shared between requests: change the component, not the item.
            component.label = _("%(label)s (%(count)d)") % {
                "label": self.label,
                "count": waiting["nss_pending"],
            }
        return component


urlpatterns = [
    path("", ValidationQueueView.as_view(), name="index"),
    path("<id:pk>/", ValidationDetailView.as_view(), name="detail"),
]


@hooks.register("register_admin_urls")
def register_validation_urls():
    return [path("validation/", include((urlpatterns, "core_validation")))]


@hooks.register("register_admin_menu_item")
def register_validation_menu_item():
    return ValidationMenuItem(
        gettext_lazy("Teacher validation"),
        reverse("core_validation:index"),
        name="teacher-validation",
        icon_name="user",
        order=250,
    )
