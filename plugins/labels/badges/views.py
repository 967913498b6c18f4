"""The portable badges' addresses: public JSON-LD documents and pictures that badge
backpacks and verifiers fetch (issuers, badge classes, assertions, credentials, keys),
the public criteria page, and the holder's downloads (the baked badge, the signed
credential).

Public documents answer any origin (``Access-Control-Allow-Origin: *``); a code that
names no award answers 404 in JSON, never a page.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from plugins.labels.awards import queries, texts
from plugins.labels.awards.policy import Action
from plugins.labels.awards.views import get_award_for
from plugins.labels.badges import images, keys, openbadges2, openbadges3
from plugins.labels.models import Award

JSON_LD = "application/ld+json"
IMAGE_MAX_AGE = 86400


def _public(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def json_document(
    document: dict, *, status: int = 200, content_type: str = JSON_LD
) -> HttpResponse:
    """A public JSON document, readable from any origin."""
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return _public(HttpResponse(body, status=status, content_type=f"{content_type}; charset=utf-8"))


def json_not_found(message: str) -> HttpResponse:
    return json_document({"error": message}, status=404, content_type="application/json")


def _award_with_badge(code: str) -> Award | None:
    award = queries.award_by_code(code)
    if award is None or not openbadges2.has_badge(award):
        return None
    return award


def _unknown_award() -> HttpResponse:
    return json_not_found(_("No badge has this verification code."))


def _filename(award: Award, extension: str) -> str:
    return f"{slugify(Award.Kind(award.kind).name.replace('_', ' '))}-{award.code}.{extension}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def issuer(request: HttpRequest, key: str) -> HttpResponse:
    ref = openbadges2.issuer_by_key(key)
    if ref is None:
        return json_not_found(_("There is no such issuer."))
    return json_document(openbadges2.issuer_document(ref))


def _class_parts(kind: str, issuer_key: str):
    return openbadges2.kind_by_key(kind), openbadges2.issuer_by_key(issuer_key)


@require_safe
def badge_class(request: HttpRequest, kind: str, issuer: str) -> HttpResponse:
    kind, ref = _class_parts(kind, issuer)
    if kind is None or ref is None:
        return json_not_found(_("There is no such badge."))
    return json_document(openbadges2.badge_class_document(kind, ref))


@require_safe
def criteria(request: HttpRequest, kind: str, issuer: str) -> HttpResponse:
    """The public page explaining how a badge is earned (its criteria's address)."""
    kind, ref = _class_parts(kind, issuer)
    if kind is None or ref is None:
        raise Http404
    return render(
        request,
        "labels/badges/criteria.html",
        {
            "name": texts.award_name(Award(kind=kind)),
            "issuer_name": ref.name(),
            "description": openbadges2.DESCRIPTIONS[kind],
            "criteria": openbadges2.CRITERIA[kind],
            "image_url": openbadges2.image_url(kind),
            "class_url": openbadges2.badge_class_url(kind, ref),
        },
    )


@require_safe
def image(request: HttpRequest, kind: str) -> HttpResponse:
    if openbadges2.kind_by_key(kind) is None:
        raise Http404
    response = HttpResponse(images.badge_png(kind), content_type="image/png")
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    return _public(response)


@require_safe
def assertion(request: HttpRequest, code: str) -> HttpResponse:
    """The award's hosted assertion; 410 Gone with ``revoked: true`` once revoked."""
    award = _award_with_badge(code)
    if award is None:
        return _unknown_award()
    document = openbadges2.assertion_document(award)
    return json_document(document, status=200 if award.is_valid else 410)


@login_required
@require_safe
def baked(request: HttpRequest, code: str) -> HttpResponse:
    """The holder's badge picture with its assertion's address baked in."""
    award, _access = get_award_for(request, code, Action.DOWNLOAD)
    if not openbadges2.has_badge(award):
        raise Http404
    png = images.baked_png(award.kind, openbadges2.assertion_url(award))
    return _attachment(HttpResponse(png, content_type="image/png"), _filename(award, "png"))


@login_required
@require_safe
def credential_jwt(request: HttpRequest, code: str) -> HttpResponse:
    """The holder's Open Badges 3.0 credential, signed (VC-JOSE compact JWS)."""
    award, _access = get_award_for(request, code, Action.DOWNLOAD)
    if not openbadges2.has_badge(award):
        raise Http404
    token = openbadges3.signed_credential(award)
    return _attachment(
        HttpResponse(token, content_type=openbadges3.MEDIA_TYPE), _filename(award, "jwt")
    )


@require_safe
def credential(request: HttpRequest, code: str) -> HttpResponse:
    """The credential's JSON, as signed (it holds only a hash of the holder's e-mail)."""
    award = _award_with_badge(code)
    if award is None:
        return _unknown_award()
    return json_document(openbadges3.credential(award))


@require_safe
def status(request: HttpRequest, code: str) -> HttpResponse:
    """The credential's revocation list: whether the award was revoked."""
    award = _award_with_badge(code)
    if award is None:
        return _unknown_award()
    response = json_document(openbadges3.revocation_list(award), content_type="application/json")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def key_set(request: HttpRequest) -> HttpResponse:
    """The platform's public signing keys (JWK Set)."""
    return json_document(keys.key_set(), content_type="application/jwk-set+json")


@require_safe
def did_document(request: HttpRequest) -> HttpResponse:
    """The site's ``did:web`` DID document (at ``/.well-known/did.json``)."""
    document = keys.did_document()
    if document is None:
        raise Http404
    return json_document(document, content_type="application/did+ld+json")
