"""The staff queue in the Wagtail admin: scoped to the region or country, oldest first."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry, User, ValidationRequest
from core.validation.services import confirm_by_head_teacher, request_validation
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = ValidationRequest.Status
INDEX = "/admin/validation/"


def waiting_teacher(school, name: str) -> ValidationRequest:
    teacher = UserFactory(username=name, state=User.State.PROFILE_INCOMPLETE)
    return request_validation(actor=teacher, school=school)


def confirm(validation: ValidationRequest) -> ValidationRequest:
    validation.refresh_from_db()
    return confirm_by_head_teacher(validation, validation.head_teacher_nonce)


def detail_url(validation: ValidationRequest) -> str:
    return reverse("core_validation:detail", args=[validation.pk])


def test_queue_url_is_reversible():
    assert reverse("core_validation:index") == INDEX


@pytest.mark.parametrize("who", ["representative", "nss_spain", "superuser"])
def test_menu_item_is_shown_to_validators_with_the_number_waiting(client, who, confirmed, request):
    if who == "superuser":
        user = UserFactory(username="root", kind=User.Kind.STAFF, is_superuser=True)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    content = client.get("/admin/").content.decode()
    assert "Teacher validation (1)" in content


def test_menu_item_is_hidden_from_other_staff_and_queue_refused(client, staff_factory):
    editor = staff_factory("editor", "editor")
    client.force_login(editor)
    assert "Teacher validation" not in client.get("/admin/").content.decode()
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    response = client.get(INDEX)
    assert (response.status_code, response.url) == (302, "/admin/")


def test_teacher_cannot_open_the_queue(client, validation):
    client.force_login(validation.user)
    assert client.get(INDEX).status_code in (302, 403)


def test_regional_representative_sees_only_their_region(
    client, school, aragon, representative, other_representative
):
    mine = waiting_teacher(school, "in.andalucia")
    theirs = waiting_teacher(SchoolFactory(name="IES Ebro", region=aragon), "in.aragon")
    client.force_login(representative)
    content = client.get(INDEX).content.decode()
    assert mine.user.display_name() in content
    assert theirs.user.display_name() not in content
    assert client.get(detail_url(theirs)).status_code == 404
    assert client.get(detail_url(mine)).status_code == 200


def test_nss_sees_their_whole_country_but_not_other_countries(
    client, school, aragon, nss_spain, nss_france
):
    andalucia_request = waiting_teacher(school, "in.andalucia")
    aragon_request = waiting_teacher(SchoolFactory(name="IES Ebro", region=aragon), "in.aragon")
    client.force_login(nss_spain)
    content = client.get(INDEX).content.decode()
    assert andalucia_request.user.display_name() in content
    assert aragon_request.user.display_name() in content

    client.force_login(nss_france)
    content = client.get(INDEX).content.decode()
    assert andalucia_request.user.display_name() not in content
    assert "No requests." in content
    assert client.get(detail_url(andalucia_request)).status_code == 404


def test_queue_shows_counts_waiting_time_and_oldest_first(client, school, representative):
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        oldest = waiting_teacher(school, "oldest")
    newest = waiting_teacher(school, "newest")
    confirm(waiting_teacher(school, "confirmed"))
    client.force_login(representative)
    content = client.get(INDEX).content.decode()
    assert "<strong>2</strong> requests waiting for the head teacher" in content
    assert "<strong>1</strong> request waiting for the NSS" in content
    assert "3\xa0days" in content
    assert content.index(oldest.user.display_name()) < content.index(newest.user.display_name())
    assert "IES Triana" in content and "Sevilla" in content and "Andalucía" in content


def test_queue_filters_by_status(client, school, representative):
    waiting = waiting_teacher(school, "waiting")
    confirmed = confirm(waiting_teacher(school, "confirmed"))
    client.force_login(representative)
    content = client.get(INDEX, {"status": "nss_pending"}).content.decode()
    assert confirmed.user.display_name() in content
    assert waiting.user.display_name() not in content


def test_queue_runs_the_same_number_of_queries_for_3_and_30_requests(
    client, school, representative, django_assert_max_num_queries
):
    for number in range(3):
        waiting_teacher(school, f"teacher{number}")
    client.force_login(representative)
    client.get(INDEX)  # warm caches (site, permissions) before counting
    with CaptureQueriesContext(connection) as with_three:
        assert client.get(INDEX).status_code == 200
    for number in range(3, 30):
        waiting_teacher(school, f"teacher{number}")
    with django_assert_max_num_queries(len(with_three)):
        response = client.get(INDEX)
    assert response.content.decode().count('href="/admin/validation/') >= 25


def test_detail_shows_the_history(client, confirmed, representative):
    client.force_login(representative)
    content = client.get(detail_url(confirmed)).content.decode()
    assert "Validation requested" in content
    assert "Head teacher confirmed" in content
    assert confirmed.head_teacher_email in content


def test_validate_button_validates_through_the_service(
    client, confirmed, representative, django_capture_on_commit_callbacks
):
    client.force_login(representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(confirmed), {"action": "validate"}, follow=True)
    assert "is validated" in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.status == Status.VALIDATED
    assert confirmed.decided_by == representative


def test_validate_before_the_head_teacher_answered_shows_an_error(
    client, validation, representative
):
    client.force_login(representative)
    content = client.get(detail_url(validation)).content.decode()
    assert 'value="validate"' not in content
    response = client.post(detail_url(validation), {"action": "validate"}, follow=True)
    assert "Only a request that the head teacher confirmed can be validated." in (
        response.content.decode()
    )
    validation.refresh_from_db()
    assert validation.status == Status.HEAD_TEACHER_PENDING


def test_reject_without_a_reason_shows_the_error_and_changes_nothing(
    client, confirmed, representative
):
    client.force_login(representative)
    response = client.post(detail_url(confirmed), {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Please give the reason for the rejection." in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.status == Status.NSS_PENDING


def test_reject_with_a_reason_rejects(client, confirmed, representative):
    client.force_login(representative)
    client.post(detail_url(confirmed), {"action": "reject", "reason": "Unknown at the school."})
    confirmed.refresh_from_db()
    assert confirmed.status == Status.REJECTED
    assert confirmed.reason == "Unknown at the school."


def test_resend_button_sends_a_new_link(client, validation, representative):
    nonce = validation.head_teacher_nonce
    client.force_login(representative)
    response = client.post(detail_url(validation), {"action": "resend"}, follow=True)
    assert "A new link was sent" in response.content.decode()
    validation.refresh_from_db()
    assert validation.head_teacher_nonce != nonce
    assert AuditEntry.objects.filter(action="validation.link_resent", actor=representative).exists()


def test_actions_need_the_csrf_token(confirmed, representative):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(representative)
    response = client.post(detail_url(confirmed), {"action": "validate"})
    assert response.status_code == 403
    confirmed.refresh_from_db()
    assert confirmed.status == Status.NSS_PENDING
