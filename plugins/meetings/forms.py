"""Forms of the meetings pages: they parse input, the services apply the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.bounds import ModelChoiceField, ModelMultipleChoiceField
from core.models import Country, Language, Level
from core.staff import trainers
from plugins.meetings.models import MAX_CAPACITY, MAX_CONTRIBUTIONS_RULE, Activity

MAX_TITLE_LENGTH = 200
MAX_RICH_TEXT_LENGTH = 20_000
MAX_COMMENT_LENGTH = 2000
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

RICH_TEXT_HELP = _(
    "You may use simple formatting (bold, italics, lists, links). "
    "Anything else is removed when you send."
)


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker; without it, ``2026-03-02T09:00`` typed."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _moment(label, *, required: bool = True, help_text="") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=help_text,
    )


class TrainerChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name()


class MeetingForm(forms.Form):
    """The announcement, the phases' times and the completion rule of a meeting."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    topic = forms.CharField(label=_("Topic"), max_length=MAX_TITLE_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        max_length=MAX_RICH_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=RICH_TEXT_HELP,
    )
    language = ModelChoiceField(label=_("Language"), queryset=Language.objects.all())
    levels = ModelMultipleChoiceField(
        label=_("Target levels"),
        queryset=Level.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trainers = TrainerChoiceField(
        label=_("Trainers"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The trainers lead the discussions and mark completion."),
    )
    country = ModelChoiceField(
        label=_("Organised by the NSS of"),
        queryset=Country.objects.all(),
        required=False,
        empty_label=_("Europe-wide (Central Support Service)"),
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=MAX_CAPACITY)
    registration_opens_at = _moment(_("Registration opens"))
    registration_closes_at = _moment(
        _("Registration closes"),
        required=False,
        help_text=_("Leave it empty to close registration when the active phase starts."),
    )
    active_starts_at = _moment(_("Active phase starts"))
    reflection_starts_at = _moment(
        _("Reflection phase starts"),
        required=False,
        help_text=_("Leave it empty for an active phase of five days."),
    )
    closes_at = _moment(
        _("Meeting closes"),
        required=False,
        help_text=_("Leave it empty for a reflection phase of five days."),
    )
    required_contributions = forms.IntegerField(
        label=_("Posts required for completion"),
        min_value=0,
        max_value=MAX_CONTRIBUTIONS_RULE,
        initial=1,
        help_text=_("Posts in the discussions during the active phase."),
    )
    requires_reflection = forms.BooleanField(
        label=_("A reflection entry is required for completion"), required=False, initial=True
    )

    OPTIONAL_TIMES = ("registration_closes_at", "reflection_starts_at", "closes_at")

    def __init__(self, *args, countries=None, editing: bool = False, **kwargs):
        """``countries``: the ids of the countries the author serves (``None``: all);
        ``editing``: a meeting that exists has all its times, none is left to a default."""
        super().__init__(*args, **kwargs)
        if editing:
            for name in self.OPTIONAL_TIMES:
                self.fields[name].required = True
                self.fields[name].help_text = ""
        self.fields["trainers"].queryset = trainers().order_by("last_name", "first_name", "pk")
        if countries is not None:
            self.fields["country"].queryset = Country.objects.filter(pk__in=countries)
            # Only staff serving every country may organise a European meeting.
            self.fields["country"].required = True
            self.fields["country"].empty_label = None

    def clean(self):
        data = super().clean()
        opens = data.get("registration_opens_at")
        starts = data.get("active_starts_at")
        if opens and starts and opens >= starts:
            self.add_error(
                "active_starts_at",
                ValidationError(
                    _("The active phase must start after registration opens."), code="order"
                ),
            )
        return data

    @classmethod
    def initial_for(cls, meeting) -> dict:
        """The form's values for an existing meeting."""
        return {
            "title": meeting.title,
            "topic": meeting.topic,
            "description": meeting.description,
            "language": meeting.language_id,
            "levels": list(meeting.levels.all()),
            "trainers": list(meeting.trainers.all()),
            "country": meeting.country_id,
            "capacity": meeting.capacity,
            "registration_opens_at": meeting.registration_opens_at,
            "registration_closes_at": meeting.registration_closes_at,
            "active_starts_at": meeting.active_starts_at,
            "reflection_starts_at": meeting.reflection_starts_at,
            "closes_at": meeting.closes_at,
            "required_contributions": meeting.required_contributions,
            "requires_reflection": meeting.requires_reflection,
        }


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    instructions = forms.CharField(
        label=_("Instructions"),
        max_length=MAX_RICH_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=RICH_TEXT_HELP,
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Give either a file or a link."),
    )

    def clean(self):
        data = super().clean()
        if "file" in data and "link" in data and bool(data.get("file")) == bool(data.get("link")):
            raise ValidationError(_("Give either a file or a link."), code="file_or_link")
        return data


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_RICH_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=RICH_TEXT_HELP,
    )
    activity = ModelChoiceField(
        label=_("About the activity (optional)"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("No activity in particular"),
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        if not activities:
            del self.fields["activity"]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=MAX_RICH_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=RICH_TEXT_HELP,
    )


class ReflectionForm(forms.Form):
    body = forms.CharField(
        label=_("Your reflection"),
        max_length=MAX_RICH_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Only you and the meeting's trainers read your journal. "
            "You may use simple formatting (bold, italics, lists, links)."
        ),
    )


RATINGS = [(value, str(value)) for value in range(1, 6)]
RATING_HELP = _("1 is the lowest, 5 the highest.")


def _rating(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=RATING_HELP,
    )


class SurveyForm(forms.Form):
    content = _rating(_("How good was the content?"))
    trainers = _rating(_("How helpful were the trainers?"))
    organisation = _rating(_("How well was the meeting organised?"))
    usefulness = _rating(_("How useful is it for your teaching?"))
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=MAX_COMMENT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MeetingFilterForm(forms.Form):
    """The filters of the list of upcoming meetings."""

    language = ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.all(),
        required=False,
        empty_label=_("All languages"),
        to_field_name="code",
    )
    level = ModelChoiceField(
        label=_("Level"),
        queryset=Level.objects.all(),
        required=False,
        empty_label=_("All levels"),
        to_field_name="code",
    )
