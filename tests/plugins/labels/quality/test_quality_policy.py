"""The National Quality Label applications' role and state tables, cell by cell."""

from __future__ import annotations

import pytest

from plugins.labels.models import QualityLabelApplication
from plugins.labels.quality.policy import RIGHTS, STATES, Action, Role

State = QualityLabelApplication.State

EXPECTED_RIGHTS = {
    #                 css,   nss,   regional, applicant, other
    Action.VIEW: (True, True, True, True, False),
    Action.WITHDRAW: (False, False, False, True, False),
}
ROLES = (Role.CSS, Role.NSS, Role.REGIONAL, Role.APPLICANT, Role.OTHER)
EXPECTED_STATES = {
    Action.VIEW: set(State),
    Action.WITHDRAW: {State.SUBMITTED},
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_holds_exactly_the_actions_of_the_rights_table(role, action):
    assert (role in RIGHTS[action]) is EXPECTED_RIGHTS[action][ROLES.index(role)]


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("state", list(State))
def test_each_action_is_allowed_in_exactly_the_states_of_the_states_table(state, action):
    assert (state in STATES[action]) is (state in EXPECTED_STATES[action])
