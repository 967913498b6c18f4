"""Open Badges 3.0: each award as an ``OpenBadgeCredential`` (a W3C Verifiable
Credential, data model 2.0), signed by the platform's key as a compact JWS (VC-JOSE:
``alg`` EdDSA, ``typ`` vc+jwt, ``kid`` naming the published key), and a revocation list
per award that says whether it was revoked.

The credential names the award's issuer (its Open Badges 2.0 profile's address) and
identifies the holder by a salted hash of their e-mail address only, so its JSON may be
public. https://www.imsglobal.org/spec/ob/v3p0/
"""

from __future__ import annotations

import json

from cryptography.exceptions import InvalidSignature
from django.urls import reverse

from core.links import absolute_url
from plugins.labels.awards import texts
from plugins.labels.badges import keys
from plugins.labels.badges.openbadges2 import (
    CRITERIA,
    DESCRIPTIONS,
    badge_class_url,
    criteria_url,
    expiry,
    identity_hash,
    image_url,
    iso_datetime,
    issuer_of,
    recipient_email,
    revocation_reason,
)
from plugins.labels.models import Award

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MEDIA_TYPE = "application/vc+jwt"
REVOCATION_LIST_TYPE = "1EdTechRevocationList"


def credential_url(award: Award) -> str:
    return absolute_url(reverse("badges:credential", args=[award.code]))


def status_url(award: Award) -> str:
    return absolute_url(reverse("badges:status", args=[award.code]))


def credential(award: Award) -> dict:
    """The award's ``OpenBadgeCredential`` (unsigned), in its certificate's language.

    A revoked award's credential is the same document: its status list says it was
    revoked. Once the holder was erased it no longer identifies them, even by a hash.
    """
    issuer = issuer_of(award)
    with texts.in_language(texts.certificate_language(award)):
        name = texts.award_name(award)
        subject: dict = {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": badge_class_url(award.kind, issuer),
                "type": ["Achievement"],
                "name": name,
                "description": str(DESCRIPTIONS[award.kind]),
                "criteria": {
                    "id": criteria_url(award.kind, issuer),
                    "narrative": str(CRITERIA[award.kind]),
                },
                "image": {"id": image_url(award.kind), "type": "Image"},
            },
        }
        email = recipient_email(award)
        if email and not award.holder_erased:
            subject["identifier"] = [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(email, award.badge_salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": award.badge_salt,
                }
            ]
        document = {
            "@context": CONTEXT,
            "id": credential_url(award),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": name,
            "description": texts.subject_phrase(award),
            "issuer": {
                "id": issuer.url(),
                "type": ["Profile"],
                "name": issuer.name(),
                "url": absolute_url("/"),
            },
            "validFrom": iso_datetime(award.issued_at),
            "credentialSubject": subject,
            "credentialStatus": {"id": status_url(award), "type": REVOCATION_LIST_TYPE},
        }
    expires = expiry(award)
    if expires is not None:
        document["validUntil"] = iso_datetime(expires)
    return document


def revocation_list(award: Award) -> dict:
    """The award's revocation list (1EdTech Revocation List): empty while it is valid,
    the credential with its reason once revoked."""
    revoked = []
    if not award.is_valid:
        revoked.append({"id": credential_url(award), "revocationReason": revocation_reason(award)})
    return {
        "id": status_url(award),
        "issuer": issuer_of(award).url(),
        "revokedCredentials": revoked,
    }


def _json_bytes(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(payload: dict) -> str:
    """``payload`` as a compact JWS signed with the platform's Ed25519 key."""
    header = {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": keys.key_id()}
    signing_input = f"{keys.b64url(_json_bytes(header))}.{keys.b64url(_json_bytes(payload))}"
    signature = keys.signing_key().sign(signing_input.encode("ascii"))
    return f"{signing_input}.{keys.b64url(signature)}"


def signed_credential(award: Award) -> str:
    """The award's credential as a VC-JOSE compact JWS (``application/vc+jwt``)."""
    return sign(credential(award))


class InvalidCredential(ValueError):
    """A token that is not a credential signed by a key of the given key set."""


def verify(token: str, key_set: dict) -> dict:
    """The payload of ``token`` once its EdDSA signature checks out against the key of
    ``key_set`` its ``kid`` names; raises :class:`InvalidCredential` otherwise."""
    try:
        header_part, payload_part, signature_part = token.strip().split(".")
        header = json.loads(keys.b64url_decode(header_part))
        payload = json.loads(keys.b64url_decode(payload_part))
        signature = keys.b64url_decode(signature_part)
    except ValueError as error:
        raise InvalidCredential("Not a compact JWS.") from error
    if not isinstance(header, dict) or header.get("alg") != "EdDSA":
        raise InvalidCredential("Only EdDSA signatures are accepted.")
    matching = [key for key in key_set.get("keys", []) if key.get("kid") == header.get("kid")]
    if not matching:
        raise InvalidCredential("The signing key is not in the key set.")
    try:
        public_key = keys.public_key_from_jwk(matching[0])
        public_key.verify(signature, f"{header_part}.{payload_part}".encode("ascii"))
    except (InvalidSignature, ValueError, KeyError) as error:
        raise InvalidCredential("The signature does not match.") from error
    return payload
