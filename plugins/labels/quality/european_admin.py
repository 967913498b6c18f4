"""The European Quality Label nominations' Wagtail admin screen (imported by the
plugin's wagtail_hooks).

Per school year, the projects the yearly computation proposed, grouped by country: NSS
staff see their countries' proposals and nominate them (or not); the CSS and superusers
see every country's, confirm the nominated ones (every National Quality Label holder of
the project then receives the European label) and may compute the year's candidates at
once instead of waiting for the yearly task. The list reads the same number of queries
whatever the number of proposals: a project's page is reached through a small redirect
that asks the project's plugin for its address. The services check the roles again; a
refusal is a message, never a 500.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.models import User
from core.plugins import hook
from core.staff import countries_served_by
from plugins.labels.models import EuropeanNomination
from plugins.labels.quality import european, services
from plugins.labels.quality.admin_views import (
    _refusal_text,
    _sees_everything,
    points_text,
    school_year_label,
    sees_windows,
)

NominationState = EuropeanNomination.State
NOMINATE, WITHDRAW, CONFIRM, PROPOSE = "nominate", "withdraw", "confirm", "propose"

STATE_TONES = {
    NominationState.NOMINATED: "w-status--primary",
    NominationState.CONFIRMED: "w-status--primary",
}


def nominations_for_staff(user: User):
    """The nominations ``user`` looks after: all for the CSS and superusers, those of
    the countries they serve for NSS staff, none for anyone else."""
    nominations = EuropeanNomination.objects.all()
    if not sees_windows(user):
        return nominations.none()
    if _sees_everything(user):
        return nominations
    return nominations.filter(country_id__in=countries_served_by(user) or [])


class YearForm(forms.Form):
    school_year = forms.TypedChoiceField(
        label=gettext_lazy("School year"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, school_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [
            (str(year), school_year_label(year)) for year in school_years
        ]


class NominationStaffMixin:
    """Only the NSS, the CSS and superusers open the nominations."""

    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        if not sees_windows(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class NominationsView(NominationStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """The year's proposals in the reader's scope, grouped by country, with what the
    reader may do to each."""

    template_name = "labels/quality/admin/european.html"
    page_title = gettext_lazy("European Quality Label nominations")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("quality_admin:index"), "label": _("National Quality Labels")},
            {"url": "", "label": self.page_title},
        ]

    def school_year(self, scope) -> tuple[int, YearForm]:
        current = services.school_year_of(timezone.now())
        years = set(scope.order_by().values_list("school_year", flat=True).distinct())
        years.add(current)
        form = YearForm(self.request.GET or None, school_years=sorted(years, reverse=True))
        year = current
        if form.is_bound:
            if form.is_valid() and form.cleaned_data["school_year"]:
                year = form.cleaned_data["school_year"]
            elif not form.is_valid():
                messages.error(
                    self.request,
                    _("This school year was not understood: the current one is shown."),
                )
                form = YearForm(school_years=sorted(years, reverse=True))
        form.initial = {"school_year": year}
        return year, form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = nominations_for_staff(user)
        year, form = self.school_year(scope)
        everything = _sees_everything(user)
        served = set(countries_served_by(user) or [])
        sections: dict[int, dict] = {}
        listed = scope.filter(school_year=year).select_related("country")
        for nomination in listed.order_by("country__name", "rank"):
            section = sections.setdefault(
                nomination.country_id, {"country": nomination.country, "rows": []}
            )
            nominates = user.is_superuser or nomination.country_id in served
            open_ = nomination.state != NominationState.CONFIRMED
            section["rows"].append(
                {
                    "nomination": nomination,
                    "average": points_text(nomination.average_score),
                    "state_tone": STATE_TONES.get(nomination.state, ""),
                    "can_nominate": nominates
                    and open_
                    and nomination.state != NominationState.NOMINATED,
                    "can_withdraw": nominates
                    and open_
                    and nomination.state != NominationState.WITHDRAWN,
                    "can_confirm": everything and nomination.state == NominationState.NOMINATED,
                }
            )
        context.update(
            form=form,
            school_year=year,
            school_year_text=school_year_label(year),
            sections=sorted(sections.values(), key=lambda s: s["country"].display_name),
            can_propose=everything,
            actions={
                "nominate": NOMINATE,
                "withdraw": WITHDRAW,
                "confirm": CONFIRM,
                "propose": PROPOSE,
            },
        )
        return context

    def back(self, year: int | None):
        url = reverse("european_admin:index")
        if year:
            url += "?" + urlencode({"school_year": year})
        return redirect(url)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == PROPOSE:
            return self.propose()
        if action not in (NOMINATE, WITHDRAW, CONFIRM):
            messages.error(request, _("This action was not understood: nothing was changed."))
            return self.back(None)
        raw = request.POST.get("nomination", "")
        nomination = None
        if raw.isdigit():
            nomination = nominations_for_staff(request.user).filter(pk=int(raw)).first()
        if nomination is None:
            messages.error(request, _("This nomination was not found: nothing was changed."))
            return self.back(None)
        try:
            if action == CONFIRM:
                european.confirm(actor=request.user, nomination=nomination)
            else:
                european.nominate(
                    actor=request.user, nomination=nomination, nominate=action == NOMINATE
                )
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _refusal_text(error))
        else:
            text = {
                NOMINATE: _("%(project)s is nominated for the European Quality Label."),
                WITHDRAW: _("%(project)s is not nominated for the European Quality Label."),
                CONFIRM: _(
                    "%(project)s holds the European Quality Label: its National Quality "
                    "Label holders receive it."
                ),
            }[action]
            messages.success(request, text % {"project": nomination.project_title})
        return self.back(nomination.school_year)

    def propose(self):
        request = self.request
        if not _sees_everything(request.user):
            messages.error(
                request, _("Only the Central Support Service computes the year's candidates.")
            )
            return self.back(None)
        year = services.school_year_of(timezone.now())
        raw = request.POST.get("school_year", "")
        if raw:
            if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
                messages.error(request, _("This school year was not understood: nothing was done."))
                return self.back(None)
            year = int(raw)
        created = european.propose(school_year=year)
        messages.success(
            request,
            ngettext(
                "The candidates of %(year)s are computed: %(count)d new proposal.",
                "The candidates of %(year)s are computed: %(count)d new proposals.",
                created,
            )
            % {"year": school_year_label(year), "count": created},
        )
        return self.back(year)


class ProjectView(NominationStaffMixin, View):
    """A nominated project's page, its address asked of the project's plugin."""

    def get(self, request, pk):
        nomination = nominations_for_staff(request.user).filter(pk=pk).first()
        if nomination is None:
            raise Http404
        facts = hook().get_project_facts(project_id=nomination.project_id)
        if facts is None or not facts.url:
            messages.error(request, _("This project's page cannot be opened."))
            return redirect(
                reverse("european_admin:index")
                + "?"
                + urlencode({"school_year": nomination.school_year})
            )
        return redirect(facts.url)


urlpatterns = [
    path("", NominationsView.as_view(), name="index"),
    path("<id:pk>/project/", ProjectView.as_view(), name="project"),
]


@hooks.register("register_admin_urls")
def register_european_admin_urls():
    return [path("quality-labels/european/", include((urlpatterns, "european_admin")))]
