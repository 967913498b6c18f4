"""The Wagtail admin screens of teaching meetings (imported by wagtail_hooks).

Organisers (NSS staff for their country, CSS staff and superusers for all) list the
meetings they manage, create new ones and edit them. The forms only parse input: the
meeting is created, changed and announced by ``plugins.meetings.services``, which check
the role and the rules again, audit and notify. Meetings are never deleted here.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core import bounds
from core.models import Country
from core.staff import countries_served_by, trainers
from plugins.meetings import services
from plugins.meetings.models import Meeting
from plugins.meetings.policy import Action, access_for, can_create_meetings, manageable_meetings

# What an organiser may do with meetings in the admin: no deleting (a meeting has
# participants, discussions and completions that must not vanish).
OPEN_ACTIONS = {"view", "change"}

# The fields the services take; the three later phase times default from the active phase.
SERVICE_FIELDS = (
    "title",
    "topic",
    "description",
    "language",
    "levels",
    "trainers",
    "country",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "active_starts_at",
    "reflection_starts_at",
    "closes_at",
    "required_contributions",
    "requires_reflection",
)
OPTIONAL_TIMES = ("registration_closes_at", "reflection_starts_at", "closes_at")


class MeetingPermissionPolicy(ModelPermissionPolicy):
    """The meetings policy decides: who may create meetings, and who manages which."""

    def user_has_permission(self, user, action):
        if not user.is_authenticated or not user.is_active:
            return False
        if action == "add":
            return can_create_meetings(user)
        if action in OPEN_ACTIONS:
            return can_create_meetings(user) or manageable_meetings(user).exists()
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in OPEN_ACTIONS or not user.is_authenticated:
            return False
        return access_for(user, instance).can(Action.MANAGE)

    def instances_user_has_any_permission_for(self, user, actions):
        if not user.is_authenticated or not OPEN_ACTIONS & set(actions):
            return Meeting.objects.none()
        return manageable_meetings(user)


meeting_permission_policy = MeetingPermissionPolicy(Meeting)
register_permission_policy(Meeting, meeting_permission_policy)


class MeetingForm(WagtailAdminModelForm):
    """The announcement of a meeting and its times; saved by the services only."""

    publish = forms.BooleanField(
        label=_("Announce the meeting now"),
        required=False,
        help_text=_(
            "An announced meeting is listed publicly and its phases follow their times. "
            "Leave it unticked to keep a draft."
        ),
    )

    class Meta:
        model = Meeting
        fields = SERVICE_FIELDS
        # Too-large ids are invalid choices, not database errors.
        field_classes = {
            "language": bounds.ModelChoiceField,
            "country": bounds.ModelChoiceField,
            "levels": bounds.ModelMultipleChoiceField,
            "trainers": bounds.ModelMultipleChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["trainers"].queryset = trainers().order_by("last_name", "first_name", "pk")
        self.fields["trainers"].label_from_instance = lambda trainer: trainer.display_name()
        served = countries_served_by(user) if user is not None else []
        if served is not None:
            # NSS staff organise meetings of their own countries only.
            self.fields["country"].queryset = Country.objects.filter(pk__in=served)
            self.fields["country"].required = bool(served)
        for name in OPTIONAL_TIMES:
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave empty for the default (five days a phase).")
        if self.instance.pk and self.instance.state != Meeting.State.DRAFT:
            # Announced already: there is nothing left to announce.
            del self.fields["publish"]

    def _post_clean(self):
        # The model is not filled in nor validated here: the services validate every
        # field and rule (phase order, capacity against seats taken) and save.
        pass

    def service_fields(self) -> dict:
        """The cleaned fields as the services take them; when editing, only those that
        differ from the meeting. An empty optional time takes its default: left out when
        creating, ``None`` when editing (the services derive it from the active phase)."""
        meeting = self.instance if self.instance.pk else None
        fields = {}
        for name in SERVICE_FIELDS:
            value = self.cleaned_data.get(name)
            if name in OPTIONAL_TIMES and value is None:
                if meeting is not None:
                    fields[name] = None
                continue
            if name in ("levels", "trainers"):
                value = list(value or ())
                if meeting is not None and {item.pk for item in value} == set(
                    getattr(meeting, name).values_list("pk", flat=True)
                ):
                    continue
            elif meeting is not None and value == getattr(meeting, name):
                continue
            fields[name] = value
        return fields


class ServiceFormMixin:
    """Create and edit views whose valid form goes to a service; the service's refusal
    shows on the form, and nothing is saved."""

    def save_through_services(self, form) -> Meeting:
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                meeting = self.save_through_services(form)
                if form.cleaned_data.get("publish"):
                    meeting = services.publish_meeting(actor=self.request.user, meeting=meeting)
        except (ValidationError, PermissionDenied) as error:
            self._show_refusal(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        self.object = meeting
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


class MeetingIndexView(IndexView):
    def get_base_queryset(self):
        return (
            manageable_meetings(self.request.user)
            .select_related("language", "country")
            .order_by("-active_starts_at", "-pk")
        )


class MeetingCreateView(ServiceFormMixin, CreateView):
    def save_through_services(self, form) -> Meeting:
        return services.create_meeting(actor=self.request.user, **form.service_fields())


class MeetingEditView(ServiceFormMixin, EditView):
    def get_object(self, queryset=None):
        meeting = super().get_object(queryset)
        if not meeting_permission_policy.user_has_permission_for_instance(
            self.request.user, "change", meeting
        ):
            raise PermissionDenied
        return meeting

    def save_through_services(self, form) -> Meeting:
        fields = form.service_fields()
        if not fields:
            return self.object
        return services.update_meeting(actor=self.request.user, meeting=self.object, **fields)


class MeetingViewSet(ModelViewSet):
    model = Meeting
    name = "meetings_admin"
    pk_path_converter = "id"  # a too-large id in the URL answers 404
    url_prefix = "meetings"
    icon = "group"
    menu_label = _("Teaching meetings")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = MeetingIndexView
    add_view_class = MeetingCreateView
    edit_view_class = MeetingEditView
    list_display = ["title", "state", "active_starts_at", "country", "capacity"]
    list_filter = ["state"]
    search_fields = ["title", "topic"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return MeetingForm


@hooks.register("register_admin_viewset")
def register_meetings_viewset():
    return MeetingViewSet()
