"""NSS staff handle their country's support requests in the Wagtail admin."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from core.models import SupportMessage, SupportRequest, User
from core.support import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ask(teacher, question="How do I find a partner?") -> SupportRequest:
    return services.open_support_request(
        actor=teacher, topic=SupportRequest.Topic.PARTNERS, question=question
    )


def test_admin_list_shows_only_the_nss_countrys_requests(client, nss_es, teacher, make_teacher):
    ask(teacher, question="Spanish question")
    ask(make_teacher("FR"), question="French question")
    client.force_login(nss_es)
    response = client.get(reverse("opentwin_support"))
    assert response.status_code == 200
    assert "Spanish question" in response.text
    assert "French question" not in response.text


def test_superuser_sees_every_countrys_requests(client, teacher, make_teacher):
    ask(teacher, question="Spanish question")
    ask(make_teacher("FR"), question="French question")
    client.force_login(UserFactory(kind=User.Kind.STAFF, is_superuser=True))
    response = client.get(reverse("opentwin_support"))
    assert "Spanish question" in response.text
    assert "French question" in response.text


def test_oldest_open_requests_come_first_and_status_filters(client, nss_es, teacher):
    first = ask(teacher, question="First question")
    second = ask(teacher, question="Second question")
    answered = ask(teacher, question="Answered question")
    services.answer_support_request(actor=nss_es, support_request=answered, body="A")
    client.force_login(nss_es)
    listed = list(client.get(reverse("opentwin_support")).context["page"].object_list)
    assert listed == [first, second, answered]
    response = client.get(reverse("opentwin_support"), {"status": "answered"})
    assert list(response.context["page"].object_list) == [answered]


def test_teachers_cannot_open_the_admin_list(client, teacher):
    from django.contrib.auth.models import Permission

    teacher.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(teacher)
    assert client.get(reverse("opentwin_support")).status_code in {302, 403}


def test_menu_item_shows_the_number_of_open_requests_to_nss_only(client, nss_es, nss_fr, teacher):
    ask(teacher)
    ask(teacher)
    client.force_login(nss_es)
    assert "Support requests (2 open)" in client.get("/admin/").text
    client.force_login(nss_fr)
    assert "Support requests (0 open)" in client.get("/admin/").text


def test_nss_answers_from_the_admin_and_the_teacher_is_notified(
    client, nss_es, teacher, django_capture_on_commit_callbacks
):
    support_request = ask(teacher)
    mail.outbox.clear()
    client.force_login(nss_es)
    url = reverse("opentwin_support_detail", args=[support_request.pk])
    assert "How do I find a partner?" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "Try the partner search."}, follow=True)
    assert "Your answer was sent to the teacher." in response.text
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.ANSWERED
    assert [message.to for message in mail.outbox] == [[teacher.email]]


def test_empty_answer_is_refused_and_nothing_saved(client, nss_es, teacher):
    support_request = ask(teacher)
    client.force_login(nss_es)
    response = client.post(
        reverse("opentwin_support_detail", args=[support_request.pk]), {"body": "  "}
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not SupportMessage.objects.exists()


def test_nss_of_another_country_gets_404_in_the_admin(client, nss_fr, teacher):
    support_request = ask(teacher)
    client.force_login(nss_fr)
    url = reverse("opentwin_support_detail", args=[support_request.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Hi"}).status_code == 404
    close = reverse("opentwin_support_close", args=[support_request.pk])
    assert client.post(close).status_code == 404
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.OPEN


def test_nss_closes_from_the_admin_and_a_closed_request_takes_no_answer(client, nss_es, teacher):
    support_request = ask(teacher)
    client.force_login(nss_es)
    close = reverse("opentwin_support_close", args=[support_request.pk])
    assert client.get(close).status_code == 405
    response = client.post(close, follow=True)
    assert "The request is closed" in response.text
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.CLOSED
    response = client.post(
        reverse("opentwin_support_detail", args=[support_request.pk]), {"body": "Late"}
    )
    assert "closed and takes no more messages" in response.text
    assert not SupportMessage.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_admin_list_has_a_fixed_number_of_queries(
    client, nss_es, make_teacher, count, django_assert_max_num_queries
):
    for number in range(count):
        ask(make_teacher("ES"), question=f"Question {number}")
    client.force_login(nss_es)
    # The bound holds for 3 and for 30 requests; the plugins' admin menu items (with their
    # waiting counts) are part of every admin page.
    with django_assert_max_num_queries(24):
        assert client.get(reverse("opentwin_support")).status_code == 200
