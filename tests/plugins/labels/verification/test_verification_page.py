"""The public verification page (DOMAIN.md §7, issue 12 item 5): anyone holding an
award's code sees who received it, for what, from whom and whether it still holds —
and nothing else about the holder; an unknown code, whatever it is, is a plain 404."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import services as core_services
from plugins.labels.awards import services
from plugins.labels.models import Award
from tests.factories import TeacherFactory
from tests.factories.twinspace import teacher_in
from tests.support.labels import approved_project, nss_of

pytestmark = pytest.mark.django_db

NOT_A_CODE = (
    "This is not a verification code: it has 16 letters and digits, like 7K3M-Q9TD-XW2A-F5RB."
)


def page_of(client, code: str):
    return client.get(reverse("verify:award", args=[code]))


def test_the_qr_code_link_is_the_verification_page(issue):
    award = issue()
    assert award.verification_url() == f"/verify/{award.code}/"


def test_a_valid_award_says_who_what_for_what_when_by_whom_and_that_it_is_valid(client, issue):
    award = issue(title="Rivers we share")
    response = page_of(client, award.code)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ana Navarro" in text
    assert "eTwinning Label" in text
    assert "for the project “Rivers we share”" in text
    assert "The National Support Service of Spain" in text
    assert award.code in text
    assert 'class="badge state-badge text-bg-success">Valid<' in text
    assert "This award is genuine and valid" in text
    assert "revoked" not in text.lower()


def test_the_labels_of_an_approved_project_verify(client, django_capture_on_commit_callbacks):
    project = approved_project(django_capture_on_commit_callbacks, title="Birds of Europe")
    for award in Award.objects.filter(subject_id=project.pk):
        text = page_of(client, award.code).content.decode()
        assert award.recipient_name in text
        assert "Birds of Europe" in text


def test_a_valid_until_date_is_shown(client, issue):
    award = issue(valid_until=timezone.localdate() + timedelta(days=300))
    text = page_of(client, award.code).content.decode()
    assert "Valid until" in text
    assert "expired" not in text.lower()


def test_an_award_past_its_valid_until_date_says_it_expired_on_that_date(client, issue):
    award = issue(valid_until=date(2024, 8, 31))
    text = page_of(client, award.code).content.decode()
    assert "This award expired on 31 August 2024." in text
    assert 'text-bg-danger">Expired<' in text
    assert "genuine and valid" not in text


def test_a_revoked_award_says_when_and_why_and_keeps_the_minimal_facts(client, issue):
    award = issue()
    services.revoke_award(actor=nss_of("ES"), award=award, reason="The project was copied.")
    response = page_of(client, award.code)
    assert response.status_code == 200
    text = response.content.decode()
    today = timezone.localdate()
    assert "This award was revoked on" in text
    assert f"{today.day} {today:%B} {today.year}" in text
    assert "The reason given: The project was copied." in text
    assert 'text-bg-danger">Revoked<' in text
    assert "Ana Navarro" in text and "Rivers we share" in text and award.code in text
    assert "genuine and valid" not in text


def test_an_erased_holder_is_not_named_and_the_reason_is_holder_erased(client, issue):
    teacher = teacher_in("ES", first_name="Ana", last_name="Navarro")
    award = issue(teacher=teacher)
    core_services.erase_user_data(actor=teacher, user=teacher)
    response = page_of(client, award.code)
    assert response.status_code == 200, "a printed code never turns into unknown"
    text = response.content.decode()
    assert "Ana" not in text and "Navarro" not in text
    assert "(name removed at the holder&#x27;s request)" in text
    assert "its holder's personal data were erased" in text
    assert "Holder erased" in text
    assert 'text-bg-danger">Revoked<' in text


def test_no_email_username_school_or_profile_link_of_the_holder_appears(client, issue):
    teacher = teacher_in(
        "ES",
        first_name="Ana",
        last_name="Navarro",
        username="ana.private.login",
        email="ana.private@example.org",
    )
    award = issue(teacher=teacher)
    pages = [page_of(client, award.code).content.decode()]
    services.revoke_award(actor=nss_of("ES"), award=award, reason="Duplicate entry.")
    pages.append(page_of(client, award.code).content.decode())
    for text in pages:
        assert "Ana Navarro" in text
        assert "ana.private" not in text
        assert teacher.school.name not in text
        assert f"/people/{teacher.pk}" not in text and "/directory/" not in text


def test_a_logged_in_visitor_sees_the_same_public_facts(client, issue):
    award = issue()
    client.force_login(TeacherFactory())
    response = page_of(client, award.code)
    assert response.status_code == 200
    assert "Ana Navarro" in response.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: " ".join(code.split("-")),
        lambda code: code.replace("0", "O").replace("1", "l"),
    ],
    ids=["lower case", "without dashes", "spaces", "O for 0 and l for 1"],
)
def test_a_code_typed_loosely_finds_its_award(client, issue, typed):
    award = issue()
    # A code with the characters people misread, so the test is not left to chance.
    Award.objects.filter(pk=award.pk).update(code="7K30-Q9TD-X1W2-F5RB")
    response = page_of(client, typed("7K30-Q9TD-X1W2-F5RB"))
    assert response.status_code == 200
    assert "7K30-Q9TD-X1W2-F5RB" in response.content.decode()


def test_an_unknown_code_is_a_404_page_with_the_form_to_try_again(client, issue):
    issue()
    response = page_of(client, "7K3M-Q9TD-XW2A-F5RB")
    assert response.status_code == 404
    text = response.content.decode()
    assert "No award has this code" in text
    assert 'name="code"' in text and 'value="7K3M-Q9TD-XW2A-F5RB"' in text
    assert 'action="/verify/"' in text


@pytest.mark.parametrize(
    "path",
    [
        "/verify/x/",
        "/verify/%00/",
        "/verify/7K3M-Q9TD-XW2A-F5R%00/",
        "/verify/" + "A" * 5000 + "/",
        "/verify/%C3%A9%E2%9C%93%F0%9F%8E%93/",
        "/verify/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/verify/%FF%FE/",
        "/verify/'%20OR%201=1--/",
        "/verify/7K3M-Q9TD/XW2A-F5RB/",
        "/verify/..%2F..%2Fetc%2Fpasswd",
        "/verify/" + "7K3M" * 3000,
    ],
)
def test_a_malformed_or_hostile_code_is_a_404_never_a_server_error(client, path):
    response = client.get(path)
    assert response.status_code == 404
    text = response.content.decode()
    assert "No award has this code" in text
    assert "<script>alert" not in text


def test_a_code_without_the_final_slash_goes_to_its_page(client, issue):
    award = issue()
    response = client.get(f"/verify/{award.code.lower()}")
    assert response.status_code == 302
    assert response["Location"] == reverse("verify:award", args=[award.code])


def test_the_form_takes_a_typed_code_to_its_award_page(client, issue):
    award = issue()
    response = client.get(reverse("verify:form"), {"code": award.code.lower().replace("-", " ")})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify:award", args=[award.code])


def test_the_form_refuses_what_is_not_a_code_with_a_clear_message(client):
    response = client.get(reverse("verify:form"), {"code": "12345"})
    assert response.status_code == 200
    text = response.content.decode()
    assert NOT_A_CODE in text
    assert 'value="12345"' in text, "what was typed is kept"


@pytest.mark.parametrize("typed", ["", "x" * 10000, "7K3M\x00Q9TD", "ÄÖÜ-ÄÖÜ-ÄÖÜ-ÄÖÜ"])
def test_the_form_answers_any_input_with_a_message_not_an_error(client, typed):
    response = client.get(reverse("verify:form"), {"code": typed})
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode() or "alert" in (
        response.content.decode()
    )


def test_the_empty_form_shows_no_error(client):
    response = client.get(reverse("verify:form"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Check an award" in text
    assert "Please correct" not in text


def test_verification_pages_are_not_indexed_nor_cached(client, issue):
    award = issue()
    for response in (
        client.get(reverse("verify:form")),
        page_of(client, award.code),
        page_of(client, "7K3M-Q9TD-XW2A-F5RB"),
    ):
        assert '<meta name="robots" content="noindex">' in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_only_reading_is_allowed(client, issue):
    award = issue()
    assert client.post(reverse("verify:award", args=[award.code])).status_code == 405


def test_the_verification_page_reads_the_award_in_one_query(
    client, issue, django_assert_max_num_queries
):
    award = issue()
    services.revoke_award(actor=nss_of("ES"), award=award, reason="Copied.")
    with django_assert_max_num_queries(1):
        assert page_of(client, award.code).status_code == 200
    # A 404 adds the redirects' look-up (Wagtail's middleware: the site, its redirects).
    with django_assert_max_num_queries(3):
        assert page_of(client, "7K3M-Q9TD-XW2A-F5RB").status_code == 404


def test_the_verification_page_of_a_logged_in_visitor_stays_within_a_few_queries(
    client, issue, django_assert_max_num_queries
):
    award = issue()
    client.force_login(TeacherFactory())
    page_of(client, award.code)  # the session and the menu warm up
    with django_assert_max_num_queries(6):
        assert page_of(client, award.code).status_code == 200
