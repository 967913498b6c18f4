"""Groups (DOMAIN.md §4): teachers gathered around a subject, without a project or pupils.

A teacher creates a group; the NSS of the creator's school's country moderates it
(``pending_moderation`` → ``active`` or ``rejected``); teachers join it by its
membership policy; its administrators edit it and archive it (read-only for good).
Every function takes the acting user as ``actor`` and checks the rules again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from core import audit
from core.models import User
from core.notifications import notify_people
from core.services import notify
from core.staff import countries_served_by, nss_staff_of_country
from plugins.twinspace.models import Group, Membership, Role, Space
from plugins.twinspace.policy import Action, access_for

# Audit actions written by this module's services: one name per change.
APPROVE_GROUP = "twinspace.approve_group"
ARCHIVE_GROUP = "twinspace.archive_group"
CREATE_GROUP = "twinspace.create_group"
EDIT_GROUP = "twinspace.edit_group"
JOIN_GROUP = "twinspace.join_group"
REJECT_GROUP = "twinspace.reject_group"

MAX_TITLE_LENGTH = Space._meta.get_field("title").max_length
MAX_DESCRIPTION_LENGTH = Space._meta.get_field("description").max_length
MAX_REASON_LENGTH = 2000

# Marked for translation here, translated in each recipient's language when sent.
TITLE_SUBMITTED = gettext_noop("A new group waits for your moderation: %(space)s")
TITLE_APPROVED = gettext_noop("Your group %(space)s was approved: it is open")
TITLE_REJECTED = gettext_noop("Your group %(space)s was not approved")
TITLE_JOINED = gettext_noop("A teacher joined your group %(space)s")
TITLE_ARCHIVED = gettext_noop("The group %(space)s was archived")
BODY_SUBMITTED = gettext_noop(
    "%(actor)s created the group “%(space)s”. Please approve it, so that it opens, or "
    "reject it with a reason."
)
BODY_APPROVED = gettext_noop(
    "Your National Support Service approved your group “%(space)s”: it is open. "
    "Invite teachers to join it."
)
BODY_REJECTED = gettext_noop(
    "Your National Support Service did not approve your group “%(space)s”. Reason: %(reason)s"
)
BODY_JOINED = gettext_noop("%(actor)s joined your group “%(space)s”.")
BODY_ARCHIVED = gettext_noop(
    "%(actor)s archived the group “%(space)s”. It stays readable; nothing new can be added."
)


# --- who moderates ---------------------------------------------------------------------


def moderated_countries(staff: User) -> list[int] | None:
    """The ids of the countries whose groups ``staff`` moderates; ``None`` means all."""
    return countries_served_by(staff)


def is_group_moderator(user: User) -> bool:
    """Whether ``user`` moderates the groups of some country (or all, as superuser)."""
    return user.is_authenticated and (user.is_superuser or bool(moderated_countries(user)))


def groups_for_moderator(staff: User) -> QuerySet[Group]:
    """The groups ``staff`` may see in the admin: those of their countries (superuser: all)."""
    groups = Group.objects.all()
    countries = moderated_countries(staff)
    if countries is not None:
        groups = groups.filter(country__in=countries)
    return groups


def can_moderate(staff: User, group: Group) -> bool:
    """The NSS staff of the group's country (and superusers) approve or reject it."""
    countries = moderated_countries(staff)
    return countries is None or group.country_id in countries


# --- checks ------------------------------------------------------------------------------


def _clean_fields(title: str, description: str, membership_policy: str) -> dict[str, str]:
    """The group's fields, stripped and checked; every problem is reported at once."""
    title = (title or "").replace("\x00", "").strip()
    description = (description or "").replace("\x00", "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Please give the group a title.")]
    elif len(title) > MAX_TITLE_LENGTH:
        errors["title"] = [_("At most %(max)d characters.") % {"max": MAX_TITLE_LENGTH}]
    if not description:
        errors["description"] = [_("Please say what the group is about.")]
    elif len(description) > MAX_DESCRIPTION_LENGTH:
        errors["description"] = [_("At most %(max)d characters.") % {"max": MAX_DESCRIPTION_LENGTH}]
    if membership_policy not in Group.Policy.values:
        errors["membership_policy"] = [_("Please choose who may join the group.")]
    if errors:
        raise ValidationError(errors)
    return {"title": title, "description": description, "membership_policy": membership_policy}


