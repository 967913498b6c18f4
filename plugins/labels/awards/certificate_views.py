"""An award's PDF certificate, for its holder and the support services that look after
it; never for a revoked award (its page says why)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from plugins.labels.awards import texts
from plugins.labels.awards.certificate import render_certificate
from plugins.labels.awards.policy import Action
from plugins.labels.awards.views import get_award_for


def certificate_filename(award) -> str:
    """``etwinning-label-7K3M-Q9TD-XW2A-F5RB.pdf``: the award's name in the certificate's
    language, then its code."""
    with texts.in_language(texts.certificate_language(award)):
        name = slugify(texts.award_name(award)) or "certificate"
    return f"{name}-{award.code}.pdf"


@require_safe
@login_required
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    award, _access = get_award_for(request, code, Action.DOWNLOAD)
    response = HttpResponse(render_certificate(award), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, certificate_filename(award))
    # Someone's own certificate: never kept by a shared cache.
    response["Cache-Control"] = "private"
    return response
