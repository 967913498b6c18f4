"""The awards' demo data: the demo project's founders hold their eTwinning Labels and
``teacher.ana`` a certificate of participation, all issued by this plugin's services from
what the other plugins' demo data did through theirs — never written here.

On a fresh database there is nothing left to do when this runs (after every other
plugin's demo data): the TwinSpace's demo approves its project through its services and
the listener issues each founder's label; the courses' demo has ``teacher.ana`` complete
a course and the listener issues her certificate. A database seeded before this plugin
existed missed the approval: for each approved project a demo teacher founded (asked of
its plugin with ``get_project_facts``), the approval is handed to the listener again,
which issues what is missing and nothing twice. Safe to run again.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.demo import TEACHERS
from core.events import ProjectApproved
from core.models import AuditEntry, User
from core.plugins import hook
from plugins.labels.awards import listeners, queries
from plugins.labels.models import Award

DEMO_TEACHERS = tuple(username for username, *_rest in TEACHERS)


def _candidate_project_ids(teachers: list[User]) -> list[int]:
    """The ids of what the demo teachers acted on: their projects are among them (the
    project's plugin answers for its own ids, and says who founded each)."""
    targets = (
        AuditEntry.objects.filter(actor__in=teachers)
        .exclude(target_id="")
        .values_list("target_id", flat=True)
        .distinct()
    )
    return sorted({int(target) for target in targets if target.isdigit()})


def _approved_projects_founded_by(teachers: list[User]):
    """The facts of each project one of ``teachers`` founded (the listener asks again
    whether it is approved)."""
    founders = {teacher.pk for teacher in teachers}
    for project_id in _candidate_project_ids(teachers):
        facts = hook().get_project_facts(project_id=project_id)
        if facts is not None and founders.intersection(facts.founder_ids):
            yield facts


def _hand_approvals_to_the_listener(teachers: list[User]) -> int:
    """Deliver each approval again to the labels' listener only; return how many awards
    that issued (none once they are all there)."""
    before = Award.objects.count()
    for facts in _approved_projects_founded_by(teachers):
        listeners.project_approved(
            ProjectApproved(
                project_id=facts.project_id,
                title=facts.title,
                founder_ids=tuple(facts.founder_ids),
                is_european=facts.is_european,
                occurred_at=facts.approved_at or timezone.now(),
            )
        )
    return Award.objects.count() - before


def _holdings(teacher: User) -> str:
    awards = [
        f"{award.get_kind_display()} ({award.subject_title})"
        for award in queries.awards_of(teacher).filter(state=Award.State.VALID)
    ]
    return f"  {teacher.username:<20} holds {', '.join(awards) if awards else 'nothing yet'}"


def load_awards_demo_data() -> list[str]:
    """Bring the demo teachers' awards through the services if missing; return the lines
    naming what each holds."""
    teachers = list(
        User.objects.filter(username__in=DEMO_TEACHERS, kind=User.Kind.TEACHER).order_by("username")
    )
    if not teachers:
        return ["Demo awards skipped: the demo teachers are missing."]
    with transaction.atomic():
        issued = _hand_approvals_to_the_listener(teachers)
    lines = ["Demo awards:"]
    if issued:
        lines[0] = f"Demo awards ({issued} issued now for projects approved earlier):"
    holders = [teacher for teacher in teachers if queries.awards_of(teacher).exists()]
    lines += [_holdings(teacher) for teacher in holders] or ["  nobody holds an award yet"]
    return lines
