"""Open Badges 3.0 (issue 12 item 6): each award as an OpenBadgeCredential signed with
the platform's Ed25519 key (VC-JOSE compact JWS), checked here with the public key as
published in the key set, never with the private key."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from plugins.labels.awards import services
from plugins.labels.badges import keys, openbadges3
from plugins.labels.models import Award
from tests.support.badges import issued_label, json_of, revoked

pytestmark = pytest.mark.django_db

SITE = "https://opentwin.example.org"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.OPENTWIN_SITE_URL = SITE


def unpadded(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def published_key_set(client) -> dict:
    response = client.get("/badges/keys.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return json_of(response)


def downloaded_token(client, award) -> str:
    client.force_login(award.recipient_user)
    response = client.get(f"/badges/credentials/{award.code}.jwt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vc+jwt")
    return response.content.decode("ascii")


def check_signature(token: str, key_set: dict) -> dict:
    """What a verifier does: the key the header's ``kid`` names, from the published set."""
    header_part, payload_part, signature_part = token.split(".")
    header = json.loads(unpadded(header_part))
    assert header["alg"] == "EdDSA"
    (jwk,) = [key for key in key_set["keys"] if key["kid"] == header["kid"]]
    assert (jwk["kty"], jwk["crv"]) == ("OKP", "Ed25519")
    public_key = Ed25519PublicKey.from_public_bytes(unpadded(jwk["x"]))
    public_key.verify(unpadded(signature_part), f"{header_part}.{payload_part}".encode())
    return json.loads(unpadded(payload_part))


def test_the_credential_is_signed_by_the_key_the_key_set_publishes(client):
    award = issued_label()
    token = downloaded_token(client, award)
    header = json.loads(unpadded(token.split(".")[0]))
    assert header == {
        "alg": "EdDSA",
        "typ": "vc+jwt",
        "cty": "vc",
        "kid": header["kid"],
    }
    assert header["kid"].startswith(f"{SITE}/badges/keys.json#")
    payload = check_signature(token, published_key_set(client))
    assert payload == json_of(client.get(f"/badges/credentials/{award.code}.json"))
    assert openbadges3.verify(token, published_key_set(client)) == payload


def test_a_tampered_credential_fails_verification(client):
    award = issued_label()
    token = downloaded_token(client, award)
    header_part, payload_part, signature_part = token.split(".")
    payload = json.loads(unpadded(payload_part))
    payload["credentialSubject"]["achievement"]["name"] = "European Prize"
    forged_payload = keys.b64url(json.dumps(payload).encode())
    forged = f"{header_part}.{forged_payload}.{signature_part}"
    key_set = published_key_set(client)
    with pytest.raises(InvalidSignature):
        check_signature(forged, key_set)
    with pytest.raises(openbadges3.InvalidCredential):
        openbadges3.verify(forged, key_set)


def test_a_credential_signed_by_another_key_fails_verification(client):
    award = issued_label()
    header = {"alg": "EdDSA", "typ": "vc+jwt", "kid": keys.key_id()}
    signing_input = (
        f"{keys.b64url(json.dumps(header).encode())}."
        f"{keys.b64url(json.dumps(openbadges3.credential(award)).encode())}"
    )
    signature = Ed25519PrivateKey.generate().sign(signing_input.encode())
    with pytest.raises(openbadges3.InvalidCredential, match="signature"):
        openbadges3.verify(f"{signing_input}.{keys.b64url(signature)}", published_key_set(client))


def test_the_credential_is_an_open_badge_credential_naming_the_holder_by_a_hash(client):
    award = issued_label(country="FR", valid_until=date(2028, 6, 30))
    response = client.get(f"/badges/credentials/{award.code}.json")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    credential = json_of(response)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["id"] == f"{SITE}/badges/credentials/{award.code}.json"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"] == {
        "id": f"{SITE}/badges/issuers/nss-fr.json",
        "type": ["Profile"],
        "name": "The National Support Service of France",
        "url": f"{SITE}/",
    }
    assert credential["validFrom"] == award.issued_at.isoformat().replace("+00:00", "Z")
    assert credential["validUntil"] == "2028-06-30T23:59:59Z"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    email = award.recipient_user.email.lower()
    assert subject["identifier"] == [
        {
            "type": "IdentityObject",
            "identityHash": "sha256$"
            + hashlib.sha256((email + award.badge_salt).encode()).hexdigest(),
            "identityType": "emailAddress",
            "hashed": True,
            "salt": award.badge_salt,
        }
    ]
    achievement = subject["achievement"]
    assert achievement["id"] == f"{SITE}/badges/classes/etwinning_label/nss-fr.json"
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "eTwinning Label"
    assert achievement["criteria"]["id"] == f"{SITE}/badges/classes/etwinning_label/nss-fr/"
    assert achievement["criteria"]["narrative"]
    assert achievement["image"] == {
        "id": f"{SITE}/badges/images/etwinning_label.png",
        "type": "Image",
    }
    assert credential["credentialStatus"] == {
        "id": f"{SITE}/badges/status/{award.code}.json",
        "type": "1EdTechRevocationList",
    }
    assert email not in response.content.decode()


