"""The lifecycle of a project (DOMAIN.md §4): creation, the co-founder's answer, the
approval by each founder's country's NSS, edits while pending, closing and archiving.

Every function takes the acting user as ``actor``, checks permission and rule, runs in
one transaction, is audited, and emits its event after commit. State changes use
conditional updates so that a double click (or two staff at once) acts only once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import audit
from core.directory.services import are_contacts
from core.event_delivery import emit
from core.events import (
    ProjectApproved,
    ProjectClosed,
    ProjectEvent,
    ProjectRejected,
    ProjectSubmitted,
)
from core.models import Country, User
from core.notifications import notify_people
from core.staff import countries_served_by, nss_staff_of_country
from plugins.twinspace.models import Membership, Project, ProjectApproval, Role, Space
from plugins.twinspace.models.spaces import MAX_PUPIL_AGE, MIN_PUPIL_AGE
from plugins.twinspace.policy import Action, access_for

# Audit actions written by this module's services: one name per change.
ACCEPT_PROJECT = "twinspace.accept_project"
APPROVE_PROJECT = "twinspace.approve_project"
ARCHIVE_PROJECT = "twinspace.archive_project"
CLOSE_PROJECT = "twinspace.close_project"
CREATE_PROJECT = "twinspace.create_project"
DECLINE_PROJECT = "twinspace.decline_project"
DELETE_PROJECT = "twinspace.delete_project"
OPEN_PROJECT = "twinspace.open_project"
REJECT_PROJECT = "twinspace.reject_project"
UPDATE_PROJECT = "twinspace.update_project"

State = Space.State
PENDING_STATES = (State.PENDING_PARTNER, State.PENDING_APPROVAL)
MAX_PUPIL_COUNT = 10_000
MAX_REASON_LENGTH = 2000

# The fields a founder may change while the project is pending (never the co-founder,
# never European-ness: both are fixed at creation).
TEXT_FIELDS = {
    "title": 200,
    "description": 5000,
    "ict_tools": 2000,
    "aims": 5000,
    "work_process": 5000,
    "expected_results": 5000,
}
EDITABLE_FIELDS = (
    *TEXT_FIELDS,
    "working_languages",
    "subjects",
    "age_min",
    "age_max",
    "pupil_count",
)

# Marked for translation here, translated into each recipient's language when sent.
TITLE_INVITED = gettext_noop("You are asked to co-found the project “%(space)s”")
TITLE_SUBMITTED = gettext_noop("The project “%(space)s” waits for your approval")
TITLE_ACCEPTED = gettext_noop("Your co-founder accepted the project “%(space)s”")
TITLE_DECLINED = gettext_noop("Your co-founder declined the project “%(space)s”")
TITLE_REJECTED = gettext_noop("The project “%(space)s” was not approved")
TITLE_APPROVED = gettext_noop("The project “%(space)s” is approved: its TwinSpace is open")
TITLE_CLOSED = gettext_noop("The project “%(space)s” is closed")
# Bodies say who did what and what the reader is asked to do (%(actor)s: who acted).
BODY_INVITED = gettext_noop(
    "%(actor)s of %(school)s created the project “%(space)s” and asks you to be its "
    "co-founder. Please open the project to accept or decline. Once you accept, the "
    "National Support Service of each founder's country decides on the project."
)
BODY_SUBMITTED = gettext_noop(
    "The project “%(space)s” of %(schools)s was submitted: its co-founder, %(actor)s, "
    "accepted it. Please approve or reject it for %(country)s. One rejection rejects the "
    "project; when every country has approved it, its TwinSpace opens."
)
BODY_ACCEPTED = gettext_noop(
    "%(actor)s agreed to co-found the project “%(space)s”. It now waits for the approval "
    "of the National Support Services; you will be told when they have decided."
)
BODY_DECLINED = gettext_noop(
    "%(actor)s declined to co-found the project “%(space)s”. You can create the project "
    "again with another co-founder."
)
BODY_DECLINED_WITH_REASON = gettext_noop(
    "%(actor)s declined to co-found the project “%(space)s”. Reason: %(reason)s\n"
    "You can create the project again with another co-founder."
)
BODY_REJECTED = gettext_noop(
    "The National Support Service of %(country)s did not approve the project "
    "“%(space)s”. Reason: %(reason)s"
)
BODY_APPROVED = gettext_noop(
    "The National Support Services approved the project “%(space)s”: its TwinSpace is "
    "open. Invite partners and pupils and start working together."
)
BODY_CLOSED = gettext_noop(
    "%(actor)s closed the project “%(space)s”. Its TwinSpace stays readable; nothing new "
    "can be added."
)


# --- reading -------------------------------------------------------------------------


def reviewed_country_ids(user: User) -> list[int] | None:
    """The countries whose projects ``user`` approves as NSS staff; ``None``: all (superuser)."""
    return countries_served_by(user)


def is_project_reviewer(user: User) -> bool:
    """Whether ``user`` approves projects of some country (or all, as superuser)."""
    return user.is_authenticated and (user.is_superuser or bool(reviewed_country_ids(user)))


def can_decide(user: User, country_id: int) -> bool:
    countries = reviewed_country_ids(user)
    return countries is None or country_id in countries


def approvals_for_staff(user: User) -> QuerySet[ProjectApproval]:
    """The approval rows ``user`` may see: their countries' (superuser: all)."""
    approvals = ProjectApproval.objects.all()
    countries = reviewed_country_ids(user)
    if countries is not None:
        approvals = approvals.filter(country__in=countries)
    return approvals


