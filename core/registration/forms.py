"""Forms of the registration: they parse and check input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.directory.forms import ByNameChoiceField
from core.models import Country, Level, Region, School, User
from core.registration import services

SCHOOL_ROLE_CHOICES = [
    ("", _("Choose your role")),
    *User.SchoolRole.choices,
    (services.ADMINISTRATIVE_STAFF, _("Administrative or company staff")),
]


class RegistrationForm(forms.Form):
    """Pre-registration (DOMAIN.md §2.1): every field is compulsory."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Surname"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only. You cannot change your username later."),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password_confirmation = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        username = User.normalize_username(self.cleaned_data["username"].strip())
        if services.username_taken(username):
            raise ValidationError(services.USERNAME_TAKEN, code="username_taken")
        return username

    def clean_email(self) -> str:
        # A taken address is not refused here: the answer must not tell (see the service).
        return User.objects.normalize_email(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password = cleaned.get("password")
        confirmation = cleaned.get("password_confirmation")
        if password and confirmation and password != confirmation:
            self.add_error("password_confirmation", _("The two passwords do not match."))
        elif password:
            candidate = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class SchoolSearchForm(forms.Form):
    """Search the school list by name or town, optionally in one country."""

    q = forms.CharField(label=_("Name or town"), required=False, max_length=100)
    country = ByNameChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        empty_label=_("All countries"),
    )

    def schools(self):
        schools = School.objects.filter(merged_into__isnull=True).select_related(
            "country", "region"
        )
        if not self.is_valid():
            return schools
        text = self.cleaned_data["q"].strip()
        if text:
            schools = schools.filter(Q(name__icontains=text) | Q(town__icontains=text))
        if self.cleaned_data["country"]:
            schools = schools.filter(country=self.cleaned_data["country"])
        return schools.order_by("name", "pk")


class RegionChoiceField(ByNameChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.country.display_name} — {obj.name}"


class SchoolStepForm(forms.Form):
    """The role in the school, and (when changing school) the confirmation."""

    school_role = forms.ChoiceField(label=_("Your role in the school"), choices=SCHOOL_ROLE_CHOICES)

    def __init__(self, *args: Any, require_confirmation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if require_confirmation:
            self.fields["confirm"] = forms.BooleanField(
                label=_("I understand that I will be validated again"),
                help_text=_(
                    "Until the new school's head teacher and your NSS validate you, you "
                    "cannot join or create projects."
                ),
            )

    def clean_school_role(self) -> str:
        school_role = self.cleaned_data["school_role"]
        services.check_school_role(school_role)
        return school_role


class ChooseSchoolForm(SchoolStepForm):
    """Join a school from the list."""

    school = bounds.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.filter(merged_into__isnull=True),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose your school from the list."),
            "invalid_choice": _("Choose your school from the list."),
        },
    )
    field_order = ["school", "school_role", "confirm"]


class NewSchoolForm(SchoolStepForm):
    """Add a school that is not in the list yet."""

    name = forms.CharField(label=_("Name of the school"), max_length=200)
    country = ByNameChoiceField(label=_("Country"), queryset=Country.objects.all())
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.select_related("country"),
        required=False,
        help_text=_("Required when the country has regions."),
    )
    town = forms.CharField(label=_("Town"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    levels = bounds.ModelMultipleChoiceField(
        label=_("Levels of education"),
        queryset=Level.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one level of education.")},
    )
    head_teacher_name = forms.CharField(label=_("Head teacher's name"), max_length=200)
    head_teacher_email = forms.EmailField(label=_("Head teacher's e-mail address"))
    field_order = [
        "name",
        "country",
        "region",
        "town",
        "address",
        "levels",
        "head_teacher_name",
        "head_teacher_email",
        "school_role",
        "confirm",
    ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors:
            try:
                services.check_new_school(cleaned)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def new_school_data(self) -> dict[str, Any]:
        return {
            field: self.cleaned_data[field] for field in (*services.NEW_SCHOOL_FIELDS, "levels")
        }
