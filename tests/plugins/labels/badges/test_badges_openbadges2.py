"""Open Badges 2.0 hosted verification (issue 12 item 6): each award's assertion, its
badge class and its issuer as public JSON-LD documents, and the badges' pictures."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from django.urls import reverse
from PIL import Image

from core.models import Country
from plugins.labels.awards import services
from plugins.labels.awards.services import Issuer
from plugins.labels.models import Award, SubjectType
from tests.factories import SchoolFactory
from tests.support.badges import issued_label, json_of, revoked

pytestmark = pytest.mark.django_db

SITE = "https://opentwin.example.org"
CONTEXT = "https://w3id.org/openbadges/v2"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.OPENTWIN_SITE_URL = SITE


def test_each_issuer_has_a_profile_at_its_own_address(client):
    for key, name in (
        ("nss-es", "The National Support Service of Spain"),
        ("css", "The Central Support Service"),
        ("platform", "OpenTwin"),
    ):
        response = client.get(f"/badges/issuers/{key}.json")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/ld+json")
        assert response["Access-Control-Allow-Origin"] == "*"
        profile = json_of(response)
        assert profile == {
            "@context": CONTEXT,
            "type": "Issuer",
            "id": f"{SITE}/badges/issuers/{key}.json",
            "name": name,
            "url": f"{SITE}/",
        }


@pytest.mark.parametrize("key", ["nss-zz", "nss-", "nss", "school", "NSS-ES", "nss-es-1"])
def test_an_unknown_issuer_answers_404_in_json(client, key):
    response = client.get(f"/badges/issuers/{key}.json")
    assert response.status_code == 404
    assert json_of(response) == {"error": "There is no such issuer."}


def test_the_assertion_names_the_holder_by_a_salted_hash_of_their_email(client):
    award = issued_label()
    response = client.get(f"/badges/assertions/{award.code}.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assertion = json_of(response)
    email = award.recipient_user.email.lower()
    expected_hash = hashlib.sha256((email + award.badge_salt).encode()).hexdigest()
    assert assertion == {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": f"{SITE}/badges/assertions/{award.code}.json",
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.badge_salt,
            "identity": f"sha256${expected_hash}",
        },
        "badge": f"{SITE}/badges/classes/etwinning_label/nss-es.json",
        "verification": {"type": "hosted"},
        "issuedOn": award.issued_at.isoformat().replace("+00:00", "Z"),
    }
    assert email not in response.content.decode()


def test_a_time_limited_award_says_when_it_expires(client):
    award = issued_label(kind=Award.Kind.SCHOOL_LABEL, valid_until=date(2028, 6, 30))
    assertion = json_of(client.get(f"/badges/assertions/{award.code}.json"))
    assert assertion["expires"] == "2028-06-30T23:59:59Z"


def test_the_badge_class_is_the_kind_as_issued_by_the_awards_issuer(client):
    award = issued_label(country="FR")
    badge_url = json_of(client.get(f"/badges/assertions/{award.code}.json"))["badge"]
    response = client.get(badge_url.removeprefix(SITE))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    badge = json_of(response)
    assert badge["@context"] == CONTEXT
    assert badge["type"] == "BadgeClass"
    assert badge["id"] == badge_url == f"{SITE}/badges/classes/etwinning_label/nss-fr.json"
    assert badge["name"] == "eTwinning Label"
    assert "approved" in badge["description"]
    assert badge["image"] == f"{SITE}/badges/images/etwinning_label.png"
    assert badge["issuer"] == f"{SITE}/badges/issuers/nss-fr.json"
    assert badge["criteria"]["id"] == f"{SITE}/badges/classes/etwinning_label/nss-fr/"
    assert "National Support Service of each founder" in badge["criteria"]["narrative"]


@pytest.mark.parametrize(
    "path",
    [
        "/badges/classes/etwinning_label/nss-zz.json",
        "/badges/classes/no_such_kind/css.json",
        "/badges/classes/ETWINNING_LABEL/css.json",
    ],
)
def test_an_unknown_badge_class_answers_404_in_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert json_of(response) == {"error": "There is no such badge."}


def test_the_criteria_page_explains_in_words_how_the_badge_is_earned(client):
    response = client.get("/badges/classes/national_quality_label/css/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>National Quality Label</h1>" in page
    assert "The Central Support Service" in page
    assert "five eligibility questions" in page
    assert f"{SITE}/badges/classes/national_quality_label/css.json" in page
    assert client.get("/badges/classes/national_quality_label/nss-zz/").status_code == 404


def test_each_kind_has_a_cacheable_png_picture_of_at_least_400_pixels(client):
    for kind in Award.Kind.values:
        response = client.get(f"/badges/images/{kind}.png")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "public, max-age=86400"
        picture = Image.open(io.BytesIO(response.content))
        assert picture.format == "PNG"
        assert picture.width >= 400 and picture.height >= 400
    assert client.get("/badges/images/nothing.png").status_code == 404


def test_a_revoked_awards_assertion_answers_410_gone_with_revoked_true(client):
    award = revoked(issued_label(), reason="The project copied another one.")
    response = client.get(f"/badges/assertions/{award.code}.json")
    assert response.status_code == 410
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json_of(response) == {
        "@context": CONTEXT,
        "id": f"{SITE}/badges/assertions/{award.code}.json",
        "revoked": True,
        "revocationReason": "The project copied another one.",
    }


def test_an_erased_holders_assertion_is_revoked_and_names_no_one(client):
    award = issued_label()
    email = award.recipient_user.email
    services.erase_holder(award.recipient_user)
    response = client.get(f"/badges/assertions/{award.code}.json")
    assert response.status_code == 410
    body = json_of(response)
    assert body["revoked"] is True and body["revocationReason"] == "Holder erased"
    assert email not in response.content.decode() and "recipient" not in body


@pytest.mark.parametrize("code", ["0000-0000-0000-0000", "not-a-code", "A" * 300])
def test_an_unknown_code_answers_404_in_json(client, code):
    response = client.get(f"/badges/assertions/{code}.json")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert json_of(response) == {"error": "No badge has this verification code."}


def test_a_schools_award_has_no_assertion_while_schools_have_no_email(client):
    school = SchoolFactory(country=Country.objects.get(code="ES"))
    award, _created = services.issue_award(
        actor=None,
        kind=Award.Kind.SCHOOL_LABEL,
        subject_type=SubjectType.SCHOOL,
        subject_id=school.pk,
        subject_title=school.name,
        issuer=Issuer.nss(school.country),
        school=school,
    )
    response = client.get(f"/badges/assertions/{award.code}.json")
    assert response.status_code == 404
    assert school.head_teacher_email not in response.content.decode()


def test_the_badge_documents_accept_only_reading(client):
    award = issued_label()
    for path in (
        f"/badges/assertions/{award.code}.json",
        "/badges/issuers/css.json",
        reverse("badges:keys"),
    ):
        assert client.post(path).status_code == 405
