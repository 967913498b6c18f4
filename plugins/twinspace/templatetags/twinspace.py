"""Template helpers of the TwinSpace: ``{% space_url space "pages" page.pk %}`` and
``{% if access|can:"post_update" %}``."""

from __future__ import annotations

from django import template

from plugins.twinspace.policy import Action

register = template.Library()


@register.simple_tag
def space_url(space, name: str, *args) -> str:
    return space.url(name, *args)


@register.filter
def can(access, action: str) -> bool:
    return access is not None and access.can(Action(action))
