"""Forms of the directory: the public search and the contact request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Country, Language, Level, Subject
from core.search import FILTER_NAMES, search_providers


def _choices(queryset, key: str = "code") -> list[tuple[str, str]]:
    return [("", _("Any"))] + [(getattr(obj, key), obj.name) for obj in queryset]


class SearchForm(forms.Form):
    """Free text plus filters; every field is optional."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Show"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    level = forms.ChoiceField(label=_("Level of education"), required=False)
    age = forms.IntegerField(label=_("Pupils' age"), required=False, min_value=3, max_value=19)
    subject = forms.ChoiceField(label=_("Subject (people)"), required=False)
    language = forms.ChoiceField(label=_("Language (people)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + [
            (provider.key, provider.label) for provider in search_providers()
        ]
        self.fields["country"].choices = _choices(Country.objects.all())
        self.fields["level"].choices = _choices(Level.objects.all())
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
