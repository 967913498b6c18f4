"""The project lifecycle rules of DOMAIN.md §4, through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import (
    AuditEntry,
    ContactRequest,
    Country,
    Language,
    Notification,
    StaffRole,
    Subject,
    User,
)
from core.plugins import hook, hookimpl
from plugins.twinspace.members import services as members
from plugins.twinspace.models import Membership, Project, ProjectApproval, Role, Space
from plugins.twinspace.projects import services
from tests.factories import SchoolFactory, TeacherFactory, UserFactory
from tests.factories.twinspace import add_member, make_project, teacher_in

pytestmark = pytest.mark.django_db

State = Space.State
Status = ProjectApproval.Status


def make_contacts(a: User, b: User) -> None:
    ContactRequest.objects.create(
        sender=a, recipient=b, status=ContactRequest.Status.ACCEPTED, responded_at=timezone.now()
    )


def nss(code: str, username: str | None = None) -> User:
    user = UserFactory(username=username or f"nss.{code.lower()}", kind=User.Kind.STAFF)
    StaffRole.objects.create(
        user=user, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
    )
    return user


def fields(**overrides) -> dict:
    data = {
        "title": "Birds on our way to school",
        "description": "Pupils count the birds they see.",
        "working_languages": list(Language.objects.filter(code="en")),
        "age_min": 8,
        "age_max": 10,
        "pupil_count": 30,
        "subjects": list(Subject.objects.filter(code="biology")),
        "ict_tools": "Photos, a shared map",
        "aims": "Observe and describe.",
        "work_process": "Weekly counts.",
        "expected_results": "A bird atlas.",
    }
    data.update(overrides)
    return data


def create(founder: User, cofounder: User, **overrides) -> Project:
    return services.create_project(actor=founder, cofounder=cofounder, **fields(**overrides))


@pytest.fixture
def ana() -> User:
    return teacher_in("ES", username="ana")


@pytest.fixture
def luc(ana) -> User:
    luc = teacher_in("FR", username="luc")
    make_contacts(ana, luc)
    return luc


@pytest.fixture
def pending(ana, luc) -> Project:
    return create(ana, luc)


def submitted(ana: User, luc: User) -> Project:
    project = create(ana, luc)
    return services.respond_to_project(actor=luc, project=project, accept=True)


class Listener:
    """An inline plugin recording the project events it receives."""

    def __init__(self) -> None:
        self.events: list = []

    @hookimpl
    def on_project_submitted(self, event) -> None:
        self.events.append(event)

    @hookimpl
    def on_project_approved(self, event) -> None:
        self.events.append(event)

    @hookimpl
    def on_project_rejected(self, event) -> None:
        self.events.append(event)

    @hookimpl
    def on_project_closed(self, event) -> None:
        self.events.append(event)


@pytest.fixture
def listener(register_plugin) -> Listener:
    return register_plugin(Listener(), "projects-listener")


# --- creation -------------------------------------------------------------------------


def test_validated_teacher_creates_a_pending_project_and_the_cofounder_is_asked(ana, luc):
    project = create(ana, luc)
    assert project.state == State.PENDING_PARTNER
    founder = Membership.objects.get(space=project)
    assert (founder.user, founder.role, founder.is_founder) == (ana, Role.TEACHER_ADMIN, True)
    assert [lang.code for lang in project.working_languages.all()] == ["en"]
    assert Notification.objects.filter(user=luc, kind="twinspace.project_invited").exists()
    assert AuditEntry.objects.filter(action="twinspace.create_project").count() == 1


def test_unvalidated_teacher_cannot_create_projects_and_is_told_why(luc):
    waiting = TeacherFactory(state=User.State.WAITING_VALIDATION)
    make_contacts(waiting, luc)
    with pytest.raises(ValidationError) as error:
        create(waiting, luc)
    assert "Unvalidated teachers cannot create projects" in error.value.messages[0]
    assert "validated" in error.value.messages[0]
    assert not Project.objects.exists()


def test_cofounder_must_be_a_contact(ana):
    stranger = teacher_in("FR")
    with pytest.raises(ValidationError) as error:
        create(ana, stranger)
    assert "must be one of your contacts" in error.value.messages[0]


def test_cofounder_must_be_at_a_different_school(ana):
    colleague = TeacherFactory(school=ana.school)
    make_contacts(ana, colleague)
    with pytest.raises(ValidationError) as error:
        create(ana, colleague)
    assert error.value.messages == ["The co-founder must work at a different school from yours."]


def test_cofounder_must_be_a_validated_teacher(ana):
    waiting = TeacherFactory(state=User.State.WAITING_VALIDATION)
    make_contacts(ana, waiting)
    with pytest.raises(ValidationError) as error:
        create(ana, waiting)
    assert error.value.messages == ["The co-founder must be a validated teacher."]


@pytest.mark.parametrize(
    ("age_min", "age_max", "message"),
    [
        (2, 10, "Pupils' ages must be between 3 and 19."),
        (10, 20, "Pupils' ages must be between 3 and 19."),
        (12, 10, "The highest age must not be lower than the lowest age."),
    ],
)
def test_pupils_ages_are_a_range_within_3_to_19(ana, luc, age_min, age_max, message):
    with pytest.raises(ValidationError) as error:
        create(ana, luc, age_min=age_min, age_max=age_max)
    assert error.value.messages == [message]


def test_ages_3_and_19_are_allowed(ana, luc):
    project = create(ana, luc, age_min=3, age_max=19)
    assert (project.age_min, project.age_max) == (3, 19)


def test_required_fields_are_all_reported(ana, luc):
    with pytest.raises(ValidationError) as error:
        create(ana, luc, title="  ", working_languages=[], subjects=[])
    assert set(error.value.message_dict) == {"title", "working_languages", "subjects"}


def test_founders_from_two_countries_make_a_european_project(ana, luc):
    assert create(ana, luc).is_european is True


def test_national_project_stays_national_when_a_foreign_partner_joins(ana):
    # DOMAIN.md §4: European-ness is fixed at creation. The foreign partner joins the way
    # a real one does: invited by a founder, accepting the invitation.
    compatriot = teacher_in("ES")
    make_contacts(ana, compatriot)
    project = create(ana, compatriot)
    assert project.is_european is False
    services.respond_to_project(actor=compatriot, project=project, accept=True)
    assert project.approvals.count() == 1  # one country, one approval
    services.decide_project(
        actor=nss("ES"), project=project, country=ana.school.country, approve=True
    )
    french = teacher_in("FR")
    invitation = members.invite_teacher(actor=ana, space=project, user=french)
    members.accept_invitation(actor=french, invitation=invitation)

    project.refresh_from_db()
    assert Membership.objects.filter(space=project, user=french).exists()
    assert (project.state, project.is_european) == (State.ACTIVE, False)
    facts = hook().get_project_facts(project_id=project.pk)
    assert facts.is_european is False
    assert facts.country_codes == ("ES",)  # the founders' countries, not the members'
    assert french.pk in facts.member_ids


# --- the co-founder's answer ----------------------------------------------------------------


def test_cofounder_accepts_and_each_country_is_asked(ana, luc, pending, listener):
    nss_es, nss_fr, nss_de = nss("ES"), nss("FR"), nss("DE")
    services.respond_to_project(actor=luc, project=pending, accept=True)
    pending.refresh_from_db()
    assert pending.state == State.PENDING_APPROVAL
    assert pending.submitted_at is not None
    assert Membership.objects.get(space=pending, user=luc).is_founder
    assert set(pending.approvals.values_list("country__code", "status")) == {
        ("ES", Status.PENDING),
        ("FR", Status.PENDING),
    }
    notified = set(
        Notification.objects.filter(kind="twinspace.project_submitted").values_list(
            "user", flat=True
        )
    )
    assert notified == {nss_es.pk, nss_fr.pk}
    assert nss_de.pk not in notified
    assert Notification.objects.filter(user=ana, kind="twinspace.project_accepted").exists()
    # Titles name the project, never a person (erasure cannot reach others' notifications).
    for title in Notification.objects.values_list("title", flat=True):
        assert "Birds on our way to school" in title
        assert ana.last_name not in title and luc.last_name not in title


def test_submitted_event_is_emitted_after_commit_with_its_fields(
    ana, luc, pending, listener, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_project(actor=luc, project=pending, accept=True)
    [event] = listener.events
    assert type(event).__name__ == "ProjectSubmitted"
    assert (event.project_id, event.title, event.founder_ids, event.is_european) == (
        pending.pk,
        "Birds on our way to school",
        (ana.pk, luc.pk),
        True,
    )


def test_no_event_before_commit(luc, pending, listener):
    services.respond_to_project(actor=luc, project=pending, accept=True)
    assert listener.events == []  # the test transaction never commits


def test_cofounder_declines_with_a_reason(
    ana, luc, pending, listener, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_project(actor=luc, project=pending, accept=False, reason="No time")
    pending.refresh_from_db()
    assert (pending.state, pending.rejection_reason) == (State.REJECTED, "No time")
    assert not Membership.objects.filter(space=pending, user=luc).exists()
    [event] = listener.events
    assert (type(event).__name__, event.reason) == ("ProjectRejected", "No time")
    assert Notification.objects.filter(user=ana, kind="twinspace.project_declined").exists()


def test_only_the_cofounder_answers(ana, pending):
    with pytest.raises(PermissionDenied):
        services.respond_to_project(actor=ana, project=pending, accept=True)
    with pytest.raises(PermissionDenied):
        services.respond_to_project(actor=teacher_in("FR"), project=pending, accept=True)


def test_answering_twice_does_nothing_more(luc, pending):
    services.respond_to_project(actor=luc, project=pending, accept=True)
    stale = Project.objects.get(pk=pending.pk)
    stale.state = State.PENDING_PARTNER  # a second click from an old page
    with pytest.raises(ValidationError) as error:
        services.respond_to_project(actor=luc, project=stale, accept=True)
    assert error.value.messages == ["This project has already been answered."]
    assert ProjectApproval.objects.filter(project=pending).count() == 2


def test_cofounder_unvalidated_meanwhile_cannot_accept(luc, pending):
    User.objects.filter(pk=luc.pk).update(state=User.State.BLOCKED)
    luc.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.respond_to_project(actor=luc, project=pending, accept=True)
    assert "Unvalidated teachers cannot join projects" in error.value.messages[0]


# --- approval by each founder's NSS ------------------------------------------------------------


def test_each_countrys_nss_approves_then_the_space_opens(
    ana, luc, listener, django_capture_on_commit_callbacks
):
    project = submitted(ana, luc)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_project(
            actor=nss("ES"), project=project, country=ana.school.country, approve=True
        )
    project.refresh_from_db()
    assert project.state == State.PENDING_APPROVAL  # France has not decided yet
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_project(
            actor=nss("FR"), project=project, country=luc.school.country_id, approve=True
        )
    project.refresh_from_db()
    assert project.state == State.ACTIVE
    assert project.approved_at is not None
    assert [type(event).__name__ for event in listener.events] == ["ProjectApproved"]
    assert listener.events[0].founder_ids == (ana.pk, luc.pk)
    assert set(
        Notification.objects.filter(kind="twinspace.project_approved").values_list(
            "user", flat=True
        )
    ) == {ana.pk, luc.pk}


def test_one_rejection_rejects_the_project(ana, luc, listener, django_capture_on_commit_callbacks):
    project = submitted(ana, luc)
    services.decide_project(
        actor=nss("ES"), project=project, country=ana.school.country, approve=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_project(
            actor=nss("FR"),
            project=project,
            country=luc.school.country,
            approve=False,
            reason="The description is incomplete.",
        )
    project.refresh_from_db()
    assert (project.state, project.rejection_reason) == (
        State.REJECTED,
        "The description is incomplete.",
    )
    [event] = listener.events
    assert (type(event).__name__, event.reason) == (
        "ProjectRejected",
        "The description is incomplete.",
    )
    assert Notification.objects.filter(user=luc, kind="twinspace.project_rejected").exists()
    # The other country can no longer open it.
    with pytest.raises(ValidationError):
        services.decide_project(
            actor=nss("ES", "nss.es2"), project=project, country=ana.school.country, approve=True
        )


def test_rejection_needs_a_reason(ana, luc):
    project = submitted(ana, luc)
    with pytest.raises(ValidationError) as error:
        services.decide_project(
            actor=nss("FR"), project=project, country=luc.school.country, approve=False
        )
    assert error.value.messages == ["Please give the reason for the rejection."]


def test_nss_of_a_third_country_cannot_decide(ana, luc):
    project = submitted(ana, luc)
    germany = Country.objects.get(code="DE")
    with pytest.raises(PermissionDenied):
        services.decide_project(actor=nss("DE"), project=project, country=germany, approve=True)
    with pytest.raises(PermissionDenied):
        services.decide_project(
            actor=nss("DE", "nss.de2"), project=project, country=ana.school.country, approve=True
        )
    with pytest.raises(PermissionDenied):
        services.decide_project(
            actor=ana, project=project, country=ana.school.country, approve=True
        )


def test_superuser_may_decide_for_any_country(ana, luc):
    project = submitted(ana, luc)
    root = UserFactory(kind=User.Kind.STAFF, is_superuser=True)
    for country in (ana.school.country, luc.school.country):
        services.decide_project(actor=root, project=project, country=country, approve=True)
    project.refresh_from_db()
    assert project.state == State.ACTIVE


def test_a_double_click_cannot_approve_twice(
    ana, luc, listener, django_capture_on_commit_callbacks
):
    project = submitted(ana, luc)
    staff = nss("ES")
    services.decide_project(actor=staff, project=project, country=ana.school.country, approve=True)
    with pytest.raises(ValidationError) as error:
        services.decide_project(
            actor=staff, project=project, country=ana.school.country, approve=True
        )
    assert error.value.messages == ["This country has already decided on this project."]
    assert AuditEntry.objects.filter(action="twinspace.approve_project").count() == 1


def test_a_pending_partner_project_cannot_be_decided(ana, pending):
    with pytest.raises(PermissionDenied):
        services.decide_project(
            actor=nss("ES"), project=pending, country=ana.school.country, approve=True
        )


# --- edits while pending ----------------------------------------------------------------------


def test_founder_edits_a_pending_project(ana, pending):
    services.update_project(actor=ana, project=pending, title="Birds and bees", age_max=12)
    pending.refresh_from_db()
    assert (pending.title, pending.age_max) == ("Birds and bees", 12)
    assert AuditEntry.objects.filter(action="twinspace.update_project").exists()


def test_founder_edits_while_waiting_for_approval(ana, luc):
    project = submitted(ana, luc)
    services.update_project(actor=ana, project=project, aims="New aims.")
    assert Project.objects.get(pk=project.pk).aims == "New aims."


def test_cofounder_and_others_cannot_edit(luc, pending):
    for person in (luc, teacher_in("ES")):
        with pytest.raises(PermissionDenied):
            services.update_project(actor=person, project=pending, title="Mine now")


def test_active_project_cannot_be_edited_or_deleted():
    project = make_project()
    with pytest.raises(ValidationError):
        services.update_project(actor=project.founder, project=project, title="Changed")
    with pytest.raises(ValidationError):
        services.delete_project(actor=project.founder, project=project)
    assert Project.objects.filter(pk=project.pk, title="Our shared river").exists()


def test_cofounder_and_european_ness_cannot_be_edited(ana, pending):
    with pytest.raises(ValidationError):
        services.update_project(actor=ana, project=pending, cofounder=teacher_in("DE"))
    with pytest.raises(ValidationError):
        services.update_project(actor=ana, project=pending, is_european=False)
    assert Project.objects.get(pk=pending.pk).is_european is True


def test_edit_checks_the_ages(ana, pending):
    with pytest.raises(ValidationError) as error:
        services.update_project(actor=ana, project=pending, age_min=11)
    assert error.value.messages == ["The highest age must not be lower than the lowest age."]


def test_founder_deletes_a_pending_project(ana, pending):
    services.delete_project(actor=ana, project=pending)
    assert not Project.objects.filter(pk=pending.pk).exists()
    assert AuditEntry.objects.filter(action="twinspace.delete_project").exists()


def test_cofounder_cannot_delete(luc, pending):
    with pytest.raises(PermissionDenied):
        services.delete_project(actor=luc, project=pending)


# --- closing and archiving ----------------------------------------------------------------------


def test_teacher_admin_closes_an_active_project_and_members_are_told(
    listener, django_capture_on_commit_callbacks
):
    project = make_project()
    member = add_member(project).user
    with django_capture_on_commit_callbacks(execute=True):
        services.close_project(actor=project.cofounder, project=project)
    project.refresh_from_db()
    assert project.state == State.CLOSED and project.closed_at is not None
    assert [type(event).__name__ for event in listener.events] == ["ProjectClosed"]
    notified = set(
        Notification.objects.filter(kind="twinspace.project_closed").values_list("user", flat=True)
    )
    assert notified == {project.founder_id, member.pk}


def test_other_members_cannot_close():
    project = make_project()
    teacher = add_member(project, role=Role.TEACHER).user
    with pytest.raises(PermissionDenied):
        services.close_project(actor=teacher, project=project)
    with pytest.raises(PermissionDenied):
        services.close_project(actor=teacher_in("DE"), project=project)


def test_only_active_projects_close_and_only_closed_ones_archive():
    project = make_project(state=State.PENDING_APPROVAL)
    with pytest.raises(ValidationError):
        services.close_project(actor=project.founder, project=project)
    active = make_project()
    with pytest.raises(ValidationError) as error:
        services.archive_project(actor=active.founder, project=active)
    assert error.value.messages == ["Only a closed project can be archived."]


def test_closed_project_is_archived_read_only():
    project = make_project(state=State.CLOSED)
    services.archive_project(actor=project.founder, project=project)
    project.refresh_from_db()
    assert project.state == State.ARCHIVED and project.archived_at is not None
    assert project.is_read_only
    with pytest.raises(ValidationError):
        services.close_project(actor=project.founder, project=project)


def test_european_ness_does_not_follow_a_founders_later_school_change(ana):
    # European-ness is the schools' countries at creation, whatever happens later.
    german = TeacherFactory(school=SchoolFactory(country=Country.objects.get(code="DE")))
    make_contacts(ana, german)
    project = create(ana, german)
    User.objects.filter(pk=german.pk).update(school=ana.school)
    assert Project.objects.get(pk=project.pk).is_european is True
