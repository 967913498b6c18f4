"""Forms of the calls' pages and admin screens: they parse input, the services apply
the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.bounds import ModelChoiceField
from core.models import Country
from plugins.mooc.calls.priorities import RULES, rule_choices
from plugins.mooc.calls.services import MAX_MOTIVATION_LENGTH, MAX_PLACES, MAX_TITLE_LENGTH
from plugins.mooc.models.calls import EventCall

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _moment(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


# The positions of the priority rules, first to last: one choice each.
PRIORITY_POSITIONS = (
    pgettext_lazy("priority rules", "First"),
    pgettext_lazy("priority rules", "Then"),
    pgettext_lazy("priority rules", "Then, last"),
)[: len(RULES)]


def _rule_options() -> list[tuple[str, str]]:
    return [("", "—"), *rule_choices()]


class PriorityRulesWidget(forms.MultiWidget):
    """One list box per position, first priority first, each named for screen readers."""

    def __init__(self, attrs=None):
        super().__init__(
            [forms.Select(attrs={"aria-label": str(label)}) for label in PRIORITY_POSITIONS],
            attrs,
        )

    def decompress(self, value):
        keys = list(value or [])
        return [*keys, *[""] * (len(PRIORITY_POSITIONS) - len(keys))][: len(PRIORITY_POSITIONS)]

    def get_context(self, name, value, attrs):
        # The options are read when the form is shown, so that they are in its language.
        for widget in self.widgets:
            widget.choices = _rule_options()
        return super().get_context(name, value, attrs)


class PriorityRulesField(forms.MultiValueField):
    """The priority rules in the order the organiser puts them: the first position is
    required, the others may stay empty. The service refuses a rule given twice."""

    widget = PriorityRulesWidget

    def __init__(self, **kwargs):
        fields = [
            forms.ChoiceField(choices=_rule_options, required=position == 0)
            for position in range(len(PRIORITY_POSITIONS))
        ]
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list) -> list[str]:
        return [key for key in data_list or [] if key]


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want to take part?"),
        help_text=_(
            "Say what you hope to learn and how your pupils and your school will gain from it."
        ),
        max_length=MAX_MOTIVATION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class CallForm(forms.Form):
    """A call's announcement, dates and priority rules (the CSS's form in the admin)."""

    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventCall.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Simple formatting (bold, lists, links) is kept; anything else is removed."),
    )
    venue = forms.CharField(label=_("Venue"), max_length=200)
    applications_open_at = _moment(_("Applications open"))
    applications_close_at = _moment(_("Applications close"))
    event_starts_at = _moment(_("The event starts"))
    event_ends_at = _moment(_("The event ends"))
    priority_rules = PriorityRulesField(
        label=_("Priority rules"),
        help_text=_(
            "Applicants are ranked by these rules, the first one first, then by application time."
        ),
    )


class QuotaForm(forms.Form):
    country = ModelChoiceField(label=_("Country"), queryset=Country.objects.order_by("name"))
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=MAX_PLACES)
