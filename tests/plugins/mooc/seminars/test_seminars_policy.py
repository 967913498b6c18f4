"""The seminars' role table (DOMAIN.md §6, issue 11), cell by cell: who may do what, and
in which phase; how a person's role in a seminar is found; the reasons people see."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied

from core.models import User
from plugins.mooc.models import Seminar
from plugins.mooc.seminars import services
from plugins.mooc.seminars.policy import (
    PHASES,
    RIGHTS,
    Action,
    Role,
    SeminarAccess,
    access_for,
    can_create_seminars,
    creation_refusal,
    is_organiser,
    manageable_seminars,
)
from tests.factories import PupilFactory
from tests.factories.mooc_seminars import (
    announced_seminar,
    css,
    new_seminar,
    nss,
    teacher,
    unvalidated_teacher,
)
from tests.support.mooc_seminars import END, LINK_FROM, OPENS, SECOND, START, T0

pytestmark = pytest.mark.django_db

Phase = Seminar.Phase
ORGANISER, SPEAKER, REGISTRANT = Role.ORGANISER, Role.SPEAKER, Role.REGISTRANT
WAITING, TEACHER, OTHER = Role.WAITING, Role.TEACHER, Role.OTHER
EVERY_PHASE = frozenset(Phase)

# The table as the issue states it, written out independently of the code.
EXPECTED_RIGHTS = {
    Action.VIEW: {ORGANISER, SPEAKER, REGISTRANT, WAITING, TEACHER, OTHER},
    Action.REGISTER: {TEACHER},
    Action.CANCEL: {REGISTRANT, WAITING},
    Action.ASK_REMINDER: {TEACHER},
    Action.SEE_LINK: {ORGANISER, SPEAKER, REGISTRANT},
    Action.JOIN: {ORGANISER, SPEAKER, REGISTRANT},
    Action.MANAGE: {ORGANISER},
    Action.SEE_REGISTRANTS: {ORGANISER, SPEAKER},
}
EXPECTED_PHASES = {
    Action.VIEW: EVERY_PHASE,
    Action.REGISTER: {Phase.REGISTRATION_OPEN},
    Action.CANCEL: {Phase.REGISTRATION_OPEN},
    Action.ASK_REMINDER: {Phase.ANNOUNCED},
    # Inside these phases, from 15 minutes before the start until the end.
    Action.SEE_LINK: {Phase.REGISTRATION_OPEN, Phase.LIVE},
    Action.JOIN: {Phase.REGISTRATION_OPEN, Phase.LIVE},
    Action.MANAGE: EVERY_PHASE - {Phase.CANCELLED},
    Action.SEE_REGISTRANTS: EVERY_PHASE,
}
# A moment inside each phase of the timeline (the live link's window open when it can be).
MOMENT = {
    Phase.DRAFT: LINK_FROM + SECOND,
    Phase.CANCELLED: LINK_FROM + SECOND,
    Phase.ANNOUNCED: OPENS - SECOND,
    Phase.REGISTRATION_OPEN: LINK_FROM + SECOND,
    Phase.LIVE: START + SECOND,
    Phase.ENDED: END + SECOND,
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_rights_cell(action, role):
    assert (role in RIGHTS[action]) == (role in EXPECTED_RIGHTS[action])


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("action", list(Action))
def test_phases_cell(action, phase):
    allowed = action not in PHASES or phase in PHASES[action]
    assert allowed == (phase in EXPECTED_PHASES[action])


def _seminar_in(phase: str, organiser: User) -> Seminar:
    """A seminar made by its organiser through the services, as ``phase`` needs it."""
    seminar = new_seminar(actor=organiser, starts_at=START, duration_minutes=60)
    if phase != Phase.DRAFT:
        seminar = services.publish_seminar(actor=organiser, seminar=seminar)
    if phase == Phase.CANCELLED:
        seminar = services.cancel_seminar(
            actor=organiser, seminar=seminar, reason="The speaker is ill."
        )
    return seminar


@pytest.mark.parametrize("phase", list(Phase))
def test_every_cell_holds_for_a_real_seminar_in_each_phase(phase, time_machine):
    time_machine.move_to(T0, tick=False)
    seminar = _seminar_in(phase, nss("ES"))
    time_machine.move_to(MOMENT[phase], tick=False)
    assert seminar.phase() == phase
    for role in Role:
        access = SeminarAccess(seminar=seminar, user=None, role=role)
        for action in Action:
            expected = role in EXPECTED_RIGHTS[action] and phase in EXPECTED_PHASES[action]
            if phase == Phase.DRAFT:
                # A draft exists only for its organisers.
                expected = expected and role is ORGANISER
            assert access.can(action) == expected, (phase, role, action)
            assert (access.refusal(action) is None) == expected


def test_roles_are_found_for_each_kind_of_person(time_machine):
    time_machine.move_to(T0, tick=False)
    organiser = nss("ES")
    speaking = teacher()
    seminar = announced_seminar(
        actor=organiser,
        starts_at=START,
        capacity=1,
        speakers=[{"name": "", "affiliation": "School", "user": speaking}],
    )
    time_machine.move_to(OPENS + SECOND, tick=False)
    seated, waiting = teacher(), teacher()
    services.register(actor=seated, seminar=seminar)
    services.register(actor=waiting, seminar=seminar)
    seminar.refresh_from_db()
    cases = {
        organiser: ORGANISER,
        css(): ORGANISER,
        User.objects.create_superuser("root", "root@example.org", "x" * 20): ORGANISER,
        speaking: SPEAKER,
        seated: REGISTRANT,
        waiting: WAITING,
        teacher(): TEACHER,
        unvalidated_teacher(): OTHER,
        PupilFactory(): OTHER,
        nss("FR"): OTHER,
    }
    for person, role in cases.items():
        assert access_for(person, seminar).role == role, person
    assert access_for(None, seminar).role == OTHER
    claim = access_for(seated, seminar).claim
    assert claim is not None and claim.status == claim.Status.SEATED
    # A speaker with an account is named by it when no name is given.
    assert seminar.speakers.get().name == speaking.display_name()


def test_access_takes_a_fixed_number_of_queries(django_assert_num_queries):
    organiser = nss("ES")
    seminar = announced_seminar(actor=organiser)
    person = teacher()
    with django_assert_num_queries(2):
        access_for(person, seminar)
    with django_assert_num_queries(0):
        access_for(None, seminar)


def test_a_european_seminar_is_the_css_s_not_an_nss_s():
    seminar = announced_seminar(actor=css(), country=None)
    assert not is_organiser(nss("ES"), seminar)
    assert is_organiser(css(), seminar)
    assert access_for(nss("ES"), seminar).role == OTHER


def test_nss_staff_manage_the_seminars_of_their_country_only():
    spain, france = nss("ES"), nss("FR")
    spanish = new_seminar(actor=spain)
    french = new_seminar(actor=france, country=None)  # one country served: it is theirs
    european = new_seminar(actor=css(), country=None)
    assert french.country.code == "FR"
    assert set(manageable_seminars(spain)) == {spanish}
    assert set(manageable_seminars(css())) == {spanish, french, european}
    assert not manageable_seminars(teacher()).exists()
    # Another country's draft does not even exist for them.
    with pytest.raises(PermissionDenied, match=re.escape("This seminar is not announced yet.")):
        services.publish_seminar(actor=spain, seminar=french)
    services.publish_seminar(actor=france, seminar=french)
    with pytest.raises(
        PermissionDenied, match=re.escape("Only the seminar's organisers can do this.")
    ):
        services.cancel_seminar(actor=spain, seminar=french, reason="Not mine.")


def test_only_support_service_staff_create_seminars():
    assert can_create_seminars(nss("ES")) and can_create_seminars(css())
    assert creation_refusal(teacher()) == (
        "Only the staff of the National and Central Support Services can create online seminars."
    )
    assert creation_refusal(None) == "Please log in to create an online seminar."
    with pytest.raises(PermissionDenied):
        new_seminar(actor=teacher())
    assert not Seminar.objects.exists()


def test_reasons_people_see(time_machine):
    time_machine.move_to(T0, tick=False)
    organiser = nss("ES")
    seminar = announced_seminar(actor=organiser, starts_at=START)
    draft = new_seminar(actor=organiser, starts_at=START)
    person = teacher()
    assert access_for(person, draft).refusal(Action.VIEW) == "This seminar is not announced yet."
    access = access_for(person, seminar)
    assert (
        access.refusal(Action.REGISTER) == "Registration opens on 4 March 2027, 09:00."
    )  # Central European Time
    assert access.refusal(Action.SEE_LINK) == (
        "The live link is for the seminar's registrants and speakers only."
    )
    assert access.refusal(Action.CANCEL) == "You are not registered for this seminar."
    assert access_for(organiser, seminar).refusal(Action.REGISTER) == (
        "Organisers run the seminar: they do not register for it."
    )
    assert access_for(PupilFactory(), seminar).refusal(Action.REGISTER) == (
        "Only validated teachers can register for online seminars."
    )
    assert access_for(organiser, seminar).refusal(Action.SEE_LINK) == (
        "The live link is shown from 11 March 2027, 08:45."
    )
    time_machine.move_to(END, tick=False)
    assert access_for(organiser, seminar).refusal(Action.JOIN) == (
        "The seminar ended on 11 March 2027, 10:00: its live link is closed."
    )
    assert access_for(person, seminar).refusal(Action.REGISTER) == (
        "Registration closed when the seminar started."
    )
