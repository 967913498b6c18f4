"""After an applicant is erased, their names, username and e-mail address are nowhere
in the database, and a place they held went to the next on the waiting list; the
export holds their applications."""

from __future__ import annotations

import pytest

from core import services as core_services
from core.models import Country
from plugins.mooc.calls import notifications, privacy, services
from plugins.mooc.models.calls import Application
from tests.factories.mooc_calls import CLOSES, OPENS, T0, apply_as, css, make_call, nss, teacher
from tests.support.erasure import text_columns_containing

pytestmark = pytest.mark.django_db

APPLICANT = {
    "first name": "Zebulonia",
    "surname": "Quixotewright",
    "username": "zq.applicant77",
    "e-mail": "zq.applicant77@school.example.org",
}


def a_call_run_to_its_selection(time_machine):
    time_machine.move_to(T0, tick=False)
    call = make_call(css(), quotas={"ES": 1})
    applicant = teacher(
        username=APPLICANT["username"],
        first_name=APPLICANT["first name"],
        last_name=APPLICANT["surname"],
        email=APPLICANT["e-mail"],
        date_joined=T0,
    )
    waiting = teacher(username="next.in.line", date_joined=T0)
    time_machine.move_to(OPENS, tick=False)
    apply_as(applicant, call, f"Signed: {APPLICANT['first name']} {APPLICANT['surname']}")
    apply_as(waiting, call)
    time_machine.move_to(CLOSES, tick=False)
    services.select_within_quota(actor=nss("ES"), call=call, country=Country.objects.get(code="ES"))
    services.export_csv(actor=css(), call=call)
    return call, applicant, waiting


def test_no_trace_of_an_applicant_after_their_erasure(
    time_machine, django_capture_on_commit_callbacks
):
    call, applicant, waiting = a_call_run_to_its_selection(time_machine)
    exported = privacy.export_calls_data(applicant)
    assert exported["applications"][0]["status"] == Application.Status.SELECTED
    assert APPLICANT["surname"] in exported["applications"][0]["motivation"]
    assert text_columns_containing(APPLICANT) != [], "the scenario should have stored the data"

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=applicant, user=applicant)

    assert text_columns_containing(APPLICANT) == []
    promoted = Application.objects.get(call=call, applicant=waiting)
    assert promoted.status == Application.Status.SELECTED
    assert waiting.notifications.filter(kind=notifications.PROMOTED).count() == 1
    privacy.erase_calls_data(applicant)  # safe to run twice
    assert privacy.export_calls_data(applicant) == {"applications": [], "calls_created": []}
