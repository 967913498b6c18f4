"""Wagtail admin screens of core's support area (imported by core/wagtail_hooks.py).

NSS staff see and answer the support requests of their country; superusers see all.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.models import SupportRequest
from core.support import services
from core.support.forms import SupportMessageForm

PAGE_SIZE = 25

# Open requests first (they wait for an answer), then answered, then closed.
STATUS_ORDER = Case(
    When(status=SupportRequest.Status.OPEN, then=Value(0)),
    When(status=SupportRequest.Status.ANSWERED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


class SupportStaffRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not services.is_support_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SupportRequestListView(SupportStaffRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """The requests of the staff member's countries, oldest open first."""

    template_name = "core/support/admin_list.html"
    page_title = gettext_lazy("Support requests")
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        requests = services.requests_for_staff(self.request.user).select_related(
            "teacher", "teacher__school", "country"
        )
        if status in SupportRequest.Status.values:
            requests = requests.filter(status=status)
        else:
            status = ""
        requests = requests.annotate(status_order=STATUS_ORDER).order_by(
            "status_order", "updated_at", "pk"
        )
        paginator = Paginator(requests, PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            page=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            status=status,
            statuses=SupportRequest.Status.choices,
        )
        return context


class SupportRequestDetailView(SupportStaffRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One request's conversation, with the answer form and the close button."""

    template_name = "core/support/admin_detail.html"
    header_icon = "help"

    def get_object(self) -> SupportRequest:
        return get_object_or_404(
            services.requests_for_staff(self.request.user).select_related(
                "teacher", "teacher__school", "country"
            ),
            pk=self.kwargs["request_id"],
        )

    def get_page_title(self):
        return _("Support request: %(topic)s") % {"topic": self.support_request.get_topic_display()}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("opentwin_support"), "label": _("Support requests")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        self.support_request = self.get_object()
        return self.render_to_response(self.get_context_data(form=SupportMessageForm()))

    def post(self, request, *args, **kwargs):
        """Answer the request."""
        self.support_request = self.get_object()
        form = SupportMessageForm(request.POST)
        if form.is_valid():
            try:
                services.answer_support_request(
                    actor=request.user,
                    support_request=self.support_request,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your answer was sent to the teacher."))
                return redirect("opentwin_support_detail", self.support_request.pk)
        messages.error(request, _("The answer could not be sent."))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["support_request"] = self.support_request
        context["conversation"] = self.support_request.messages.select_related("author")
        return context


class SupportRequestCloseView(SupportStaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, request_id: int):
        support_request = get_object_or_404(
            services.requests_for_staff(request.user), pk=request_id
        )
        try:
            services.close_support_request(actor=request.user, support_request=support_request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The request is closed; the teacher was told."))
        return redirect("opentwin_support_detail", support_request.pk)


class SupportMenuItem(MenuItem):
    """Shown to NSS staff and superusers, with the number of open requests."""

    def is_shown(self, request):
        return services.is_support_staff(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        count = (
            services.requests_for_staff(request.user)
            .filter(status=SupportRequest.Status.OPEN)
            .count()
        )
        component.label = _("Support requests (%(count)d open)") % {"count": count}
        return component


@hooks.register("register_admin_urls")
def register_support_urls():
    return [
        path("support/", SupportRequestListView.as_view(), name="opentwin_support"),
        path(
            "support/<id:request_id>/",
            SupportRequestDetailView.as_view(),
            name="opentwin_support_detail",
        ),
        path(
            "support/<id:request_id>/close/",
            SupportRequestCloseView.as_view(),
            name="opentwin_support_close",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_support_menu_item():
    return SupportMenuItem(
        gettext_lazy("Support requests"),
        reverse("opentwin_support"),
        name="support-requests",
        icon_name="help",
        order=800,
    )
