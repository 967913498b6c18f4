"""Who may do what inside a space: the role table of DOMAIN.md §4, in one place.

Views, API endpoints and services ask :class:`SpaceAccess` (built once per request by
:func:`access_for`) before they show or change anything. The table is data, so a test
walks every role and every action against DOMAIN.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from plugins.twinspace.models import GuestAccess, Membership, Role, Space


class Action(StrEnum):
    """Everything a person may try inside a space."""

    READ = "read"  # read everything members see
    USE_BULLETIN = "use_bulletin"  # the teachers-only bulletin: read and write
    POST_UPDATE = "post_update"  # Twinboard
    LIKE_COMMENT = "like_comment"  # like and comment Twinboard updates
    EDIT_PAGES = "edit_pages"  # create pages and subpages, edit them, drafts
    REORDER_PAGES = "reorder_pages"
    UPLOAD_MATERIAL = "upload_material"
    CREATE_DISCUSSION = "create_discussion"
    CREATE_THREAD = "create_thread"
    REPLY = "reply"  # reply in threads, answer on pupil walls
    INVITE_TEACHERS = "invite_teachers"
    CREATE_PUPILS = "create_pupils"
    MANAGE_MEMBERS = "manage_members"  # roles, removal, guests, settings, pinning, journal
    MODERATE = "moderate"  # edit or remove other people's content
    WRITE_JOURNAL = "write_journal"


_EVERY_MEMBER = frozenset(Role)
_TEACHER_ADMIN = frozenset({Role.TEACHER_ADMIN})

# DOMAIN.md §4, column by column. Founders are teacher administrators.
RIGHTS: dict[Action, frozenset[Role]] = {
    Action.READ: _EVERY_MEMBER,
    Action.USE_BULLETIN: frozenset({Role.TEACHER_ADMIN, Role.TEACHER}),
    Action.POST_UPDATE: frozenset({Role.TEACHER_ADMIN, Role.TEACHER, Role.PUPIL_ADMIN}),
    Action.LIKE_COMMENT: _EVERY_MEMBER,
    Action.EDIT_PAGES: frozenset({Role.TEACHER_ADMIN, Role.TEACHER, Role.EXPERT, Role.PUPIL_ADMIN}),
    Action.REORDER_PAGES: _TEACHER_ADMIN,
    Action.UPLOAD_MATERIAL: frozenset(
        {Role.TEACHER_ADMIN, Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN}
    ),
    Action.CREATE_DISCUSSION: frozenset({Role.TEACHER_ADMIN, Role.EXPERT}),
    Action.CREATE_THREAD: frozenset(
        {Role.TEACHER_ADMIN, Role.TEACHER, Role.EXPERT, Role.PUPIL_ADMIN}
    ),
    Action.REPLY: _EVERY_MEMBER,
    Action.INVITE_TEACHERS: _TEACHER_ADMIN,
    Action.CREATE_PUPILS: frozenset({Role.TEACHER_ADMIN, Role.TEACHER}),
    Action.MANAGE_MEMBERS: _TEACHER_ADMIN,
    Action.MODERATE: frozenset({Role.TEACHER_ADMIN, Role.EXPERT}),
    # Not in the table: the public journal speaks for the project, so its teachers write it.
    Action.WRITE_JOURNAL: frozenset({Role.TEACHER_ADMIN, Role.TEACHER}),
}

# Rights a role holds only over what the person wrote themselves ("own" in the table).
OWN_ONLY: frozenset[tuple[Role, Action]] = frozenset({(Role.TEACHER, Action.EDIT_PAGES)})


def role_can(role: Role | str | None, action: Action) -> bool:
    """Whether ``role`` (``None``: not a member) holds ``action`` at all, per the table."""
    return role is not None and role in RIGHTS[action]


@dataclass(frozen=True)
class SpaceAccess:
    """One person's standing in one space, resolved once per request."""

    space: Space
    user_id: int | None
    membership: Membership | None = None
    is_guest: bool = False  # a current, read-only guest
    is_reviewer: bool = False  # NSS staff deciding on the space (pending approval/moderation)

    @property
    def role(self) -> Role | None:
        return Role(self.membership.role) if self.membership else None

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_founder(self) -> bool:
        return self.membership is not None and self.membership.is_founder

    def can_read_public(self) -> bool:
        """The public page (name, description, logo, journal): open spaces, for everyone."""
        return self.space.is_open or self.can_read()

    def can_see_twinboard_publicly(self) -> bool:
        return self.space.is_open and self.space.twinboard_public

    def can_read(self) -> bool:
        """Everything members see. Pending spaces: their founders and reviewers only."""
        if not self.space.is_open:
            return self.is_founder or self.is_reviewer
        return self.is_member or self.is_guest

    def can_read_walls(self) -> bool:
        """Pupil walls: only the project's members see them, never its guests (DOMAIN.md
        §4 and §9)."""
        return self.is_member and self.can_read()

    def require_walls(self) -> None:
        """Raise ``PermissionDenied`` with a message saying why, unless walls are readable."""
        if self.can_read_walls():
            return
        if self.can_read():
            raise PermissionDenied(_("Pupil walls are only for the members of the project."))
        self.require(Action.READ)

    def can(self, action: Action, *, author_id: int | None = None) -> bool:
        """Whether this person may do ``action`` now; ``author_id`` for "own" rights."""
        if action is Action.READ:
            return self.can_read()
        # Only an open, not archived space changes; guests and reviewers only read.
        if self.space.state not in (Space.State.ACTIVE, Space.State.CLOSED):
            return False
        if not role_can(self.role, action):
            return False
        if (self.role, action) in OWN_ONLY:
            return author_id is not None and author_id == self.user_id
        return True

    def can_change(self, action: Action, author_id: int | None) -> bool:
        """Edit or remove an item: its author (if they still hold ``action``) or a moderator."""
        if self.can(Action.MODERATE):
            return True
        return (
            author_id is not None
            and author_id == self.user_id
            and self.can(action, author_id=author_id)
        )

    def require(self, action: Action, *, author_id: int | None = None) -> None:
        """Raise ``PermissionDenied`` with a message saying why, unless allowed."""
        if self.can(action, author_id=author_id):
            return
        if action is not Action.READ and self.space.is_read_only:
            raise PermissionDenied(_("This space is archived: it can be read but not changed."))
        if action is not Action.READ and self.is_guest and not self.is_member:
            raise PermissionDenied(_("Guests can read this space but not change it."))
        raise PermissionDenied(_("Your role in this space does not allow this."))


