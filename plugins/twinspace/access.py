"""Loading a space for a view and checking the policy before the view runs."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plugins.twinspace.models import Membership, Space
from plugins.twinspace.policy import Action, SpaceAccess, access_for


def space_kind_of(request: HttpRequest) -> str:
    """``project`` or ``group``: the URL namespace the request came through."""
    match = request.resolver_match
    for namespace in match.namespaces if match else ():
        if namespace in Space.Kind.values:
            return namespace
    raise Http404


def pupil_may_open(request: HttpRequest, space_id: int | None) -> bool:
    """Whether the pupil making ``request`` may open its URL: only the spaces of the
    projects they are members of (DOMAIN.md §1). Public pages of other projects, groups
    and the teachers' pages of the TwinSpace are not for pupils."""
    if space_id is None:
        return False
    kinds = request.resolver_match.namespaces if request.resolver_match else ()
    return (
        Space.Kind.PROJECT in kinds
        and Membership.objects.filter(
            space_id=space_id, space__kind=Space.Kind.PROJECT, user=request.user
        ).exists()
    )


def outside_own_projects_message() -> str:
    """Shown on a pupil's desktop when they were sent back from someone else's space."""
    return pgettext("pupil", "You can only open the spaces of your own projects.")


def confine_pupils(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send a pupil who opens anything but their own projects' spaces to their desktop,
    the way the kernel sends pupils back from every page that is not for them."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.kind == user.Kind.PUPIL
            and not pupil_may_open(request, kwargs.get("space_id"))
        ):
            messages.info(request, outside_own_projects_message())
            return redirect("core:desktop")
        return view(request, *args, **kwargs)

    return wrapper


def load_space(request: HttpRequest, space_id: int) -> tuple[Space, SpaceAccess]:
    """The space of the URL (of the URL's kind) and the requester's standing in it."""
    space = get_object_or_404(Space, pk=space_id, kind=space_kind_of(request))
    return space, access_for(request.user, space)


def deny(request: HttpRequest, message: str | None = None) -> HttpResponse:
    """Visitors are asked to log in; people already logged in get a 403 saying why."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(message or _("This part of the space is for its members."))


def space_view(action: Action = Action.READ) -> Callable:
    """Decorate a view taking ``(request, space, access, **kwargs)``: it runs only when the
    requester may do ``action`` in the space named by the URL's ``space_id``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, space_id: int, **kwargs) -> HttpResponse:
            space, access = load_space(request, space_id)
            if not access.can(action):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                access.require(action)
            return view(request, space=space, access=access, **kwargs)

        return wrapper

    return decorator