def check_may_create(actor: User) -> None:
    if not actor.is_authenticated or actor.kind != User.Kind.TEACHER:
        raise PermissionDenied(_("Only teachers can create groups."))
    if not actor.is_active or actor.state in (User.State.BLOCKED, User.State.DELETED):
        raise PermissionDenied(_("Your account cannot create groups."))
    if actor.school_id is None:
        raise PermissionDenied(
            _(
                "Please choose your school in your profile first: the National Support "
                "Service of your school's country moderates your group."
            )
        )


def join_refusal(user: User, group: Group) -> str | None:
    """Why ``user`` may not join ``group`` now, or ``None`` when they may.

    Being a member already is not checked here (the caller knows it from the list).
    """
    if not user.is_authenticated:
        return _("Please log in to join a group.")
    if user.kind == User.Kind.PUPIL:
        return _("Pupils cannot join groups: groups are for teachers.")
    if user.kind != User.Kind.TEACHER:
        return _("Only teachers can join groups.")
    if group.state == Space.State.ARCHIVED:
        return _("This group is archived: no one can join it any more.")
    if group.state != Space.State.ACTIVE:
        return _("This group is not open: it has not been approved by its moderator.")
    if group.membership_policy == Group.Policy.INVITATION:
        return _(
            "This group is open by invitation only: ask one of its administrators to invite you."
        )
    if group.membership_policy == Group.Policy.VALIDATED and not user.is_validated_teacher:
        return _(
            "This group is open to validated teachers only: you can join it once your "
            "National Support Service has validated your account."
        )
    return None


# --- lifecycle -----------------------------------------------------------------------------


def create_group(*, actor: User, title: str, description: str, membership_policy: str) -> Group:
    """A teacher creates a group; it waits for the moderation of their country's NSS."""
    check_may_create(actor)
    fields = _clean_fields(title, description, membership_policy)
    with transaction.atomic():
        now = timezone.now()
        group = Group.objects.create(
            **fields,
            state=Space.State.PENDING_MODERATION,
            created_by=actor,
            country_id=actor.school.country_id,
            created_at=now,
            updated_at=now,
        )
        Membership.objects.create(
            space=group, user=actor, role=Role.TEACHER_ADMIN, is_founder=True, joined_at=now
        )
        audit.record(
            CREATE_GROUP,
            actor=actor,
            target=group,
            membership_policy=group.membership_policy,
        )
        notify_people(
            nss_staff_of_country(group.country_id),
            kind="twinspace.group_submitted",
            title=TITLE_SUBMITTED,
            body=BODY_SUBMITTED,
            params={"space": group.title},
            url=reverse("twinspace_group_moderation:detail", args=[group.pk]),
            actor=actor,
        )
    return group


