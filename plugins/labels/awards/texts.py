"""The words an award is told in, the same on its page, its PDF, its badge and the
verification page: what it is, what it is for, who issued it. Each is translated into the
language active when it is called (the reader's, or the certificate's)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.directory.names import country_name
from plugins.labels.models import Award, IssuerKind, SubjectType

PLATFORM_NAME = "OpenTwin"


def award_name(award: Award) -> str:
    """What the award is: "eTwinning Label", "Certificate of participation"…"""
    return str(Award.Kind(award.kind).label)


def subject_phrase(award: Award) -> str:
    """What it is for, in a sentence's words: for the project “X”, for taking part in…"""
    title = award.subject_title
    if award.kind == Award.Kind.CERTIFICATE:
        return {
            SubjectType.MEETING: _("for completing the teaching meeting “%(title)s”"),
            SubjectType.SEMINAR: _("for attending the online seminar “%(title)s”"),
            SubjectType.COURSE: _("for completing the online course “%(title)s”"),
        }.get(award.subject_type, _("for taking part in “%(title)s”")) % {"title": title}
    return {
        SubjectType.PROJECT: _("for the project “%(title)s”"),
        SubjectType.SCHOOL: _("for the school “%(title)s”"),
    }.get(award.subject_type, _("for “%(title)s”")) % {"title": title}


def issuer_name(award: Award) -> str:
    """Who issued it: the National Support Service of Spain, the Central Support Service,
    or the platform."""
    if award.issuer_kind == IssuerKind.NSS and award.issuer_country_id:
        country = award.issuer_country
        return _("the National Support Service of %(country)s") % {
            "country": country_name(country.code, country.name)
        }
    if award.issuer_kind == IssuerKind.CSS:
        return _("the Central Support Service")
    return PLATFORM_NAME


def issuer_at_start(award: Award) -> str:
    """:func:`issuer_name` at the start of a sentence."""
    name = issuer_name(award)
    return name[:1].upper() + name[1:]


def holder_name(award: Award) -> str:
    """The name on the award; erased holders have none left."""
    if award.holder_erased or not award.recipient_name:
        return _("(name removed at the holder's request)")
    return award.recipient_name


def words(award: Award) -> dict[str, str]:
    """The award's words in the active language, for every page that shows one: its name,
    what it is for, who issued it (at the start of a sentence) and the holder's name."""
    return {
        "name": award_name(award),
        "subject": subject_phrase(award),
        "issuer": issuer_at_start(award),
        "holder": holder_name(award),
    }


def certificate_language(award: Award) -> str:
    """The language the award's certificate is written in: its holder's interface
    language, else the one it was issued in, else the site's default."""
    user = award.recipient_user
    candidates = [user.language if user is not None else "", award.language]
    available = {code for code, _name in settings.LANGUAGES}
    for code in candidates:
        if code and code in available:
            return code
    return settings.LANGUAGE_CODE


def in_language(language: str):
    """A context manager translating into ``language`` (the certificate's)."""
    return override(language)
