"""The one sanitiser for all HTML that users write.

An explicit allow-list: no scripts, no event attributes, no ``style``, only
http, https and mailto links, and every link gets
``rel="noopener noreferrer nofollow"``.
"""

from __future__ import annotations

import re
from html import unescape

import bleach
from bleach.linkifier import LinkifyFilter
from django.utils.html import linebreaks, strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4",
        "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

# bleach's strip=True keeps the text inside stripped tags; the code of a script or
# the rules of a style sheet are never wanted as visible text, so drop them whole.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def _set_link_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[lambda source: LinkifyFilter(source, callbacks=[_set_link_rel], skip_tags={"pre"})],
)


def clean_html(html: str | None) -> str:
    """Return ``html`` reduced to the allow-list; safe to store and to render."""
    if not html:
        return ""
    return _cleaner.clean(_DROP_WITH_CONTENT.sub("", html)).strip()


_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def clean_rich_text(text: str | None) -> str:
    """What a person typed into a rich-text box, ready to store.

    Plain text (no tags) keeps its paragraphs and line breaks; HTML is reduced to the
    allow-list. Either way the result is safe to render.
    """
    if not text or not text.strip():
        return ""
    if not _LOOKS_LIKE_HTML.search(text):
        text = linebreaks(text.strip(), autoescape=True)
    return clean_html(text)


def render_html(html: str | None) -> SafeString:
    """Sanitise again at render time and mark safe: stored HTML is never trusted blindly."""
    return mark_safe(clean_html(html))  # noqa: S308 - the allow-list above has just run


def plain_text(html: str | None) -> str:
    """The words of stored rich text, without markup (for summaries and the API)."""
    return unescape(strip_tags(html or "")).strip()
