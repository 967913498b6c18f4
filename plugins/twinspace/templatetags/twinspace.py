"""Template helpers of the TwinSpace: ``{% space_url space "pages" page.pk %}`` and
``{% if access|can:"post_update" %}``."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from plugins.twinspace.policy import Action

register = template.Library()


@register.simple_tag
def space_url(space, name: str, *args) -> str:
    return space.url(name, *args)


@register.filter
def can(access, action: str) -> bool:
    return access is not None and access.can(Action(action))


# The section of the space each page belongs to, by URL name: the space's navigation marks
# it (``aria-current="page"`` on the section's own page, ``"true"`` below it).
_SECTION_OF = {
    "post": "twinboard",
    "post-edit": "twinboard",
    "post-delete": "twinboard",
    "journal-new": "journal",
    "journal-edit": "journal",
    "journal-delete": "journal",
    "page": "pages",
    "page-new": "pages",
    "page-edit": "pages",
    "page-delete": "pages",
    "pages-reorder": "pages",
    "folder": "materials",
    "folder-new": "materials",
    "folder-delete": "materials",
    "material-upload": "materials",
    "material-delete": "materials",
    "discussion": "forums",
    "discussion-new": "forums",
    "thread": "forums",
    "thread-new": "forums",
    "reply-edit": "forums",
    "wall": "walls",
    "member-invite": "members",
    "member-pupils": "members",
    "member-guests": "members",
    "group-edit": "settings",
    "project-edit": "about",
    "project-delete": "about",
}


@register.simple_tag(takes_context=True)
def space_sections(context, space, access) -> list[dict]:
    """The sections of ``space`` its visitor may open, in order, the current one marked.

    Each item has ``key``, ``label``, ``url`` and ``current`` (``"page"`` on the section's
    own page, ``"true"`` on a page below it, else ``""``).
    """
    keys: list[tuple[str, str]] = [("home", _("Home"))]
    if space.kind == "project":
        keys.append(("about", _("About")))
    if space.is_open:
        can_read = access is not None and access.can_read()
        if can_read or space.twinboard_public:
            keys.append(("twinboard", _("Twinboard")))
        keys.append(("journal", _("Journal")))
        if can_read:
            if can(access, "use_bulletin"):
                keys.append(("bulletin", _("Teacher bulletin")))
            keys += [("pages", _("Pages")), ("materials", _("Materials")), ("forums", _("Forums"))]
            if space.kind == "project" and access.can_read_walls():
                keys.append(("walls", _("Pupil walls")))
            keys.append(("members", _("Members")))
            if can(access, "manage_members"):
                keys.append(("settings", _("Settings")))
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    here = match.url_name if match else ""
    section = _SECTION_OF.get(here, here)
    post = context.get("post")
    if here in ("post-edit", "post-delete") and getattr(post, "channel", "") == "bulletin":
        section = "bulletin"
    return [
        {
            "key": key,
            "label": label,
            "url": space.url(key),
            "current": ("page" if here == key else "true") if section == key else "",
        }
        for key, label in keys
    ]
