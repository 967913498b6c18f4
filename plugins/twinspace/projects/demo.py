"""Demo projects: an active European project between the demo teachers of Spain and
France, and one waiting for the French teacher's answer.

Everything is done through the services, as the demo people would do it on the site
(contact request, project, the co-founder's answer, each NSS's approval, invitation,
pupils, posts, pages, forum), so events fire and audit entries exist. Safe to run
again: a project already there is left as it is.
"""

from __future__ import annotations

from django.db import transaction

from core.demo import DEMO_PASSWORD
from core.directory import services as directory
from core.models import ContactRequest, Language, Subject, User
from core.staff import nss_staff_of_country
from plugins.twinspace.board import services as board
from plugins.twinspace.forums import services as forums
from plugins.twinspace.members import services as members
from plugins.twinspace.models import Page, Post, Project, ProjectApproval, Role
from plugins.twinspace.pages import services as pages
from plugins.twinspace.projects import services as projects

ACTIVE_TITLE = "Rivers of Europe"
PENDING_TITLE = "Recipes from our grandparents"
DEMO_PUPIL = "pupil.demo"
DEMO_PUPIL_NAME = ("Pablo", "Ruiz")
DEMO_EXPERT = "trainer"

ACTIVE_TEXTS = {
    "description": "Pupils in Sevilla and Nantes measure their rivers and compare them.",
    "ict_tools": "Shared spreadsheets, video calls, the TwinSpace pages.",
    "aims": "Learn to measure water quality and to present data in English.",
    "work_process": "Monthly measurements, a video call per term, a shared atlas.",
    "expected_results": "A joint river atlas published in the project journal.",
}
PENDING_TEXTS = {
    "description": "Pupils collect family recipes and cook them together online.",
    "ict_tools": "Video, a shared cookbook.",
    "aims": "Discover each other's food culture.",
    "work_process": "Each class films one recipe a month.",
    "expected_results": "A bilingual cookbook.",
}


def _make_contacts(ana: User, luc: User) -> None:
    """Ana asks Luc to be her contact and he accepts (unless they are contacts already)."""
    if directory.are_contacts(ana, luc):
        return
    waiting = ContactRequest.objects.filter(
        sender__in=[ana, luc], recipient__in=[ana, luc], status=ContactRequest.Status.PENDING
    ).first()
    if waiting is None:
        waiting = directory.send_contact_request(
            actor=ana, recipient=luc, message="Shall we start a project together?"
        )
    recipient = luc if waiting.recipient_id == luc.pk else ana
    directory.accept_contact_request(actor=recipient, contact_request=waiting)


def _create_project(ana: User, luc: User, title: str, texts: dict[str, str]) -> Project:
    return projects.create_project(
        actor=ana,
        cofounder=luc,
        title=title,
        working_languages=Language.objects.filter(code__in=["en", "fr", "es"]),
        subjects=Subject.objects.order_by("pk")[:2],
        age_min=12,
        age_max=15,
        pupil_count=45,
        **texts,
    )


def _approve(project: Project) -> list[str]:
    """Each founder's NSS approves the project; says whose NSS is missing, if any."""
    missing = []
    for approval in ProjectApproval.objects.filter(project=project).select_related("country"):
        staff = nss_staff_of_country(approval.country_id).order_by("pk").first()
        if staff is None:
            missing.append(approval.country.code)
            continue
        projects.decide_project(
            actor=staff, project=project, country=approval.country_id, approve=True
        )
    return [f"  (no NSS staff of {code} to approve it)" for code in missing]


def _demo_pupil(ana: User, project: Project) -> None:
    """Ana creates her pupil's account in the project; the demo gives it a known login."""
    if User.objects.filter(username=DEMO_PUPIL).exists():
        return
    ((pupil, _password),) = members.create_pupils(actor=ana, space=project, names=[DEMO_PUPIL_NAME])
    # Generated credentials are for real classes; the demo prints one shared password.
    pupil.username = DEMO_PUPIL
    pupil.set_password(DEMO_PASSWORD)
    pupil.save(update_fields=["username", "password"])


def _invite_expert(ana: User, project: Project) -> None:
    expert = User.objects.filter(username=DEMO_EXPERT, kind=User.Kind.TEACHER).first()
    if expert is None or expert.pk in (ana.pk, project.cofounder_id):
        return
    invitation = members.invite_teacher(actor=ana, space=project, user=expert, role=Role.EXPERT)
    members.accept_invitation(actor=expert, invitation=invitation)


def _fill_space(project: Project, ana: User, luc: User) -> None:
    """A little life in the demo TwinSpace: a pupil, an expert, updates, a journal, a
    page and a forum thread."""
    _demo_pupil(ana, project)
    _invite_expert(ana, project)
    welcome = board.post_update(
        actor=ana,
        space=project,
        body="<p>Welcome to our TwinSpace! Our first measurements are due on Friday.</p>",
    )
    board.pin_post(actor=ana, post=welcome)
    board.comment_on_post(actor=luc, post=welcome, body="Thank you, Ana! We are ready.")
    board.post_update(
        actor=luc, space=project, body="<p>Nantes is ready: the Loire is high this week.</p>"
    )
    board.post_update(
        actor=luc,
        space=project,
        channel=Post.Channel.BULLETIN,
        body="<p>Shall we plan the video call for the second week of the month?</p>",
    )
    board.write_journal_entry(
        actor=ana,
        space=project,
        title="Our project starts",
        body="<p>Two classes, two rivers, one atlas. Follow us here all year.</p>",
    )
    pages.create_page(
        actor=ana,
        space=project,
        title="How we measure",
        body="<p>A white disc on a rope, lowered until it disappears.</p>",
        status=Page.Status.PUBLISHED,
    )
    discussion = forums.create_discussion(actor=ana, space=project, title="Measurements")
    thread = forums.start_thread(
        actor=ana,
        discussion=discussion,
        title="How clear is your river?",
        body="<p>Post the depth at which you lose sight of the white disc.</p>",
    )
    pupil = User.objects.filter(username=DEMO_PUPIL, kind=User.Kind.PUPIL).first()
    if pupil is not None:
        forums.reply_to_thread(actor=pupil, thread=thread, body="<p>We saw it until 80 cm!</p>")


@transaction.atomic
def load_project_demo_data() -> list[str]:
    """Create the demo projects if missing (the demo teachers come from core's data)."""
    ana = User.objects.filter(username="teacher.ana").select_related("school").first()
    luc = User.objects.filter(username="teacher.luc").select_related("school").first()
    if ana is None or luc is None or ana.school is None or luc.school is None:
        return ["Demo projects skipped: the demo teachers are missing."]
    _make_contacts(ana, luc)
    lines = []
    if not Project.objects.filter(title=ACTIVE_TITLE, founder=ana).exists():
        active = _create_project(ana, luc, ACTIVE_TITLE, ACTIVE_TEXTS)
        projects.respond_to_project(actor=luc, project=active, accept=True)
        missing = _approve(active)
        active.refresh_from_db()
        lines.append(f"Demo project (active, European): {active.title}")
        lines += missing
        if not missing:
            _fill_space(active, ana, luc)
    if not Project.objects.filter(title=PENDING_TITLE, founder=ana).exists():
        pending = _create_project(ana, luc, PENDING_TITLE, PENDING_TEXTS)
        lines.append(f"Demo project (waiting for teacher.luc's answer): {pending.title}")
    if User.objects.filter(username=DEMO_PUPIL, kind=User.Kind.PUPIL).exists():
        lines.append(f"  {DEMO_PUPIL:<20} pupil of teacher.ana in {ACTIVE_TITLE}")
    return lines
