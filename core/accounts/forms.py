"""Forms of core's accounts area: login, password reset, profile, deletion, blocking."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.models import Language, Subject, User

BLOCKED_MESSAGE = _("Your profile has been blocked. Please contact your National Support Service.")
INACTIVE_MESSAGE = _(
    "Your profile is inactive because you have not logged in for a long time. "
    "Please contact your National Support Service to restore it."
)


def support_service_of(user: User) -> str:
    """The name of the user's National Support Service, when their school's country has one."""
    if user.school_id and user.school.country_id:
        return user.school.country.support_organisation
    return ""


class LoginForm(AuthenticationForm):
    """Django's login form, which also tells blocked and inactive people whom to contact.

    Those accounts are not active, so the backend refuses them; only someone who knows
    the password learns why, so the state of an account is not revealed to others.
    """

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if self.user_cache is None:
                self._explain_suspension()
            raise error

    def confirm_login_allowed(self, user):
        self._raise_for_state(user)
        super().confirm_login_allowed(user)

    def _explain_suspension(self) -> None:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password or getattr(self.request, "axes_locked_out", False):
            return
        try:
            user = get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            return
        if user.state in (User.State.BLOCKED, User.State.INACTIVE) and user.check_password(
            password
        ):
            self._raise_for_state(user)

    def _raise_for_state(self, user: User) -> None:
        if user.state == User.State.BLOCKED:
            message = str(BLOCKED_MESSAGE)
            support = support_service_of(user)
            if support:
                message = f"{message} {gettext('National Support Service: %s') % support}"
            raise ValidationError(message, code="blocked")
        if user.state == User.State.INACTIVE:
            raise ValidationError(INACTIVE_MESSAGE, code="inactive")
        if user.state == User.State.DELETED:
            raise self.get_invalid_login_error()


class SitePasswordResetForm(PasswordResetForm):
    """Password reset whose links always point at ``OPENTWIN_SITE_URL``, never the Host header.

    Django's form only mails active accounts with a usable password at the stored
    address; pupils have no address, so they are never found.
    """

    def save(self, **kwargs):
        site = urlsplit(settings.OPENTWIN_SITE_URL)
        kwargs["domain_override"] = site.netloc + site.path.rstrip("/")
        kwargs["use_https"] = site.scheme == "https"
        return super().save(**kwargs)

    def get_users(self, email):
        return (user for user in super().get_users(email) if not user.is_pupil)


class ProfileForm(forms.Form):
    """The teacher's public profile and interface language."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Surname"), max_length=150)
    bio = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, at most 2000 characters."),
    )
    subjects = bounds.ModelMultipleChoiceField(
        label=_("Subjects I teach"),
        queryset=Subject.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = bounds.ModelMultipleChoiceField(
        label=_("Languages I speak"),
        queryset=Language.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    listed_in_search = forms.BooleanField(
        label=_("Show my profile in the search for people"), required=False
    )
    language = forms.ChoiceField(
        label=_("Interface language"),
        choices=[("", _("Browser's language")), *settings.LANGUAGES],
        required=False,
    )

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "bio": user.bio,
            "subjects": list(user.subjects.all()),
            "languages": list(user.languages.all()),
            "listed_in_search": user.listed_in_search,
            "language": user.language,
        }


class DeleteAccountForm(forms.Form):
    """Deleting one's account is confirmed with the password."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."), code="password_incorrect")
        return password


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for blocking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The account holder is told this reason."),
    )
