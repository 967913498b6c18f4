"""The teacher's support pages, desktop panel and menu entry."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from core.models import SupportMessage, SupportRequest
from core.support import services
from tests.factories import PupilFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask(teacher, question="How do I find a partner?") -> SupportRequest:
    return services.open_support_request(
        actor=teacher, topic=SupportRequest.Topic.PARTNERS, question=question
    )


def test_support_pages_need_a_login(client):
    response = client.get(reverse("core:support"))
    assert response.status_code == 302
    assert reverse("core:login") in response.url


def test_teacher_asks_through_the_form_and_the_nss_is_notified(
    client, teacher, nss_es, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    page = client.get(reverse("core:support-new"))
    assert "Running a project" in page.text
    assert 'name="project_title"' in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:support-new"),
            {"topic": "project", "project_title": "Our river", "question": "Can pupils join?"},
        )
    support_request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("core:support-detail", args=[support_request.pk])
    assert support_request.project_title == "Our river"
    assert [message.to for message in mail.outbox] == [[nss_es.email]]


@pytest.mark.parametrize(
    ("question", "error"),
    [("", "This field is required."), ("x" * 5001, "at most 5000 characters")],
)
def test_empty_or_too_long_question_is_refused_with_a_message(client, teacher, question, error):
    client.force_login(teacher)
    response = client.post(reverse("core:support-new"), {"topic": "other", "question": question})
    assert response.status_code == 200
    assert error in response.text
    assert not SupportRequest.objects.exists()


def test_teacher_without_school_sees_why_they_cannot_ask(client):
    # Teachers still choosing a school are kept on that step; any other one is told why.
    teacher = UserFactory(state="rejected")
    client.force_login(teacher)
    response = client.post(reverse("core:support-new"), {"topic": "other", "question": "Help"})
    assert response.status_code == 200
    assert "choose your school" in response.text
    assert 'role="alert"' in response.text
    assert not SupportRequest.objects.exists()


def test_pupils_cannot_use_the_support_pages(client):
    client.force_login(PupilFactory())
    # Pupils are kept to their own pages, and the view refuses them on its own as well.
    assert client.get(reverse("core:support"))["Location"] == reverse("core:desktop")
    response = client.post(reverse("core:support-new"), {"topic": "other", "question": "Hi"})
    assert response["Location"] == reverse("core:desktop")
    assert not SupportRequest.objects.exists()


def test_conversation_shows_question_and_messages_escaped_with_authors(client, teacher, nss_es):
    support_request = ask(teacher, question="Line one\nLine <b>two</b>")
    services.answer_support_request(
        actor=nss_es, support_request=support_request, body="<script>alert(1)</script>"
    )
    client.force_login(teacher)
    response = client.get(reverse("core:support-detail", args=[support_request.pk]))
    assert response.status_code == 200
    assert "Line one<br>Line &lt;b&gt;two&lt;/b&gt;" in response.text
    assert "&lt;script&gt;" in response.text
    assert "<script>alert" not in response.text
    assert nss_es.display_name() in response.text
    assert response.text.count("<h1") == 1


def test_other_teachers_get_404_on_someone_elses_request(client, teacher, make_teacher):
    support_request = ask(teacher)
    client.force_login(make_teacher("ES"))
    for name in ("core:support-detail",):
        assert client.get(reverse(name, args=[support_request.pk])).status_code == 404
    for name in ("core:support-reply", "core:support-close"):
        assert (
            client.post(reverse(name, args=[support_request.pk]), {"body": "x"}).status_code == 404
        )
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.OPEN
    assert not SupportMessage.objects.exists()


def test_teacher_replies_and_closes_from_the_page(client, teacher, nss_es):
    support_request = ask(teacher)
    services.answer_support_request(actor=nss_es, support_request=support_request, body="A")
    client.force_login(teacher)
    response = client.post(
        reverse("core:support-reply", args=[support_request.pk]), {"body": "Follow-up"}
    )
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.OPEN
    response = client.post(reverse("core:support-close", args=[support_request.pk]), follow=True)
    assert "The request is closed." in response.text
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.CLOSED
    assert (
        f'action="{reverse("core:support-reply", args=[support_request.pk])}"' not in response.text
    )


def test_reply_to_a_closed_request_is_refused_with_a_clear_message(client, teacher):
    support_request = ask(teacher)
    services.close_support_request(actor=teacher, support_request=support_request)
    client.force_login(teacher)
    response = client.post(
        reverse("core:support-reply", args=[support_request.pk]), {"body": "Again"}, follow=True
    )
    assert "closed and takes no more messages" in response.text
    assert not SupportMessage.objects.exists()


def test_list_shows_only_my_requests_with_status(client, teacher, make_teacher):
    mine = ask(teacher, question="My own question")
    ask(make_teacher("ES"), question="Someone else's question")
    client.force_login(teacher)
    response = client.get(reverse("core:support"))
    assert "My own question" in response.text
    assert "Someone else" not in response.text
    assert mine.get_status_display() in response.text


def test_list_is_paginated(client, teacher):
    for number in range(25):
        ask(teacher, question=f"Question {number}")
    client.force_login(teacher)
    response = client.get(reverse("core:support"))
    assert len(response.context["page"].object_list) == 20
    assert "Page 1 of 2" in response.text


@pytest.mark.parametrize("count", [3, 30])
def test_teacher_list_has_a_fixed_number_of_queries(
    client, teacher, count, django_assert_max_num_queries
):
    for number in range(count):
        ask(teacher, question=f"Question {number}")
    client.force_login(teacher)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("core:support")).status_code == 200


def test_desktop_panel_lists_my_open_and_answered_requests(client, teacher, nss_es):
    open_one = ask(teacher, question="Still open")
    answered = ask(teacher, question="Got an answer")
    services.answer_support_request(actor=nss_es, support_request=answered, body="A")
    closed = ask(teacher, question="All done")
    services.close_support_request(actor=teacher, support_request=closed)
    client.force_login(teacher)
    response = client.get(reverse("core:desktop"))
    assert 'id="panel-support"' in response.text
    assert "Still open" in response.text and "Got an answer" in response.text
    assert "All done" not in response.text
    assert reverse("core:support-new") in response.text
    assert open_one.pk


def test_help_menu_item_is_for_logged_in_teachers_only(client, teacher):
    link = f'href="{reverse("core:support")}"'
    client.force_login(teacher)
    assert link in client.get(reverse("core:desktop")).text
    client.logout()
    client.force_login(PupilFactory())
    assert link not in client.get(reverse("core:desktop")).text
    client.logout()
    assert link not in client.get(reverse("core:login")).text


def test_pupils_get_no_support_panel(client):
    client.force_login(PupilFactory())
    assert 'id="panel-support"' not in client.get(reverse("core:desktop")).text
