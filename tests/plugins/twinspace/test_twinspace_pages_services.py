"""Pages services: who may create, edit, delete and reorder pages, and the tree's rules."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry
from plugins.twinspace.models import Page, Role, Space
from plugins.twinspace.pages import services
from plugins.twinspace.policy import access_for
from tests.factories.twinspace import add_member, make_group, make_project

pytestmark = pytest.mark.django_db

ARCHIVED_MESSAGE = "This space is archived: it can be read but not changed."
ROLE_MESSAGE = "Your role in this space does not allow this."


@pytest.fixture
def project():
    return make_project()


def member(space, role):
    return add_member(space, role=role).user


def page_by(space, author, title="A page", **kwargs):
    return services.create_page(actor=author, space=space, title=title, **kwargs)


# --- who may create ----------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.TEACHER_ADMIN, Role.TEACHER, Role.EXPERT, Role.PUPIL_ADMIN], ids=str
)
def test_editors_can_create_pages(project, role):
    author = member(project, role)
    page = page_by(project, author, title="  Our rivers  ", body="First <b>line</b>")
    assert page.title == "Our rivers"
    assert page.author == author
    assert page.status == Page.Status.DRAFT


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.PUPIL], ids=str)
def test_observers_and_pupils_cannot_create_pages(project, role):
    with pytest.raises(PermissionDenied, match=ROLE_MESSAGE):
        page_by(project, member(project, role))
    assert not Page.objects.exists()


def test_non_member_cannot_create_pages(project):
    outsider = add_member(make_project(), role=Role.TEACHER).user
    with pytest.raises(PermissionDenied):
        page_by(project, outsider)


def test_archived_space_refuses_new_pages(project):
    Space.objects.filter(pk=project.pk).update(state=Space.State.ARCHIVED)
    project.refresh_from_db()
    with pytest.raises(PermissionDenied, match=ARCHIVED_MESSAGE):
        page_by(project, project.founder)


def test_page_content_is_sanitised(project):
    page = page_by(
        project,
        project.founder,
        body='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:x">l</a></p>',
    )
    assert "script" not in page.body
    assert "onclick" not in page.body
    assert "javascript" not in page.body
    assert "Hi" in page.body


def test_plain_text_keeps_its_paragraphs(project):
    page = page_by(project, project.founder, body="One\n\nTwo")
    assert page.body == "<p>One</p>\n\n<p>Two</p>"


def test_a_page_needs_a_title(project):
    with pytest.raises(ValidationError, match=re.escape("Please give the page a title.")):
        page_by(project, project.founder, title="   ")


def test_new_pages_go_to_the_end_of_their_siblings(project):
    first = page_by(project, project.founder, title="One")
    second = page_by(project, project.founder, title="Two")
    child = page_by(project, project.founder, title="Child", parent=first)
    assert (first.position, second.position, child.position) == (0, 1, 0)


# --- who may edit ------------------------------------------------------------------


def test_teacher_edits_own_page(project):
    teacher = member(project, Role.TEACHER)
    page = page_by(project, teacher)
    services.edit_page(actor=teacher, page=page, title="Renamed", body="x", status="published")
    page.refresh_from_db()
    assert (page.title, page.status) == ("Renamed", "published")


def test_teacher_cannot_edit_another_teachers_page(project):
    page = page_by(project, member(project, Role.TEACHER))
    other = member(project, Role.TEACHER)
    with pytest.raises(PermissionDenied, match=ROLE_MESSAGE):
        services.edit_page(actor=other, page=page, title="Mine now")
    page.refresh_from_db()
    assert page.title == "A page"


@pytest.mark.parametrize("role", [Role.TEACHER_ADMIN, Role.EXPERT, Role.PUPIL_ADMIN], ids=str)
def test_admins_experts_and_pupil_admins_edit_any_page(project, role):
    page = page_by(project, member(project, Role.TEACHER))
    services.edit_page(actor=member(project, role), page=page, title="Edited")
    page.refresh_from_db()
    assert page.title == "Edited"


def test_archived_space_refuses_edits(project):
    page = page_by(project, project.founder)
    Space.objects.filter(pk=project.pk).update(state=Space.State.ARCHIVED)
    page = Page.objects.get(pk=page.pk)
    with pytest.raises(PermissionDenied, match=ARCHIVED_MESSAGE):
        services.edit_page(actor=project.founder, page=page, title="Edited")


# --- the tree's rules --------------------------------------------------------------


def test_parent_must_be_in_the_same_space(project):
    other_space = make_group()
    foreign = page_by(other_space, other_space.created_by)
    with pytest.raises(
        ValidationError, match=re.escape("The parent page must be a page of this space.")
    ):
        page_by(project, project.founder, parent=foreign)


def test_page_cannot_become_its_own_ancestor(project):
    top = page_by(project, project.founder, title="Top")
    child = page_by(project, project.founder, title="Child", parent=top)
    message = "A page cannot be placed under itself or under one of its own subpages."
    with pytest.raises(ValidationError, match=message):
        services.edit_page(actor=project.founder, page=top, title="Top", parent=child)
    with pytest.raises(ValidationError, match=message):
        services.edit_page(actor=project.founder, page=top, title="Top", parent=top)
    top.refresh_from_db()
    assert top.parent_id is None


def test_pages_nest_at_most_three_levels(project):
    one = page_by(project, project.founder, title="1")
    two = page_by(project, project.founder, title="2", parent=one)
    three = page_by(project, project.founder, title="3", parent=two)
    with pytest.raises(ValidationError, match="at most 3 levels deep"):
        page_by(project, project.founder, title="4", parent=three)
    assert services.depth_of(Page.objects.select_related("parent__parent").get(pk=three.pk)) == 3


def test_moving_a_page_with_subpages_respects_the_depth_limit(project):
    one = page_by(project, project.founder, title="1")
    two = page_by(project, project.founder, title="2", parent=one)
    other = page_by(project, project.founder, title="Other")
    page_by(project, project.founder, title="Other's child", parent=other)
    # "Other" has a subpage: under "2" its subpage would be a fourth level.
    with pytest.raises(ValidationError, match="at most 3 levels deep"):
        services.edit_page(actor=project.founder, page=other, title="Other", parent=two)
    services.edit_page(actor=project.founder, page=other, title="Other", parent=one)
    other.refresh_from_db()
    assert other.parent_id == one.pk


def test_teacher_cannot_put_a_page_under_another_teachers_draft(project):
    draft = page_by(project, member(project, Role.TEACHER), title="Hidden draft")
    other = member(project, Role.TEACHER)
    with pytest.raises(
        ValidationError, match=re.escape("The parent page must be a page of this space.")
    ):
        page_by(project, other, parent=draft)


# --- drafts ------------------------------------------------------------------------


def test_drafts_are_visible_only_to_those_who_may_edit_them(project):
    teacher = member(project, Role.TEACHER)
    draft = page_by(project, teacher, title="Draft")
    published = page_by(project, project.founder, title="Published", status="published")
    founder_draft = page_by(project, project.founder, title="Founder's draft")

    def seen_by(user):
        return set(
            services.visible_pages(access_for(user, project)).values_list("title", flat=True)
        )

    everything = {"Draft", "Published", "Founder's draft"}
    assert seen_by(project.founder) == everything
    assert seen_by(member(project, Role.EXPERT)) == everything
    assert seen_by(member(project, Role.PUPIL_ADMIN)) == everything
    assert seen_by(teacher) == {"Draft", "Published"}
    assert seen_by(member(project, Role.TEACHER)) == {"Published"}
    assert seen_by(member(project, Role.PUPIL)) == {"Published"}
    assert seen_by(member(project, Role.OBSERVER)) == {"Published"}
    assert draft.pk and published.pk and founder_draft.pk


# --- deleting ----------------------------------------------------------------------


def test_deleting_a_page_deletes_its_subpages_and_is_audited(project):
    top = page_by(project, project.founder, title="Top")
    child = page_by(project, project.founder, title="Child", parent=top)
    page_by(project, project.founder, title="Grandchild", parent=child)
    keep = page_by(project, project.founder, title="Keep")
    assert services.delete_page(actor=project.founder, page=top) == 3
    assert list(Page.objects.values_list("title", flat=True)) == ["Keep"]
    keep.refresh_from_db()
    assert keep.position == 0
    entry = AuditEntry.objects.get(action="twinspace.page_deleted")
    assert entry.actor == project.founder
    assert entry.data["subpages"] == 2


def test_teacher_cannot_delete_another_teachers_page(project):
    page = page_by(project, member(project, Role.TEACHER))
    with pytest.raises(PermissionDenied):
        services.delete_page(actor=member(project, Role.TEACHER), page=page)
    assert Page.objects.filter(pk=page.pk).exists()


# --- ordering ----------------------------------------------------------------------


def _titles(space, parent=None):
    return list(
        Page.objects.filter(space=space, parent=parent)
        .order_by("position", "pk")
        .values_list("title", flat=True)
    )


def test_teacher_admin_moves_pages_among_their_siblings(project):
    a, b, c = (page_by(project, project.founder, title=t) for t in "ABC")
    child = page_by(project, project.founder, title="child", parent=a)
    assert services.move_page(actor=project.founder, page=c, direction="up")
    assert _titles(project) == ["A", "C", "B"]
    assert services.move_page(actor=project.founder, page=a, direction="down")
    assert _titles(project) == ["C", "A", "B"]
    assert not services.move_page(
        actor=project.founder, page=Page.objects.get(title="C"), direction="up"
    )
    assert list(
        Page.objects.filter(parent=None).order_by("position").values_list("position", flat=True)
    ) == [0, 1, 2]
    # Subpages are not siblings of top-level pages.
    assert not services.move_page(actor=project.founder, page=child, direction="up")
    assert b.pk


def test_positions_become_consistent_again_when_moving(project):
    a, b, c = (page_by(project, project.founder, title=t) for t in "ABC")
    Page.objects.filter(pk__in=[a.pk, b.pk, c.pk]).update(position=7)
    services.move_page(actor=project.founder, page=c, direction="up")
    assert _titles(project) == ["A", "C", "B"]
    positions = sorted(Page.objects.values_list("position", flat=True))
    assert positions == [0, 1, 2]


@pytest.mark.parametrize(
    "role", [Role.TEACHER, Role.EXPERT, Role.OBSERVER, Role.PUPIL_ADMIN, Role.PUPIL], ids=str
)
def test_only_teacher_admins_reorder_pages(project, role):
    a = page_by(project, project.founder, title="A")
    b = page_by(project, project.founder, title="B")
    with pytest.raises(PermissionDenied, match=ROLE_MESSAGE):
        services.move_page(actor=member(project, role), page=b, direction="up")
    assert _titles(project) == ["A", "B"]
    assert a.pk


def test_move_direction_must_be_up_or_down(project):
    page = page_by(project, project.founder)
    with pytest.raises(
        ValidationError, match=re.escape("Please choose to move the page up or down.")
    ):
        services.move_page(actor=project.founder, page=page, direction="sideways")
