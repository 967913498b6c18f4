"""Forms of core's accounts area: login, password reset, profile, deletion, blocking."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.links import absolute_url
from core.mail import render_email
from core.models import Language, Subject, User

BLOCKED_MESSAGE = _("Your profile has been blocked. Please contact your National Support Service.")
INACTIVE_MESSAGE = _(
    "Your profile is inactive because you have not logged in for a long time. "
    "Please contact your National Support Service to restore it."
)


def pupil_login_url() -> str:
    """Where pupils log in (``settings.OPENTWIN_PUPIL_LOGIN_URL``); empty if no page serves it."""
    try:
        return resolve_url(settings.OPENTWIN_PUPIL_LOGIN_URL)
    except NoReverseMatch:
        return ""


def pupils_log_in_elsewhere_message() -> str:
    """Told to a pupil who used the teachers' login with the right password."""
    url = pupil_login_url()
    if url:
        return gettext(
            "This login is for teachers and staff. Pupils log in on the pupils' login page: %(url)s"
        ) % {"url": url}
    return gettext("This login is for teachers and staff.")


def not_an_email_message() -> str:
    """The password reset's answer to a username or anything else that is not an address."""
    url = pupil_login_url()
    if url:
        return gettext(
            "Enter the e-mail address of your account, not your username. Pupils have no "
            "e-mail address: their teacher gives them a new password, and they log in on "
            "the pupils' login page: %(url)s"
        ) % {"url": url}
    return gettext(
        "Enter the e-mail address of your account, not your username. Pupils have no "
        "e-mail address: their teacher gives them a new password."
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
    Pupils are refused too, with the right password only, and sent to their own login page:
    no session starts, and django-axes counts no failure (the password was right).
    """

    #: Pupil accounts may log in through this form (the pupils' own login page).
    accepts_pupils = False
    #: Where a refused pupil should go instead; set when this form refused one.
    pupil_login_link = ""

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if self.user_cache is None:
                self._explain_suspension()
            raise error

    def confirm_login_allowed(self, user):
        self._raise_for_state(user)
        if user.is_pupil and not self.accepts_pupils:
            self.pupil_login_link = pupil_login_url()
            raise ValidationError(pupils_log_in_elsewhere_message(), code="pupil")
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A pupil typing their username here learns where pupils get a new password; the
        # same answer for every address-less input, so no account is revealed.
        self.fields["email"].error_messages["invalid"] = not_an_email_message()

    def save(self, **kwargs):
        site = urlsplit(settings.OPENTWIN_SITE_URL)
        kwargs["domain_override"] = site.netloc + site.path.rstrip("/")
        kwargs["use_https"] = site.scheme == "https"
        return super().save(**kwargs)

    def get_users(self, email):
        return (user for user in super().get_users(email) if not user.is_pupil)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        """Send the link in the account's language, from the base e-mail templates."""
        user = context["user"]
        site = settings.OPENTWIN_SITE_NAME
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))
        link = absolute_url(
            reverse(
                "core:password-reset-confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            )
        )
        with override(user.language or None):
            subject = gettext("Choose a new password for %(site)s") % {"site": site}
            text, html = render_email(
                "password_reset",
                {
                    "subject": subject,
                    "user": user,
                    "greeting": gettext("Hello %(name)s,") % {"name": user.display_name()},
                    "link": link,
                    "link_label": gettext("Choose a new password"),
                    "days": days,
                    "deadline": timezone.now() + timedelta(days=days),
                    "reason": gettext(
                        "You get this e-mail because someone asked for a new password for "
                        "your account on %(site)s. If it was not you, ignore it: your "
                        "password stays the same."
                    )
                    % {"site": site},
                },
            )
        send_mail(subject, text, from_email, [to_email], html_message=html)


class ProfileForm(forms.Form):
    """The teacher's public profile and interface language.

    The text fields and the language are checked by ``update_profile`` only, like the
    API's input, so the page and the API refuse the same input with the same message;
    the widgets keep the browser's hints (required, maximum length).
    """

    field_order = ["first_name", "last_name", "photo", "bio"]

    first_name = forms.CharField(
        label=_("First name"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"required": True, "maxlength": 150}),
    )
    last_name = forms.CharField(
        label=_("Surname"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"required": True, "maxlength": 150}),
    )
    bio = forms.CharField(
        label=_("About me"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
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
    language = forms.CharField(
        label=_("Interface language"),
        required=False,
        widget=forms.Select(choices=[("", _("Browser's language")), *settings.LANGUAGES]),
    )
    # Checked by update_profile too (core.accounts.photos), like the other fields.
    photo = forms.FileField(
        label=_("Profile photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "Optional. A JPEG, PNG or WebP image of at most 2 MB. It is shown next to your "
            "name to logged-in members; we keep a small copy without the file's hidden "
            "details (camera, place)."
        ),
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
