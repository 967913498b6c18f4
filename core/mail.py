"""E-mails rendered from one base template, with a text part and an HTML part.

Every e-mail extends ``core/email/base.txt`` and ``core/email/base.html``: a
greeting, what happened (who did what, about which project, school or teacher),
what the reader is asked to do and by when, the link, then a footer with the
site's name, why the reader got the e-mail and where to change that.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")


def email_context(**context: Any) -> dict[str, Any]:
    """The context every e-mail template receives, with the site's name and address."""
    return {
        "site_name": settings.OPENTWIN_SITE_NAME,
        "site_url": settings.OPENTWIN_SITE_URL,
        "LANGUAGE_CODE": translation.get_language(),
        **context,
    }


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """The text and HTML parts of ``template`` (``.txt`` and ``.html``), in the active
    language; a bare name such as ``"verification"`` is one of ``core/email/``."""
    path = template if "/" in template else f"core/email/{template}"
    context = email_context(**context)
    text = render_to_string(f"{path}.txt", context)
    html = render_to_string(f"{path}.html", context)
    return tidy_text(text), html


def tidy_text(text: str) -> str:
    """Templates leave runs of blank lines and indents; a text e-mail reads better without."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)) + "\n"
