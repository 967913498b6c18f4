"""Pupil accounts: created by a project's teachers, reused, reset, and the pupils' login
(DOMAIN.md §1 and §4)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry, User
from plugins.twinspace.members import passwords, services
from plugins.twinspace.models import Membership, PupilProfile, Role
from tests.factories import PASSWORD
from tests.factories.twinspace import add_member, make_group, make_project, make_pupil, teacher_in

pytestmark = pytest.mark.django_db

SHEET_ROW = re.compile(r"<td><code>([a-z0-9]+)</code></td>\s*<td><code>([a-z0-9-]+)</code></td>")


def sheet_rows(response) -> list[tuple[str, str]]:
    return SHEET_ROW.findall(response.content.decode())


def create_one(client, project, teacher, first="Ana", last="García"):
    client.force_login(teacher)
    return client.post(
        project.url("member-pupils"),
        {"form": "single", "single-first_name": first, "single-last_name": last},
    )


# --- creating pupils ---------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TEACHER_ADMIN, Role.TEACHER])
def test_a_teacher_creates_a_pupil_and_gets_a_printable_class_sheet(client, settings, role):
    project = make_project()
    teacher = project.founder if role == Role.TEACHER_ADMIN else add_member(project).user
    response = create_one(client, project, teacher)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Class sheet" in page and "Ana García" in page and "data-print" in page
    assert f"{settings.OPENTWIN_SITE_URL}/pupils/login/" in page
    assert "shown only once" in page
    [(username, password)] = sheet_rows(response)
    pupil = User.objects.get(username=username)
    assert (pupil.kind, pupil.email, pupil.first_name) == (User.Kind.PUPIL, "", "Ana")
    assert pupil.check_password(password)
    assert PupilProfile.objects.get(user=pupil).teacher == teacher
    assert Membership.objects.get(space=project, user=pupil).role == Role.PUPIL


@pytest.mark.parametrize("role", [Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN])
def test_other_roles_cannot_create_pupils(client, role):
    project = make_project()
    member = add_member(project, role=role).user
    client.force_login(member)
    assert client.get(project.url("member-pupils")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.create_pupils(actor=member, space=project, names=[("Ana", "García")])
    assert not PupilProfile.objects.exists()


def test_a_pasted_list_creates_one_pupil_per_line_with_unique_usernames(client):
    project = make_project()
    client.force_login(project.founder)
    names = "Zoë Müller\n\n  Ana García \nAna García\nAna García\n\n"
    response = client.post(project.url("member-pupils"), {"form": "list", "list-names": names})
    rows = sheet_rows(response)
    assert len(rows) == 4
    usernames = [username for username, _password in rows]
    assert len({username.lower() for username in usernames}) == 4
    assert usernames[0].startswith("zoe")
    assert all(username.startswith("ana") for username in usernames[1:])
    assert Membership.objects.filter(space=project, role=Role.PUPIL).count() == 4


def test_a_list_of_more_than_60_names_is_refused_and_nothing_is_created(client):
    project = make_project()
    client.force_login(project.founder)
    names = "\n".join(f"Pupil Number{chr(97 + i % 26)}" for i in range(61))
    response = client.post(project.url("member-pupils"), {"form": "list", "list-names": names})
    assert response.status_code == 200
    assert "At most 60 pupils can be created at once; you gave 61." in response.content.decode()
    assert not PupilProfile.objects.exists()
    with pytest.raises(ValidationError, match="At most 60"):
        services.create_pupils(actor=project.founder, space=project, names=[("A", "B")] * 61)


def test_each_line_is_validated_and_the_typed_list_kept(client):
    project = make_project()
    client.force_login(project.founder)
    names = "Ana García\nMadonna\nBob <script>"
    response = client.post(project.url("member-pupils"), {"form": "list", "list-names": names})
    page = response.content.decode()
    assert "Line 2 (Madonna): Give a first name and a last name." in page
    assert "Line 3" in page
    assert "Ana García\nMadonna" in page
    assert not PupilProfile.objects.exists()


def test_usernames_are_unique_whatever_their_case(monkeypatch):
    project = make_project()
    teacher_in("ES", username="Ana1234")
    candidates = iter(["ana1234", "ana1234", "ana5678"])
    monkeypatch.setattr(services, "generate_username", lambda first_name: next(candidates))
    [(pupil, _password)] = services.create_pupils(
        actor=project.founder, space=project, names=[("Ana", "García")]
    )
    assert pupil.username == "ana5678"


def test_generated_usernames_and_passwords_are_readable():
    assert passwords.username_base("Zoë-Élodie") == "zoeelodie"
    assert passwords.username_base("李") == "pupil"
    assert re.fullmatch(r"zoe\d{4}", passwords.generate_username("Zoë"))
    password = passwords.generate_password()
    assert re.fullmatch(r"[a-z]+-[a-z]+-[a-z]+-\d{2}", password)
    assert len(password) >= 12


def test_passwords_are_never_stored_in_clear(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    project = make_project()
    [(pupil, password)] = services.create_pupils(
        actor=project.founder, space=project, names=[("Ana", "García")]
    )
    pupil.refresh_from_db()
    assert password not in pupil.password
    assert identify_hasher(pupil.password).algorithm == "argon2"
    audit_entry = AuditEntry.objects.get(action="twinspace.create_pupils")
    assert password not in str(audit_entry.data)
    new_password = services.reset_pupil_password(actor=project.founder, pupil=pupil)
    pupil.refresh_from_db()
    assert new_password not in pupil.password
    assert new_password not in str(AuditEntry.objects.values_list("data", flat=True))


def test_groups_have_no_pupils(client):
    group = make_group()
    client.force_login(group.created_by)
    assert client.get(group.url("member-pupils")).status_code == 404
    with pytest.raises(ValidationError, match="Groups have no pupils"):
        services.create_pupils(actor=group.created_by, space=group, names=[("Ana", "García")])


# --- the pupils' login -------------------------------------------------------------


def test_a_created_pupil_logs_in_on_the_pupil_page_and_lands_on_their_desktop(client):
    project = make_project(title="River atlas")
    response = create_one(client, project, project.founder)
    [(username, password)] = sheet_rows(response)
    client.logout()
    page = client.get("/pupils/login/").content.decode()
    assert "Log in to your projects" in page
    response = client.post("/pupils/login/", {"username": username, "password": password})
    assert response.status_code == 302 and response["Location"] == "/desktop/"
    desktop = client.get("/desktop/").content.decode()
    assert 'id="panel-twinspace-my-projects"' in desktop
    assert "River atlas" in desktop
    assert 'id="panel-twinspace-invitations"' not in desktop


def test_a_teacher_cannot_log_in_on_the_pupil_page(client):
    teacher = teacher_in("ES", username="teacher1")
    response = client.post("/pupils/login/", {"username": "teacher1", "password": PASSWORD})
    assert response.status_code == 200
    assert "This page is for pupils. Teachers log in on the main login page." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert teacher.pk


def test_a_wrong_pupil_password_is_refused(client):
    make_pupil(teacher_in("ES"), username="kid7")
    response = client.post("/pupils/login/", {"username": "kid7", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", ["/search/", "/contacts/"])
def test_a_pupil_is_confined_to_their_desktop_and_projects(client, url):
    pupil = make_pupil(teacher_in("ES"))
    client.force_login(pupil)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/desktop/"


# --- reusing pupils ---------------------------------------------------------------


def test_a_teacher_reuses_their_pupils_in_another_project(client):
    teacher = teacher_in("ES")
    first, second = make_project(founder=teacher), make_project(founder=teacher, title="Second")
    [(pupil, _password)] = services.create_pupils(
        actor=teacher, space=first, names=[("Ana", "García")]
    )
    client.force_login(teacher)
    page = client.get(second.url("member-pupils")).content.decode()
    assert f"Ana García ({pupil.username})" in page
    response = client.post(
        second.url("member-pupils"), {"form": "existing", "existing-pupils": [pupil.pk]}
    )
    assert response.status_code == 302
    assert Membership.objects.get(space=second, user=pupil).role == Role.PUPIL
    page = client.get("/pupils/").content.decode()
    assert "Second" in page and first.title in page


def test_another_teacher_cannot_reuse_someone_elses_pupils(client):
    owner = teacher_in("ES")
    pupil = make_pupil(owner, first_name="Pablo")
    project = make_project()
    client.force_login(project.founder)
    page = client.get(project.url("member-pupils")).content.decode()
    assert pupil.username not in page
    response = client.post(
        project.url("member-pupils"), {"form": "existing", "existing-pupils": [pupil.pk]}
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user=pupil).exists()
    with pytest.raises(PermissionDenied, match="pupils whose accounts you created"):
        services.add_existing_pupils(actor=project.founder, space=project, pupils=[pupil])


def test_pupils_page_lists_only_my_pupils(client):
    teacher, other = teacher_in("ES"), teacher_in("FR")
    make_pupil(teacher, first_name="Mine", username="mine1")
    make_pupil(other, first_name="Theirs", username="theirs1")
    client.force_login(teacher)
    page = client.get("/pupils/").content.decode()
    assert "mine1" in page and "theirs1" not in page


# --- resetting a password ---------------------------------------------------------


def test_the_creating_teacher_resets_a_pupils_password(client):
    teacher = teacher_in("ES")
    pupil = make_pupil(teacher, username="kid9")
    client.force_login(teacher)
    response = client.post(f"/pupils/{pupil.pk}/reset-password/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    [(username, password)] = sheet_rows(response)
    assert username == "kid9"
    pupil.refresh_from_db()
    assert pupil.check_password(password) and not pupil.check_password(PASSWORD)


def test_only_the_creating_teacher_resets_a_pupils_password(client):
    pupil = make_pupil(teacher_in("ES"))
    project = make_project()
    add_member(project, user=pupil, role=Role.PUPIL)
    client.force_login(project.founder)
    assert client.post(f"/pupils/{pupil.pk}/reset-password/").status_code == 403
    assert client.get(f"/pupils/{pupil.pk}/reset-password/").status_code == 405
    pupil.refresh_from_db()
    assert pupil.check_password(PASSWORD)
    with pytest.raises(PermissionDenied):
        services.reset_pupil_password(actor=project.founder, pupil=pupil)


def test_a_pupils_desktop_shows_only_their_projects_and_core_panels():
    from core.views import desktop_panels

    teacher = teacher_in("ES")
    pupil = make_pupil(teacher)
    mine, other = make_project(founder=teacher, title="Mine"), make_project(title="Not mine")
    add_member(mine, user=pupil, role=Role.PUPIL)
    panels = {panel.key: panel for panel in desktop_panels(pupil)}
    assert set(panels) <= {"account", "notifications", "twinspace-my-projects"}
    assert panels["twinspace-my-projects"].context["spaces"] == [mine.space_ptr]
    assert other.pk not in [space.pk for space in panels["twinspace-my-projects"].context["spaces"]]