def waiting_approvals(user: User) -> QuerySet[ProjectApproval]:
    """Approvals waiting for ``user``'s decision: pending, on a project still under review."""
    return approvals_for_staff(user).filter(
        status=ProjectApproval.Status.PENDING, project__state=State.PENDING_APPROVAL
    )


def projects_of(user: User) -> QuerySet[Project]:
    """The projects ``user`` is a member of, newest first."""
    return Project.objects.filter(memberships__user=user).order_by("-created_at", "-pk")


def projects_awaiting_answer(user: User) -> QuerySet[Project]:
    """Projects whose co-founder ``user`` is asked to be and has not answered yet."""
    return Project.objects.filter(cofounder=user, state=State.PENDING_PARTNER).order_by(
        "-created_at", "-pk"
    )


def founder_country_ids(project: Project) -> list[int]:
    """The distinct countries of the two founders' schools (founder's first)."""
    countries = [project.founder.school.country_id, project.cofounder.school.country_id]
    return list(dict.fromkeys(countries))


def approval_admin_url(approval: ProjectApproval) -> str:
    return reverse("twinspace_project_approval:detail", args=[approval.pk])


# --- checks ----------------------------------------------------------------------------


def creation_refusal(actor: User) -> str | None:
    """Why ``actor`` may not create a project, or None."""
    if not actor.is_authenticated or actor.kind != User.Kind.TEACHER:
        return _("Only teachers can create projects.")
    if not actor.is_validated_teacher:
        return _(
            "Unvalidated teachers cannot create projects. Your account is not validated yet: "
            "you can create projects once your National Support Service has validated it."
        )
    if actor.school_id is None:
        return _("Please choose your school in your profile before creating a project.")
    return None


def _check_cofounder(actor: User, cofounder: User | None) -> None:
    if cofounder is None:
        raise ValidationError({"cofounder": _("Please choose a co-founder.")})
    if cofounder.pk == actor.pk:
        raise ValidationError({"cofounder": _("You cannot be your own co-founder.")})
    if not cofounder.is_validated_teacher or not cofounder.is_active:
        raise ValidationError({"cofounder": _("The co-founder must be a validated teacher.")})
    if not are_contacts(actor, cofounder):
        raise ValidationError(
            {
                "cofounder": _(
                    "The co-founder must be one of your contacts: send them a contact "
                    "request first."
                )
            }
        )
    if cofounder.school_id is None or cofounder.school_id == actor.school_id:
        raise ValidationError(
            {"cofounder": _("The co-founder must work at a different school from yours.")}
        )


