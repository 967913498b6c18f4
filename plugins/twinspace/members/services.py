"""Who is in a space: invitations, roles, pupils and guests (DOMAIN.md §4).

Every function takes the acting user as ``actor``, re-checks the policy, runs in one
transaction, is audited and notifies the people concerned. Rule violations raise
``ValidationError``; permission failures ``PermissionDenied``. Passwords never reach
the audit log or the database in clear.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import audit
from core.event_delivery import emit
from core.events import ProjectTeacherJoined
from core.models import User
from core.notifications import local_date, notify_people
from plugins.twinspace.members.passwords import generate_password, generate_username
from plugins.twinspace.models import (
    PUPIL_ROLES,
    TEACHER_ROLES,
    GuestAccess,
    Invitation,
    Membership,
    PupilProfile,
    Role,
    Space,
)
from plugins.twinspace.policy import Action, SpaceAccess, access_for

# Audit actions written by this module's services: one name per change.
ACCEPT_INVITATION = "twinspace.accept_invitation"
ADD_PUPILS = "twinspace.add_pupils"
CHANGE_MEMBER_ROLE = "twinspace.change_member_role"
CREATE_PUPILS = "twinspace.create_pupils"
GRANT_GUEST_ACCESS = "twinspace.grant_guest_access"
INVITE_TEACHER = "twinspace.invite_teacher"
LEAVE_SPACE = "twinspace.leave_space"
REJECT_INVITATION = "twinspace.reject_invitation"
REMOVE_MEMBER = "twinspace.remove_member"
RESET_PUPIL_PASSWORD = "twinspace.reset_pupil_password"  # noqa: S105 (an action name)
REVOKE_GUEST_ACCESS = "twinspace.revoke_guest_access"
WITHDRAW_INVITATION = "twinspace.withdraw_invitation"

MAX_PUPILS_AT_ONCE = 60
MAX_NAME_LENGTH = 150
GUEST_ACCESS_MAX_DAYS = 365
USERNAME_ATTEMPTS = 20
# Besides letters, names may hold spaces, hyphens, dots and apostrophes (straight or curly).
NAME_PUNCTUATION = " -.'\u2019"

# Accounts that may receive an invitation: unvalidated teachers too, who then see why
# they cannot accept yet (DOMAIN.md §4); suspended or unfinished accounts may not.
INVITABLE_STATES = (User.State.VALIDATED, User.State.WAITING_VALIDATION)


def unvalidated_teacher_message() -> str:
    """Why an unvalidated teacher cannot join a project (shown instead of the buttons)."""
    return _(
        "You cannot join projects until your national support service validates your "
        "account. Your invitations will wait for you here."
    )


def founder_message() -> str:
    return _(
        "Founders are teacher administrators for good: their role cannot be changed and "
        "they cannot be removed."
    )


def groups_have_no_pupils_message() -> str:
    return _("Groups have no pupils: pupils take part only in projects.")


def _require(actor: User, space: Space, action: Action) -> SpaceAccess:
    access = access_for(actor, space)
    access.require(action)
    return access


def _invitations_url() -> str:
    return reverse("twinspace:invitations")


# --- invitations -------------------------------------------------------------


def invite_teacher(
    *, actor: User, space: Space, user: User, role: str = Role.TEACHER
) -> Invitation:
    """Invite a teacher into ``space`` with ``role``; they accept or reject."""
    _require(actor, space, Action.INVITE_TEACHERS)
    if role not in TEACHER_ROLES:
        raise ValidationError(_("Teachers can only be invited with a teacher role."))
    if user.kind == User.Kind.PUPIL:
        if space.kind == Space.Kind.GROUP:
            raise ValidationError(groups_have_no_pupils_message())
        raise ValidationError(
            _("Pupils cannot be invited: teachers add their own pupils on the pupils page.")
        )
    if user.kind != User.Kind.TEACHER or user.state not in INVITABLE_STATES:
        raise ValidationError(_("Only registered teachers can be invited."))
    already_member = _("%(name)s is already a member of this space.") % {
        "name": user.display_name()
    }
    already_invited = _("%(name)s already has an invitation waiting for an answer.") % {
        "name": user.display_name()
    }
    if Membership.objects.filter(space=space, user=user).exists():
        raise ValidationError(already_member)
    if Invitation.objects.filter(space=space, user=user, status=Invitation.Status.PENDING).exists():
        raise ValidationError(already_invited)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                space=space, user=user, role=role, invited_by=actor
            )
            audit.record(
                INVITE_TEACHER,
                actor=actor,
                target=invitation,
                space=space.pk,
                role=role,
            )
    except IntegrityError as error:
        # Two administrators invited the same teacher at the same moment.
        raise ValidationError(already_invited) from error
    notify_people(
        [user],
        kind="twinspace.invitation",
        title=gettext_noop("You are invited to join %(space)s"),
        body=gettext_noop(
            "%(actor)s invites you to join %(space)s with the role “%(role)s”. "
            "Please accept or decline the invitation on your invitations page."
        ),
        params={"space": space.title, "role": Role(role).label},
        url=_invitations_url(),
        exclude=actor,
        actor=actor,
    )
    return invitation


def _close_invitation(invitation: Invitation, status: str) -> None:
    """Move a pending invitation to ``status``; refuse if someone answered first."""
    updated = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=status, responded_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This invitation is no longer waiting for an answer."))
    invitation.refresh_from_db(fields=["status", "responded_at"])


def withdraw_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """An administrator withdraws a pending invitation."""
    space = invitation.space
    _require(actor, space, Action.INVITE_TEACHERS)
    with transaction.atomic():
        _close_invitation(invitation, Invitation.Status.WITHDRAWN)
        audit.record(WITHDRAW_INVITATION, actor=actor, target=invitation)
    return invitation


def _check_invitee(actor: User, invitation: Invitation) -> None:
    if invitation.user_id != actor.pk:
        raise PermissionDenied(_("This invitation is for someone else."))
    if not actor.is_validated_teacher:
        raise ValidationError(unvalidated_teacher_message())


def accept_invitation(*, actor: User, invitation: Invitation) -> Membership:
    """The invited teacher accepts: they become a member with the invited role."""
    _check_invitee(actor, invitation)
    space = invitation.space
    if space.state not in (Space.State.ACTIVE, Space.State.CLOSED):
        raise ValidationError(_("This space no longer takes new members."))
    try:
        with transaction.atomic():
            _close_invitation(invitation, Invitation.Status.ACCEPTED)
            membership = Membership.objects.create(
                space=space, user=actor, role=invitation.role, added_by=invitation.invited_by
            )
            audit.record(
                ACCEPT_INVITATION,
                actor=actor,
                target=invitation,
                space=space.pk,
                role=invitation.role,
            )
            if invitation.role in TEACHING_ROLES:
                _emit_teacher_joined(space, actor.pk)
    except IntegrityError as error:
        raise ValidationError(_("You are already a member of this space.")) from error
    notify_people(
        [invitation.invited_by],
        kind="twinspace.invitation_accepted",
        title=gettext_noop("Your invitation to %(space)s was accepted"),
        body=gettext_noop(
            "%(actor)s accepted your invitation and is now a member of %(space)s "
            "with the role “%(role)s”."
        ),
        params={"space": space.title, "role": Role(invitation.role).label},
        url=space.url("members"),
        exclude=actor,
        actor=actor,
    )
    return membership


def reject_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """The invited teacher declines the invitation."""
    _check_invitee(actor, invitation)
    with transaction.atomic():
        _close_invitation(invitation, Invitation.Status.REJECTED)
        audit.record(REJECT_INVITATION, actor=actor, target=invitation)
    notify_people(
        [invitation.invited_by],
        kind="twinspace.invitation_rejected",
        title=gettext_noop("Your invitation to %(space)s was declined"),
        body=gettext_noop("%(actor)s declined your invitation to join %(space)s."),
        params={"space": invitation.space.title},
        url=invitation.space.url("members"),
        exclude=actor,
        actor=actor,
    )
    return invitation


# --- members -----------------------------------------------------------------


def roles_for(user: User, space: Space) -> tuple[Role, ...]:
    """The roles ``user`` may hold in ``space``: pupils pupil roles, teachers teacher roles."""
    if user.kind == User.Kind.PUPIL:
        return PUPIL_ROLES if space.kind == Space.Kind.PROJECT else ()
    return TEACHER_ROLES


# The roles that make someone one of the project's teachers (experts and observers take
# part without teaching in it).
TEACHING_ROLES = (Role.TEACHER_ADMIN, Role.TEACHER)


def _emit_teacher_joined(space: Space, user_id: int) -> None:
    """Tell other plugins (the labels) that a teacher became a project's teacher member."""
    if space.kind == Space.Kind.PROJECT:
        emit(ProjectTeacherJoined(project_id=space.pk, title=space.title, user_id=user_id))


