"""Forms of core's validation area: they parse input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class HeadTeacherDecisionForm(forms.Form):
    """The head teacher confirms or denies; a denial needs a reason."""

    CONFIRM = "confirm"
    DENY = "deny"

    decision = forms.ChoiceField(
        choices=[(CONFIRM, _("Confirm")), (DENY, _("Deny"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Comment"),
        help_text=_("Optional when you confirm; required when you deny."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.DENY and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Please say why."))
        return cleaned


class RejectionForm(forms.Form):
    """Staff give the reason for a rejection; the teacher receives it."""

    reason = forms.CharField(
        label=_("Reason (sent to the teacher)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please give the reason for the rejection.")},
    )
