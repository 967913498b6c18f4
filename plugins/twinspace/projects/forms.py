"""Forms of the project pages: they parse input, the services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.directory.services import contacts_of
from core.models import Language, Subject, User
from plugins.twinspace.models.spaces import MAX_PUPIL_AGE, MIN_PUPIL_AGE
from plugins.twinspace.projects.services import MAX_PUPIL_COUNT, MAX_REASON_LENGTH, TEXT_FIELDS


def _text(label, *, rows: int = 5, field: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_FIELDS[field],
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _searchable(**attrs) -> forms.SelectMultiple:
    """A plain multiple select: site.js turns it into a searchable list of choices.

    Without JavaScript it works on its own (``size`` shows several options, the help
    text says how to choose more than one); with it the page posts the same values.
    """
    return forms.SelectMultiple(attrs={"size": 8, "data-searchable": "", **attrs})


SEVERAL_HELP = _("Hold down Ctrl (or Cmd on a Mac) and click to choose more than one.")


class CofounderChoiceField(bounds.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        school = obj.school
        return f"{obj.display_name()} — {school.name}, {school.country.display_name}"


class ProjectForm(forms.Form):
    """The description of a project; the creation form adds the co-founder."""

    title = forms.CharField(label=_("Title"), max_length=TEXT_FIELDS["title"])
    description = _text(_("Overview"), rows=6, field="description")
    working_languages = bounds.ModelMultipleChoiceField(
        label=_("Working languages"),
        queryset=Language.objects.order_by("name"),
        widget=_searchable(),
        help_text=SEVERAL_HELP,
    )
    age_min = forms.IntegerField(
        label=_("Pupils' age from"), min_value=MIN_PUPIL_AGE, max_value=MAX_PUPIL_AGE
    )
    age_max = forms.IntegerField(
        label=_("Pupils' age to"), min_value=MIN_PUPIL_AGE, max_value=MAX_PUPIL_AGE
    )
    pupil_count = forms.IntegerField(
        label=_("Number of pupils"), min_value=1, max_value=MAX_PUPIL_COUNT
    )
    subjects = bounds.ModelMultipleChoiceField(
        label=_("Subjects"),
        queryset=Subject.objects.order_by("name"),
        widget=_searchable(),
        help_text=SEVERAL_HELP,
    )
    ict_tools = _text(_("ICT tools"), rows=3, field="ict_tools")
    aims = _text(_("Aims"), field="aims")
    work_process = _text(_("Work process"), field="work_process")
    expected_results = _text(_("Expected results"), field="expected_results")

    # The steps of the form (projects/_form_fields.html): an anchor, a title and the
    # fields; a field the form does not have (the co-founder when editing) is skipped.
    SECTIONS = (
        ("project-about", _("The project"), ("title", "description")),
        ("project-partners", _("Partners"), ("cofounder",)),
        ("project-pupils", _("Pupils"), ("age_min", "age_max", "pupil_count", "subjects")),
        (
            "project-work",
            _("How you will work"),
            ("working_languages", "ict_tools", "aims", "work_process", "expected_results"),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the searchable list says, in the reader's language (built per request).
        for name, filter_label in (
            ("working_languages", gettext("Find a language")),
            ("subjects", gettext("Find a subject")),
        ):
            self.fields[name].widget.attrs.update(
                {
                    "data-filter-label": filter_label,
                    "data-js-help": gettext(
                        "Type to narrow the list, then tick every one that applies."
                    ),
                    "data-remove-label": pgettext("chosen item", "Remove %(name)s"),
                    "data-chosen-none": gettext("None chosen"),
                    "data-chosen-one": gettext("1 chosen"),
                    "data-chosen-many": gettext("%(count)s chosen"),
                    "data-no-match": gettext("Nothing matches."),
                    "data-chosen-label": gettext("Chosen"),
                }
            )

    def sections(self) -> list[dict]:
        """The steps of the form with their bound fields, numbered from 1."""
        steps = []
        for anchor, title, names in self.SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                steps.append(
                    {
                        "anchor": anchor,
                        "title": title,
                        "fields": fields,
                        "has_errors": any(field.errors for field in fields),
                    }
                )
        for number, step in enumerate(steps, start=1):
            step["number"] = number
        return steps

    def clean(self):
        cleaned = super().clean()
        age_min, age_max = cleaned.get("age_min"), cleaned.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", _("The highest age must not be lower than the lowest age."))
        return cleaned


class NewProjectForm(ProjectForm):
    """Creation: the co-founder is one of the founder's contacts at another school."""

    cofounder = CofounderChoiceField(
        label=_("Co-founder"),
        queryset=User.objects.none(),
        empty_label=_("Choose one of your contacts"),
        help_text=_("One of your contacts who works at another school."),
    )

    field_order = ["title", "cofounder"]

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cofounder"].queryset = eligible_cofounders(actor)


def eligible_cofounders(actor: User):
    """The actor's contacts who are validated teachers at another school."""
    return (
        contacts_of(actor)
        .filter(
            kind=User.Kind.TEACHER, state=User.State.VALIDATED, is_active=True, school__isnull=False
        )
        .exclude(school=actor.school_id)
    )


class RespondForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept")), ("reject", _("Decline"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason (optional, shared with the founder)"),
        max_length=MAX_REASON_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection (sent to the founders)"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
