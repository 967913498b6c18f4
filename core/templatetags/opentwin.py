"""Template helpers every app may use: ``{% load opentwin %}``."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.safestring import SafeString

from core.dates import format_day, format_when
from core.sanitiser import render_html

register = template.Library()


@register.filter
def rich_text(html: str | None) -> SafeString:
    """Show stored rich text: sanitised again, then marked safe."""
    return render_html(html)


@register.filter
def when(value: date | datetime | None) -> str:
    """A date and time as every page shows it (core.dates.format_when)."""
    return format_when(value)


@register.filter
def day(value: date | datetime | None) -> str:
    """A day as every page shows it (core.dates.format_day)."""
    return format_day(value)


# --- the design system (docs/design.md) ---------------------------------------

_SELECTS = ("select", "selectmultiple", "nullbooleanselect")
_STATE_TONES = {
    "success": {
        "active",
        "validated",
        "approved",
        "accepted",
        "published",
        "valid",
        "open",
        "answered",
        "done",
        "sent",
    },
    "warning": {
        "pending",
        "pending_partner",
        "pending_approval",
        "pending_validation",
        "waiting",
        "draft",
        "invited",
        "queued",
        "retrying",
        "new",
    },
    "danger": {"rejected", "blocked", "revoked", "declined", "failed", "refused", "expired"},
    "secondary": {"closed", "archived", "inactive", "cancelled", "deleted", "hidden"},
}
_AVATAR_TONES = 8


@register.filter
def control(bound_field, extra_class: str = ""):
    """Render a field's widget with the design system's class and ARIA attributes.

    The class follows the widget (``form-select``, ``form-check-input`` or
    ``form-control``); ``aria-describedby`` names the help text and the errors,
    ``aria-invalid`` marks a field with errors.
    """
    widget = bound_field.field.widget
    kind = type(widget).__name__.lower()
    if kind in _SELECTS:
        css = "form-select"
    elif getattr(widget, "input_type", "") in ("checkbox", "radio"):
        css = "form-check-input"
    else:
        css = "form-control"
    existing = widget.attrs.get("class", "")
    attrs = {"class": " ".join(part for part in (css, existing, extra_class) if part)}
    described = _described_by(bound_field, widget)
    if described:
        attrs["aria-describedby"] = described
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


def _described_by(bound_field, widget) -> str:
    ids = [widget.attrs.get("aria-describedby", "")]
    if bound_field.auto_id:
        if bound_field.help_text:
            ids.append(f"{bound_field.auto_id}_helptext")
        if bound_field.errors:
            ids.append(f"{bound_field.auto_id}_error")
    return " ".join(part for part in ids if part)


@register.filter
def check_input(choice) -> SafeString:
    """One checkbox or radio button of a multiple-choice field, with Bootstrap's class."""
    data = dict(choice.data)
    attrs = dict(data.get("attrs") or {})
    attrs["class"] = " ".join(part for part in ("form-check-input", attrs.get("class", "")) if part)
    data["attrs"] = attrs
    data["wrap_label"] = False  # the field template writes the label next to it
    return choice.parent_widget._render(choice.template_name, {"widget": data}, choice.renderer)


@register.filter
def is_checkbox(bound_field) -> bool:
    """True for a single checkbox (not a list of choices)."""
    widget = bound_field.field.widget
    return getattr(widget, "input_type", "") == "checkbox" and not getattr(
        widget, "allow_multiple_selected", False
    )


@register.filter
def state_tone(state) -> str:
    """The badge colour of a state: success, warning, danger, secondary or info."""
    value = str(getattr(state, "value", state) or "").lower()
    for tone, states in _STATE_TONES.items():
        if value in states:
            return tone
    return "info"


@register.filter
def initials(person) -> str:
    """Up to two initials of a person's display name, for their avatar."""
    name = person.display_name() if hasattr(person, "display_name") else str(person or "")
    words = [word for word in name.replace(".", " ").split() if word[:1].isalnum()]
    letters = "".join(word[0] for word in words[:1] + words[1:][-1:])
    return letters.upper() or "?"


@register.filter
def avatar_tone(person) -> int:
    """A stable colour (0 to 7) per person, so the same teacher always looks the same."""
    return (getattr(person, "pk", None) or 0) % _AVATAR_TONES


@register.simple_tag
def crumbs(*pairs):
    """Breadcrumbs for ``components/page_header.html``: label, url, label, url…

    The last label needs no url (it is the current page): ``{% crumbs _("My desktop")
    desktop_url title as trail %}``.
    """
    trail = []
    items = list(pairs)
    while items:
        label = items.pop(0)
        url = items.pop(0) if items else ""
        trail.append({"label": label, "url": url})
    if trail:
        trail[-1]["url"] = ""
    return trail


@register.simple_tag(takes_context=True)
def photo_of(context, person) -> str:
    """The address of ``person``'s photo if the reader may see it, else "" (initials)."""
    from core.accounts.photos import may_see_photo

    request = context.get("request")
    viewer = getattr(request, "user", None)
    if person is None or viewer is None or not getattr(person, "avatar_url", ""):
        return ""
    return person.avatar_url if may_see_photo(viewer, person) else ""
