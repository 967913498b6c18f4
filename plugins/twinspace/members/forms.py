"""Forms of the members area: they parse input, the services apply the rules."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.accounts.forms import LoginForm
from core.models import User
from plugins.twinspace.members.services import MAX_PUPILS_AT_ONCE, clean_pupil_name
from plugins.twinspace.models import TEACHER_ROLES, PupilProfile


class TeacherChoiceField(bounds.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        school = user.school.name if user.school_id else ""
        return f"{user.display_name()} ({school})" if school else user.display_name()


class InviteForm(forms.Form):
    """Choose a teacher among one's contacts, or give their exact username."""

    contact = TeacherChoiceField(
        label=_("One of my contacts"), queryset=User.objects.none(), required=False
    )
    username = forms.CharField(
        label=_("Or their username"),
        max_length=150,
        required=False,
        help_text=_("The exact username of a registered teacher."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(role.value, role.label) for role in TEACHER_ROLES],
        initial=TEACHER_ROLES[1].value,
    )

    def __init__(self, *args, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contacts is not None:
            self.fields["contact"].queryset = contacts

    def clean(self):
        data = super().clean()
        contact, username = data.get("contact"), (data.get("username") or "").strip()
        if bool(contact) == bool(username):
            raise ValidationError(gettext("Choose one of your contacts or give a username."))
        if username:
            user = User.objects.filter(username__iexact=username).first()
            if user is None:
                self.add_error("username", gettext("Nobody has this username."))
                return data
            data["user"] = user
        else:
            data["user"] = contact
        return data


class RoleForm(forms.Form):
    role = forms.CharField(max_length=16)


class PupilForm(forms.Form):
    """One new pupil."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def clean(self):
        data = super().clean()
        if "first_name" in data and "last_name" in data:
            data["names"] = [clean_pupil_name(data["first_name"], data["last_name"])]
        return data


class PupilListForm(forms.Form):
    """A class list pasted from a spreadsheet: one pupil per line, first name first."""

    names = forms.CharField(
        label=_("Pupils' names, one per line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=MAX_PUPILS_AT_ONCE * 310,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["names"].help_text = gettext(
            "Write each pupil as “First name Last name”, at most %(max)d lines; "
            "blank lines are ignored."
        ) % {"max": MAX_PUPILS_AT_ONCE}

    def clean_names(self) -> list[tuple[str, str]]:
        lines = [
            (number, line.strip())
            for number, line in enumerate(self.cleaned_data["names"].splitlines(), start=1)
            if line.strip()
        ]
        if not lines:
            raise ValidationError(gettext("Give at least one pupil's name."))
        if len(lines) > MAX_PUPILS_AT_ONCE:
            raise ValidationError(
                gettext("At most %(max)d pupils can be created at once; you gave %(count)d.")
                % {"max": MAX_PUPILS_AT_ONCE, "count": len(lines)}
            )
        names, errors = [], []
        for number, line in lines:
            first, _space, last = line.partition(" ")
            try:
                names.append(clean_pupil_name(first, last))
            except ValidationError as error:
                errors.append(
                    gettext("Line %(number)d (%(line)s): %(error)s")
                    % {"number": number, "line": line, "error": " ".join(error.messages)}
                )
        if errors:
            raise ValidationError(errors)
        return names


class ExistingPupilsForm(forms.Form):
    """Pupils the teacher created earlier who are not in this space yet."""

    pupils = bounds.ModelMultipleChoiceField(
        label=_("My pupils not in this project yet"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, teacher=None, space=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupils"].queryset = (
            User.objects.filter(
                pk__in=PupilProfile.objects.filter(teacher=teacher).values("user_id"),
                kind=User.Kind.PUPIL,
            )
            .exclude(space_memberships__space=space)
            .order_by("first_name", "last_name", "pk")
        )
        self.fields["pupils"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.username})"
        )


class GuestForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    until = forms.DateField(
        label=_("Until (included)"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_username(self) -> User:
        user = User.objects.filter(username__iexact=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise ValidationError(gettext("Nobody has this username."))
        return user

    def clean_until(self) -> datetime:
        # The access lasts until the end of the chosen day, in the site's time zone.
        return timezone.make_aware(datetime.combine(self.cleaned_data["until"], time(23, 59)))


class PupilLoginForm(LoginForm):
    """The pupils' login: only pupil accounts log in here."""

    accepts_pupils = True
    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": pgettext_lazy(
            "pupil", "This username and password do not match. Check them or ask your teacher."
        ),
    }

    def confirm_login_allowed(self, user):
        if user.kind != User.Kind.PUPIL:
            raise ValidationError(
                gettext("This page is for pupils. Teachers log in on the main login page."),
                code="not_a_pupil",
            )
        super().confirm_login_allowed(user)