def _clean_fields(fields: dict[str, object]) -> dict[str, object]:
    """Check and normalise the project's descriptive fields; all errors at once."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}
    for name, max_length in TEXT_FIELDS.items():
        if name not in fields:
            continue
        value = str(fields[name] or "").replace("\x00", "").strip()
        if not value:
            errors[name] = [_("This field is required.")]
        elif len(value) > max_length:
            errors[name] = [_("At most %(max)d characters.") % {"max": max_length}]
        else:
            cleaned[name] = value
    for name, message in (
        ("working_languages", _("Please choose at least one working language.")),
        ("subjects", _("Please choose at least one subject.")),
    ):
        if name in fields:
            values = list(fields[name] or [])
            if not values:
                errors[name] = [message]
            else:
                cleaned[name] = values
    for name in ("age_min", "age_max", "pupil_count"):
        if name in fields:
            try:
                cleaned[name] = int(fields[name])
            except (TypeError, ValueError):
                errors[name] = [_("Please give a whole number.")]
    for name in ("age_min", "age_max"):
        if name in cleaned and not MIN_PUPIL_AGE <= cleaned[name] <= MAX_PUPIL_AGE:
            errors[name] = [
                _("Pupils' ages must be between %(min)d and %(max)d.")
                % {"min": MIN_PUPIL_AGE, "max": MAX_PUPIL_AGE}
            ]
    if "pupil_count" in cleaned and not 1 <= cleaned["pupil_count"] <= MAX_PUPIL_COUNT:
        errors["pupil_count"] = [
            _("The number of pupils must be between 1 and %(max)d.") % {"max": MAX_PUPIL_COUNT}
        ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_age_range(age_min: int, age_max: int) -> None:
    if age_min > age_max:
        raise ValidationError(
            {"age_max": _("The highest age must not be lower than the lowest age.")}
        )


def _check_founder_may_change(actor: User, project: Project) -> None:
    if actor.pk != project.founder_id:
        raise PermissionDenied(_("Only the founder who created the project may edit or delete it."))
    if project.state not in PENDING_STATES:
        raise ValidationError(
            _(
                "A project can be changed or deleted only while it waits for its co-founder "
                "or for approval."
            )
        )


def _event(event_class: type[ProjectEvent], project: Project, **extra) -> ProjectEvent:
    return event_class(
        project_id=project.pk,
        title=project.title,
        founder_ids=(project.founder_id, project.cofounder_id),
        is_european=project.is_european,
        **extra,
    )


def _founders(project: Project) -> list[User]:
    return [project.founder, project.cofounder]


# --- creation --------------------------------------------------------------------------


def create_project(
    *,
    actor: User,
    cofounder: User,
    title: str,
    description: str,
    working_languages: Iterable,
    age_min: int,
    age_max: int,
    pupil_count: int,
    subjects: Iterable,
    ict_tools: str,
    aims: str,
    work_process: str,
    expected_results: str,
) -> Project:
    """A validated teacher creates a project with a contact of another school as
    co-founder, who is asked to accept. European-ness is fixed here, for good."""
    refusal = creation_refusal(actor)
    if refusal:
        raise ValidationError(refusal)
    _check_cofounder(actor, cofounder)
    fields = _clean_fields(
        {
            "title": title,
            "description": description,
            "working_languages": working_languages,
            "subjects": subjects,
            "age_min": age_min,
            "age_max": age_max,
            "pupil_count": pupil_count,
            "ict_tools": ict_tools,
            "aims": aims,
            "work_process": work_process,
            "expected_results": expected_results,
        }
    )
    _check_age_range(fields["age_min"], fields["age_max"])
    languages = fields.pop("working_languages")
    subject_list = fields.pop("subjects")
    with transaction.atomic():
        now = timezone.now()
        project = Project.objects.create(
            state=State.PENDING_PARTNER,
            created_by=actor,
            founder=actor,
            cofounder=cofounder,
            is_european=actor.school.country_id != cofounder.school.country_id,
            created_at=now,
            updated_at=now,
            **fields,
        )
        project.working_languages.set(languages)
        project.subjects.set(subject_list)
        Membership.objects.create(
            space=project, user=actor, role=Role.TEACHER_ADMIN, is_founder=True, added_by=actor
        )
        audit.record(
            CREATE_PROJECT,
            actor=actor,
            target=project,
            cofounder_id=cofounder.pk,
            is_european=project.is_european,
        )
        notify_people(
            [cofounder],
            kind="twinspace.project_invited",
            title=TITLE_INVITED,
            body=BODY_INVITED,
            params={"space": project.title, "school": actor.school.name},
            url=project.url("about"),
            actor=actor,
        )
    return project


def respond_to_project(*, actor: User, project: Project, accept: bool, reason: str = "") -> Project:
    """The co-founder accepts (the project goes to the NSSs for approval) or declines."""
    if actor.pk != project.cofounder_id:
        raise PermissionDenied(_("Only the co-founder asked may answer for this project."))
    if project.state != State.PENDING_PARTNER:
        raise ValidationError(_("This project has already been answered."))
    reason = (reason or "").replace("\x00", "").strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(_("At most %(max)d characters.") % {"max": MAX_REASON_LENGTH})
    if accept and not actor.is_validated_teacher:
        raise ValidationError(
            _(
                "Unvalidated teachers cannot join projects. Your account is not validated: "
                "you can accept once your National Support Service has validated it."
            )
        )
    with transaction.atomic():
        now = timezone.now()
        new_state = State.PENDING_APPROVAL if accept else State.REJECTED
        # Conditional: a second click finds the state already changed and does nothing.
        changed = Space.objects.filter(pk=project.pk, state=State.PENDING_PARTNER).update(
            state=new_state, updated_at=now
        )
        if not changed:
            raise ValidationError(_("This project has already been answered."))
        project.state = new_state
        project.updated_at = now
        if accept:
            Project.objects.filter(pk=project.pk).update(submitted_at=now)
            project.submitted_at = now
            Membership.objects.create(
                space=project, user=actor, role=Role.TEACHER_ADMIN, is_founder=True, added_by=actor
            )
            country_ids = founder_country_ids(project)
            approvals = [
                ProjectApproval.objects.create(project=project, country_id=country_id)
                for country_id in country_ids
            ]
            audit.record(ACCEPT_PROJECT, actor=actor, target=project)
            emit(_event(ProjectSubmitted, project))
            schools = " / ".join(dict.fromkeys([project.founder.school.name, actor.school.name]))
            for approval in approvals:
                notify_people(
                    nss_staff_of_country(approval.country_id),
                    kind="twinspace.project_submitted",
                    title=TITLE_SUBMITTED,
                    body=BODY_SUBMITTED,
                    params={
                        "space": project.title,
                        "schools": schools,
                        "country": approval.country,  # shown in each reader's language
                    },
                    url=approval_admin_url(approval),
                    actor=actor,
                )
            notify_people(
                [project.founder],
                kind="twinspace.project_accepted",
                title=TITLE_ACCEPTED,
                body=BODY_ACCEPTED,
                params={"space": project.title},
                url=project.url("about"),
                actor=actor,
            )
        else:
            Project.objects.filter(pk=project.pk).update(rejection_reason=reason)
            project.rejection_reason = reason
            audit.record(DECLINE_PROJECT, actor=actor, target=project, reason=reason)
            emit(_event(ProjectRejected, project, reason=reason))
            notify_people(
                [project.founder],
                kind="twinspace.project_declined",
                title=TITLE_DECLINED,
                body=BODY_DECLINED_WITH_REASON if reason else BODY_DECLINED,
                params={"space": project.title, "reason": reason},
                url=project.url("about"),
                actor=actor,
            )
    return project


def _open_when_all_approved(project: Project, now) -> bool:
    """Open the project if every country approved it; whether this call opened it."""
    if project.approvals.exclude(status=ProjectApproval.Status.APPROVED).exists():
        return False
    # Conditional: two last approvals at the same moment open the project once.
    return bool(
        Space.objects.filter(pk=project.pk, state=State.PENDING_APPROVAL).update(
            state=State.ACTIVE, updated_at=now
        )
    )


def decide_project(
    *,
    actor: User,
    project: Project,
    country: Country | int,
    approve: bool,
    reason: str = "",
) -> ProjectApproval:
    """The NSS of one founder's country approves or rejects; one rejection rejects the
    project, and the last approval opens its TwinSpace."""
    country_id = country.pk if isinstance(country, Country) else int(country)
    if not actor.is_authenticated or not can_decide(actor, country_id):
        raise PermissionDenied(
            _("Only the National Support Service of this country may decide on this project.")
        )
    approval = ProjectApproval.objects.filter(project=project, country_id=country_id).first()
    if approval is None:
        raise PermissionDenied(_("This project does not wait for this country's approval."))
    reason = (reason or "").replace("\x00", "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Please give the reason for the rejection.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(max)d characters.") % {"max": MAX_REASON_LENGTH}}
        )
    if project.state != State.PENDING_APPROVAL:
        raise ValidationError(_("This project no longer waits for approval."))
    Status = ProjectApproval.Status
    with transaction.atomic():
        now = timezone.now()
        status = Status.APPROVED if approve else Status.REJECTED
        # Conditional: the same decision cannot be taken twice (double click, two staff).
        changed = ProjectApproval.objects.filter(pk=approval.pk, status=Status.PENDING).update(
            status=status, decided_by=actor, decided_at=now, reason=reason
        )
        if not changed:
            raise ValidationError(_("This country has already decided on this project."))
        approval.refresh_from_db()
        audit.record(
            APPROVE_PROJECT if approve else REJECT_PROJECT,
            actor=actor,
            target=project,
            country_id=country_id,
            reason=reason,
        )
        if not approve:
            if Space.objects.filter(pk=project.pk, state=State.PENDING_APPROVAL).update(
                state=State.REJECTED, updated_at=now
            ):
                Project.objects.filter(pk=project.pk).update(rejection_reason=reason)
                project.state, project.rejection_reason = State.REJECTED, reason
                emit(_event(ProjectRejected, project, reason=reason))
                notify_people(
                    _founders(project),
                    kind="twinspace.project_rejected",
                    title=TITLE_REJECTED,
                    body=BODY_REJECTED,
                    params={
                        "space": project.title,
                        "country": approval.country,  # shown in each reader's language
                        "reason": reason,
                    },
                    url=project.url("about"),
                )
        elif _open_when_all_approved(project, now):
            Project.objects.filter(pk=project.pk).update(approved_at=now)
            project.state, project.approved_at = State.ACTIVE, now
            audit.record(OPEN_PROJECT, actor=actor, target=project)
            emit(_event(ProjectApproved, project))
            notify_people(
                _founders(project),
                kind="twinspace.project_approved",
                title=TITLE_APPROVED,
                body=BODY_APPROVED,
                params={"space": project.title},
                url=project.url("about"),
            )
    return approval


# --- changes while pending ---------------------------------------------------------------


def update_project(*, actor: User, project: Project, **fields) -> Project:
    """The founder changes the project's description while it is pending."""
    _check_founder_may_change(actor, project)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned = _clean_fields(fields)
    _check_age_range(
        cleaned.get("age_min", project.age_min), cleaned.get("age_max", project.age_max)
    )
    languages = cleaned.pop("working_languages", None)
    subject_list = cleaned.pop("subjects", None)
    with transaction.atomic():
        for name, value in cleaned.items():
            setattr(project, name, value)
        project.updated_at = timezone.now()
        project.save(update_fields=[*cleaned, "updated_at"])
        if languages is not None:
            project.working_languages.set(languages)
        if subject_list is not None:
            project.subjects.set(subject_list)
        audit.record(UPDATE_PROJECT, actor=actor, target=project, fields=sorted(fields))
    return project


