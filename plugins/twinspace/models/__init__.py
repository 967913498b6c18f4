"""The twinspace plugin's models: spaces, their members and their tools."""

from plugins.twinspace.models.members import (
    PUPIL_ROLES,
    TEACHER_ROLES,
    GuestAccess,
    Invitation,
    Membership,
    PupilProfile,
    Role,
)
from plugins.twinspace.models.spaces import Group, Project, ProjectApproval, Space
from plugins.twinspace.models.tools import (
    Discussion,
    Folder,
    JournalEntry,
    Material,
    Page,
    Post,
    PostComment,
    PostLike,
    Reply,
    Thread,
    WallPost,
)

__all__ = [
    "PUPIL_ROLES",
    "TEACHER_ROLES",
    "Discussion",
    "Folder",
    "Group",
    "GuestAccess",
    "Invitation",
    "JournalEntry",
    "Material",
    "Membership",
    "Page",
    "Post",
    "PostComment",
    "PostLike",
    "Project",
    "ProjectApproval",
    "PupilProfile",
    "Reply",
    "Role",
    "Space",
    "Thread",
    "WallPost",
]