def change_member_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """An administrator gives a member another role (never a founder)."""
    space = membership.space
    _require(actor, space, Action.MANAGE_MEMBERS)
    if membership.is_founder:
        raise ValidationError(founder_message())
    if role not in roles_for(membership.user, space):
        if membership.user.kind == User.Kind.PUPIL:
            raise ValidationError(_("Pupils can only be pupils or pupil administrators."))
        raise ValidationError(_("Teachers can only have teacher roles."))
    if role == membership.role:
        return membership
    previous = membership.role
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk, is_founder=False).update(role=role)
        membership.role = role
        audit.record(
            CHANGE_MEMBER_ROLE,
            actor=actor,
            target=membership,
            space=space.pk,
            user=membership.user_id,
            previous=previous,
            role=role,
        )
        if role in TEACHING_ROLES and previous not in TEACHING_ROLES:
            _emit_teacher_joined(space, membership.user_id)
    notify_people(
        [membership.user],
        kind="twinspace.role_changed",
        title=gettext_noop("Your role in %(space)s has changed"),
        body=gettext_noop("%(actor)s changed your role in %(space)s to “%(role)s”."),
        params={"space": space.title, "role": Role(role).label},
        url=space.url("members"),
        exclude=actor,
        actor=actor,
    )
    return membership


