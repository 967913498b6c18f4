"""The awards API (issue 12 item 8): ``/api/v1/awards/verify/{code}`` tells anyone what
the verification page tells, ``/api/v1/awards/mine`` lists the holder's own awards; both
are described in the published OpenAPI schema."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from core import services as core_services
from plugins.labels.awards import services
from tests.factories import TeacherFactory
from tests.factories.twinspace import teacher_in
from tests.support.labels import nss_of

pytestmark = pytest.mark.django_db

FIELDS = {
    "code",
    "state",
    "award",
    "kind",
    "for",
    "subject_type",
    "holder",
    "issuer",
    "issued_on",
    "valid_until",
    "revoked_on",
    "revocation_reason",
    "verification_url",
}


def verify(client, code: str):
    return client.get(f"/api/v1/awards/verify/{code}")


def test_a_valid_award_is_described_with_its_public_facts(client, issue):
    award = issue(title="Rivers we share")
    response = verify(client, award.code)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == FIELDS
    assert body == {
        "code": award.code,
        "state": "valid",
        "award": "eTwinning Label",
        "kind": "etwinning_label",
        "for": "for the project “Rivers we share”",
        "subject_type": "project",
        "holder": "Ana Navarro",
        "issuer": "The National Support Service of Spain",
        "issued_on": timezone.localdate(award.issued_at).isoformat(),
        "valid_until": None,
        "revoked_on": None,
        "revocation_reason": None,
        "verification_url": f"{settings.OPENTWIN_SITE_URL}/verify/{award.code}/",
    }
    assert "no-store" in response["Cache-Control"]


def test_a_code_typed_loosely_is_found(client, issue):
    award = issue()
    assert verify(client, award.code.lower().replace("-", "")).json()["code"] == award.code


def test_a_revoked_award_gives_the_date_and_the_reason(client, issue):
    award = issue()
    services.revoke_award(actor=nss_of("ES"), award=award, reason="The project was copied.")
    body = verify(client, award.code).json()
    assert body["state"] == "revoked"
    assert body["revoked_on"] == timezone.localdate().isoformat()
    assert body["revocation_reason"] == "The project was copied."
    assert body["holder"] == "Ana Navarro"


def test_an_erased_holder_is_not_named_and_the_reason_is_holder_erased(client, issue):
    teacher = teacher_in("ES", first_name="Ana", last_name="Navarro")
    award = issue(teacher=teacher)
    core_services.erase_user_data(actor=teacher, user=teacher)
    response = verify(client, award.code)
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "revoked"
    assert body["holder"] == "(name removed at the holder's request)"
    assert body["revocation_reason"] == "Holder erased"
    assert "Ana" not in response.content.decode()


def test_an_expired_award_gives_its_valid_until_date(client, issue):
    award = issue(valid_until=date(2024, 8, 31))
    body = verify(client, award.code).json()
    assert body["valid_until"] == "2024-08-31"
    assert body["state"] == "valid", "expiry is read from the date, not a state"


def test_no_email_username_school_or_user_id_of_the_holder_is_given(client, issue):
    teacher = teacher_in(
        "ES",
        first_name="Ana",
        last_name="Navarro",
        username="ana.private.login",
        email="ana.private@example.org",
    )
    award = issue(teacher=teacher)
    text = verify(client, award.code).content.decode()
    assert "ana.private" not in text
    assert teacher.school.name not in text
    assert f'"id": {teacher.pk}' not in text and '"user' not in text


def test_an_unknown_code_is_a_404_with_a_reason(client, issue):
    issue()
    response = verify(client, "7K3M-Q9TD-XW2A-F5RB")
    assert response.status_code == 404
    assert response.json() == {"detail": "No award has this code."}


@pytest.mark.parametrize(
    "code",
    [
        "x",
        "%00",
        "7K3M-Q9TD-XW2A-F5R%00",
        "A" * 5000,
        "%C3%A9%F0%9F%8E%93",
        "%FF%FE",
        "'%20OR%201=1",
    ],
)
def test_a_malformed_or_hostile_code_is_a_404_never_a_server_error(client, code):
    response = verify(client, code)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_my_awards_need_a_session(client):
    assert client.get("/api/v1/awards/mine").status_code == 401


def test_my_awards_list_only_mine_with_their_page(client, issue):
    mine = issue(title="Mine")
    issue(title="Someone else's", teacher=teacher_in("FR"))
    services.revoke_award(actor=nss_of("ES"), award=mine, reason="Copied.")
    client.force_login(mine.recipient_user)
    response = client.get("/api/v1/awards/mine")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert set(item) == FIELDS | {"page_url"}
    assert item["code"] == mine.code and item["state"] == "revoked"
    assert item["page_url"] == f"{settings.OPENTWIN_SITE_URL}/awards/{mine.code}/"


def test_my_awards_come_newest_first(client, issue):
    teacher = teacher_in("ES")
    older = issue(title="Older", teacher=teacher)
    newer = services.issue_award(
        actor=None,
        kind=older.kind,
        subject_type=older.subject_type,
        subject_id=older.subject_id + 1,
        subject_title="Newer",
        issuer=services.Issuer.css(),
        user=teacher,
        issued_at=older.issued_at + timedelta(days=1),
    )[0]
    client.force_login(teacher)
    codes = [item["code"] for item in client.get("/api/v1/awards/mine").json()["items"]]
    assert codes == [newer.code, older.code]


def test_someone_without_awards_gets_an_empty_list(client):
    client.force_login(TeacherFactory())
    assert client.get("/api/v1/awards/mine").json() == {"items": [], "count": 0}


def test_the_routes_are_in_the_openapi_schema_with_their_responses(client):
    schema = client.get("/api/v1/openapi.json").json()
    verify_route = schema["paths"]["/api/v1/awards/verify/{code}"]["get"]
    assert set(verify_route["responses"]) == {"200", "404", "429"}
    mine_route = schema["paths"]["/api/v1/awards/mine"]["get"]
    assert "200" in mine_route["responses"]
    assert "security" not in verify_route and mine_route["security"]
    award_schema = schema["components"]["schemas"]["AwardOut"]
    assert set(award_schema["properties"]) == FIELDS
    assert set(schema["components"]["schemas"]["HeldAwardOut"]["properties"]) == FIELDS | {
        "page_url"
    }
