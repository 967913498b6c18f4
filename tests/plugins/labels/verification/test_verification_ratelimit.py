"""Verification codes cannot be enumerated: each network has a number of look-ups per
window, counted on the page and in the API together, whatever each look-up finds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plugins.labels.awards import services
from tests.support.labels import nss_of

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many checks from your network in a short time: try again in a minute."
UNKNOWN = "7K3M-Q9TD-XW2A-F5RB"


@pytest.fixture(autouse=True)
def low_limit(settings):
    settings.OPENTWIN_VERIFY_RATE_LIMIT = 3
    settings.OPENTWIN_VERIFY_RATE_WINDOW_SECONDS = 60


def page(client, code: str, address: str = "203.0.113.7"):
    return client.get(reverse("verify:award", args=[code]), REMOTE_ADDR=address)


def api(client, code: str, address: str = "203.0.113.7"):
    return client.get(f"/api/v1/awards/verify/{code}", REMOTE_ADDR=address)


def test_over_the_limit_the_page_answers_429_with_a_translated_message(client, issue):
    award = issue()
    assert [page(client, award.code).status_code for _ in range(3)] == [200, 200, 200]
    response = page(client, award.code)
    assert response.status_code == 429
    text = response.content.decode()
    assert TOO_MANY in text
    assert award.recipient_name not in text, "nothing of the award once refused"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert '<meta name="robots" content="noindex">' in text


def test_the_limit_message_is_in_the_readers_language(client, issue):
    award = issue()
    for _ in range(3):
        page(client, award.code)
    response = client.get(
        reverse("verify:award", args=[award.code]),
        REMOTE_ADDR="203.0.113.7",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 429
    assert '<html lang="fr">' in response.content.decode()


def test_unknown_revoked_and_malformed_look_ups_count_too(client, issue):
    award = issue()
    services.revoke_award(actor=nss_of("ES"), award=award, reason="Copied.")
    assert page(client, UNKNOWN).status_code == 404
    assert page(client, award.code).status_code == 200
    assert page(client, "nonsense").status_code == 404
    assert page(client, award.code).status_code == 429
    assert page(client, UNKNOWN).status_code == 429


def test_the_page_and_the_api_share_one_count(client, issue):
    award = issue()
    assert page(client, award.code).status_code == 200
    assert api(client, award.code).status_code == 200
    assert api(client, UNKNOWN).status_code == 404
    response = api(client, award.code)
    assert response.status_code == 429
    assert response.json() == {"detail": TOO_MANY}
    assert 1 <= int(response["Retry-After"]) <= 60
    assert page(client, award.code).status_code == 429


def test_each_network_has_its_own_count(client, issue):
    award = issue()
    for _ in range(4):
        page(client, award.code, address="203.0.113.7")
    assert page(client, award.code, address="198.51.100.9").status_code == 200


def test_a_logged_in_person_is_limited_like_anyone(client, issue):
    award = issue()
    client.force_login(award.recipient_user)
    for _ in range(3):
        assert page(client, award.code).status_code == 200
    assert page(client, award.code).status_code == 429


def test_typing_into_the_form_is_not_a_look_up_until_the_award_page_opens(client, issue):
    award = issue()
    for _ in range(5):
        response = client.get(reverse("verify:form"), {"code": "12345"}, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200
    assert page(client, award.code).status_code == 200
