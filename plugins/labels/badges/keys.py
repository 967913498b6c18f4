"""The platform's badge signing key (Ed25519), used to sign Open Badges 3.0 credentials.

The key comes from the PEM file named by ``OPENTWIN_BADGE_SIGNING_KEY_FILE``; when that
setting is empty it is derived from ``SECRET_KEY`` (HKDF-SHA256), so development and
tests need no file — and changing ``SECRET_KEY`` then changes the key, which makes the
credentials signed before unverifiable: production sets a file. The public key is
published as a JWK Set, each key named by its RFC 7638 thumbprint, and as the site's
``did:web`` DID document when the site is served from the root of its host.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from core.links import absolute_url

HKDF_SALT = b"opentwin.badges"
HKDF_INFO = b"opentwin.badges.ed25519-signing-key.v1"


def b64url(data: bytes) -> str:
    """Base64url without padding, as JOSE writes it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=4)
def _load_key(key_file: str, secret_key: str) -> Ed25519PrivateKey:
    if key_file:
        try:
            data = Path(key_file).read_bytes()
        except OSError as error:
            raise ImproperlyConfigured(
                f"OPENTWIN_BADGE_SIGNING_KEY_FILE cannot be read: {error}"
            ) from error
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured(
                "OPENTWIN_BADGE_SIGNING_KEY_FILE must hold an Ed25519 private key "
                "(openssl genpkey -algorithm ed25519)."
            )
        return key
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=HKDF_INFO).derive(
        secret_key.encode("utf-8")
    )
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key() -> Ed25519PrivateKey:
    """The platform's private signing key (from the configured file, else ``SECRET_KEY``)."""
    return _load_key(
        getattr(settings, "OPENTWIN_BADGE_SIGNING_KEY_FILE", "") or "", settings.SECRET_KEY
    )


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def thumbprint(key: Ed25519PublicKey) -> str:
    """The key's RFC 7638 JWK thumbprint (SHA-256): its name in the key set."""
    members = {"crv": "Ed25519", "kty": "OKP", "x": b64url(public_key_bytes(key))}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode("ascii")
    return b64url(hashlib.sha256(canonical).digest())


def key_set_url() -> str:
    """The public address of the JWK Set."""
    return absolute_url(reverse("badges:keys"))


def key_id() -> str:
    """The ``kid`` of the signing key: the key set's address and the key's thumbprint, so
    a verifier fetches the set and picks the key by its ``kid``."""
    return f"{key_set_url()}#{thumbprint(signing_key().public_key())}"


def public_jwk() -> dict[str, str]:
    """The public signing key as a JWK."""
    public = signing_key().public_key()
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": b64url(public_key_bytes(public)),
        "kid": key_id(),
        "alg": "EdDSA",
        "use": "sig",
    }


def key_set() -> dict[str, list[dict[str, str]]]:
    """The JWK Set published at ``badges:keys``."""
    return {"keys": [public_jwk()]}


def public_key_from_jwk(jwk: dict) -> Ed25519PublicKey:
    """An Ed25519 public key from its JWK (what a verifier does with the key set)."""
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise ValueError("Not an Ed25519 key.")
    return Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))


DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]


def site_did() -> str | None:
    """The site's ``did:web`` identifier (``did:web:opentwin.example.org``, a port written
    ``%3A``), or ``None`` when the site lives below a path, where ``did:web`` would look
    for its document elsewhere than ``/.well-known/did.json``."""
    address = urlsplit(absolute_url("/"))
    if address.path.strip("/"):
        return None
    return "did:web:" + quote(address.netloc, safe="")


def did_document() -> dict | None:
    """The site's DID document naming the signing key, or ``None`` (see :func:`site_did`)."""
    did = site_did()
    if did is None:
        return None
    public = signing_key().public_key()
    method_id = f"{did}#{thumbprint(public)}"
    return {
        "@context": DID_CONTEXT,
        "id": did,
        "verificationMethod": [
            {
                "id": method_id,
                "type": "JsonWebKey2020",
                "controller": did,
                "publicKeyJwk": {
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "x": b64url(public_key_bytes(public)),
                },
            }
        ],
        "assertionMethod": [method_id],
    }
