"""Turning other plugins' events into awards (DOMAIN.md §7).

- ``ProjectApproved``: an eTwinning Label to each founder and each teacher member of the
  project, once the project is approved (never for a rejected one);
- ``ProjectTeacherJoined``: the eTwinning Label to a teacher who joins an approved
  project later;
- ``MeetingCompleted``, ``SeminarAttended``, ``CourseCompleted``: a certificate of
  participation.

The project's state is asked of its plugin (``get_project_facts``) when the event is
handled, so events that arrive twice, late or out of order still give the right awards:
a teacher who joined before the approval is covered by the approval, one who joined
after by their own event, and either way ``issue_award`` issues nothing twice.
"""

from __future__ import annotations

from core.events import (
    CourseCompleted,
    MeetingCompleted,
    ProjectApproved,
    ProjectTeacherJoined,
    SeminarAttended,
)
from core.models import Country, User
from core.plugins import hook
from plugins.labels.awards.services import Issuer, issue_award
from plugins.labels.models import Award, SubjectType

# Project states in which a project has been approved (ProjectFacts.state).
APPROVED_STATES = frozenset({"active", "closed", "archived"})


def _teachers(ids) -> list[User]:
    return list(
        User.objects.filter(pk__in=set(ids), kind=User.Kind.TEACHER)
        .exclude(state=User.State.DELETED)
        .select_related("school__country")
        .order_by("pk")
    )


def _label_issuer(user: User) -> Issuer:
    """The eTwinning Label is issued by the NSS of the teacher's country."""
    if user.school_id is not None:
        return Issuer.nss(user.school.country)
    return Issuer.platform()


def _issue_labels(project_id: int, title: str, user_ids, event) -> None:
    for user in _teachers(user_ids):
        issue_award(
            actor=None,
            kind=Award.Kind.ETWINNING_LABEL,
            subject_type=SubjectType.PROJECT,
            subject_id=project_id,
            subject_title=title,
            issuer=_label_issuer(user),
            user=user,
            issued_at=event.occurred_at,
            event_id=event.event_id,
        )


def _approved_facts(project_id: int):
    facts = hook().get_project_facts(project_id=project_id)
    if facts is None or facts.approved_at is None or facts.state not in APPROVED_STATES:
        return None
    return facts


def project_approved(event: ProjectApproved) -> None:
    facts = _approved_facts(event.project_id)
    if facts is None:
        return
    ids = dict.fromkeys([*event.founder_ids, *facts.founder_ids, *facts.teacher_ids])
    _issue_labels(event.project_id, facts.title or event.title, ids, event)


def project_teacher_joined(event: ProjectTeacherJoined) -> None:
    facts = _approved_facts(event.project_id)
    if facts is None or event.user_id not in facts.teacher_ids:
        # Not approved yet (the approval will cover them), or no longer a teacher member.
        return
    _issue_labels(event.project_id, facts.title or event.title, [event.user_id], event)


def _certificate_issuer(country_code: str) -> Issuer:
    if country_code:
        country = Country.objects.filter(code=country_code).first()
        if country is not None:
            return Issuer.nss(country)
    return Issuer.css()


def _issue_certificate(event, subject_type: str, subject_id: int) -> None:
    for user in _teachers([event.user_id]):
        issue_award(
            actor=None,
            kind=Award.Kind.CERTIFICATE,
            subject_type=subject_type,
            subject_id=subject_id,
            subject_title=event.title,
            issuer=_certificate_issuer(event.organiser_country_code),
            user=user,
            issued_at=event.occurred_at,
            event_id=event.event_id,
        )


def meeting_completed(event: MeetingCompleted) -> None:
    _issue_certificate(event, SubjectType.MEETING, event.meeting_id)


def seminar_attended(event: SeminarAttended) -> None:
    _issue_certificate(event, SubjectType.SEMINAR, event.seminar_id)


def course_completed(event: CourseCompleted) -> None:
    _issue_certificate(event, SubjectType.COURSE, event.course_id)
