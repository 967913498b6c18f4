"""Template tags for sharing an award as a portable badge."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone

from plugins.labels.awards import texts
from plugins.labels.badges import openbadges2

register = template.Library()

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def linkedin_url(award, verification_url: str) -> str:
    """LinkedIn's "Add to profile" address for ``award`` as a licence or certification."""
    issued = timezone.localtime(award.issued_at)
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": texts.award_name(award),
        "organizationName": texts.issuer_at_start(award),
        "issueYear": issued.year,
        "issueMonth": issued.month,
    }
    if award.valid_until is not None:
        params["expirationYear"] = award.valid_until.year
        params["expirationMonth"] = award.valid_until.month
    params["certUrl"] = verification_url
    params["certId"] = award.code
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params)}"


@register.simple_tag
def badge_links(award, verification_url: str = ""):
    """The addresses to share ``award`` as a badge, or ``None`` when it has no badge
    (revoked, or a school's award): ``baked_url``, ``credential_url``, ``assertion_url``,
    ``linkedin_url``."""
    if not award.is_valid or not openbadges2.has_badge(award):
        return None
    assertion_url = openbadges2.assertion_url(award)
    return {
        "baked_url": reverse("badges:baked", args=[award.code]),
        "credential_url": reverse("badges:credential-jwt", args=[award.code]),
        "assertion_url": assertion_url,
        "linkedin_url": linkedin_url(award, verification_url or assertion_url),
    }
