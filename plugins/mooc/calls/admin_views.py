"""The Wagtail admin screens of calls for events (imported by wagtail_hooks).

The CSS (and superusers) create and edit calls, give countries their places and
publish; each NSS opens its countries' applicants in ranked order, with the facts the
priority rules read, moves them up or down, selects within the quota and downloads
the selected and waiting lists as CSV. Another country's applicants do not exist for
an NSS (404). The views parse input and call the services, which check the role, the
window and the country again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.models import Country
from plugins.mooc.calls import queries, services
from plugins.mooc.calls.forms import CallForm, QuotaForm
from plugins.mooc.calls.policy import (
    Action,
    Phase,
    access_for,
    is_organiser,
    served_countries,
    visible_calls,
)
from plugins.mooc.calls.priorities import is_new_to_programme, rules_of, was_selected_before
from plugins.mooc.models.calls import CallQuota, EventCall

CALL_FIELDS = (
    "kind",
    "title",
    "description",
    "venue",
    "applications_open_at",
    "applications_close_at",
    "event_starts_at",
    "event_ends_at",
    "priority_rules",
)


def is_call_staff(user) -> bool:
    """Organisers and NSS staff open these screens."""
    return is_organiser(user) or bool(served_countries(user))


def _refusal_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


class CallStaffMixin:
    """Only organisers and NSS staff; a call they may not see answers 404."""

    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not is_call_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_call(self) -> EventCall:
        if not hasattr(self, "call"):
            self.call = get_object_or_404(visible_calls(self.request.user), pk=self.kwargs["pk"])
            self.access = access_for(self.request.user, self.call)
        return self.call

    def index_crumb(self) -> dict:
        return {"url": reverse("calls_admin:index"), "label": _("Calls for events")}


class CallIndexView(CallStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """The calls, the latest first; organisers see drafts too."""

    template_name = "mooc/calls/admin/index.html"
    page_title = gettext_lazy("Calls for events")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        calls = visible_calls(user).order_by("-applications_close_at", "-pk")[:100]
        rows = [{"call": call, "access": access_for(user, call)} for call in calls]
        for row in rows:
            row["phase"] = row["access"].phase
        context.update(rows=rows, may_create=is_organiser(user), Phase=Phase)
        return context


class CallDetailView(CallStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """A call: its dates and rules, each country's places and applicants; for the CSS,
    editing, places and publishing."""

    template_name = "mooc/calls/admin/detail.html"

    def get_page_title(self):
        return self.get_call().title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.index_crumb(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, quota_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        call, access = self.get_call(), self.access
        counts = queries.country_counts(call)
        quotas = [
            quota
            for quota in CallQuota.objects.filter(call=call).select_related("country")
            if access.serves(quota.country_id)
        ]
        selected = set(call.selections.values_list("country_id", flat=True))
        countries = [
            {
                "quota": quota,
                "counts": counts.get(quota.country_id, {}),
                "total": sum(
                    number
                    for status, number in counts.get(quota.country_id, {}).items()
                    if status != "withdrawn"
                ),
                "selected": quota.country_id in selected,
            }
            for quota in sorted(quotas, key=lambda quota: quota.country.display_name)
        ]
        context.update(
            call=call,
            access=access,
            phase=access.phase,
            Phase=Phase,
            rules=rules_of(call),
            countries=countries,
            may_manage=access.can(Action.MANAGE),
            may_export=access.can(Action.EXPORT),
            quota_form=quota_form or QuotaForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        call = self.get_call()
        action = request.POST.get("action")
        try:
            if action == "publish":
                services.publish_call(actor=request.user, call=call)
                messages.success(request, _("The call is published."))
            elif action == "quota":
                form = QuotaForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("The places were not set: correct the form."))
                    return self.render_to_response(
                        self.get_context_data(quota_form=form), status=400
                    )
                quota = services.set_quota(
                    actor=request.user,
                    call=call,
                    country=form.cleaned_data["country"],
                    places=form.cleaned_data["places"],
                )
                messages.success(
                    request,
                    _("%(country)s has %(places)d places.")
                    % {"country": quota.country.display_name, "places": quota.places},
                )
            else:
                messages.error(request, _("Unknown action."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal_text(error))
        return redirect("calls_admin:detail", pk=call.pk)


class CountryApplicantsView(CallStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """One country's applicants to a call, in ranked order, with the priority facts;
    moving, selecting within the quota and the result lists."""

    template_name = "mooc/calls/admin/country.html"

    def get_country(self) -> Country:
        if not hasattr(self, "country"):
            call = self.get_call()
            country = get_object_or_404(Country, pk=self.kwargs["country_id"])
            # Another country's applicants do not exist for this staff member.
            if not self.access.serves(country.pk) or queries.quota_for(call, country.pk) is None:
                raise Http404
            self.country = country
        return self.country

    def get_page_title(self):
        return _("“%(call)s”: the applicants of %(country)s") % {
            "call": self.get_call().title,
            "country": self.get_country().display_name,
        }

    def get_breadcrumbs_items(self):
        call = self.get_call()
        return [
            *self.breadcrumbs_items,
            self.index_crumb(),
            {"url": reverse("calls_admin:detail", args=[call.pk]), "label": call.title},
            {"url": "", "label": self.get_country().display_name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call, access, country = self.get_call(), self.access, self.get_country()
        quota = queries.quota_for(call, country.pk)
        selection = queries.selection_for(call, country.pk)
        rows = [
            {
                "application": application,
                "position": position,
                "new": is_new_to_programme(application),
                "selected_before": was_selected_before(application),
            }
            for position, application in enumerate(
                queries.ranked_applications(call, country.pk), start=1
            )
        ]
        context.update(
            call=call,
            country=country,
            quota=quota,
            selection=selection,
            rows=rows,
            selected_rows=[r for r in rows if r["application"].status == "selected"],
            waiting_rows=[r for r in rows if r["application"].status == "waiting"],
            rules=rules_of(call),
            may_rank=selection is None and access.can_country(Action.RANK, country.pk),
            rank_refusal=access.country_refusal(Action.RANK, country.pk),
            may_select=selection is None and access.can_country(Action.SELECT, country.pk),
            select_refusal=access.country_refusal(Action.SELECT, country.pk),
            may_close_waiting=selection is not None
            and access.can_country(Action.SELECT, country.pk),
            may_export=access.can_country(Action.EXPORT, country.pk),
            places_to_fill=min(quota.places, len(rows)) if quota else 0,
        )
        return context

    def post(self, request, *args, **kwargs):
        call, country = self.get_call(), self.get_country()
        action = request.POST.get("action")
        try:
            if action in ("up", "down"):
                application = get_object_or_404(
                    call.applications.filter(country=country), pk=request.POST.get("application")
                )
                services.move_application(
                    actor=request.user, application=application, direction=action
                )
                messages.success(
                    request,
                    _("%(name)s is now number %(rank)d.")
                    % {"name": application.applicant.display_name(), "rank": application.rank},
                )
            elif action == "reset":
                services.reset_ranking(actor=request.user, call=call, country=country)
                messages.success(
                    request, _("The applicants are in the order of the priority rules again.")
                )
            elif action == "select":
                services.select_within_quota(actor=request.user, call=call, country=country)
                messages.success(
                    request, _("The selection is made; every applicant was told the result.")
                )
            elif action == "close_waiting":
                closed = services.close_waiting_list(actor=request.user, call=call, country=country)
                messages.success(
                    request,
                    _("The waiting list is closed; %(count)d applicants were told.")
                    % {"count": closed},
                )
            else:
                messages.error(request, _("Unknown action."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal_text(error))
        return redirect("calls_admin:country", pk=call.pk, country_id=country.pk)


class CsvDownloadView(CallStaffMixin, View):
    """The selected and waiting lists as a CSV file: one country's, or every country the
    staff member may see."""

    def get(self, request, *args, **kwargs):
        call = self.get_call()
        country = None
        if "country_id" in kwargs:
            country = get_object_or_404(Country, pk=kwargs["country_id"])
            if not self.access.serves(country.pk):
                raise Http404
        text = services.export_csv(actor=request.user, call=call, country=country)
        name = slugify(call.title) or "call"
        if country is not None:
            name = f"{name}-{country.code.lower()}"
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class CallFormView(CallStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """The CSS creates a call, or edits one (``pk`` given)."""

    template_name = "mooc/calls/admin/form.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_organiser(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def editing(self) -> bool:
        return "pk" in self.kwargs

    def get_page_title(self):
        return _("Edit the call") if self.editing() else _("New call for an event")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.index_crumb(),
            {"url": "", "label": self.get_page_title()},
        ]

    def initial(self) -> dict:
        if not self.editing():
            return {"priority_rules": ["new_to_programme", "applied_first"]}
        call = self.get_call()
        return {name: getattr(call, name) for name in CALL_FIELDS}

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=form or CallForm(initial=self.initial()), editing=self.editing())
        return context

    def post(self, request, *args, **kwargs):
        form = CallForm(request.POST)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in CALL_FIELDS}
            try:
                if self.editing():
                    call = services.update_call(actor=request.user, call=self.get_call(), **fields)
                    messages.success(request, _("The call is saved."))
                else:
                    call = services.create_call(actor=request.user, **fields)
                    messages.success(
                        request,
                        _("The call is created. Give countries their places, then publish it."),
                    )
                return redirect("calls_admin:detail", pk=call.pk)
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, _refusal_text(error))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CallsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_call_staff(request.user)


urlpatterns = [
    path("", CallIndexView.as_view(), name="index"),
    path("new/", CallFormView.as_view(), name="create"),
    path("<id:pk>/", CallDetailView.as_view(), name="detail"),
    path("<id:pk>/edit/", CallFormView.as_view(), name="edit"),
    path("<id:pk>/csv/", CsvDownloadView.as_view(), name="csv"),
    path("<id:pk>/countries/<id:country_id>/", CountryApplicantsView.as_view(), name="country"),
    path("<id:pk>/countries/<id:country_id>/csv/", CsvDownloadView.as_view(), name="country-csv"),
]


@hooks.register("register_admin_urls")
def register_calls_admin_urls():
    return [path("calls/", include((urlpatterns, "calls_admin")))]


@hooks.register("register_admin_menu_item")
def register_calls_menu_item():
    return CallsMenuItem(
        gettext_lazy("Calls for events"),
        reverse("calls_admin:index"),
        name="calls-for-events",
        icon_name="date",
        order=270,
    )
