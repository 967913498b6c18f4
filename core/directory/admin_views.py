"""Wagtail admin screens of core's directory area (imported by core/wagtail_hooks.py).

Countries and regions: staff with the Django model permissions (superusers).
Schools: also the NSS staff of the school's country, who may edit their country's
schools and merge a duplicate into another school (``merge_schools``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import (
    EditView,
    IndexView,
    InspectView,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core import bounds
from core.directory.services import can_merge_schools, merge_schools
from core.models import Country, Region, School
from core.staff import countries_served_by, nss_staff

NSS_ACTIONS = {"view", "change"}


def nss_country_ids(user) -> list[int]:
    """The countries whose schools ``user`` edits as NSS staff (not as superuser: the
    model permission answers for them)."""
    return countries_served_by(user) or []


class SchoolPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, plus: NSS staff view and edit their country's schools."""

    def has_model_permission(self, user, action) -> bool:
        """The Django model permission (every school), not the NSS scope."""
        return super().user_has_permission(user, action)

    def user_has_permission(self, user, action):
        if self.has_model_permission(user, action):
            return True
        return action in NSS_ACTIONS and bool(nss_country_ids(user))

    def users_with_any_permission(self, actions):
        users = super().users_with_any_permission(actions)
        if NSS_ACTIONS & set(actions):
            nss = nss_staff()
            users = (users | nss).distinct()
        return users

    def user_has_permission_for_instance(self, user, action, instance):
        if self.has_model_permission(user, action):
            return True
        return action in NSS_ACTIONS and instance.country_id in nss_country_ids(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if any(self.has_model_permission(user, action) for action in actions):
            return School.objects.all()
        if NSS_ACTIONS & set(actions):
            return School.objects.filter(country__in=nss_country_ids(user))
        return School.objects.none()


school_permission_policy = SchoolPermissionPolicy(School)
register_permission_policy(School, school_permission_policy)


class SchoolIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("country", "merged_into")
        allowed = school_permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view", "change"]
        )
        return queryset.filter(pk__in=allowed.values("pk"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.merged_into_id is None and can_merge_schools(
            self.request.user, instance.country_id
        ):
            buttons.append(
                ListingButton(
                    _("Merge into another school"),
                    url=reverse("directory_school_merge", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=30,
                )
            )
        return buttons


class SchoolInstanceMixin:
    """NSS open only their own country's schools (Wagtail checks the model permission only)."""

    def get_object(self, queryset=None):
        school = super().get_object(queryset)
        if not school_permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_permission, school
        ):
            raise PermissionDenied
        return school


class SchoolEditView(SchoolInstanceMixin, EditView):
    instance_permission = "change"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        user = self.request.user
        if not school_permission_policy.has_model_permission(user, "change"):
            # NSS keep the schools they edit in their own country.
            allowed = nss_country_ids(user)
            form.fields["country"].queryset = Country.objects.filter(pk__in=allowed)
            form.fields["region"].queryset = Region.objects.filter(country__in=allowed)
        return form


class SchoolInspectView(SchoolInstanceMixin, InspectView):
    instance_permission = "view"


class CountryViewSet(ModelViewSet):
    model = Country
    name = "directory_countries"
    pk_path_converter = "id"  # a too-large id in the URL answers 404
    url_prefix = "directory/countries"
    icon = "globe"
    menu_label = _("Countries")
    add_to_admin_menu = False
    form_fields = ["code", "name", "tier", "support_organisation"]
    list_display = ["name", "code", "tier", "support_organisation"]
    list_filter = ["tier"]
    search_fields = ["name", "code"]


class RegionViewSet(ModelViewSet):
    model = Region
    name = "directory_regions"
    pk_path_converter = "id"  # a too-large id in the URL answers 404
    url_prefix = "directory/regions"
    icon = "site"
    menu_label = _("Regions")
    form_fields = ["country", "name"]
    list_display = ["name", "country"]
    list_filter = ["country"]
    search_fields = ["name"]


class SchoolViewSet(ModelViewSet):
    model = School
    name = "directory_schools"
    pk_path_converter = "id"  # a too-large id in the URL answers 404
    url_prefix = "directory/schools"
    icon = "home"
    menu_label = _("Schools")
    index_view_class = SchoolIndexView
    edit_view_class = SchoolEditView
    inspect_view_class = SchoolInspectView
    form_fields = [
        "name",
        "country",
        "region",
        "town",
        "address",
        "levels",
        "head_teacher_name",
        "head_teacher_email",
        "registered_since",
    ]
    list_display = ["name", "town", "country", Column("merged_into", label=_("Merged into"))]
    list_filter = ["country"]
    inspect_view_enabled = True


class DirectoryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "globe"
    menu_order = 300
    items = (CountryViewSet, RegionViewSet, SchoolViewSet)


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()


class MergeForm(forms.Form):
    target = bounds.ModelChoiceField(
        label=_("Merge into"),
        queryset=School.objects.none(),
        help_text=_("The school that stays; members and open validation requests move to it."),
    )

    def __init__(self, *args, duplicate: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = School.objects.filter(
            country=duplicate.country_id, merged_into__isnull=True
        ).exclude(pk=duplicate.pk)


class MergeSchoolView(WagtailAdminTemplateMixin, FormView):
    """NSS pick the school a duplicate is merged into."""

    template_name = "core/directory/admin/merge.html"
    form_class = MergeForm
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        self.duplicate = get_object_or_404(
            School.objects.select_related("country"), pk=kwargs["pk"]
        )
        if not can_merge_schools(request.user, self.duplicate.country_id):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Merge %(school)s") % {"school": self.duplicate}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("directory_schools:index"), "label": _("Schools")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "duplicate": self.duplicate}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "duplicate": self.duplicate}

    def form_valid(self, form):
        target = form.cleaned_data["target"]
        try:
            merge_schools(actor=self.request.user, duplicate=self.duplicate, target=target)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(duplicate)s was merged into %(target)s.")
            % {"duplicate": self.duplicate, "target": target},
        )
        return redirect("directory_schools:index")


@hooks.register("register_admin_urls")
def register_merge_url():
    return [
        path(
            "directory/schools/<id:pk>/merge/",
            MergeSchoolView.as_view(),
            name="directory_school_merge",
        )
    ]
