"""The pages of a space through the real views: tree, page, writing, deleting, reordering."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from plugins.twinspace.models import GuestAccess, Page, Role, Space
from plugins.twinspace.pages import services
from tests.factories import TeacherFactory
from tests.factories.twinspace import add_member, make_group, make_project

pytestmark = pytest.mark.django_db

ARCHIVED_MESSAGE = "This space is archived: it can be read but not changed."


@pytest.fixture
def project():
    return make_project()


def member(space, role):
    return add_member(space, role=role).user


def page_by(space, author, title="A page", **kwargs):
    return services.create_page(actor=author, space=space, title=title, **kwargs)


def as_user(client, user):
    client.force_login(user)
    return client


# --- the tree ----------------------------------------------------------------------


def test_tree_shows_pages_with_their_subpages_in_order(client, project):
    founder = project.founder
    second = page_by(project, founder, title="Second top", status="published")
    first = page_by(project, founder, title="First top", status="published")
    services.move_page(actor=founder, page=first, direction="up")
    child = page_by(project, founder, title="A subpage", status="published", parent=first)
    page_by(project, founder, title="A sub-subpage", status="published", parent=child)
    response = as_user(client, member(project, Role.PUPIL)).get(project.url("pages"))
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(t) for t in ("First top", "A subpage", "A sub-subpage", "Second top")]
    assert order == sorted(order)
    assert second.pk


def test_pupils_do_not_see_drafts_in_the_tree(client, project):
    page_by(project, project.founder, title="Secret draft")
    page_by(project, project.founder, title="Open page", status="published")
    html = as_user(client, member(project, Role.PUPIL)).get(project.url("pages")).content.decode()
    assert "Open page" in html
    assert "Secret draft" not in html
    assert "New page" not in html


def test_teachers_see_their_own_drafts_but_not_other_teachers_drafts(client, project):
    teacher = member(project, Role.TEACHER)
    page_by(project, teacher, title="My own draft")
    page_by(project, member(project, Role.TEACHER), title="Their draft")
    html = as_user(client, teacher).get(project.url("pages")).content.decode()
    assert "My own draft" in html
    assert "Their draft" not in html
    assert "New page" in html


def test_visitor_is_asked_to_log_in_for_the_pages(client, project):
    response = client.get(project.url("pages"))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_non_member_cannot_see_the_pages(client, project):
    response = as_user(client, TeacherFactory()).get(project.url("pages"))
    assert response.status_code == 403


def test_guest_reads_published_pages_but_no_drafts_and_cannot_write(client, project):
    page_by(project, project.founder, title="Open page", status="published")
    page_by(project, project.founder, title="Secret draft")
    guest = TeacherFactory()
    GuestAccess.objects.create(
        space=project, user=guest, expires_at=timezone.now() + timedelta(days=3)
    )
    as_user(client, guest)
    html = client.get(project.url("pages")).content.decode()
    assert "Open page" in html
    assert "Secret draft" not in html
    response = client.post(project.url("page-new"), {"title": "Guest page", "status": "draft"})
    assert response.status_code == 403
    assert "Guests can read this space but not change it." in response.content.decode()


def test_pages_work_in_groups_too(client):
    group = make_group()
    page = page_by(group, group.created_by, title="Group page", status="published")
    response = as_user(client, group.created_by).get(group.url("page", page.pk))
    assert response.status_code == 200
    assert "Group page" in response.content.decode()


# --- one page ----------------------------------------------------------------------


def test_page_shows_breadcrumbs_content_and_subpages(client, project):
    founder = project.founder
    top = page_by(project, founder, title="Top page", status="published")
    middle = page_by(project, founder, title="Middle page", status="published", parent=top)
    page_by(project, founder, title="Under middle", status="published", parent=middle)
    page_by(project, founder, title="Hidden under", parent=middle)
    services.edit_page(
        actor=founder, page=middle, title="Middle page", body="Rivers <b>flow</b>",
        status="published",
    )  # fmt: skip
    html = as_user(client, member(project, Role.PUPIL)).get(project.url("page", middle.pk))
    html = html.content.decode()
    assert f'href="{project.url("page", top.pk)}"' in html
    assert "Rivers <b>flow</b>" in html
    assert "Under middle" in html
    assert "Hidden under" not in html
    assert "Edit this page" not in html


def test_draft_is_404_for_pupils_and_other_teachers(client, project):
    teacher = member(project, Role.TEACHER)
    draft = page_by(project, teacher, title="Draft")
    url = project.url("page", draft.pk)
    assert as_user(client, member(project, Role.PUPIL)).get(url).status_code == 404
    assert as_user(client, member(project, Role.TEACHER)).get(url).status_code == 404
    assert as_user(client, member(project, Role.OBSERVER)).get(url).status_code == 404
    assert as_user(client, teacher).get(url).status_code == 200
    assert as_user(client, project.founder).get(url).status_code == 200


def test_published_subpage_of_a_hidden_draft_is_hidden_too(client, project):
    draft = page_by(project, project.founder, title="Draft")
    child = page_by(project, project.founder, title="Child", status="published", parent=draft)
    response = as_user(client, member(project, Role.PUPIL)).get(project.url("page", child.pk))
    assert response.status_code == 404


def test_visitor_cannot_read_a_page(client, project):
    page = page_by(project, project.founder, status="published")
    response = client.get(project.url("page", page.pk))
    assert response.status_code == 302


def test_page_of_another_space_is_404(client, project):
    other = make_project()
    page = page_by(other, other.founder, status="published")
    response = as_user(client, project.founder).get(project.url("page", page.pk))
    assert response.status_code == 404


# --- creating ----------------------------------------------------------------------


def test_pupil_admin_creates_a_page(client, project):
    pupil_admin = member(project, Role.PUPIL_ADMIN)
    response = as_user(client, pupil_admin).post(
        project.url("page-new"),
        {"title": "Our school", "content": "Hello <script>x</script>", "status": "published"},
    )
    page = Page.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.url("page", page.pk)
    assert (page.title, page.author, page.status) == ("Our school", pupil_admin, "published")
    assert "script" not in page.body


@pytest.mark.parametrize("role", [Role.PUPIL, Role.OBSERVER], ids=str)
def test_pupils_and_observers_cannot_create_pages(client, project, role):
    response = as_user(client, member(project, role)).post(
        project.url("page-new"), {"title": "Mine", "status": "published"}
    )
    assert response.status_code == 403
    assert "Your role in this space does not allow this." in response.content.decode()
    assert not Page.objects.exists()


def test_new_subpage_form_preselects_the_parent(client, project):
    top = page_by(project, project.founder, title="Top")
    response = as_user(client, project.founder).get(f"{project.url('page-new')}?parent={top.pk}")
    assert f'<option value="{top.pk}" selected>Top</option>' in response.content.decode()
    response = client.post(
        f"{project.url('page-new')}?parent={top.pk}",
        {"title": "Sub", "status": "draft", "parent": str(top.pk)},
    )
    assert Page.objects.get(title="Sub").parent == top


def test_bad_input_keeps_what_was_typed(client, project):
    response = as_user(client, project.founder).post(
        project.url("page-new"), {"title": "", "content": "Typed text", "status": "draft"}
    )
    assert response.status_code == 200
    assert "Typed text" in response.content.decode()
    assert not Page.objects.exists()


def test_depth_limit_is_explained_in_the_form(client, project):
    one = page_by(project, project.founder, title="1")
    two = page_by(project, project.founder, title="2", parent=one)
    three = page_by(project, project.founder, title="3", parent=two)
    other = page_by(project, project.founder, title="Other")
    page_by(project, project.founder, title="Other child", parent=other)
    response = as_user(client, project.founder).post(
        project.url("page-edit", other.pk),
        {"title": "Other", "content": "", "status": "draft", "parent": str(two.pk)},
    )
    assert response.status_code == 200
    assert "Pages can be nested at most 3 levels deep" in response.content.decode()
    # A third-level page is not offered as a parent at all.
    assert f'value="{three.pk}"' not in response.content.decode()


def test_ancestor_loop_is_refused_in_the_form(client, project):
    top = page_by(project, project.founder, title="Top")
    child = page_by(project, project.founder, title="Child", parent=top)
    response = as_user(client, project.founder).post(
        project.url("page-edit", top.pk),
        {"title": "Top", "status": "draft", "parent": str(child.pk)},
    )
    assert response.status_code == 200
    # Its own subpages are not offered; a forged choice is refused.
    assert "Select a valid choice." in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


# --- editing -----------------------------------------------------------------------


def test_teacher_edits_own_page_but_not_another_teachers(client, project):
    teacher = member(project, Role.TEACHER)
    own = page_by(project, teacher, title="Own", status="published")
    theirs = page_by(project, member(project, Role.TEACHER), title="Theirs", status="published")
    as_user(client, teacher)
    assert client.get(project.url("page-edit", own.pk)).status_code == 200
    response = client.post(
        project.url("page-edit", own.pk), {"title": "Own, edited", "status": "published"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Own, edited"
    response = client.post(
        project.url("page-edit", theirs.pk), {"title": "Taken", "status": "published"}
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"
    assert "Edit this page" not in client.get(project.url("page", theirs.pk)).content.decode()


def test_expert_edits_any_page(client, project):
    page = page_by(project, member(project, Role.TEACHER), title="Teacher's draft")
    response = as_user(client, member(project, Role.EXPERT)).post(
        project.url("page-edit", page.pk), {"title": "Improved", "status": "published"}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.title, page.status) == ("Improved", "published")


def test_archived_space_shows_pages_but_refuses_changes(client, project):
    page = page_by(project, project.founder, title="Kept", status="published")
    Space.objects.filter(pk=project.pk).update(state=Space.State.ARCHIVED)
    as_user(client, project.founder)
    html = client.get(project.url("page", page.pk)).content.decode()
    assert "Kept" in html
    assert "Edit this page" not in html
    response = client.post(project.url("page-edit", page.pk), {"title": "X", "status": "draft"})
    assert response.status_code == 403
    assert ARCHIVED_MESSAGE in response.content.decode()
    response = client.post(project.url("page-new"), {"title": "X", "status": "draft"})
    assert response.status_code == 403


# --- deleting ----------------------------------------------------------------------


def test_delete_confirmation_says_subpages_go_too(client, project):
    top = page_by(project, project.founder, title="Top", status="published")
    page_by(project, project.founder, title="Sub", parent=top)
    as_user(client, project.founder)
    html = client.get(project.url("page-delete", top.pk)).content.decode()
    assert "This page has 1 subpage. Deleting the page also deletes it." in html
    response = client.post(project.url("page-delete", top.pk))
    assert response.status_code == 302
    assert response["Location"] == project.url("pages")
    assert not Page.objects.exists()


def test_teacher_cannot_delete_another_teachers_page(client, project):
    page = page_by(project, member(project, Role.TEACHER), status="published")
    response = as_user(client, member(project, Role.TEACHER)).post(
        project.url("page-delete", page.pk)
    )
    assert response.status_code == 403
    assert Page.objects.filter(pk=page.pk).exists()


# --- reordering --------------------------------------------------------------------


def test_teacher_admin_reorders_pages_without_javascript(client, project):
    a = page_by(project, project.founder, title="Alpha", status="published")
    b = page_by(project, project.founder, title="Beta", status="published")
    as_user(client, project.founder)
    html = client.get(project.url("pages-reorder")).content.decode()
    assert "Move “Beta” up" in html
    assert "Move “Alpha” up" not in html  # already first
    response = client.post(project.url("pages-reorder"), {"page": b.pk, "direction": "up"})
    assert response.status_code == 302
    titles = list(Page.objects.order_by("position").values_list("title", flat=True))
    assert titles == ["Beta", "Alpha"]
    assert a.pk


@pytest.mark.parametrize("role", [Role.TEACHER, Role.EXPERT, Role.PUPIL_ADMIN], ids=str)
def test_only_teacher_admins_may_reorder(client, project, role):
    page_by(project, project.founder, title="Alpha")
    b = page_by(project, project.founder, title="Beta")
    as_user(client, member(project, role))
    assert client.get(project.url("pages-reorder")).status_code == 403
    response = client.post(project.url("pages-reorder"), {"page": b.pk, "direction": "up"})
    assert response.status_code == 403
    assert Page.objects.get(pk=b.pk).position == 1
    assert "Change the order of the pages" not in client.get(project.url("pages")).content.decode()
