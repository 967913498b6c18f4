"""The awards' Wagtail admin screens (imported by the plugin's wagtail_hooks).

NSS staff see the awards of the countries they serve, the CSS and superusers every
award (``policy.awards_for_staff``): a list to search by verification code, holder or
title and to filter by kind, state and country, and one award's page with its facts,
its history and the forms to revoke it (with a reason) or re-issue it. Another
country's award does not exist for an NSS (404). The views parse input and call the
services, which check the role and the award's state again.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.links import absolute_url
from core.models import AuditEntry, Country
from core.staff import countries_served_by, is_css_staff
from plugins.labels.awards import queries, services, texts
from plugins.labels.awards.policy import Action, access_for, awards_for_staff, is_awards_staff
from plugins.labels.models import Award
from plugins.labels.models.awards import normalise_code

PAGE_SIZE = 25
MAX_SEARCH_LENGTH = 200

HISTORY_LABELS = {
    services.AWARD_ISSUED: gettext_lazy("Issued"),
    services.AWARD_REVOKED: gettext_lazy("Revoked"),
    services.AWARD_REISSUED: gettext_lazy("Re-issued"),
}

STATE_TONES = {Award.State.VALID: "w-status--primary", Award.State.REVOKED: "w-status--label"}


def _refusal_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


def _serves_several_countries(user) -> bool:
    """Whether the country filter means anything to ``user``."""
    if user.is_superuser or is_css_staff(user):
        return True
    served = countries_served_by(user)
    return served is None or len(served) > 1


def _country_choices(user) -> list[tuple[str, str]]:
    """The countries ``user`` may filter by: those of the awards they look after (for an
    NSS, only the countries they serve), named in the reader's language."""
    countries = Country.objects.filter(pk__in=awards_for_staff(user).values("country_id"))
    served = countries_served_by(user)
    if not (user.is_superuser or is_css_staff(user)) and served is not None:
        countries = Country.objects.filter(pk__in=served)
    return sorted(
        ((str(country.pk), country.display_name) for country in countries),
        key=lambda choice: choice[1],
    )


class AwardFilterForm(forms.Form):
    """The list's search box and filters; every field may stay empty."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=MAX_SEARCH_LENGTH,
        help_text=gettext_lazy("A verification code, the holder's name or the title."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)

    def __init__(self, *args, country_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Every kind")), *Award.Kind.choices]
        self.fields["state"].choices = [("", _("Every state")), *Award.State.choices]
        if country_choices is None:
            del self.fields["country"]
        else:
            self.fields["country"].choices = [("", _("Every country")), *country_choices]

    def filter(self, awards):
        """``awards`` narrowed by the valid fields (an invalid field is left out)."""
        data = self.cleaned_data if self.is_bound else {}
        query = (data.get("q") or "").strip()
        if query:
            matches = Q(recipient_name__icontains=query) | Q(subject_title__icontains=query)
            code = normalise_code(query)
            if code:
                matches |= Q(code=code)
            awards = awards.filter(matches)
        if data.get("kind"):
            awards = awards.filter(kind=data["kind"])
        if data.get("state"):
            awards = awards.filter(state=data["state"])
        if data.get("country"):
            awards = awards.filter(country_id=int(data["country"]))
        return awards

    @property
    def is_filtering(self) -> bool:
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)


class RevokeForm(forms.Form):
    """Why the award is revoked, and that the revoker means it."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for revoking"),
        max_length=services.MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "The holder is told this reason, and the verification page shows it."
        ),
        error_messages={
            "required": gettext_lazy(
                "Say why the award is revoked: its holder and anyone verifying it read it."
            )
        },
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I confirm: the award stops being valid and its verification page will say so."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm the revocation.")},
    )


class AwardsStaffMixin:
    """Only NSS staff, the CSS and superusers open these screens."""

    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        if not is_awards_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def index_crumb(self) -> dict:
        return {"url": reverse("awards_admin:index"), "label": _("Awards")}


def award_row(award: Award) -> dict:
    """What the list and the award's page say about one award, in the reader's language."""
    return {
        "award": award,
        **texts.words(award),
        "state_tone": STATE_TONES.get(award.state, ""),
    }


