"""The Wagtail admin screens of online seminars (imported by plugins.mooc.wagtail_hooks).

Organisers (NSS staff for their country, CSS staff and superusers for all) list the
seminars they organise, create new ones, edit them with their speakers, announce and
cancel them, and open the list of registrants, the waiting list and who joined. The
forms only parse input: every change goes through ``plugins.mooc.seminars.services``,
which check the role and the rules again, audit and notify; a refusal shows next to its
field and nothing is saved. Seminars are never deleted here.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core import bounds
from core.models import Country, User
from core.staff import countries_served_by, is_css_staff
from plugins.mooc.models import Seminar
from plugins.mooc.seminars import services
from plugins.mooc.seminars.policy import can_create_seminars, is_organiser, manageable_seminars

# No deleting: a seminar has registrants, attendances and a recording that must stay.
OPEN_ACTIONS = {"view", "change"}

MODEL_FIELDS = (
    "title",
    "description",
    "language",
    "country",
    "starts_at",
    "duration_minutes",
    "capacity",
    "live_link",
)
SPEAKER_SEPARATOR = "|"


class SeminarPermissionPolicy(ModelPermissionPolicy):
    """The seminars policy decides: who may create seminars, and who organises which."""

    def user_has_permission(self, user, action):
        if not user.is_authenticated or not user.is_active:
            return False
        if action == "add":
            return can_create_seminars(user)
        if action in OPEN_ACTIONS:
            return can_create_seminars(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in OPEN_ACTIONS or not user.is_authenticated:
            return False
        return is_organiser(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not user.is_authenticated or not OPEN_ACTIONS & set(actions):
            return Seminar.objects.none()
        return manageable_seminars(user)


seminar_permission_policy = SeminarPermissionPolicy(Seminar)
register_permission_policy(Seminar, seminar_permission_policy)


def speakers_text(seminar: Seminar) -> str:
    """The seminar's speakers as the form's lines: name | affiliation | username."""
    lines = []
    for speaker in seminar.speakers.select_related("user"):
        parts = [speaker.name, speaker.affiliation]
        if speaker.user_id:
            parts.append(speaker.user.username)
        lines.append(f" {SPEAKER_SEPARATOR} ".join(parts).rstrip(f" {SPEAKER_SEPARATOR}"))
    return "\n".join(lines)


def parse_speakers(value: str) -> list[dict]:
    """The form's lines as the services' speakers; an unknown username is an error."""
    speakers = []
    for line in (value or "").splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(SPEAKER_SEPARATOR)]
        name, affiliation, username = [*parts, "", "", ""][:3]
        user = None
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise ValidationError(
                    _("There is no active account with the username “%(username)s”."),
                    params={"username": username},
                )
        speakers.append({"name": name, "affiliation": affiliation, "user": user})
    return speakers


class SeminarForm(WagtailAdminModelForm):
    """A seminar's announcement, time, seats and speakers; saved by the services only."""

    live_link = forms.URLField(
        label=_("live link"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Registrants see it from shortly before the start until the end."),
    )
    speakers = forms.CharField(
        label=_("Speakers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One speaker per line: name | affiliation | username on the platform (the last "
            "two are optional). A speaker with an account sees the live link and the "
            "registrants."
        ),
    )
    publish = forms.BooleanField(
        label=_("Announce the seminar now"),
        required=False,
        help_text=_(
            "An announced seminar is listed publicly; its registration opens a week before "
            "it starts. Leave it unticked to keep a draft."
        ),
    )
    cancel = forms.BooleanField(
        label=_("Cancel this seminar"),
        required=False,
        help_text=_("Registrants and the waiting list are told, with your reason."),
    )
    cancellation_reason = forms.CharField(
        label=_("Reason for cancelling"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Seminar
        fields = MODEL_FIELDS
        field_classes = {
            "language": bounds.ModelChoiceField,
            "country": bounds.ModelChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        served = countries_served_by(user) if user is not None else []
        if served is not None and not (user.is_superuser or is_css_staff(user)):
            # NSS staff organise seminars of their own countries only.
            self.fields["country"].queryset = Country.objects.filter(pk__in=served)
            self.fields["country"].required = True
        else:
            self.fields["country"].help_text = _("Leave empty for a European seminar.")
        seminar = self.instance
        if seminar.pk:
            self.initial.setdefault("speakers", speakers_text(seminar))
            if seminar.published_at is not None:
                del self.fields["publish"]
            if seminar.cancelled_at is not None or seminar.phase() == Seminar.Phase.ENDED:
                del self.fields["cancel"]
                del self.fields["cancellation_reason"]
        else:
            del self.fields["cancel"]
            del self.fields["cancellation_reason"]

    def clean_speakers(self):
        return parse_speakers(self.cleaned_data.get("speakers"))

    def _post_clean(self):
        # The services validate every field and rule, and save.
        pass

    def service_fields(self) -> dict:
        """The cleaned fields as the services take them; when editing, only those that
        differ from the seminar."""
        seminar = self.instance if self.instance.pk else None
        fields = {}
        for name in (*MODEL_FIELDS, "speakers"):
            value = self.cleaned_data.get(name)
            if seminar is not None:
                if name == "speakers":
                    if parse_speakers(speakers_text(seminar)) == value:
                        continue
                elif value == getattr(seminar, name):
                    continue
            fields[name] = value
        return fields


class ServiceFormMixin:
    """Create and edit views whose valid form goes to the services; a refusal shows on
    the form, and nothing is saved."""

    def save_through_services(self, form) -> Seminar:
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        user = self.request.user
        try:
            with transaction.atomic():
                seminar = self.save_through_services(form)
                if form.cleaned_data.get("publish"):
                    seminar = services.publish_seminar(actor=user, seminar=seminar)
                if form.cleaned_data.get("cancel"):
                    try:
                        seminar = services.cancel_seminar(
                            actor=user,
                            seminar=seminar,
                            reason=form.cleaned_data.get("cancellation_reason", ""),
                        )
                    except ValidationError as error:
                        if getattr(error, "error_dict", None) and "reason" in error.error_dict:
                            raise ValidationError(
                                {"cancellation_reason": error.error_dict["reason"]}
                            ) from None
                        raise
        except (ValidationError, PermissionDenied) as error:
            self._show_refusal(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        self.object = seminar
        return self.save_action()

    @staticmethod
    def _show_refusal(form, error) -> None:
        fields = getattr(error, "error_dict", None)
        if fields and set(fields) <= set(form.fields):
            form.add_error(None, error)  # each message next to its field
        elif isinstance(error, ValidationError):
            form.add_error(None, error.messages)
        else:
            form.add_error(None, str(error) or _("You may not do this."))


class SeminarIndexView(IndexView):
    def get_base_queryset(self):
        return (
            manageable_seminars(self.request.user)
            .select_related("language", "country")
            .order_by("-starts_at", "-pk")
        )


class SeminarCreateView(ServiceFormMixin, CreateView):
    def save_through_services(self, form) -> Seminar:
        return services.create_seminar(actor=self.request.user, **form.service_fields())


class SeminarEditView(ServiceFormMixin, EditView):
    def get_object(self, queryset=None):
        seminar = super().get_object(queryset)
        if not seminar_permission_policy.user_has_permission_for_instance(
            self.request.user, "change", seminar
        ):
            raise PermissionDenied
        return seminar

    def save_through_services(self, form) -> Seminar:
        fields = form.service_fields()
        if not fields:
            return self.object
        return services.update_seminar(actor=self.request.user, seminar=self.object, **fields)

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Registrants, waiting list and attendance"),
                url=reverse("seminars:registrants", args=[self.object.pk]),
                icon_name="group",
                priority=30,
            )
        )
        try:
            recording_url = reverse("seminar_recordings_admin:edit", args=[self.object.pk])
        except NoReverseMatch:
            recording_url = None
        if recording_url:
            buttons.append(
                Button(_("Recording"), url=recording_url, icon_name="media", priority=40)
            )
        return buttons


class SeminarViewSet(ModelViewSet):
    model = Seminar
    name = "seminars_admin"
    pk_path_converter = "id"  # a too-large id in the URL answers 404
    url_prefix = "seminars"
    icon = "media"
    menu_label = _("Online seminars")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = SeminarIndexView
    add_view_class = SeminarCreateView
    edit_view_class = SeminarEditView
    list_display = ["title", "starts_at", "country", "capacity", "published_at", "cancelled_at"]
    search_fields = ["title"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return SeminarForm


@hooks.register("register_admin_viewset")
def register_seminars_viewset():
    return SeminarViewSet()
