"""Forms of the courses pages: they parse input, the services apply the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.bounds import ModelChoiceField
from core.models import Country, Language
from plugins.mooc.models.courses import Course

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MAX_TEAM = 20
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


class CourseForm(forms.Form):
    """A course's description, pacing and enrolment window; organisers also choose its
    country and its team."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=500, help_text=_("One sentence for the course lists.")
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=RICH_TEXT_HELP,
    )
    language = ModelChoiceField(label=_("Language"), queryset=Language.objects.all())
    pacing = forms.ChoiceField(
        label=_("Pacing"), choices=Course.Pacing.choices, widget=forms.RadioSelect
    )
    enrolment_opens_at = _moment(_("Enrolment opens"))
    enrolment_closes_at = _moment(
        _("Enrolment closes"),
        required=False,
        help_text=_("Leave empty to keep enrolment open."),
    )
    starts_at = _moment(
        _("The course starts"), required=False, help_text=_("For a course with cohort dates.")
    )
    ends_at = _moment(
        _("The course ends"), required=False, help_text=_("For a course with cohort dates.")
    )
    country = ModelChoiceField(
        label=pgettext_lazy("course", "Organised by the NSS of"),
        queryset=Country.objects.all(),
        required=False,
        empty_label=_("Europe-wide (Central Support Service)"),
    )
    team = forms.CharField(
        label=_("The course's team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The e-mail addresses of the people who prepare the units and follow the "
            "learners, one a line."
        ),
    )

    def __init__(self, *args, organiser: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not organiser:
            # The team edits the course; its country and its members are the organisers'.
            del self.fields["country"]
            del self.fields["team"]

    def clean_team(self):
        addresses = [line.strip() for line in self.cleaned_data["team"].splitlines()]
        addresses = list(dict.fromkeys(address.lower() for address in addresses if address))
        if len(addresses) > MAX_TEAM:
            raise ValidationError(
                _("A course's team has at most %(max)d people.") % {"max": MAX_TEAM}
            )
        matches = Q(pk__in=[])
        for address in addresses:
            matches |= Q(email__iexact=address)
        people = {
            person.email.lower(): person
            for person in get_user_model().objects.filter(matches, is_active=True)
        }
        unknown = [address for address in addresses if address not in people]
        if unknown:
            raise ValidationError(
                _("Nobody has the address %(address)s on the platform.") % {"address": unknown[0]}
            )
        return [people[address] for address in addresses]

    @staticmethod
    def initial_for(course: Course) -> dict:
        return {
            "title": course.title,
            "summary": course.summary,
            "description": course.description,
            "language": course.language,
            "pacing": course.pacing,
            "enrolment_opens_at": course.enrolment_opens_at,
            "enrolment_closes_at": course.enrolment_closes_at,
            "starts_at": course.starts_at,
            "ends_at": course.ends_at,
            "country": course.country,
            "team": "\n".join(course.team.values_list("email", flat=True)),
        }


class UnitForm(forms.Form):
    """A unit: its text, a video, whether it counts for completion, when it opens."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=RICH_TEXT_HELP,
    )
    video_url = forms.CharField(
        label=_("Video"),
        required=False,
        max_length=500,
        help_text=_("The address of the video's page on YouTube or Vimeo."),
    )
    required = forms.BooleanField(
        label=_("Required to complete the course"), required=False, initial=True
    )
    opens_at = _moment(
        _("Opens on"),
        required=False,
        help_text=_("Courses with cohort dates only; leave empty to open it with the course."),
    )

    @staticmethod
    def initial_for(unit) -> dict:
        return {
            "title": unit.title,
            "body": unit.body,
            "video_url": unit.video_url,
            "required": unit.required,
            "opens_at": unit.opens_at,
        }


class UnitFileForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the file's name."),
    )
    file = forms.FileField(label=_("File"))
