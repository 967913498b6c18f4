"""Who may do what with National Quality Label windows and applications (DOMAIN.md §7).

:data:`RIGHTS` says which roles may do an action at all, :data:`STATES` in which of the
application's states; :func:`window_refusal` and :func:`application_refusal` give the one
reason a person reads when they may not set a window or apply. A test walks every cell.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _

from core.models import User
from core.staff import is_css_staff, serves_country, serves_region
from plugins.labels.models import QualityLabelApplication

State = QualityLabelApplication.State


class Role(StrEnum):
    """A person's standing towards one application: the first that applies."""

    CSS = "css"  # CSS staff and superusers
    NSS = "nss"  # NSS staff of the application's country
    REGIONAL = "regional"  # the regional representative of the applicant's school's region
    APPLICANT = "applicant"
    OTHER = "other"


class Action(StrEnum):
    VIEW = "view"
    WITHDRAW = "withdraw"


RIGHTS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset({Role.CSS, Role.NSS, Role.REGIONAL, Role.APPLICANT}),
    Action.WITHDRAW: frozenset({Role.APPLICANT}),
}

STATES: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset(State),
    # Once the evaluators have started, the application stays to its decision.
    Action.WITHDRAW: frozenset({State.SUBMITTED}),
}


def role_of(user: User | None, application: QualityLabelApplication) -> Role:
    if user is None or not user.is_authenticated:
        return Role.OTHER
    if user.is_superuser or is_css_staff(user):
        return Role.CSS
    if serves_country(user, application.country_id):
        return Role.NSS
    school = application.school
    if (
        school is not None
        and school.region_id is not None
        and serves_region(user, school.region_id)
    ):
        return Role.REGIONAL
    if application.applicant_id == user.pk:
        return Role.APPLICANT
    return Role.OTHER


def refusal(user: User | None, application: QualityLabelApplication, action: Action) -> str | None:
    """Why ``user`` may not do ``action`` with ``application`` now, or ``None``."""
    action = Action(action)
    role = role_of(user, application)
    if role not in RIGHTS[action]:
        if action is Action.WITHDRAW:
            return _("Only the teacher who applied can withdraw an application.")
        return _("Only the applicant and the support services can open this application.")
    if application.state not in STATES[action]:
        return (
            _("The evaluation has started: the application can no longer be withdrawn.")
            if application.state == State.UNDER_EVALUATION
            else _("This application is closed.")
        )
    return None


def window_refusal(user: User | None, country_id: int) -> str | None:
    """Why ``user`` may not set the application windows of ``country_id``, or ``None``."""
    if (
        user is not None
        and user.is_authenticated
        and (user.is_superuser or serves_country(user, country_id))
    ):
        return None
    return _("Only the National Support Service of the country sets its application windows.")
