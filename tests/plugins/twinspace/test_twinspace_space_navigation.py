"""The space's sections: a column on wide screens and a folded menu on phones (both
work without JavaScript), the current section marked, breadcrumbs above, and never a
link to a section the visitor may not open."""

from __future__ import annotations

import re

import pytest

from plugins.twinspace.board import services
from plugins.twinspace.models import Role
from tests.factories.twinspace import add_member, make_group, make_project, make_pupil

pytestmark = pytest.mark.django_db

ALL = [
    "home",
    "about",
    "twinboard",
    "journal",
    "bulletin",
    "pages",
    "materials",
    "forums",
    "walls",
    "members",
    "settings",
]


def side_nav(html: str) -> str:
    return html.split('<nav class="space-nav space-nav-side', 1)[1].split("</nav>", 1)[0]


def phone_menu(html: str) -> str:
    return html.split('<details class="space-nav space-nav-menu', 1)[1].split("</details>", 1)[0]


def links(fragment: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', fragment)


@pytest.fixture
def project():
    return make_project()


def test_the_sections_are_a_side_column_and_a_folded_phone_menu(client, project):
    client.force_login(project.founder)
    html = client.get(project.url("twinboard")).text
    side, menu = side_nav(html), phone_menu(html)
    assert 'd-none d-lg-block" aria-label="Sections of this space"' in html
    assert '<details class="space-nav space-nav-menu d-lg-none">' in html, "folded by default"
    assert "<summary>" in menu and "Sections of this space" in menu
    assert '<span class="space-nav-menu-current">Twinboard</span>' in menu
    assert links(side) == links(menu) == [project.url(name) for name in ALL]
    assert "space-tabs" not in html


def test_the_current_section_is_marked_in_both(client, project):
    client.force_login(project.founder)
    html = client.get(project.url("forums")).text
    for nav in (side_nav(html), phone_menu(html)):
        assert re.findall(r'aria-current="page">([^<]+)<', nav) == ["Forums"]


def test_a_page_below_a_section_marks_the_section(client, project):
    post = services.post_update(actor=project.founder, space=project, body="<p>Hi</p>")
    client.force_login(project.founder)
    html = client.get(project.url("post", post.pk)).text
    side = side_nav(html)
    assert f'href="{project.url("twinboard")}" aria-current="true">Twinboard<' in side
    assert 'aria-current="page"' not in side
    assert '<li class="breadcrumb-item active" aria-current="page">Update</li>' in html


def test_breadcrumbs_lead_from_the_desktop_through_the_projects(client, project):
    client.force_login(project.founder)
    html = client.get(project.url("members")).text
    crumbs = html.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert links(crumbs) == ["/desktop/", "/projects/", project.url("home")]
    assert crumbs.rstrip().endswith('aria-current="page">Members</li>')


def test_the_space_header_has_the_one_h1_with_the_space_name(client, project):
    client.force_login(project.founder)
    html = client.get(project.url("journal")).text
    assert html.count("<h1") == 1
    assert (
        f'<h1 class="space-title"><a href="{project.url("home")}">{project.title}</a></h1>' in html
    )


def test_a_pupil_sees_only_the_sections_a_pupil_may_open(client, project):
    pupil = make_pupil(project.founder)
    add_member(project, user=pupil, role=Role.PUPIL)
    client.force_login(pupil)
    html = client.get(project.url("home")).text
    names = [n for n in ALL if n not in ("bulletin", "settings")]
    assert links(side_nav(html)) == [project.url(name) for name in names]
    crumbs = html.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert "/projects/" not in links(crumbs), "the projects list is not for pupils"
    for url in links(side_nav(html)):
        assert client.get(url).status_code == 200, url


def test_every_section_shown_to_a_member_opens(client, project):
    for role in (Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN):
        person = add_member(project, role=role).user
        client.force_login(person)
        html = client.get(project.url("home")).text
        for url in links(side_nav(html)):
            assert client.get(url).status_code == 200, (role, url)


def test_a_visitor_sees_the_public_sections_only(client, project):
    html = client.get(project.url("journal")).text
    assert links(side_nav(html)) == [project.url(n) for n in ("home", "about", "journal")]
    crumbs = html.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert "/desktop/" not in crumbs


def test_a_group_leads_through_the_groups_and_has_no_project_sections(client):
    group = make_group()
    client.force_login(group.created_by)
    html = client.get(group.url("home")).text
    side = side_nav(html)
    assert group.url("home") in links(side)
    assert "about" not in side and "walls" not in side
    crumbs = html.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert "/groups/" in links(crumbs)


def test_a_guest_sees_no_walls_no_bulletin_and_no_settings(client, project):
    from django.utils import timezone

    from plugins.twinspace.models import GuestAccess
    from tests.factories.twinspace import teacher_in

    juror = teacher_in("IT")
    GuestAccess.objects.create(
        space=project, user=juror, expires_at=timezone.now() + timezone.timedelta(days=3)
    )
    client.force_login(juror)
    html = client.get(project.url("home")).text
    names = [n for n in ALL if n not in ("bulletin", "walls", "settings")]
    assert links(side_nav(html)) == [project.url(name) for name in names]
    for url in links(side_nav(html)):
        assert client.get(url).status_code == 200, url
    assert "You are a guest of this space" in html
