"""A holder's awards: the list of their labels and certificates, and one award's page
(download the certificate, share the badge, copy the verification link)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.links import absolute_url
from plugins.labels.awards import queries, texts
from plugins.labels.awards.policy import Action, access_for

AWARDS_PER_PAGE = 20


@login_required
def award_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.awards_of(request.user), AWARDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    items = [(award, texts.words(award)) for award in page.object_list]
    return render(request, "labels/awards/list.html", {"page": page, "items": items})


def get_award_for(request: HttpRequest, code: str, action: Action):
    """The award with ``code`` if the requester may do ``action`` with it; 404 for anyone
    who may not even see it (the code is not a secret to confirm), 403 with the reason
    otherwise."""
    award = queries.award_by_code(code)
    if award is None:
        raise Http404
    access = access_for(request.user, award)
    if not access.can(Action.VIEW):
        raise Http404
    access.require(action)
    return award, access


@login_required
def award_detail(request: HttpRequest, code: str) -> HttpResponse:
    award, access = get_award_for(request, code, Action.VIEW)
    # The site's own address (as printed on the certificate and in the badges), not the
    # one this request came by.
    verification_url = absolute_url(award.verification_url())
    return render(
        request,
        "labels/awards/detail.html",
        {
            "award": award,
            "words": texts.words(award),
            "access": access,
            "can_download": access.can(Action.DOWNLOAD),
            "download_refusal": access.refusal(Action.DOWNLOAD),
            "verification_url": verification_url,
        },
    )
