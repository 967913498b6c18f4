"""The Twinboard REST routes at /api/v1/spaces/{space_id}/twinboard."""

from __future__ import annotations

import pytest

from plugins.twinspace.board import services
from plugins.twinspace.models import Post, Role, Space
from tests.factories.twinspace import add_member, make_project, teacher_in

pytestmark = pytest.mark.django_db


def url(space) -> str:
    return f"/api/v1/spaces/{space.pk}/twinboard"


def test_twinboard_route_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = schema["paths"]["/api/v1/spaces/{space_id}/twinboard"]
    assert {"get", "post"} <= set(operations)


def test_member_lists_updates_pinned_first_with_counters(client):
    project = make_project()
    pinned = services.post_update(actor=project.founder, space=project, body="<b>pinned</b>")
    services.post_update(actor=project.founder, space=project, body="newer<script>x</script>")
    services.pin_post(actor=project.founder, post=pinned)
    observer = add_member(project, role=Role.OBSERVER).user
    services.like_post(actor=observer, post=pinned)
    services.comment_on_post(actor=observer, post=pinned, body="ok")
    client.force_login(observer)
    data = client.get(url(project)).json()
    assert data["count"] == 2
    first, second = data["items"]
    assert first["id"] == pinned.pk and first["pinned"] is True
    assert first["like_count"] == 1 and first["comment_count"] == 1
    assert first["author"] == project.founder.display_name()
    assert "<script>" not in second["body"] and "x" not in second["body"].replace("newer", "")
    assert set(first) == {
        "id", "body", "author", "created_at", "pinned", "like_count", "comment_count"
    }  # fmt: skip


def test_limit_and_offset_paginate(client):
    project = make_project()
    for number in range(5):
        services.post_update(actor=project.founder, space=project, body=f"u{number}")
    client.force_login(project.founder)
    data = client.get(url(project), {"limit": 2, "offset": 2}).json()
    assert data["count"] == 5 and len(data["items"]) == 2


def test_erased_author_is_null(client):
    project = make_project()
    post = services.post_update(actor=project.founder, space=project, body="x")
    Post.objects.filter(pk=post.pk).update(author=None)
    client.force_login(project.founder)
    assert client.get(url(project)).json()["items"][0]["author"] is None


def test_visitor_gets_403_unless_the_twinboard_is_public(client):
    project = make_project()
    response = client.get(url(project))
    assert response.status_code == 403
    assert response.json()["detail"] == "The Twinboard of this space is for its members."
    public = make_project(twinboard_public=True, title="Open board")
    services.post_update(actor=public.founder, space=public, body="hello")
    assert client.get(url(public)).json()["count"] == 1


def test_pending_or_unknown_space_is_404(client):
    project = make_project(state=Space.State.PENDING_APPROVAL)
    assert client.get(url(project)).status_code == 404
    response = client.get("/api/v1/spaces/999999/twinboard")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such space."


def test_teacher_posts_an_update(client):
    project = make_project()
    client.force_login(project.founder)
    response = client.post(
        url(project), {"body": "<p>From the API</p>"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["body"] == "<p>From the API</p>"
    assert Post.objects.get().channel == Post.Channel.TWINBOARD


def test_observer_cannot_post_through_the_api(client):
    project = make_project()
    client.force_login(add_member(project, role=Role.OBSERVER).user)
    response = client.post(url(project), {"body": "hi"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Your role in this space does not allow this."
    assert not Post.objects.exists()


def test_outsider_and_visitor_cannot_post(client):
    project = make_project(twinboard_public=True)
    assert (
        client.post(url(project), {"body": "x"}, content_type="application/json").status_code == 401
    )
    client.force_login(teacher_in("DE"))
    assert (
        client.post(url(project), {"body": "x"}, content_type="application/json").status_code == 403
    )


def test_archived_space_refuses_api_posts_with_the_archived_message(client):
    project = make_project(state=Space.State.ARCHIVED)
    client.force_login(project.founder)
    response = client.post(url(project), {"body": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "This space is archived: it can be read but not changed."


def test_empty_update_is_422(client):
    project = make_project()
    client.force_login(project.founder)
    response = client.post(url(project), {"body": "   "}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == "Please write a message."
