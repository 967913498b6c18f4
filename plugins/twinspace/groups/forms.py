"""Forms of the groups pages: they parse input, the services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plugins.twinspace.groups.services import (
    MAX_DESCRIPTION_LENGTH,
    MAX_REASON_LENGTH,
    MAX_TITLE_LENGTH,
)
from plugins.twinspace.models import Group


class GroupForm(forms.Form):
    """A group's title, description and membership policy (creation and editing)."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    description = forms.CharField(
        label=_("What is the group about?"),
        max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text. Groups gather teachers around a subject or an interest."),
    )
    membership_policy = forms.ChoiceField(
        label=_("Who may join"),
        choices=Group.Policy.choices,
        initial=Group.Policy.VALIDATED,
        widget=forms.RadioSelect,
    )


class GroupSearchForm(forms.Form):
    q = forms.CharField(label=_("Title contains"), max_length=200, required=False)


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection (sent to the teacher)"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
