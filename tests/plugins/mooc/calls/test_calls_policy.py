"""The calls' role table, cell by cell: who may do what, and in which phase of the
call; how a person's role is found; the reasons people see."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from core.models import Country
from plugins.mooc.calls import services
from plugins.mooc.calls.policy import (
    RIGHTS,
    WINDOWS,
    Action,
    CallAccess,
    Phase,
    Role,
    access_for,
    phase_of,
)
from tests.factories import PupilFactory
from tests.factories.mooc_calls import (
    CLOSES,
    EVENT,
    OPENS,
    T0,
    apply_as,
    css,
    make_call,
    nss,
    teacher,
    teacher_in,
    unvalidated_teacher,
)

pytestmark = pytest.mark.django_db

ORGANISER, NSS, APPLICANT, TEACHER, OTHER = (
    Role.ORGANISER,
    Role.NSS,
    Role.APPLICANT,
    Role.TEACHER,
    Role.OTHER,
)
EVERY_PHASE = frozenset(Phase)
SECOND = timedelta(seconds=1)

# The tables as the issue states them, written out independently of the code.
EXPECTED_RIGHTS = {
    Action.VIEW: {ORGANISER, NSS, APPLICANT, TEACHER, OTHER},
    Action.APPLY: {TEACHER},
    Action.WITHDRAW: {APPLICANT},
    Action.EDIT_APPLICATION: {APPLICANT},
    Action.RANK: {NSS},
    Action.SELECT: {NSS},
    Action.EXPORT: {NSS, ORGANISER},
    Action.MANAGE: {ORGANISER},
}
EXPECTED_WINDOWS = {
    Action.VIEW: EVERY_PHASE,
    Action.APPLY: {Phase.OPEN},
    Action.EDIT_APPLICATION: {Phase.OPEN},
    Action.WITHDRAW: {Phase.OPEN, Phase.CLOSED},
    Action.RANK: {Phase.OPEN, Phase.CLOSED},
    Action.SELECT: {Phase.CLOSED},
    Action.EXPORT: EVERY_PHASE,
    Action.MANAGE: EVERY_PHASE,
}
# A moment inside each published phase.
MOMENTS = {
    Phase.UPCOMING: OPENS - SECOND,
    Phase.OPEN: OPENS,
    Phase.CLOSED: CLOSES,
    Phase.PAST: EVENT,
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_rights_cell(action, role):
    assert (role in RIGHTS[action]) is (role in EXPECTED_RIGHTS[action])


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("action", list(Action))
def test_windows_cell(action, phase):
    allowed = WINDOWS.get(action, EVERY_PHASE)
    assert (phase in allowed) is (phase in EXPECTED_WINDOWS[action])


@pytest.fixture
def call():
    with time_machine.travel(T0, tick=False):
        return make_call(css())


@pytest.mark.parametrize("phase", [Phase.UPCOMING, Phase.OPEN, Phase.CLOSED, Phase.PAST])
def test_every_cell_holds_for_a_real_call_in_each_phase(call, phase):
    people = dict.fromkeys(Role)
    with time_machine.travel(T0, tick=False):
        people[ORGANISER] = css()
        people[NSS] = nss("ES")
        people[TEACHER] = teacher()
        people[OTHER] = teacher_in("IT")  # Italy has no places
        people[APPLICANT] = teacher()
    with time_machine.travel(OPENS, tick=False):
        apply_as(people[APPLICANT], call)
    with time_machine.travel(MOMENTS[phase], tick=False):
        assert phase_of(call) is phase
        for role, person in people.items():
            access = access_for(person, call)
            assert access.role is role
            for action in Action:
                expected = role in EXPECTED_RIGHTS[action] and phase in EXPECTED_WINDOWS[action]
                assert access.can(action) is expected, (role, action, phase)


def test_a_draft_is_seen_by_organisers_only():
    with time_machine.travel(T0, tick=False):
        draft = make_call(css(), publish=False)
        assert phase_of(draft) is Phase.DRAFT
        assert access_for(css(), draft).can(Action.MANAGE)
        for person in (nss("ES"), teacher(), None):
            access = access_for(person, draft)
            assert access.refusal(Action.VIEW) == "This call is not published yet."


def test_roles_are_found_for_each_kind_of_person(call):
    with time_machine.travel(OPENS, tick=False):
        assert access_for(None, call).role is OTHER
        assert access_for(PupilFactory(), call).role is OTHER
        assert access_for(unvalidated_teacher(), call).role is OTHER
        assert access_for(teacher_in("FR"), call).role is TEACHER
        superuser = teacher(is_superuser=True)
        assert access_for(superuser, call).role is ORGANISER
        assert access_for(superuser, call).countries is None
        served = access_for(nss("FR"), call)
        assert served.role is NSS
        assert served.countries == (Country.objects.get(code="FR").pk,)


def test_a_teacher_whose_country_has_no_places_is_told_so(call):
    with time_machine.travel(OPENS, tick=False):
        italian = teacher_in("IT")
        access = access_for(italian, call)
        assert access.refusal(Action.APPLY) == (
            "This call has no places for teachers from Italy, so you cannot apply."
        )
        with pytest.raises(PermissionDenied, match="no places for teachers from Italy"):
            services.apply(actor=italian, call=call, motivation="Please")


@pytest.mark.parametrize(
    "who, message",
    [
        ("visitor", "Please log in to apply."),
        ("unvalidated", "Only validated teachers of a school can apply to calls for events."),
        ("nss", "Staff run the selection: they do not apply."),
    ],
)
def test_the_reasons_people_see_when_they_cannot_apply(call, who, message):
    with time_machine.travel(OPENS, tick=False):
        person = {"visitor": None, "unvalidated": unvalidated_teacher(), "nss": nss("ES")}[who]
        assert access_for(person, call).refusal(Action.APPLY) == message


def test_an_nss_acts_for_its_own_countries_only(call):
    with time_machine.travel(CLOSES, tick=False):
        access = access_for(nss("ES"), call)
        assert access.country_refusal(Action.SELECT, Country.objects.get(code="ES").pk) is None
        assert access.country_refusal(Action.SELECT, Country.objects.get(code="FR").pk) == (
            "You act for the applicants of the countries you serve only."
        )


def test_visitors_cost_no_query(call, django_assert_num_queries):
    with django_assert_num_queries(0):
        access = access_for(None, call)
    assert isinstance(access, CallAccess)