def moderate_group(*, actor: User, group: Group, approve: bool, reason: str = "") -> Group:
    """The NSS of the group's country approves it (it opens) or rejects it with a reason."""
    if not is_group_moderator(actor) or not can_moderate(actor, group):
        raise PermissionDenied(
            _("Only the National Support Service of the group's country may moderate it.")
        )
    reason = (reason or "").replace("\x00", "").strip()
    if not approve and not reason:
        raise ValidationError(_("Please give the reason for the rejection: the teacher reads it."))
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(_("At most %(max)d characters.") % {"max": MAX_REASON_LENGTH})
    new_state = Space.State.ACTIVE if approve else Space.State.REJECTED
    with transaction.atomic():
        now = timezone.now()
        # A conditional update: two moderators deciding at once cannot both succeed.
        changed = Space.objects.filter(pk=group.pk, state=Space.State.PENDING_MODERATION).update(
            state=new_state, updated_at=now
        )
        if not changed:
            raise ValidationError(_("This group was already moderated."))
        Group.objects.filter(pk=group.pk).update(
            moderated_by=actor, moderated_at=now, rejection_reason="" if approve else reason
        )
        group.refresh_from_db()
        audit.record(
            APPROVE_GROUP if approve else REJECT_GROUP,
            actor=actor,
            target=group,
            **({} if approve else {"reason": reason}),
        )
        creator = group.created_by
        if creator is not None and creator.is_active:
            with override(creator.language or None):
                notify(
                    creator,
                    kind="twinspace.group_approved" if approve else "twinspace.group_rejected",
                    title=_(TITLE_APPROVED if approve else TITLE_REJECTED) % {"space": group.title},
                    body=(
                        _(BODY_APPROVED) % {"space": group.title}
                        if approve
                        else _(BODY_REJECTED) % {"space": group.title, "reason": reason}
                    ),
                    url=group.url("home") if approve else reverse("twinspace:groups"),
                )
    return group


def join_group(*, actor: User, group: Group) -> Membership:
    """A teacher joins an active group whose policy lets them in (never a pupil)."""
    refusal = join_refusal(actor, group)
    if refusal is not None:
        raise PermissionDenied(refusal)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                space=group, user=actor, role=Role.TEACHER, added_by=actor
            )
            audit.record(JOIN_GROUP, actor=actor, target=group)
            administrators = [
                m.user
                for m in Membership.objects.filter(
                    space=group, role=Role.TEACHER_ADMIN
                ).select_related("user")
            ]
            notify_people(
                administrators,
                kind="twinspace.group_joined",
                title=TITLE_JOINED,
                body=BODY_JOINED,
                params={"space": group.title},
                url=group.url("members"),
                exclude=actor,
                actor=actor,
            )
    except IntegrityError:
        # The unique constraint on (space, user): the teacher is a member already.
        raise ValidationError(_("You are already a member of this group.")) from None
    return membership


def edit_group(
    *, actor: User, group: Group, title: str, description: str, membership_policy: str
) -> Group:
    """The group's administrators change its title, description and membership policy."""
    access_for(actor, group).require(Action.MANAGE_MEMBERS)
    fields = _clean_fields(title, description, membership_policy)
    changed = sorted(name for name, value in fields.items() if getattr(group, name) != value)
    if not changed:
        return group
    with transaction.atomic():
        for name, value in fields.items():
            setattr(group, name, value)
        group.updated_at = timezone.now()
        group.save(update_fields=[*fields, "updated_at"])
        audit.record(EDIT_GROUP, actor=actor, target=group, fields=changed)
    return group


def archive_group(*, actor: User, group: Group) -> Group:
    """A teacher administrator archives an active group: from then on it is read-only."""
    access_for(actor, group).require(Action.MANAGE_MEMBERS)
    if group.state != Space.State.ACTIVE:
        raise ValidationError(_("Only an active group can be archived."))
    with transaction.atomic():
        now = timezone.now()
        changed = Space.objects.filter(pk=group.pk, state=Space.State.ACTIVE).update(
            state=Space.State.ARCHIVED, updated_at=now
        )
        if not changed:
            raise ValidationError(_("Only an active group can be archived."))
        group.refresh_from_db()
        audit.record(ARCHIVE_GROUP, actor=actor, target=group)
        members = [m.user for m in Membership.objects.filter(space=group).select_related("user")]
        notify_people(
            members,
            kind="twinspace.group_archived",
            title=TITLE_ARCHIVED,
            body=BODY_ARCHIVED,
            params={"space": group.title},
            url=group.url("home"),
            exclude=actor,
            actor=actor,
        )
    return group
