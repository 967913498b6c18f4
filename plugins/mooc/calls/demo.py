"""The calls' demo data, made through the services as people would make it.

The CSS (``css``) creates the annual conference's call, gives Spain, France and Germany
their places and publishes it; ``teacher.ana`` (Spain) and ``teacher.luc`` (France)
apply through the service, so their notifications and audit entries are the real ones.
Safe to run again: a call that exists (by title, created by the CSS demo account) is
left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import Country, User
from plugins.mooc.calls import services
from plugins.mooc.models.calls import EventCall

ORGANISER = "css"
APPLICANTS = {
    "teacher.ana": "I would like to meet partner schools for a project on water in our towns.",
    "teacher.luc": "Our school starts its first European project; I want to learn how to run it.",
}
TITLE = "eTwinning Annual Conference"
QUOTAS = {"ES": 3, "FR": 3, "DE": 2}


def _people() -> dict[str, User] | None:
    names = (ORGANISER, *APPLICANTS)
    people = {user.username: user for user in User.objects.filter(username__in=names)}
    return people if len(people) == len(names) else None


def _open_call(people: dict[str, User]) -> EventCall:
    organiser = people[ORGANISER]
    now = timezone.now().replace(second=0, microsecond=0)
    call = services.create_call(
        actor=organiser,
        kind=EventCall.Kind.CONFERENCE,
        title=TITLE,
        description=(
            "<p>Three days of workshops, talks and partner finding for teachers of every "
            "subject and level.</p><p>Each National Support Service selects its country's "
            "participants; teachers new to the programme come first.</p>"
        ),
        venue="Brussels",
        applications_open_at=now - timedelta(days=1),
        applications_close_at=now + timedelta(days=30),
        event_starts_at=now + timedelta(days=75),
        event_ends_at=now + timedelta(days=77),
    )
    for code, places in QUOTAS.items():
        services.set_quota(
            actor=organiser, call=call, country=Country.objects.get(code=code), places=places
        )
    call = services.publish_call(actor=organiser, call=call)
    for username, motivation in APPLICANTS.items():
        services.apply(actor=people[username], call=call, motivation=motivation)
    return call


def load_calls_demo_data() -> list[str]:
    """Create the open demo call if missing; return the lines to print."""
    people = _people()
    if people is None:
        return [
            "Demo call for events skipped: the demo people css, teacher.ana and teacher.luc "
            "are missing."
        ]
    if not EventCall.objects.filter(title=TITLE, created_by=people[ORGANISER]).exists():
        with transaction.atomic():
            _open_call(people)
    return [f"Demo call for events: {TITLE} (open, teacher.ana and teacher.luc applied)"]
