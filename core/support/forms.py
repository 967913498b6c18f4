"""Forms of the support pages: they parse input, the services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import SupportRequest
from core.support.services import MAX_PROJECT_TITLE_LENGTH, MAX_TEXT_LENGTH


class SupportRequestForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("Choose a topic")), *SupportRequest.Topic.choices]
    )
    # Projects belong to a plugin: until one offers the teacher's projects, a free title.
    project_title = forms.CharField(
        label=_("Project title (optional)"),
        max_length=MAX_PROJECT_TITLE_LENGTH,
        required=False,
        help_text=_("If your question is about one of your projects, give its title."),
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Interpolated per request so that it is translated into the reader's language.
        self.fields["question"].help_text = gettext("Plain text, at most %(max)d characters.") % {
            "max": MAX_TEXT_LENGTH
        }


class SupportMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
