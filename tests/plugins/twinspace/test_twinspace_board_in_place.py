"""Like, Pin and Comment happen in place with htmx (the update's card comes back, with
the messages for the live region), and stay plain forms that redirect without it."""

from __future__ import annotations

import pytest

from plugins.twinspace.board import services
from plugins.twinspace.models import Post, PostComment, PostLike, Role
from tests.factories.twinspace import add_member, make_project

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def project():
    return make_project()


@pytest.fixture
def post(project):
    return services.post_update(actor=project.founder, space=project, body="<p>Hello</p>")


@pytest.fixture
def pupil(project):
    return add_member(project, role=Role.PUPIL).user


def card_of(html: str, post: Post) -> str:
    assert html.lstrip().startswith("<article"), "the answer starts with the card itself"
    return html


def test_like_with_htmx_returns_only_the_card_with_the_new_count(client, project, post, pupil):
    client.force_login(pupil)
    response = client.post(
        project.url("post-like", post.pk), {"next": project.url("twinboard")}, **HTMX
    )
    assert response.status_code == 200
    html = card_of(response.text, post)
    assert PostLike.objects.filter(post=post, user=pupil).exists()
    assert f'id="post-{post.pk}"' in html
    assert "1 like" in html and 'aria-pressed="true"' in html and ">\n            Unlike" in html
    assert "<html" not in html and "site-header" not in html
    assert 'id="live-messages" hx-swap-oob="innerHTML"' in html
    assert "You like this update." in html
    assert "HX-Request" in response["Vary"]


def test_unlike_with_htmx_takes_the_like_back_in_the_card(client, project, post, pupil):
    services.like_post(actor=pupil, post=post)
    client.force_login(pupil)
    response = client.post(project.url("post-like", post.pk), **HTMX)
    assert not PostLike.objects.filter(post=post, user=pupil).exists()
    assert "0 likes" in response.text and 'aria-pressed="false"' in response.text
    assert "You no longer like this update." in response.text


def test_like_without_htmx_redirects_to_the_update_on_its_page(client, project, post, pupil):
    client.force_login(pupil)
    response = client.post(project.url("post-like", post.pk), {"next": project.url("twinboard")})
    assert response.status_code == 302
    assert response.url == project.url("twinboard") + f"#post-{post.pk}"
    assert "HX-Request" in response["Vary"]
    assert PostLike.objects.filter(post=post, user=pupil).exists()


def test_the_card_keeps_the_page_it_is_on_as_next(client, project, post, pupil):
    client.force_login(pupil)
    home = project.url("home")
    response = client.post(project.url("post-like", post.pk), {"next": home}, **HTMX)
    assert f'name="next" value="{home}"' in response.text
    assert project.url("post-like", post.pk) not in response.text.split('name="next"')[1][:80]


def test_pin_with_htmx_returns_the_card_marked_pinned(client, project, post):
    client.force_login(project.founder)
    response = client.post(project.url("post-pin", post.pk), **HTMX)
    post.refresh_from_db()
    assert post.pinned_at is not None
    assert "post-pinned" in response.text and ">Pinned<" in response.text
    assert ">Unpin<" in response.text
    assert "The update is pinned at the top of the Twinboard." in response.text
    assert "HX-Request" in response["Vary"]
    response = client.post(project.url("post-pin", post.pk), **HTMX)
    post.refresh_from_db()
    assert post.pinned_at is None
    assert "post-pinned" not in response.text and ">Pin<" in response.text


def test_pin_without_htmx_redirects_as_before(client, project, post):
    client.force_login(project.founder)
    response = client.post(project.url("post-pin", post.pk), {"next": project.url("home")})
    assert response.status_code == 302 and response.url == project.url("home")
    assert "HX-Request" in response["Vary"]
    post.refresh_from_db()
    assert post.pinned_at is not None


def test_pin_stays_refused_to_those_who_may_not_pin(client, project, post, pupil):
    client.force_login(pupil)
    assert client.post(project.url("post-pin", post.pk), **HTMX).status_code == 403
    post.refresh_from_db()
    assert post.pinned_at is None


def test_comment_with_htmx_returns_the_card_with_the_comment(client, project, post, pupil):
    client.force_login(pupil)
    response = client.post(
        project.url("post-comment", post.pk),
        {"body": "Nice river", "next": project.url("twinboard") + f"#post-{post.pk}"},
        **HTMX,
    )
    assert response.status_code == 200
    html = card_of(response.text, post)
    assert PostComment.objects.get(post=post).author == pupil
    assert "Nice river" in html and "1 comment" in html
    assert "Your comment was added." in html
    assert '<details class="add-comment">' in html, "the box folds again"
    assert "HX-Request" in response["Vary"]


def test_comment_without_htmx_redirects_as_before(client, project, post, pupil):
    client.force_login(pupil)
    target = project.url("twinboard") + f"#post-{post.pk}"
    response = client.post(project.url("post-comment", post.pk), {"body": "Hi", "next": target})
    assert response.status_code == 302 and response.url == target
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("body", ["", "long words " * 300])
def test_refused_comment_with_htmx_shows_the_error_in_the_card(client, project, post, pupil, body):
    client.force_login(pupil)
    response = client.post(project.url("post-comment", post.pk), {"body": body}, **HTMX)
    assert response.status_code == 200
    html = card_of(response.text, post)
    assert not PostComment.objects.exists()
    assert '<details class="add-comment" open>' in html
    assert 'aria-invalid="true"' in html
    assert f'id="id_comment_{post.pk}_body_error"' in html
    assert "<html" not in html
    if body:
        assert "long words long words" in html, "what was typed is kept"


def test_refused_comment_without_htmx_shows_the_update_page(client, project, post, pupil):
    client.force_login(pupil)
    response = client.post(project.url("post-comment", post.pk), {"body": ""})
    assert response.status_code == 200
    assert "<html" in response.text and "This field is required." in response.text
    assert "Please correct the following" in response.text


def test_the_card_on_the_updates_page_comes_back_as_the_detail_card(client, project, post, pupil):
    client.force_login(pupil)
    response = client.post(project.url("post-like", post.pk), {"card": "detail"}, **HTMX)
    assert "add-comment" not in response.text, "its page lists the comments below the card"
    assert 'name="card" value="detail"' in response.text


def test_the_twinboard_forms_post_in_place_and_still_work_without_javascript(client, project, post):
    client.force_login(project.founder)
    html = client.get(project.url("twinboard")).text
    for name in ("post-like", "post-pin", "post-comment"):
        url = project.url(name, post.pk)
        assert f'method="post" action="{url}" hx-post="{url}"' in html
    assert html.count('hx-target="closest .post-card" hx-swap="outerHTML"') == 3


def test_public_cards_never_show_a_pupils_initials(client, project, post):
    pupil_admin = add_member(project, role=Role.PUPIL_ADMIN).user
    pupil_admin.first_name, pupil_admin.last_name = "Zoe", "Quist"
    pupil_admin.save()
    services.post_update(actor=pupil_admin, space=project, body="<p>From the class</p>")
    services.comment_on_post(actor=pupil_admin, post=post, body="Hello from us")
    project.twinboard_public = True
    project.save()
    html = client.get(project.url("twinboard")).text
    assert "From the class" in html and "Hello from us" in html
    assert ">ZQ<" not in html and "Zoe" not in html
    assert html.count('avatar-anonymous" aria-hidden="true">?</span>') == 2
    client.force_login(project.founder)
    html = client.get(project.url("twinboard")).text
    assert ">ZQ<" in html, "members see the pupil's avatar inside the space"