class AwardIndexView(AwardsStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """The awards the staff member looks after, newest first."""

    template_name = "labels/awards/admin/index.html"
    page_title = gettext_lazy("Awards")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        several = _serves_several_countries(user)
        form = AwardFilterForm(
            self.request.GET or None,
            country_choices=_country_choices(user) if several else None,
        )
        awards = queries.with_related(awards_for_staff(user))
        if form.is_bound and form.is_valid():
            awards = form.filter(awards)
        paginator = Paginator(awards.order_by("-issued_at", "-pk"), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            form=form,
            page=page,
            rows=[award_row(award) for award in page.object_list],
            elided_page_range=paginator.get_elided_page_range(page.number),
            filtering=form.is_bound and form.is_valid() and form.is_filtering,
        )
        return context


class AwardDetailView(AwardsStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    """One award: its facts, its history, and revoking or re-issuing it."""

    template_name = "labels/awards/admin/detail.html"

    def get_award(self) -> Award:
        if not hasattr(self, "award"):
            code = normalise_code(self.kwargs["code"])
            award = (
                queries.with_related(awards_for_staff(self.request.user))
                .select_related("revoked_by")
                .filter(code=code)
                .first()
                if code
                else None
            )
            if award is None:
                raise Http404
            self.award = award
            self.access = access_for(self.request.user, award)
        return self.award

    def get_page_title(self):
        award = self.get_award()
        return f"{texts.award_name(award)} · {award.subject_title}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.index_crumb(),
            {"url": "", "label": self.get_page_title()},
        ]

    def history(self, award: Award) -> list[dict]:
        entries = AuditEntry.objects.filter(
            target_type=Award._meta.label_lower, target_id=str(award.pk)
        ).select_related("actor")
        return [
            {
                "entry": entry,
                "label": HISTORY_LABELS.get(entry.action, entry.action),
                "details": entry.data.get("reason", ""),
            }
            for entry in entries.order_by("created_at", "pk")
        ]

    def verification_url(self, award: Award) -> str:
        """The public verification page."""
        return absolute_url(award.verification_url())

    def get_context_data(self, revoke_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        award, access = self.get_award(), self.access
        context.update(
            row=award_row(award),
            award=award,
            history=self.history(award),
            verification_url=self.verification_url(award),
            holder_page_url=award.get_absolute_url(),
            can_revoke=access.can(Action.REVOKE),
            can_reissue=access.can(Action.REISSUE),
            reissue_refusal=access.refusal(Action.REISSUE) if not award.is_valid else "",
            revoke_form=revoke_form or RevokeForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        award = self.get_award()
        action = request.POST.get("action")
        try:
            if action == "revoke":
                form = RevokeForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("The award was not revoked: correct the form."))
                    return self.render_to_response(
                        self.get_context_data(revoke_form=form), status=400
                    )
                try:
                    services.revoke_award(
                        actor=request.user, award=award, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    if hasattr(error, "error_dict") and "reason" in error.error_dict:
                        form.add_error("reason", error.error_dict["reason"])
                        messages.error(request, _("The award was not revoked: correct the form."))
                        return self.render_to_response(
                            self.get_context_data(revoke_form=form), status=400
                        )
                    raise
                messages.success(
                    request,
                    _("The award is revoked; its holder was told why.")
                    if award.recipient_user_id
                    else _("The award is revoked."),
                )
            elif action == "reissue":
                services.reissue_award(actor=request.user, award=award)
                messages.success(
                    request,
                    _("The award is valid again, with the same verification code."),
                )
            else:
                messages.error(request, _("Unknown action."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal_text(error))
        return redirect("awards_admin:detail", code=award.code)


class AwardsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_awards_staff(request.user)


urlpatterns = [
    path("", AwardIndexView.as_view(), name="index"),
    path("<str:code>/", AwardDetailView.as_view(), name="detail"),
]


@hooks.register("register_admin_urls")
def register_awards_admin_urls():
    return [path("awards/", include((urlpatterns, "awards_admin")))]


@hooks.register("register_admin_menu_item")
def register_awards_menu_item():
    return AwardsMenuItem(
        gettext_lazy("Awards"),
        reverse("awards_admin:index"),
        name="awards",
        icon_name="success",
        order=280,
    )