def test_the_credentials_status_says_whether_the_award_was_revoked(client):
    award = issued_label()
    status_url = json_of(client.get(f"/badges/credentials/{award.code}.json"))["credentialStatus"][
        "id"
    ]
    status_path = status_url.removeprefix(SITE)
    assert json_of(client.get(status_path)) == {
        "id": status_url,
        "issuer": f"{SITE}/badges/issuers/nss-es.json",
        "revokedCredentials": [],
    }
    revoked(award, reason="Plagiarised work.")
    listed = json_of(client.get(status_path))["revokedCredentials"]
    assert listed == [
        {
            "id": f"{SITE}/badges/credentials/{award.code}.json",
            "revocationReason": "Plagiarised work.",
        }
    ]
    # The credential itself still verifies as a document; its status is what changed.
    assert client.get(f"/badges/credentials/{award.code}.json").status_code == 200


def test_an_unknown_code_has_no_credential_nor_status(client):
    for path in ("/badges/credentials/0000-0000-0000-0000.json", "/badges/status/x.json"):
        response = client.get(path)
        assert response.status_code == 404
        assert json_of(response) == {"error": "No badge has this verification code."}


def test_without_a_key_file_the_key_is_derived_from_the_secret_key(settings):
    settings.OPENTWIN_BADGE_SIGNING_KEY_FILE = ""
    settings.SECRET_KEY = "one secret " * 6
    first = keys.public_jwk()
    assert keys.public_jwk() == first, "the same secret gives the same key"
    settings.SECRET_KEY = "another secret " * 6
    assert keys.public_jwk()["x"] != first["x"]


def test_the_key_file_setting_names_the_signing_key(settings, tmp_path, client):
    private_key = Ed25519PrivateKey.generate()
    key_file = tmp_path / "badge-signing-key.pem"
    key_file.write_bytes(
        private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    settings.OPENTWIN_BADGE_SIGNING_KEY_FILE = str(key_file)
    raw = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    (published,) = published_key_set(client)["keys"]
    assert unpadded(published["x"]) == raw
    award = issued_label(kind=Award.Kind.CERTIFICATE)
    check_signature(downloaded_token(client, award), published_key_set(client))


def test_the_sites_did_document_names_the_published_signing_key(client, settings):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/did+ld+json")
    document = json_of(response)
    assert document["id"] == "did:web:opentwin.example.org"
    (method,) = document["verificationMethod"]
    assert document["assertionMethod"] == [method["id"]]
    assert method["controller"] == "did:web:opentwin.example.org"
    (published,) = published_key_set(client)["keys"]
    assert method["publicKeyJwk"]["x"] == published["x"]
    assert method["id"].split("#")[1] == published["kid"].split("#")[1]

    settings.OPENTWIN_SITE_URL = "http://127.0.0.1:8000"
    assert json_of(client.get("/.well-known/did.json"))["id"] == "did:web:127.0.0.1%3A8000"
    settings.OPENTWIN_SITE_URL = "https://example.org/opentwin"
    assert client.get("/.well-known/did.json").status_code == 404


def test_an_erased_holders_credential_no_longer_identifies_them_and_is_listed_revoked(client):
    award = issued_label()
    services.erase_holder(award.recipient_user)
    credential = json_of(client.get(f"/badges/credentials/{award.code}.json"))
    assert "identifier" not in credential["credentialSubject"]
    status = json_of(client.get(f"/badges/status/{award.code}.json"))
    assert status["revokedCredentials"] == [
        {"id": credential["id"], "revocationReason": "Holder erased"}
    ]
