"""Forms of the directory: the public search and the contact request."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.directory.names import sorted_by_name
from core.models import Country, Language, Level, Subject
from core.search import FILTER_NAMES, search_providers


def _choices(queryset, key: str = "code", alphabetical: bool = True) -> list[tuple[str, str]]:
    """Each entry under its name in the reader's language, in that language's alphabetical
    order (or in the queryset's own order, for levels that go from youngest to oldest)."""
    entries = sorted_by_name(queryset, str) if alphabetical else list(queryset)
    return [("", _("Any"))] + [(getattr(obj, key), str(obj)) for obj in entries]


class _ByNameIterator(ModelChoiceIterator):
    """Choices in the alphabetical order of their labels, computed when the list renders."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted_by_name(self.queryset, self.field.label_from_instance):
            yield self.choice(obj)


class ByNameChoiceField(bounds.ModelChoiceField):
    """A list of countries (or any entries) in the active language, sorted by those names;
    an id out of the database's range is refused like any unknown choice."""

    iterator = _ByNameIterator


class SearchForm(forms.Form):
    """Free text plus filters; every field is optional."""

    q = forms.CharField(
        label=_("Search for"), required=False, max_length=200, widget=forms.SearchInput
    )
    kind = forms.ChoiceField(label=_("Show"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    level = forms.ChoiceField(label=_("Level of education"), required=False)
    age = forms.IntegerField(
        label=_("Pupils' age"),
        required=False,
        min_value=3,
        max_value=19,
        help_text=_("A number from 3 to 19."),
    )
    subject = forms.ChoiceField(label=_("Subject (people)"), required=False)
    language = forms.ChoiceField(label=_("Language (people)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + [
            (provider.key, provider.label) for provider in search_providers()
        ]
        self.fields["country"].choices = _choices(Country.objects.all())
        self.fields["level"].choices = _choices(Level.objects.all(), alphabetical=False)
        self.fields["subject"].choices = _choices(Subject.objects.all())
        self.fields["language"].choices = _choices(Language.objects.all())

    def filters(self) -> dict[str, str]:
        """The valid filters, as strings (empty ones left out)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {name: str(data[name]) for name in FILTER_NAMES if data.get(name) not in (None, "")}


class ContactRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message (optional)"), required=False, max_length=500, widget=forms.Textarea
    )
