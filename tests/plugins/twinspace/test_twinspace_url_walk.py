"""Every TwinSpace URL, walked as the people who must not get in (DOMAIN.md §1, §4, §9).

The URLs come from the resolver, not from a list: a URL added later is walked too, and
the guest's table below must then say what a guest gets there.

- A pupil of another project is sent back to their desktop from every URL: other
  projects (their public pages included), groups and the teachers' pages.
- A guest of the space reads it, changes nothing and never sees the pupil walls.
- No pupil's surname appears anywhere: pupils are named by first name and initial.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.models import AuditEntry, ContactRequest, Country, Language, StaffRole, Subject, User
from plugins.twinspace.board import services as board
from plugins.twinspace.forums import services as forums
from plugins.twinspace.groups import services as groups
from plugins.twinspace.materials import services as materials
from plugins.twinspace.members import services as members
from plugins.twinspace.models import Space
from plugins.twinspace.pages import services as pages
from plugins.twinspace.projects import services as projects
from tests.factories import UserFactory
from tests.factories.twinspace import teacher_in

pytestmark = pytest.mark.django_db

# The pupils' surnames: none may appear on any page these walks reach.
SURNAMES = ("Zubizarreta", "Etxeberria", "Quintanilla")
SENT_HOME = "You can only open the spaces of your own projects."


def twinspace_urls() -> list[tuple[str, str, tuple[str, ...]]]:
    """(namespace, URL name, URL parameters) of every URL the twinspace mount serves."""
    found: list[tuple[str, str, tuple[str, ...]]] = []

    def walk(patterns, namespaces: tuple[str, ...], params: tuple[str, ...]) -> None:
        for entry in patterns:
            here = params + tuple(getattr(entry.pattern, "converters", {}))
            if isinstance(entry, URLResolver):
                inner = namespaces + ((entry.namespace,) if entry.namespace else ())
                walk(entry.url_patterns, inner, here)
            elif isinstance(entry, URLPattern) and namespaces[:1] == ("twinspace",):
                found.append((":".join(namespaces), entry.name, here))

    walk(get_resolver().url_patterns, (), ())
    return found


def contacts(a: User, b: User) -> None:
    ContactRequest.objects.create(
        sender=a, recipient=b, status=ContactRequest.Status.ACCEPTED, responded_at=timezone.now()
    )


def nss(code: str) -> User:
    user = UserFactory(kind=User.Kind.STAFF)
    StaffRole.objects.create(
        user=user, role=StaffRole.Role.NSS, country=Country.objects.get(code=code)
    )
    return user


def open_project(founder: User, cofounder: User, title: str):
    """A project created, accepted and approved the way its founders and NSS do it."""
    contacts(founder, cofounder)
    project = projects.create_project(
        actor=founder,
        cofounder=cofounder,
        title=title,
        description="Pupils compare the rivers of their towns.",
        working_languages=list(Language.objects.filter(code="en")),
        age_min=10,
        age_max=12,
        pupil_count=40,
        subjects=list(Subject.objects.filter(code="biology")),
        ict_tools="Shared spreadsheets",
        aims="Measure water quality.",
        work_process="Monthly measurements.",
        expected_results="A river atlas.",
    )
    projects.respond_to_project(actor=cofounder, project=project, accept=True)
    for code in {founder.school.country.code, cofounder.school.country.code}:
        projects.decide_project(
            actor=nss(code), project=project, country=Country.objects.get(code=code), approve=True
        )
    project.refresh_from_db()
    assert project.state == Space.State.ACTIVE
    return project


@pytest.fixture
def seeded():
    """A space with something behind every kind of URL, and the people who walk it."""
    ana, luc = teacher_in("ES"), teacher_in("FR")
    project = open_project(ana, luc, "Our shared river")
    teacher = teacher_in("DE")
    invitation = members.invite_teacher(actor=ana, space=project, user=teacher)
    membership = members.accept_invitation(actor=teacher, invitation=invitation)
    pending_invitation = members.invite_teacher(actor=ana, space=project, user=teacher_in("IT"))
    [(ane, _), (jon, _)] = members.create_pupils(
        actor=ana, space=project, names=[("Ane", "Zubizarreta"), ("Jon", "Etxeberria")]
    )
    juror = teacher_in("PT")
    guest_access = members.grant_guest_access(
        actor=ana, space=project, user=juror, until=timezone.now() + timedelta(days=30)
    )

    post = board.post_update(actor=ana, space=project, body="We measured the river today.")
    comment = board.comment_on_post(actor=ane, post=post, body="It was cold!")
    entry = board.write_journal_entry(actor=ana, space=project, title="Week 1", body="Started.")
    page = pages.create_page(actor=ana, space=project, title="Our towns", status="published")
    folder = materials.create_folder(actor=ana, space=project, name="Photos")
    material = materials.upload_material(
        actor=ana,
        space=project,
        folder=folder,
        uploaded_file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes"),
    )
    discussion = forums.create_discussion(actor=ana, space=project, title="Ideas")
    thread = forums.start_thread(actor=ana, discussion=discussion, title="Where?", body="Rivers.")
    reply = forums.reply_to_thread(actor=jon, thread=thread, body="The one near school.")
    wall_post = forums.post_on_wall(actor=ane, space=project, wall_owner=ane, body="Hello!")
    forums.answer_on_wall(actor=ana, post=wall_post, body="Hello Ane!")

    group = groups.create_group(
        actor=ana, title="Rivers", description="Teachers of rivers.", membership_policy="open"
    )
    groups.moderate_group(actor=nss("ES"), group=group, approve=True)

    # The pupil of another project, created by their own teacher.
    other = open_project(teacher_in("ES"), teacher_in("FR"), "Birds")
    [(stranger, _)] = members.create_pupils(
        actor=other.founder, space=other, names=[("Eva", "Quintanilla")]
    )

    ids = {
        "post_id": post.pk,
        "comment_id": comment.pk,
        "entry_id": entry.pk,
        "page_id": page.pk,
        "folder_id": folder.pk,
        "material_id": material.pk,
        "discussion_id": discussion.pk,
        "thread_id": thread.pk,
        "reply_id": reply.pk,
        "pupil_id": ane.pk,
        "membership_id": membership.pk,
        "guest_id": guest_access.pk,
        "invitation_id": pending_invitation.pk,
    }
    return {
        "project": project,
        "group": group,
        "ids": ids,
        "wall_post_id": wall_post.pk,
        "stranger": stranger,
        "own_pupil": jon,
        "guest": juror,
    }


def url_of(seeded, namespace: str, name: str, params: tuple[str, ...]) -> str:
    kwargs = {}
    for param in params:
        if param == "space_id":
            space = seeded["group"] if namespace.endswith(":group") else seeded["project"]
            kwargs[param] = space.pk
        elif param == "post_id" and name.startswith("wall"):
            kwargs[param] = seeded["wall_post_id"]  # walls have their own messages
        else:
            kwargs[param] = seeded["ids"][param]
    return reverse(f"{namespace}:{name}", kwargs=kwargs)


def text_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def assert_no_surname(response, url: str) -> None:
    text = text_of(response)
    for surname in SURNAMES:
        assert surname not in text, f"{surname} shown at {url}"


def state_of_the_site() -> tuple:
    """Enough to notice that a refused request changed something: every TwinSpace table's
    rows, the audit log, and what the spaces say about themselves."""
    counts = {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("twinspace").get_models()
    }
    spaces = sorted(Space.objects.values_list("pk", "state", "title", "twinboard_public"))
    return counts, AuditEntry.objects.count(), spaces


def test_every_twinspace_url_is_walked():
    names = {(namespace, name) for namespace, name, _params in twinspace_urls()}
    assert ("twinspace:project", "walls") in names and ("twinspace:group", "home") in names
    assert ("twinspace", "pupil-login") in names
    assert len(names) == len(twinspace_urls()) > 60


def test_a_pupil_of_another_project_is_sent_to_their_desktop_from_every_twinspace_url(
    client, seeded
):
    client.force_login(seeded["stranger"])
    before = state_of_the_site()
    for namespace, name, params in twinspace_urls():
        url = url_of(seeded, namespace, name, params)
        for method in (client.get, client.post):
            response = method(url)
            assert (response.status_code, response.get("Location")) == (302, "/desktop/"), (
                f"{method.__name__.upper()} {url}"
            )
    assert state_of_the_site() == before
    desktop = client.get("/desktop/")
    assert SENT_HOME in desktop.content.decode()
    assert_no_surname(desktop, "/desktop/")


def test_a_pupil_of_the_project_stays_in_it_and_sees_no_surname(client, seeded):
    client.force_login(seeded["own_pupil"])
    for namespace, name, params in twinspace_urls():
        url = url_of(seeded, namespace, name, params)
        response = client.get(url)
        sent_home = (response.status_code, response.get("Location")) == (302, "/desktop/")
        # Their own project's space is theirs; groups and teachers' pages are not.
        assert sent_home == (namespace != "twinspace:project"), url
        assert_no_surname(response, url)


# What a guest of the project (a teacher with read-only access) gets from a GET of each of
# its URLs: 405 where only a form may POST, 403 where reading is not enough.
GUEST_GETS = {
    # the project: everything members read, except the pupil walls
    ("twinspace:project", "home"): 200,
    ("twinspace:project", "twinboard"): 200,
    ("twinspace:project", "post"): 200,
    ("twinspace:project", "post-like"): 405,
    ("twinspace:project", "post-pin"): 405,
    ("twinspace:project", "post-comment"): 405,
    ("twinspace:project", "post-edit"): 403,
    ("twinspace:project", "post-delete"): 403,
    ("twinspace:project", "comment-delete"): 405,
    ("twinspace:project", "bulletin"): 403,
    ("twinspace:project", "journal"): 200,
    ("twinspace:project", "journal-new"): 403,
    ("twinspace:project", "journal-edit"): 403,
    ("twinspace:project", "journal-delete"): 403,
    ("twinspace:project", "settings"): 403,
    ("twinspace:project", "logo"): 404,  # the project has no logo
    ("twinspace:project", "pages"): 200,
    ("twinspace:project", "page-new"): 403,
    ("twinspace:project", "pages-reorder"): 403,
    ("twinspace:project", "page"): 200,
    ("twinspace:project", "page-edit"): 403,
    ("twinspace:project", "page-delete"): 403,
    ("twinspace:project", "materials"): 200,
    ("twinspace:project", "folder-new"): 403,
    ("twinspace:project", "folder"): 200,
    ("twinspace:project", "folder-delete"): 403,
    ("twinspace:project", "material-upload"): 403,
    ("twinspace:project", "material-download"): 200,
    ("twinspace:project", "material-delete"): 403,
    ("twinspace:project", "forums"): 200,
    ("twinspace:project", "discussion-new"): 403,
    ("twinspace:project", "discussion"): 200,
    ("twinspace:project", "thread-new"): 403,
    ("twinspace:project", "discussion-delete"): 405,
    ("twinspace:project", "thread"): 200,
    ("twinspace:project", "thread-reply"): 405,
    ("twinspace:project", "thread-delete"): 405,
    ("twinspace:project", "reply-edit"): 403,
    ("twinspace:project", "reply-delete"): 405,
    ("twinspace:project", "walls"): 403,
    ("twinspace:project", "wall-delete"): 403,
    ("twinspace:project", "wall"): 403,
    ("twinspace:project", "wall-post"): 403,
    ("twinspace:project", "wall-answer"): 403,
    ("twinspace:project", "members"): 200,
    ("twinspace:project", "member-invite"): 403,
    ("twinspace:project", "member-leave"): 405,
    ("twinspace:project", "member-pupils"): 403,
    ("twinspace:project", "member-guests"): 403,
    ("twinspace:project", "member-guest-revoke"): 405,
    ("twinspace:project", "invitation-withdraw"): 405,
    ("twinspace:project", "member-role"): 405,
    ("twinspace:project", "member-remove"): 405,
    ("twinspace:project", "about"): 200,
    ("twinspace:project", "project-edit"): 403,
    ("twinspace:project", "project-delete"): 403,
    ("twinspace:project", "project-respond"): 405,
    ("twinspace:project", "project-close"): 405,
    ("twinspace:project", "project-archive"): 405,
}


def test_guest_table_names_every_project_url():
    project_urls = {
        (namespace, name)
        for namespace, name, _params in twinspace_urls()
        if namespace == "twinspace:project"
    }
    assert project_urls == set(GUEST_GETS)


def test_a_guest_reads_the_space_but_not_the_pupil_walls_and_sees_no_surname(client, seeded):
    client.force_login(seeded["guest"])
    statuses = {}
    for namespace, name, params in twinspace_urls():
        url = url_of(seeded, namespace, name, params)
        response = client.get(url)
        assert response.status_code != 500, url
        assert_no_surname(response, url)
        if namespace == "twinspace:project":
            statuses[(namespace, name)] = response.status_code
    assert statuses == GUEST_GETS
    walls = client.get(seeded["project"].url("walls"))
    assert "Pupil walls are only for the members of the project." in walls.content.decode()
    home = client.get(seeded["project"].url("home")).content.decode()
    assert seeded["project"].url("walls") not in home  # no link to what they cannot open


def test_a_guest_changes_nothing_anywhere_in_the_space(client, seeded):
    client.force_login(seeded["guest"])
    before = state_of_the_site()
    for namespace, name, params in twinspace_urls():
        if namespace != "twinspace:project":
            continue
        url = url_of(seeded, namespace, name, params)
        response = client.post(url, {"body": "A guest was here", "title": "Guest"})
        if name.startswith("wall"):
            assert response.status_code == 403, url
        else:
            assert response.status_code in (200, 302, 403, 404, 405), url
        assert_no_surname(response, url)
    assert state_of_the_site() == before
