"""The eTwinning Label and certificates of participation (DOMAIN.md §7, issue 12 items
1-3): issued from the events other plugins emit, once per (recipient, kind, subject),
whatever duplicates, replays and late deliveries arrive."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, override

from core.events import (
    CourseCompleted,
    MeetingCompleted,
    ProjectApproved,
    ProjectTeacherJoined,
    SeminarAttended,
)
from core.models import AuditEntry, Country, Notification
from core.plugins import hook
from plugins.labels.awards import notifications, services
from plugins.labels.awards.services import Issuer
from plugins.labels.models import Award, IssuerKind, SubjectType
from plugins.twinspace.models import Role
from plugins.twinspace.projects import services as projects
from tests.factories import PupilFactory
from tests.factories.twinspace import teacher_in
from tests.support.labels import (
    approve,
    approved_project,
    join_as_teacher,
    nss_of,
    submitted_project,
)

pytestmark = pytest.mark.django_db

LABEL = Award.Kind.ETWINNING_LABEL


def labels_of(project) -> dict[int, Award]:
    return {
        award.recipient_user_id: award
        for award in Award.objects.filter(
            kind=LABEL, subject_type=SubjectType.PROJECT, subject_id=project.pk
        )
    }


def test_approval_gives_each_founder_an_etwinning_label_issued_by_their_nss(
    django_capture_on_commit_callbacks,
):
    project = submitted_project(django_capture_on_commit_callbacks, title="Rivers we share")
    assert labels_of(project) == {}, "no label before the approval"
    approve(django_capture_on_commit_callbacks, project)

    labels = labels_of(project)
    assert set(labels) == {project.founder_id, project.cofounder_id}
    spanish = labels[project.founder_id]
    assert spanish.subject_title == "Rivers we share"
    assert spanish.issuer_kind == IssuerKind.NSS
    assert spanish.issuer_country.code == "ES"
    assert spanish.country.code == "ES"
    assert labels[project.cofounder_id].issuer_country.code == "FR"
    assert spanish.recipient_name == project.founder.get_full_name()
    assert spanish.is_valid and spanish.code != labels[project.cofounder_id].code
    ready = Notification.objects.filter(kind=notifications.READY, user=project.founder).get()
    assert ready.title == "Your eTwinning Label is ready"
    assert spanish.code in ready.body and ready.url == spanish.get_absolute_url()
    assert AuditEntry.objects.filter(action=services.AWARD_ISSUED).count() == 2


def test_a_teacher_who_joins_later_gets_the_label_when_joining(
    django_capture_on_commit_callbacks,
):
    project = approved_project(django_capture_on_commit_callbacks)
    newcomer = teacher_in("IT")
    join_as_teacher(django_capture_on_commit_callbacks, project, newcomer)
    label = labels_of(project)[newcomer.pk]
    assert label.issuer_country.code == "IT"


def test_observers_experts_and_pupils_get_no_label(django_capture_on_commit_callbacks):
    project = approved_project(django_capture_on_commit_callbacks)
    observer = teacher_in("PT")
    join_as_teacher(django_capture_on_commit_callbacks, project, observer, role=Role.OBSERVER)
    assert observer.pk not in labels_of(project)
    assert len(labels_of(project)) == 2


def test_a_rejected_project_gives_no_label(django_capture_on_commit_callbacks):
    project = submitted_project(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        projects.decide_project(
            actor=nss_of("ES"),
            project=project,
            country=project.founder.school.country,
            approve=False,
            reason="Not a school project.",
        )
    # Even an approval event delivered by mistake gives nothing for a rejected project.
    hook().on_project_approved(
        event=ProjectApproved(
            project_id=project.pk,
            title=project.title,
            founder_ids=(project.founder_id, project.cofounder_id),
            is_european=True,
        )
    )
    assert labels_of(project) == {}


def test_a_replayed_or_duplicated_approval_issues_nothing_twice(
    django_capture_on_commit_callbacks,
):
    project = approved_project(django_capture_on_commit_callbacks)
    first = {pk: award.code for pk, award in labels_of(project).items()}
    event = ProjectApproved(
        project_id=project.pk,
        title=project.title,
        founder_ids=(project.founder_id, project.cofounder_id),
        is_european=True,
    )
    hook().on_project_approved(event=event)
    hook().on_project_approved(event=event)
    assert {pk: award.code for pk, award in labels_of(project).items()} == first
    assert Award.objects.count() == 2
    assert Notification.objects.filter(kind=notifications.READY).count() == 2


def test_a_join_delivered_before_the_approval_is_covered_by_the_approval(
    django_capture_on_commit_callbacks,
):
    project = approved_project(django_capture_on_commit_callbacks)
    newcomer = teacher_in("IT")
    # The join arrives while the project still waits (out of order): nothing yet …
    project_waiting = submitted_project(django_capture_on_commit_callbacks, title="Later")
    hook().on_project_teacher_joined(
        event=ProjectTeacherJoined(
            project_id=project_waiting.pk, title=project_waiting.title, user_id=newcomer.pk
        )
    )
    assert labels_of(project_waiting) == {}
    # … and a join for someone who is not a teacher member gives nothing either.
    hook().on_project_teacher_joined(
        event=ProjectTeacherJoined(project_id=project.pk, title=project.title, user_id=newcomer.pk)
    )
    assert newcomer.pk not in labels_of(project)
    # The approval covers everyone who is a teacher member by then.
    approve(django_capture_on_commit_callbacks, project_waiting)
    assert set(labels_of(project_waiting)) == {
        project_waiting.founder_id,
        project_waiting.cofounder_id,
    }


@pytest.mark.parametrize(
    ("event_class", "field", "subject_type", "phrase"),
    [
        (MeetingCompleted, "meeting_id", SubjectType.MEETING, "completing the teaching meeting"),
        (SeminarAttended, "seminar_id", SubjectType.SEMINAR, "attending the online seminar"),
        (CourseCompleted, "course_id", SubjectType.COURSE, "completing the online course"),
    ],
)
def test_completion_events_give_one_certificate_of_participation(
    event_class, field, subject_type, phrase
):
    from plugins.labels.awards import texts

    teacher = teacher_in("ES", language="fr")
    event = event_class(
        **{field: 41}, user_id=teacher.pk, title="Coding with pupils", organiser_country_code="ES"
    )
    getattr(hook(), event_class.hook_name)(event=event)
    getattr(hook(), event_class.hook_name)(event=event)  # replayed
    award = Award.objects.get(recipient_user=teacher)
    assert award.kind == Award.Kind.CERTIFICATE
    assert (award.subject_type, award.subject_id) == (subject_type, 41)
    assert award.issuer_country.code == "ES"
    assert award.issued_at == event.occurred_at
    assert phrase in texts.subject_phrase(award)
    # The holder's interface is in French: the notification is written in French.
    ready = Notification.objects.get(user=teacher, kind=notifications.READY)
    with override("fr"):
        expected = gettext(notifications.TITLE_READY) % {
            "award": gettext("Certificate of participation")
        }
    assert ready.title == expected


def test_a_european_event_is_certified_by_the_css():
    teacher = teacher_in("ES")
    hook().on_seminar_attended(
        event=SeminarAttended(seminar_id=7, user_id=teacher.pk, title="AI in class")
    )
    assert Award.objects.get(recipient_user=teacher).issuer_kind == IssuerKind.CSS


def test_pupils_never_receive_awards():
    pupil = PupilFactory()
    hook().on_course_completed(
        event=CourseCompleted(course_id=3, user_id=pupil.pk, title="Safe online")
    )
    assert not Award.objects.exists()
    with pytest.raises(ValidationError, match="teachers only"):
        services.issue_award(
            actor=None,
            kind=Award.Kind.CERTIFICATE,
            subject_type=SubjectType.COURSE,
            subject_id=3,
            subject_title="Safe online",
            issuer=Issuer.css(),
            user=pupil,
        )


def test_issuing_twice_directly_returns_the_first_award():
    teacher = teacher_in("ES")
    spain = Country.objects.get(code="ES")
    arguments = {
        "actor": None,
        "kind": LABEL,
        "subject_type": SubjectType.PROJECT,
        "subject_id": 9,
        "subject_title": "Birds",
        "issuer": Issuer.nss(spain),
        "user": teacher,
    }
    first, created = services.issue_award(**arguments)
    again, created_again = services.issue_award(**arguments)
    assert created and not created_again and again.pk == first.pk
