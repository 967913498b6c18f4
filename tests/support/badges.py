"""Awards to share as badges, reached through the labels' services."""

from __future__ import annotations

import json
from datetime import date

from core.models import Country, User
from plugins.labels.awards import services
from plugins.labels.awards.services import Issuer
from plugins.labels.models import Award, SubjectType
from tests.factories.twinspace import teacher_in
from tests.support.labels import nss_of


def issued_label(
    teacher: User | None = None,
    *,
    country: str = "ES",
    kind: str = Award.Kind.ETWINNING_LABEL,
    subject_id: int = 7,
    title: str = "Birds we count",
    valid_until: date | None = None,
) -> Award:
    """An award issued by the NSS of ``country`` to a teacher of that country."""
    teacher = teacher or teacher_in(country)
    award, _created = services.issue_award(
        actor=None,
        kind=kind,
        subject_type=SubjectType.PROJECT,
        subject_id=subject_id,
        subject_title=title,
        issuer=Issuer.nss(Country.objects.get(code=country)),
        user=teacher,
        valid_until=valid_until,
    )
    return award


def revoked(award: Award, reason: str = "The project copied another one.") -> Award:
    """``award`` revoked by its country's NSS."""
    return services.revoke_award(actor=nss_of(award.country.code), award=award, reason=reason)


def json_of(response) -> dict:
    return json.loads(response.content.decode("utf-8"))
