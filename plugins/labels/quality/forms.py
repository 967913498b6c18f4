"""The teacher's application form for the National Quality Label: it parses input into
the answers and evidence the service takes; the service applies the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plugins.labels.quality import criteria

YES = "yes"
NO = "no"
ANSWERS = ((YES, _("Yes")), (NO, _("No")))
# A generous bound on the typed links, before the service checks each of them.
MAX_LINKS_LENGTH = criteria.MAX_LINKS * 2100


def text_field(key: str) -> str:
    return f"{key}_text"


def links_field(key: str) -> str:
    return f"{key}_links"


class ApplicationForm(forms.Form):
    """The five eligibility questions (yes or no), then the evidence on the five
    criteria: a description and the links into the TwinSpace that show it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in criteria.ELIGIBILITY:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=ANSWERS,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer each eligibility question with yes or no.")},
            )
        for criterion in criteria.CRITERIA:
            self.fields[text_field(criterion.key)] = forms.CharField(
                label=criterion.title,
                help_text=criterion.help,
                max_length=criteria.MAX_EVIDENCE_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={
                    "required": _("Describe the evidence for “%(criterion)s”.")
                    % {"criterion": criterion.title}
                },
            )
            self.fields[links_field(criterion.key)] = forms.CharField(
                label=_("Links into the TwinSpace, one per line"),
                required=False,
                max_length=MAX_LINKS_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def eligibility(self) -> dict[str, bool]:
        return {
            question.key: self.cleaned_data[question.key] == YES
            for question in criteria.ELIGIBILITY
        }

    def evidence(self) -> dict[str, dict]:
        return {
            criterion.key: {
                "text": self.cleaned_data[text_field(criterion.key)],
                "links": [
                    line.strip()
                    for line in self.cleaned_data[links_field(criterion.key)].splitlines()
                    if line.strip()
                ],
            }
            for criterion in criteria.CRITERIA
        }

    def questions(self) -> list:
        return [self[question.key] for question in criteria.ELIGIBILITY]

    def sections(self) -> list[tuple[object, list]]:
        """Per criterion: the criterion, and its description and links fields."""
        return [
            (criterion, [self[text_field(criterion.key)], self[links_field(criterion.key)]])
            for criterion in criteria.CRITERIA
        ]
