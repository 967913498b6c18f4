"""REST routes of awards, mounted at ``/api/v1/awards/``.

``/verify/{code}`` answers anyone, as the verification page does, with the same facts
and the same limit per network (every look-up counts, found or not); ``/mine`` lists the
logged-in holder's own awards (401 without a session). No route gives an e-mail
address, a school or a user id.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from core.api_params import Pagination
from core.links import absolute_url
from plugins.labels.awards import queries, texts
from plugins.labels.models import Award
from plugins.labels.verification import facts, limits

router = Router()


class ErrorOut(Schema):
    detail: str


class AwardOut(Schema):
    """An award as anyone checking its code sees it, in the reader's language."""

    code: str = Field(description="The verification code, as printed: 7K3M-Q9TD-XW2A-F5RB.")
    state: Literal["valid", "revoked"]
    award: str = Field(description="What the award is: eTwinning Label, Certificate of…")
    kind: str = Field(description="etwinning_label, certificate, national_quality_label…")
    for_: str = Field(alias="for", description="What it was given for, in a sentence's words.")
    subject_type: str = Field(description="project, meeting, seminar, course or school.")
    holder: str = Field(
        description="The name on the award; neutral words once the holder's data were erased."
    )
    issuer: str = Field(description="Who issued it.")
    issued_on: date
    valid_until: date | None = Field(description="null when it does not expire.")
    revoked_on: date | None = Field(description="null while it is valid.")
    revocation_reason: str | None = Field(description="null while it is valid.")
    verification_url: str = Field(description="The public verification page.")

    @staticmethod
    def resolve_award(award: Award) -> str:
        return texts.award_name(award)

    @staticmethod
    def resolve_for(award: Award) -> str:
        return texts.subject_phrase(award)

    @staticmethod
    def resolve_holder(award: Award) -> str:
        return texts.holder_name(award)

    @staticmethod
    def resolve_issuer(award: Award) -> str:
        return texts.issuer_at_start(award)

    @staticmethod
    def resolve_issued_on(award: Award) -> date:
        return facts.issued_on(award)

    @staticmethod
    def resolve_revoked_on(award: Award) -> date | None:
        return facts.revoked_on(award)

    @staticmethod
    def resolve_revocation_reason(award: Award) -> str | None:
        return facts.revocation_reason(award)

    @staticmethod
    def resolve_verification_url(award: Award) -> str:
        return absolute_url(award.verification_url())


class HeldAwardOut(AwardOut):
    """One of the holder's own awards. (The certificate's and the badge's addresses join
    here once those pages exist.)"""

    page_url: str = Field(description="The award's page for its holder.")

    @staticmethod
    def resolve_page_url(award: Award) -> str:
        return absolute_url(award.get_absolute_url())


@router.get(
    "/verify/{code}",
    response={200: AwardOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    by_alias=True,
    summary="Check an award by its verification code (public)",
)
def verify(request: HttpRequest, code: str, response: HttpResponse):
    """Case, spaces and dashes in the code do not matter; O, I and L read as 0, 1, 1."""
    response["Cache-Control"] = "no-store, private"
    if not limits.allow_lookup(request):
        response["Retry-After"] = str(limits.retry_after())
        return Status(429, {"detail": str(limits.TOO_MANY)})
    award = queries.award_by_code(code)
    if award is None:
        return Status(404, {"detail": _("No award has this code.")})
    return award


@router.get(
    "/mine",
    response=list[HeldAwardOut],
    auth=django_auth,
    by_alias=True,
    summary="My awards: labels, prizes and certificates, newest first",
)
@paginate(Pagination)
def my_awards(request: HttpRequest):
    return queries.awards_of(request.user)
