"""Forms of the forums and pupil walls: they parse input, the services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plugins.twinspace.forums.services import (
    MAX_DESCRIPTION_LENGTH,
    MAX_RICH_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    MAX_WALL_MESSAGE_LENGTH,
)

RICH_TEXT_HELP = _(
    "You may use simple formatting (bold, italics, lists, links). "
    "Anything else is removed when you send."
)


class DiscussionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=MAX_DESCRIPTION_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text: what this discussion is for."),
    )


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_RICH_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=RICH_TEXT_HELP,
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=MAX_RICH_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=RICH_TEXT_HELP,
    )


class WallMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_WALL_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text, at most 2000 characters."),
    )


class WallAnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=MAX_WALL_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
