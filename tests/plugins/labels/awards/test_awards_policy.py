"""The awards' role and state tables (awards/policy.py), walked cell by cell, and the
reason each refusal gives."""

from __future__ import annotations

import pytest

from plugins.labels.awards.policy import (
    RIGHTS,
    STATES,
    Action,
    Role,
    access_for,
    awards_for_staff,
    role_can,
    role_of,
    state_allows,
)
from plugins.labels.models import Award
from tests.factories import UserFactory
from tests.factories.twinspace import teacher_in
from tests.support.labels import css_officer, nss_of

pytestmark = pytest.mark.django_db

State = Award.State

EXPECTED_RIGHTS = {
    # action:          css,   nss,   holder, other
    Action.VIEW: (True, True, True, False),
    Action.DOWNLOAD: (True, True, True, False),
    Action.REVOKE: (True, True, False, False),
    Action.REISSUE: (True, True, False, False),
}
ROLES = (Role.CSS, Role.NSS, Role.HOLDER, Role.OTHER)

EXPECTED_STATES = {
    # action:          valid, revoked
    Action.VIEW: (True, True),
    Action.DOWNLOAD: (True, False),
    Action.REVOKE: (True, False),
    Action.REISSUE: (False, True),
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_holds_exactly_the_actions_of_the_rights_table(role, action):
    expected = EXPECTED_RIGHTS[action][ROLES.index(role)]
    assert role_can(role, action) is expected


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("state", [State.VALID, State.REVOKED])
def test_each_action_is_allowed_in_exactly_the_states_of_the_states_table(state, action):
    expected = EXPECTED_STATES[action][0 if state == State.VALID else 1]
    assert state_allows(state, action) is expected


def test_the_tables_cover_every_action():
    assert set(RIGHTS) == set(Action) == set(STATES)


def an_award(holder, *, state=State.VALID) -> Award:
    from django.utils import timezone

    from plugins.labels.awards.services import Issuer, issue_award, revoke_award

    award, _ = issue_award(
        actor=None,
        kind=Award.Kind.ETWINNING_LABEL,
        subject_type="project",
        subject_id=5,
        subject_title="Birds",
        issuer=Issuer.nss(holder.school.country),
        user=holder,
        issued_at=timezone.now(),
    )
    if state == State.REVOKED:
        revoke_award(actor=nss_of("ES"), award=award, reason="Given by mistake.")
        award.refresh_from_db()
    return award


def test_who_is_who_towards_an_award():
    holder = teacher_in("ES")
    award = an_award(holder)
    assert role_of(holder, award) is Role.HOLDER
    assert role_of(nss_of("ES"), award) is Role.NSS
    assert role_of(nss_of("FR"), award) is Role.OTHER
    assert role_of(css_officer(), award) is Role.CSS
    assert role_of(UserFactory(is_superuser=True), award) is Role.CSS
    assert role_of(teacher_in("ES"), award) is Role.OTHER
    assert role_of(None, award) is Role.OTHER


def test_refusals_say_why():
    holder = teacher_in("ES")
    award = an_award(holder)
    assert access_for(holder, award).refusal(Action.REVOKE) == (
        "Only the support service that looks after this award can do this."
    )
    assert access_for(teacher_in("FR"), award).refusal(Action.VIEW) == (
        "Only the award's holder and the support services can open this award."
    )
    assert access_for(nss_of("ES"), award).refusal(Action.REISSUE) == (
        "This award is valid: there is nothing to re-issue."
    )
    revoked = an_award(teacher_in("ES"), state=State.REVOKED)
    assert access_for(revoked.recipient_user, revoked).refusal(Action.DOWNLOAD) == (
        "This award was revoked: its certificate can no longer be downloaded."
    )
    assert access_for(nss_of("ES"), revoked).refusal(Action.REVOKE) == (
        "This award has already been revoked."
    )


def test_staff_see_the_awards_of_their_countries_and_the_css_all():
    spanish = an_award(teacher_in("ES"))
    french = an_award(teacher_in("FR"))
    assert set(awards_for_staff(nss_of("ES"))) == {spanish}
    assert set(awards_for_staff(css_officer())) == {spanish, french}
