"""Demo projects: an active European project between the demo teachers of Spain and
France, and one waiting for the French teacher's answer."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.models import ContactRequest, Language, Subject, User
from plugins.twinspace.models import (
    Discussion,
    JournalEntry,
    Membership,
    Post,
    Project,
    ProjectApproval,
    PupilProfile,
    Reply,
    Role,
    Space,
    Thread,
)

ACTIVE_TITLE = "Rivers of Europe"
PENDING_TITLE = "Recipes from our grandparents"


def _project(title: str, ana: User, luc: User, state: str, **texts) -> tuple[Project, bool]:
    existing = Project.objects.filter(title=title, founder=ana).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    active = state == Space.State.ACTIVE
    project = Project.objects.create(
        title=title,
        state=state,
        created_by=ana,
        founder=ana,
        cofounder=luc,
        is_european=ana.school.country_id != luc.school.country_id,
        age_min=12,
        age_max=15,
        pupil_count=45,
        submitted_at=now if active else None,
        approved_at=now if active else None,
        **texts,
    )
    project.working_languages.set(Language.objects.filter(code__in=["en", "fr", "es"]))
    project.subjects.set(Subject.objects.all()[:2])
    founders = [ana, luc] if active else [ana]
    for founder in founders:
        Membership.objects.create(
            space=project, user=founder, role=Role.TEACHER_ADMIN, is_founder=True
        )
    if active:
        for country_id in dict.fromkeys([ana.school.country_id, luc.school.country_id]):
            ProjectApproval.objects.create(
                project=project,
                country_id=country_id,
                status=ProjectApproval.Status.APPROVED,
                decided_at=now,
            )
    return project, True


@transaction.atomic
def load_project_demo_data() -> list[str]:
    """Create the demo projects if missing (the demo teachers come from core's data)."""
    ana = User.objects.filter(username="teacher.ana").select_related("school").first()
    luc = User.objects.filter(username="teacher.luc").select_related("school").first()
    if ana is None or luc is None or ana.school is None or luc.school is None:
        return ["Demo projects skipped: the demo teachers are missing."]
    if not ContactRequest.objects.filter(sender=ana, recipient=luc).exists() and not (
        ContactRequest.objects.filter(sender=luc, recipient=ana).exists()
    ):
        ContactRequest.objects.create(
            sender=ana,
            recipient=luc,
            status=ContactRequest.Status.ACCEPTED,
            responded_at=timezone.now(),
        )
    else:
        ContactRequest.objects.filter(sender__in=[ana, luc], recipient__in=[ana, luc]).update(
            status=ContactRequest.Status.ACCEPTED
        )
    lines = []
    active, created = _project(
        ACTIVE_TITLE,
        ana,
        luc,
        Space.State.ACTIVE,
        description="Pupils in Sevilla and Nantes measure their rivers and compare them.",
        ict_tools="Shared spreadsheets, video calls, the TwinSpace pages.",
        aims="Learn to measure water quality and to present data in English.",
        work_process="Monthly measurements, a video call per term, a shared atlas.",
        expected_results="A joint river atlas published in the project journal.",
    )
    if created:
        lines.append(f"Demo project (active, European): {active.title}")
        _fill_space(active, ana, luc)
    pending, created = _project(
        PENDING_TITLE,
        ana,
        luc,
        Space.State.PENDING_PARTNER,
        description="Pupils collect family recipes and cook them together online.",
        ict_tools="Video, a shared cookbook.",
        aims="Discover each other's food culture.",
        work_process="Each class films one recipe a month.",
        expected_results="A bilingual cookbook.",
    )
    if created:
        lines.append(f"Demo project (waiting for teacher.luc's answer): {pending.title}")
    return lines


def _fill_space(project: Project, ana: User, luc: User) -> None:
    """A little life in the demo TwinSpace: the demo pupil, updates, a journal, a forum."""
    pupil = User.objects.filter(username="pupil.demo", kind=User.Kind.PUPIL).first()
    if pupil is not None:
        PupilProfile.objects.get_or_create(user=pupil, defaults={"teacher": ana})
        Membership.objects.get_or_create(
            space=project, user=pupil, defaults={"role": Role.PUPIL, "added_by": ana}
        )
    Post.objects.create(
        space=project,
        channel=Post.Channel.TWINBOARD,
        author=ana,
        body="<p>Welcome to our TwinSpace! Our first measurements are due on Friday.</p>",
        pinned_at=timezone.now(),
    )
    Post.objects.create(
        space=project,
        channel=Post.Channel.TWINBOARD,
        author=luc,
        body="<p>Nantes is ready: the Loire is high this week.</p>",
    )
    Post.objects.create(
        space=project,
        channel=Post.Channel.BULLETIN,
        author=luc,
        body="<p>Shall we plan the video call for the second week of the month?</p>",
    )
    JournalEntry.objects.create(
        space=project,
        author=ana,
        title="Our project starts",
        body="<p>Two classes, two rivers, one atlas. Follow us here all year.</p>",
    )
    discussion = Discussion.objects.create(
        space=project, title="Measurements", created_by=ana, thread_count=1
    )
    thread = Thread.objects.create(
        discussion=discussion,
        title="How clear is your river?",
        body="<p>Post the depth at which you lose sight of the white disc.</p>",
        author=ana,
        reply_count=1 if pupil is not None else 0,
    )
    if pupil is not None:
        Reply.objects.create(thread=thread, author=pupil, body="<p>We saw it until 80 cm!</p>")