def remove_member(*, actor: User, membership: Membership) -> None:
    """An administrator removes a member (never a founder)."""
    space = membership.space
    _require(actor, space, Action.MANAGE_MEMBERS)
    if membership.is_founder:
        raise ValidationError(founder_message())
    if membership.user_id == actor.pk:
        raise ValidationError(_("To leave the space yourself, use “Leave this space”."))
    removed = membership.user
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk, is_founder=False).delete()
        audit.record(
            REMOVE_MEMBER,
            actor=actor,
            target=space,
            user=removed.pk,
            role=membership.role,
        )
    notify_people(
        [removed],
        kind="twinspace.member_removed",
        title=gettext_noop("You are no longer a member of %(space)s"),
        body=gettext_noop(
            "%(actor)s removed you from %(space)s. What you contributed stays in the space."
        ),
        params={"space": space.title},
        exclude=actor,
        actor=actor,
    )


def leave_space(*, actor: User, space: Space) -> None:
    """A member leaves the space; founders stay for good."""
    membership = Membership.objects.filter(space=space, user=actor).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this space."))
    if membership.is_founder:
        raise ValidationError(_("Founders cannot leave their space."))
    if space.is_read_only:
        raise ValidationError(_("This space is archived: it can be read but not changed."))
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk, is_founder=False).delete()
        audit.record(LEAVE_SPACE, actor=actor, target=space, role=membership.role)


# --- pupils ------------------------------------------------------------------


