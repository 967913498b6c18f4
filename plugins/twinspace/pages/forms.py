"""Forms of the pages area: they parse input, the services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import bounds
from plugins.twinspace.models import Page
from plugins.twinspace.pages.services import DOWN, MAX_BODY_LENGTH, MAX_TITLE_LENGTH, UP


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    content = forms.CharField(
        label=_("Content"),
        required=False,
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Plain text keeps its paragraphs. Simple HTML (headings, lists, links, emphasis) "
            "is allowed; anything else is removed."
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Page.Status.choices,
        initial=Page.Status.DRAFT,
        widget=forms.RadioSelect,
        help_text=_("A draft is seen only by the people who may edit it."),
    )
    parent = forms.TypedChoiceField(
        label=_("Parent page"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Choose a page to make this page one of its subpages."),
    )

    def __init__(self, *args, parent_choices: list[tuple[str | int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("None: a top-level page")), *parent_choices]


class MovePageForm(forms.Form):
    """One "move up" or "move down" button of the reorder page."""

    page = bounds.IdField(widget=forms.HiddenInput)
    direction = forms.ChoiceField(choices=[(UP, _("Up")), (DOWN, _("Down"))])