def delete_project(*, actor: User, project: Project) -> None:
    """The founder deletes the project while it is pending."""
    _check_founder_may_change(actor, project)
    with transaction.atomic():
        audit.record(DELETE_PROJECT, actor=actor, target=project, title=project.title)
        project.delete()


# --- after approval --------------------------------------------------------------------


def _check_admin(actor: User, project: Project) -> None:
    access = access_for(actor, project)
    if not access.is_member or access.role != Role.TEACHER_ADMIN:
        raise PermissionDenied(_("Only the project's teacher administrators may do this."))
    access.require(Action.MANAGE_MEMBERS)


def close_project(*, actor: User, project: Project) -> Project:
    """A teacher administrator closes an active project; its members are told."""
    if project.state != State.ACTIVE:
        raise ValidationError(_("Only an active project can be closed."))
    _check_admin(actor, project)
    with transaction.atomic():
        now = timezone.now()
        if not Space.objects.filter(pk=project.pk, state=State.ACTIVE).update(
            state=State.CLOSED, updated_at=now
        ):
            raise ValidationError(_("Only an active project can be closed."))
        Project.objects.filter(pk=project.pk).update(closed_at=now)
        project.state, project.closed_at = State.CLOSED, now
        audit.record(CLOSE_PROJECT, actor=actor, target=project)
        emit(_event(ProjectClosed, project))
        members = User.objects.filter(space_memberships__space=project)
        notify_people(
            members,
            kind="twinspace.project_closed",
            title=TITLE_CLOSED,
            body=BODY_CLOSED,
            params={"space": project.title},
            url=project.url("about"),
            exclude=actor,
            actor=actor,
        )
    return project


def archive_project(*, actor: User, project: Project) -> Project:
    """A teacher administrator archives a closed project: it stays readable, read-only."""
    if project.state != State.CLOSED:
        raise ValidationError(_("Only a closed project can be archived."))
    _check_admin(actor, project)
    with transaction.atomic():
        now = timezone.now()
        if not Space.objects.filter(pk=project.pk, state=State.CLOSED).update(
            state=State.ARCHIVED, updated_at=now
        ):
            raise ValidationError(_("Only a closed project can be archived."))
        Project.objects.filter(pk=project.pk).update(archived_at=now)
        project.state, project.archived_at = State.ARCHIVED, now
        audit.record(ARCHIVE_PROJECT, actor=actor, target=project)
    return project
