"""Forms of the space home, Twinboard, bulletin, journal and settings.

They parse input; the services apply the rules (and sanitise the rich text).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plugins.twinspace.board import services


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=services.MAX_POST_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Simple formatting is kept: paragraphs, lists, links, bold and italics."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=services.MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JournalEntryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=services.MAX_TITLE_LENGTH)
    body = forms.CharField(
        label=_("Text"),
        max_length=services.MAX_JOURNAL_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("The journal is public: everyone can read it."),
    )


class SpaceSettingsForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        max_length=services.MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown on the public page of the space."),
    )
    twinboard_public = forms.BooleanField(
        label=_("Show the Twinboard on the public page"),
        required=False,
        help_text=_("Visitors can then read the updates, but not like or comment on them."),
    )
    # A plain file field: the service checks the image itself and gives a clear message.
    logo = forms.FileField(
        label=_("New logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = gettext(
            "A PNG, JPEG, GIF or WebP image of at most %(max)d MB."
        ) % {"max": settings.OPENTWIN_MAX_IMAGE_MB}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo:
            try:
                services.check_logo(logo)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return logo or None
