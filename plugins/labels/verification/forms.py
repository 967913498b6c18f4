"""The verification form: a code as someone typed it from paper."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plugins.labels.models.awards import normalise_code

# Longer than any code with spaces and dashes; anything longer is not one.
MAX_TYPED_LENGTH = 64

NOT_A_CODE = _(
    "This is not a verification code: it has 16 letters and digits, like 7K3M-Q9TD-XW2A-F5RB."
)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_(
            "Printed on the certificate, under its QR code. Case and dashes do not matter."
        ),
        error_messages={"required": _("Type the verification code printed on the certificate.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        """The code as stored, or the message saying what a code looks like."""
        typed = self.cleaned_data["code"]
        code = normalise_code(typed) if len(typed) <= MAX_TYPED_LENGTH else ""
        if not code:
            raise forms.ValidationError(NOT_A_CODE, code="not_a_code")
        return code
