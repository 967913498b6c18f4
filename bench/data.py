"""The benchmark data generator: one large TwinSpace with every tool filled.

Rows go in with ``bulk_create``, so half a million rows take seconds, not hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import Country, Language, School, Subject, User
from plugins.twinspace.models import (
    Discussion,
    Folder,
    JournalEntry,
    Material,
    Membership,
    Page,
    Post,
    PostComment,
    PostLike,
    Project,
    ProjectApproval,
    Reply,
    Role,
    Space,
    Thread,
    WallPost,
)


@dataclass(frozen=True)
class Size:
    """How big the generated space is."""

    members: int = 500
    items: int = 1_000  # updates, pages, materials, threads, replies per thread page…


@dataclass(frozen=True)
class BenchSpace:
    """What the timings need: the project and one person of each kind."""

    project: Project
    founder: User
    pupil: User
    thread: Thread


# An unusable password hash: generated people never log in with a password.
NO_PASSWORD = "!"  # noqa: S105 - Django's mark for "no usable password"
ROLES = (Role.TEACHER, Role.PUPIL, Role.OBSERVER, Role.PUPIL_ADMIN, Role.EXPERT)


@transaction.atomic
def build_space(size: Size, *, tag: str = "bench") -> BenchSpace:
    """Create a project between two schools with ``size`` members and items of every tool."""
    now = timezone.now()
    spain, france = Country.objects.get(code="ES"), Country.objects.get(code="FR")
    schools = [
        School.objects.create(name=f"{tag} school {code}", country=country, town="Town")
        for code, country in (("es", spain), ("fr", france))
    ]
    founder, cofounder = (
        User.objects.create(
            username=f"{tag}-founder-{number}",
            first_name="Founder",
            last_name=str(number),
            email=f"{tag}-founder-{number}@example.org",
            kind=User.Kind.TEACHER,
            state=User.State.VALIDATED,
            school=school,
            password=NO_PASSWORD,
        )
        for number, school in enumerate(schools)
    )
    project = Project.objects.create(
        title=f"{tag} project",
        description="A large project for the benchmarks.",
        state=Space.State.ACTIVE,
        founder=founder,
        cofounder=cofounder,
        is_european=True,
        age_min=10,
        age_max=14,
        pupil_count=size.members,
        ict_tools="Everything",
        aims="Measure",
        work_process="Generate",
        expected_results="Figures",
        approved_at=now,
        twinboard_public=True,
    )
    project.working_languages.set(Language.objects.filter(code="en"))
    project.subjects.set(Subject.objects.all()[:2])
    for country in (spain, france):
        ProjectApproval.objects.create(
            project=project, country=country, status=ProjectApproval.Status.APPROVED
        )
    Membership.objects.bulk_create(
        Membership(space=project, user=user, role=Role.TEACHER_ADMIN, is_founder=True)
        for user in (founder, cofounder)
    )
    users = User.objects.bulk_create(
        User(
            username=f"{tag}-member-{number}",
            first_name="Member",
            last_name=str(number),
            kind=User.Kind.PUPIL
            if ROLES[number % len(ROLES)] in (Role.PUPIL, Role.PUPIL_ADMIN)
            else User.Kind.TEACHER,
            state=User.State.VALIDATED,
            password=NO_PASSWORD,
        )
        for number in range(size.members)
    )
    Membership.objects.bulk_create(
        Membership(space=project, user=user, role=ROLES[number % len(ROLES)])
        for number, user in enumerate(users)
    )
    pupil = next(u for n, u in enumerate(users) if ROLES[n % len(ROLES)] == Role.PUPIL)
    authors = [founder, cofounder, *users]

    def author(number: int) -> User:
        return authors[number % len(authors)]

    posts = Post.objects.bulk_create(
        Post(
            space=project,
            channel=Post.Channel.TWINBOARD if number % 5 else Post.Channel.BULLETIN,
            author=author(number),
            body=f"<p>Update {number}</p>",
            created_at=now - timedelta(minutes=number),
            like_count=2,
            comment_count=3,
        )
        for number in range(size.items)
    )
    PostComment.objects.bulk_create(
        PostComment(post=post, author=author(number + k), body=f"Comment {k}")
        for number, post in enumerate(posts)
        for k in range(3)
    )
    PostLike.objects.bulk_create(
        PostLike(post=post, user=author(number + k))
        for number, post in enumerate(posts)
        for k in range(2)
    )
    JournalEntry.objects.bulk_create(
        JournalEntry(space=project, author=founder, title=f"Entry {n}", body="<p>Diary</p>")
        for n in range(size.items // 10)
    )
    top_pages = Page.objects.bulk_create(
        Page(
            space=project,
            title=f"Page {n}",
            body="<p>Content</p>",
            status=Page.Status.PUBLISHED,
            position=n,
            author=author(n),
        )
        for n in range(size.items // 10)
    )
    Page.objects.bulk_create(
        Page(
            space=project,
            parent=top_pages[n % len(top_pages)],
            title=f"Subpage {n}",
            status=Page.Status.PUBLISHED if n % 3 else Page.Status.DRAFT,
            position=n,
            author=author(n),
        )
        for n in range(size.items)
    )
    folder = Folder.objects.create(space=project, name="Photos", created_by=founder)
    Material.objects.bulk_create(
        Material(
            space=project,
            folder=folder if n % 2 else None,
            kind=Material.Kind.FILE,
            title=f"Material {n}",
            file=f"twinspace/{project.pk}/materials/bench-{n}.pdf",
            original_name=f"material-{n}.pdf",
            content_type="application/pdf",
            size=1024,
            uploaded_by=author(n),
        )
        for n in range(size.items)
    )
    discussion = Discussion.objects.create(
        space=project, title="Everything", created_by=founder, thread_count=size.items
    )
    threads = Thread.objects.bulk_create(
        Thread(
            discussion=discussion,
            title=f"Thread {n}",
            body="<p>Opening</p>",
            author=author(n),
            last_activity_at=now - timedelta(minutes=n),
            reply_count=size.items if n == 0 else 0,
        )
        for n in range(size.items)
    )
    Reply.objects.bulk_create(
        Reply(thread=threads[0], author=author(n), body=f"<p>Reply {n}</p>")
        for n in range(size.items)
    )
    WallPost.objects.bulk_create(
        WallPost(space=project, wall_owner=pupil, author=pupil, body=f"Wall {n}")
        for n in range(size.items // 10)
    )
    return BenchSpace(project=project, founder=founder, pupil=pupil, thread=threads[0])