def _require_pupils_allowed(actor: User, space: Space) -> None:
    if space.kind != Space.Kind.PROJECT:
        raise ValidationError(groups_have_no_pupils_message())
    _require(actor, space, Action.CREATE_PUPILS)
    if actor.kind != User.Kind.TEACHER:
        raise PermissionDenied(_("Only teachers create pupil accounts."))


def clean_pupil_name(first_name: str, last_name: str) -> tuple[str, str]:
    """Trimmed names, or ``ValidationError`` saying what is wrong."""
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    if not first_name or not last_name:
        raise ValidationError(_("Give a first name and a last name."))
    if len(first_name) > MAX_NAME_LENGTH or len(last_name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("Names have at most %(max)d characters.") % {"max": MAX_NAME_LENGTH}
        )
    if any(not (char.isalpha() or char in NAME_PUNCTUATION) for char in first_name + last_name):
        raise ValidationError(
            _("Names contain letters, spaces, hyphens and apostrophes only: %(name)s")
            % {"name": f"{first_name} {last_name}"}
        )
    return first_name, last_name


def _taken(candidates: Iterable[str]) -> set[str]:
    lowered = {candidate.lower() for candidate in candidates}
    return set(
        User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=lowered)
        .values_list("lowered", flat=True)
    )


def _create_pupil_account(first_name: str, last_name: str, avoid: set[str]) -> tuple[User, str]:
    """One pupil user with a unique username (whatever its case) and a new password."""
    password = generate_password()
    for _attempt in range(USERNAME_ATTEMPTS):
        username = generate_username(first_name)
        if username in avoid or _taken([username]):
            avoid.add(username)
            continue
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email="",
            kind=User.Kind.PUPIL,
            state=User.State.VALIDATED,
        )
        user.set_password(password)
        try:
            # A savepoint: someone may take the same username between check and insert.
            with transaction.atomic():
                user.save()
        except IntegrityError:
            avoid.add(username)
            continue
        avoid.add(username)
        return user, password
    raise ValidationError(_("No free username could be found. Please try again."))


def create_pupils(
    *, actor: User, space: Space, names: Sequence[tuple[str, str]]
) -> list[tuple[User, str]]:
    """Create pupil accounts (first name, last name) in ``space``: a list of (pupil, password).

    The passwords are returned once, for the class sheet; only their hashes are stored.
    """
    _require_pupils_allowed(actor, space)
    if not names:
        raise ValidationError(_("Give at least one pupil's name."))
    if len(names) > MAX_PUPILS_AT_ONCE:
        raise ValidationError(
            _("At most %(max)d pupils can be created at once.") % {"max": MAX_PUPILS_AT_ONCE}
        )
    cleaned = [clean_pupil_name(first, last) for first, last in names]
    created: list[tuple[User, str]] = []
    avoid: set[str] = set()
    with transaction.atomic():
        for first_name, last_name in cleaned:
            user, password = _create_pupil_account(first_name, last_name, avoid)
            PupilProfile.objects.create(user=user, teacher=actor)
            Membership.objects.create(space=space, user=user, role=Role.PUPIL, added_by=actor)
            created.append((user, password))
        audit.record(
            CREATE_PUPILS,
            actor=actor,
            target=space,
            pupils=[user.pk for user, _password in created],
        )
    return created


def add_existing_pupils(*, actor: User, space: Space, pupils: Sequence[User]) -> list[Membership]:
    """Put pupils the actor created earlier into ``space``; those already in are skipped."""
    _require_pupils_allowed(actor, space)
    pupil_ids = {pupil.pk for pupil in pupils}
    own = set(
        PupilProfile.objects.filter(teacher=actor, user_id__in=pupil_ids).values_list(
            "user_id", flat=True
        )
    )
    if own != pupil_ids:
        raise PermissionDenied(_("You can only add pupils whose accounts you created."))
    already = set(
        Membership.objects.filter(space=space, user_id__in=pupil_ids).values_list(
            "user_id", flat=True
        )
    )
    added: list[Membership] = []
    with transaction.atomic():
        for pupil_id in sorted(pupil_ids - already):
            try:
                with transaction.atomic():
                    added.append(
                        Membership.objects.create(
                            space=space, user_id=pupil_id, role=Role.PUPIL, added_by=actor
                        )
                    )
            except IntegrityError:
                continue  # added by another request meanwhile
        audit.record(
            ADD_PUPILS,
            actor=actor,
            target=space,
            pupils=[membership.user_id for membership in added],
        )
    return added