def access_for(user, space: Space, *, now=None) -> SpaceAccess:
    """Resolve ``user``'s standing in ``space`` (one or two queries)."""
    if user is None or not user.is_authenticated:
        return SpaceAccess(space=space, user_id=None)
    membership = (
        Membership.objects.filter(space=space, user=user).only("pk", "role", "is_founder").first()
    )
    is_guest = False
    if membership is None and space.is_open:
        is_guest = GuestAccess.objects.filter(
            space=space,
            user=user,
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
        ).exists()
    is_reviewer = False
    if not space.is_open and membership is None:
        is_reviewer = is_reviewer_of(user, space)
    return SpaceAccess(
        space=space,
        user_id=user.pk,
        membership=membership,
        is_guest=is_guest,
        is_reviewer=is_reviewer,
    )


def is_reviewer_of(user, space: Space) -> bool:
    """NSS staff of a country that decides on ``space``: a project founder's country
    (approval) or a group's country (moderation). Superusers review everything."""
    from core.staff import countries_served_by

    countries = countries_served_by(user)
    if countries is None:
        return True
    if not countries:
        return False
    if space.kind == Space.Kind.PROJECT:
        from plugins.twinspace.models import ProjectApproval

        return ProjectApproval.objects.filter(project_id=space.pk, country__in=countries).exists()
    from plugins.twinspace.models import Group

    return Group.objects.filter(pk=space.pk, country__in=countries).exists()
