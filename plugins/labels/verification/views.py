"""The public verification pages: a form to type a code, and one award's facts.

Anyone may verify, logged in or not. The pages say only what the certificate itself
says (who, what, for what, when, issued by whom, whether it still holds), never an
e-mail address, a school or a link to the holder's profile. They are not indexed, not
cached, and each look-up counts against the network's limit (``limits``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from plugins.labels.awards import queries, texts
from plugins.labels.models.awards import normalise_code
from plugins.labels.verification import facts, limits
from plugins.labels.verification.forms import MAX_TYPED_LENGTH, VerifyForm


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(
        request, "labels/verification/too_many.html", {"message": limits.TOO_MANY}, status=429
    )
    response["Retry-After"] = str(limits.retry_after())
    return response


@never_cache
@require_safe
def verify_form(request: HttpRequest) -> HttpResponse:
    """The form; a typed code that looks like one goes to its award's page."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("verify:award", form.cleaned_data["code"])
    return render(request, "labels/verification/form.html", {"form": form})


def _unknown(request: HttpRequest, typed: str) -> HttpResponse:
    form = VerifyForm(initial={"code": typed[:MAX_TYPED_LENGTH]})
    return render(request, "labels/verification/unknown.html", {"form": form}, status=404)


@never_cache
@require_safe
def award_page(request: HttpRequest, code: str) -> HttpResponse:
    """One award as anyone may check it; 404 with the form for an unknown code."""
    if not limits.allow_lookup(request):
        return _too_many(request)
    award = queries.award_by_code(code)
    if award is None:
        return _unknown(request, code)
    context = {
        "award": award,
        "words": texts.words(award),
        "expired": award.is_valid and facts.has_expired(award),
        "revocation_reason": facts.revocation_reason(award),
    }
    return render(request, "labels/verification/award.html", context)


@never_cache
@require_safe
def not_a_code(request: HttpRequest, rest: str) -> HttpResponse:
    """A path under verify/ that is not a code's page: a code without the final slash
    goes to its page, anything else is the same 404 as an unknown code."""
    code = normalise_code(rest) if len(rest) <= MAX_TYPED_LENGTH else ""
    if code:
        return redirect("verify:award", code)
    return _unknown(request, rest)