def reset_pupil_password(*, actor: User, pupil: User) -> str:
    """The teacher who created ``pupil`` gives them a new password, returned once."""
    if not PupilProfile.objects.filter(user=pupil, teacher=actor).exists():
        raise PermissionDenied(_("Only the teacher who created this pupil's account can do this."))
    password = generate_password()
    with transaction.atomic():
        pupil.set_password(password)
        pupil.save(update_fields=["password"])
        audit.record(RESET_PUPIL_PASSWORD, actor=actor, target=pupil)
    return password


# --- guests ------------------------------------------------------------------


def _check_guest_until(until: datetime, now: datetime) -> None:
    if until <= now:
        raise ValidationError(_("The end of the guest access must be in the future."))
    if until > now + timedelta(days=GUEST_ACCESS_MAX_DAYS):
        raise ValidationError(_("Guest access lasts at most one year."))


def grant_guest_access(
    *, actor: User | None, space: Space, user: User, until: datetime
) -> GuestAccess:
    """Let ``user`` read ``space`` until ``until`` (extends a current access).

    ``actor`` ``None`` is the system, asked by another plugin (a prize's jury).
    """
    if actor is not None:
        _require(actor, space, Action.MANAGE_MEMBERS)
    elif not space.is_open:
        raise ValidationError(_("Only open spaces can have guests."))
    now = timezone.now()
    _check_guest_until(until, now)
    if user.kind == User.Kind.PUPIL:
        raise ValidationError(_("Pupils cannot be guests."))
    if Membership.objects.filter(space=space, user=user).exists():
        raise ValidationError(
            _("%(name)s is already a member of this space.") % {"name": user.display_name()}
        )
    with transaction.atomic():
        current = (
            GuestAccess.objects.filter(
                space=space, user=user, revoked_at__isnull=True, expires_at__gt=now
            )
            .order_by("-expires_at")
            .first()
        )
        if current is not None:
            if until > current.expires_at:
                GuestAccess.objects.filter(pk=current.pk).update(expires_at=until)
                current.expires_at = until
            access = current
        else:
            access = GuestAccess.objects.create(
                space=space, user=user, granted_by=actor, expires_at=until
            )
        audit.record(
            GRANT_GUEST_ACCESS,
            actor=actor,
            target=access,
            space=space.pk,
            user=user.pk,
            until=access.expires_at.isoformat(),
        )
    notify_people(
        [user],
        kind="twinspace.guest_access",
        title=gettext_noop("You can read %(space)s as a guest"),
        body=gettext_noop(
            "%(actor)s gave you read-only guest access to %(space)s until %(until)s."
        ),
        params={"space": space.title, "until": local_date(access.expires_at)},
        url=space.url("members"),
        exclude=actor,
        actor=actor,
    )
    return access


def revoke_guest_access(*, actor: User, guest_access: GuestAccess) -> GuestAccess:
    """An administrator ends a guest access now."""
    _require(actor, guest_access.space, Action.MANAGE_MEMBERS)
    now = timezone.now()
    with transaction.atomic():
        updated = GuestAccess.objects.filter(pk=guest_access.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if not updated:
            raise ValidationError(_("This guest access has already been revoked."))
        guest_access.revoked_at = now
        audit.record(REVOKE_GUEST_ACCESS, actor=actor, target=guest_access)
    return guest_access
