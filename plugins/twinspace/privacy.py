"""What the TwinSpace holds about one person, for export and erasure (the privacy hook).

A pupil's data is erased with the pupil: everything they wrote goes, with their
memberships and their pupil profile. A teacher's contributions stay (core turns the
account into a "former member"); only their pending invitations and guest accesses
go, together with the pupils they created, who have no one else to look after them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from core.models import User
from core.storage import private_storage
from plugins.twinspace.models import (
    Discussion,
    Folder,
    GuestAccess,
    Invitation,
    JournalEntry,
    Material,
    Membership,
    Page,
    Post,
    PostComment,
    PostLike,
    PupilProfile,
    Reply,
    Thread,
    WallPost,
)


def _when(value) -> str | None:
    return value.isoformat() if value else None


# --- export ---------------------------------------------------------------------------------


def export_twinspace_data(user: User) -> dict[str, Any]:
    """Everything the TwinSpace holds about ``user`` and everything they wrote."""
    return {
        "memberships": [
            {
                "space": m.space.title,
                "kind": m.space.kind,
                "role": m.role,
                "founder": m.is_founder,
                "joined": _when(m.joined_at),
            }
            for m in Membership.objects.filter(user=user).select_related("space")
        ],
        "invitations": [
            {
                "space": i.space.title,
                "role": i.role,
                "status": i.status,
                "sent": _when(i.created_at),
                "answered": _when(i.responded_at),
            }
            for i in Invitation.objects.filter(user=user).select_related("space")
        ],
        "guest_accesses": [
            {
                "space": g.space.title,
                "granted": _when(g.created_at),
                "until": _when(g.expires_at),
                "revoked": _when(g.revoked_at),
            }
            for g in GuestAccess.objects.filter(user=user).select_related("space")
        ],
        "posts": [
            {
                "space": p.space.title,
                "channel": p.channel,
                "body": p.body,
                "posted": _when(p.created_at),
                "edited": _when(p.edited_at),
            }
            for p in Post.objects.filter(author=user).select_related("space")
        ],
        "comments": [
            {"space": c.post.space.title, "body": c.body, "posted": _when(c.created_at)}
            for c in PostComment.objects.filter(author=user).select_related("post__space")
        ],
        "likes": [
            {"space": like.post.space.title, "post": like.post_id, "liked": _when(like.created_at)}
            for like in PostLike.objects.filter(user=user).select_related("post__space")
        ],
        "journal_entries": [
            {
                "space": e.space.title,
                "title": e.title,
                "body": e.body,
                "written": _when(e.created_at),
            }
            for e in JournalEntry.objects.filter(author=user).select_related("space")
        ],
        "pages": [
            {
                "space": p.space.title,
                "title": p.title,
                "body": p.body,
                "status": p.status,
                "created": _when(p.created_at),
            }
            for p in Page.objects.filter(author=user).select_related("space")
        ],
        "folders": [
            {"space": f.space.title, "name": f.name, "created": _when(f.created_at)}
            for f in Folder.objects.filter(created_by=user).select_related("space")
        ],
        "materials": [
            {
                "space": m.space.title,
                "title": m.title,
                "original_name": m.original_name,
                "type": m.content_type,
                "size": m.size,
                "uploaded": _when(m.created_at),
            }
            for m in Material.objects.filter(uploaded_by=user).select_related("space")
        ],
        "discussions": [
            {
                "space": d.space.title,
                "title": d.title,
                "description": d.description,
                "created": _when(d.created_at),
            }
            for d in Discussion.objects.filter(created_by=user).select_related("space")
        ],
        "threads": [
            {
                "space": t.discussion.space.title,
                "discussion": t.discussion.title,
                "title": t.title,
                "body": t.body,
                "started": _when(t.created_at),
            }
            for t in Thread.objects.filter(author=user).select_related("discussion__space")
        ],
        "replies": [
            {
                "space": r.thread.discussion.space.title,
                "thread": r.thread.title,
                "body": r.body,
                "posted": _when(r.created_at),
            }
            for r in Reply.objects.filter(author=user).select_related("thread__discussion__space")
        ],
        "wall_posts": [
            {
                "space": w.space.title,
                "on_own_wall": w.wall_owner_id == user.pk,
                "body": w.body,
                "posted": _when(w.created_at),
            }
            for w in WallPost.objects.filter(author=user).select_related("space")
        ],
        "pupils_created": [
            {
                "first_name": p.user.first_name,
                "last_name": p.user.last_name,
                "username": p.user.username,
                "created": _when(p.created_at),
            }
            for p in PupilProfile.objects.filter(teacher=user).select_related("user")
        ],
    }


# --- erasure --------------------------------------------------------------------------------


def erase_twinspace_data(user: User) -> None:
    """Erase ``user``'s TwinSpace data: all of it for a pupil; for anyone else their
    pending invitations, guest accesses and the pupils they created. Safe to run twice."""
    with transaction.atomic():
        if user.kind == User.Kind.PUPIL:
            erase_pupil_contributions(user)
            return
        Invitation.objects.filter(user=user, status=Invitation.Status.PENDING).delete()
        GuestAccess.objects.filter(user=user).delete()
        erase_pupils_created_by(user)


def erase_pupils_created_by(teacher: User) -> None:
    """Erase the pupils ``teacher`` created, through the whole privacy pipeline.

    We chose to anonymise these pupils (core's erasure, run for each of them, as if they
    had asked) rather than delete their rows: every plugin's erasure runs, so nothing any
    plugin holds about them stays, the audit log records it and the ``UserDataErased``
    event reaches every listener; an anonymised, unusable account is all that remains.
    Their pupil profiles go with the TwinSpace erasure, so a second run finds no pupils.
    """
    from core.services import erase_user_data

    pupils = User.objects.filter(pupil_profile__teacher=teacher, kind=User.Kind.PUPIL)
    for pupil in list(pupils):
        erase_user_data(actor=None, user=pupil)
    # A pupil row of another kind (data repaired by hand) still loses its link to the teacher.
    PupilProfile.objects.filter(teacher=teacher).delete()


def erase_pupil_contributions(pupil: User) -> None:
    """Delete everything ``pupil`` wrote, fix the counters of what remains, and delete
    their memberships, invitations, guest accesses and pupil profile."""
    # Counters of other people's items the pupil commented, liked or replied to.
    commented = set(PostComment.objects.filter(author=pupil).values_list("post_id", flat=True))
    liked = set(PostLike.objects.filter(user=pupil).values_list("post_id", flat=True))
    replied = set(Reply.objects.filter(author=pupil).values_list("thread_id", flat=True))
    discussions = set(Thread.objects.filter(author=pupil).values_list("discussion_id", flat=True))

    PostComment.objects.filter(author=pupil).delete()
    PostLike.objects.filter(user=pupil).delete()
    Reply.objects.filter(author=pupil).delete()
    Thread.objects.filter(author=pupil).delete()
    Post.objects.filter(author=pupil).delete()
    JournalEntry.objects.filter(author=pupil).delete()
    WallPost.objects.filter(author=pupil).delete()
    WallPost.objects.filter(wall_owner=pupil).delete()
    Discussion.objects.filter(created_by=pupil).delete()
    _delete_pages_keeping_others_subpages(pupil)
    _delete_materials(pupil)
    # Folders hold other people's files too: they stay, without their creator.
    Folder.objects.filter(created_by=pupil).update(created_by=None)

    _recount_posts(commented | liked)
    _recount_threads(replied)
    _recount_discussions(discussions)

    Membership.objects.filter(user=pupil).delete()
    Invitation.objects.filter(user=pupil).delete()
    GuestAccess.objects.filter(user=pupil).delete()
    PupilProfile.objects.filter(user=pupil).delete()


def _delete_pages_keeping_others_subpages(pupil: User) -> None:
    """Delete the pupil's pages; other people's subpages move up to the nearest page kept."""
    parent_of = dict(Page.objects.filter(author=pupil).values_list("pk", "parent_id"))
    if not parent_of:
        return

    def kept_ancestor(page_id: int | None) -> int | None:
        while page_id in parent_of:
            page_id = parent_of[page_id]
        return page_id

    for child in Page.objects.filter(parent__in=parent_of).exclude(author=pupil):
        Page.objects.filter(pk=child.pk).update(parent_id=kept_ancestor(child.parent_id))
    Page.objects.filter(pk__in=parent_of).delete()


def _delete_materials(pupil: User) -> None:
    """Delete the pupil's materials; their files leave the storage once the erasure commits."""
    materials = Material.objects.filter(uploaded_by=pupil)
    names = [name for name in materials.values_list("file", flat=True) if name]
    materials.delete()
    if names:
        transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        storage.delete(name)


def _count(queryset, field: str) -> Coalesce:
    """A subquery counting the rows of ``queryset`` whose ``field`` is the outer row."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _recount_posts(post_ids: set[int]) -> None:
    if post_ids:
        Post.objects.filter(pk__in=post_ids).update(
            like_count=_count(PostLike.objects.all(), "post"),
            comment_count=_count(PostComment.objects.all(), "post"),
        )


def _recount_threads(thread_ids: set[int]) -> None:
    if thread_ids:
        Thread.objects.filter(pk__in=thread_ids).update(
            reply_count=_count(Reply.objects.all(), "thread")
        )


def _recount_discussions(discussion_ids: set[int]) -> None:
    if discussion_ids:
        Discussion.objects.filter(pk__in=discussion_ids).update(
            thread_count=_count(Thread.objects.all(), "discussion")
        )
