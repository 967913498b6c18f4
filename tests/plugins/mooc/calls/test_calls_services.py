"""Running a call to its selection through the services: the application window under
frozen time, one application per teacher, each NSS ranking and selecting within its
country's places, the applicants told once, a withdrawal passing the place on, and the
CSV lists."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.dates import format_day
from core.models import AuditEntry, Country, Notification
from plugins.mooc.calls import notifications, queries, services
from plugins.mooc.models.calls import Application, CountrySelection
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
)

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
Status = Application.Status
LONG_AGO = T0 - timedelta(days=1000)


def spain() -> Country:
    return Country.objects.get(code="ES")


def statuses(call, country) -> dict[str, str]:
    return dict(
        Application.objects.filter(call=call, country=country).values_list(
            "applicant__username", "status"
        )
    )


def kinds_of(person) -> list[str]:
    return list(
        Notification.objects.filter(user=person).order_by("pk").values_list("kind", flat=True)
    )


@pytest.fixture
def call():
    with time_machine.travel(T0, tick=False):
        return make_call(css(), quotas={"ES": 2, "FR": 1})


@pytest.fixture
def spanish_applicants(call):
    """Four Spanish teachers (all joined long ago) apply a minute apart, and one French."""
    with time_machine.travel(T0, tick=False):
        people = [teacher(username=f"es.{n}", date_joined=LONG_AGO) for n in range(1, 5)]
        french = teacher_in("FR", username="fr.1", date_joined=LONG_AGO)
    for minutes, person in enumerate([*people, french]):
        with time_machine.travel(OPENS + timedelta(minutes=minutes), tick=False):
            apply_as(person, call)
    return people


# --- the window ------------------------------------------------------------------------


def test_applying_is_refused_one_second_before_the_window_opens(call):
    with time_machine.travel(T0, tick=False):
        person = teacher()
    with (
        time_machine.travel(OPENS - SECOND, tick=False),
        pytest.raises(PermissionDenied) as refused,
    ):
        apply_as(person, call)
    assert str(refused.value) == f"Applications open on {format_day(OPENS)}."
    assert not Application.objects.exists()


def test_applying_is_accepted_from_the_second_the_window_opens(call):
    with time_machine.travel(T0, tick=False):
        person = teacher()
    with time_machine.travel(OPENS, tick=False):
        application = apply_as(person, call)
    assert application.status == Status.SUBMITTED
    assert application.country == spain()


def test_applying_is_accepted_one_second_before_the_window_closes(call):
    with time_machine.travel(T0, tick=False):
        person = teacher()
    with time_machine.travel(CLOSES - SECOND, tick=False):
        apply_as(person, call)
    assert Application.objects.filter(applicant=person).exists()


@pytest.mark.parametrize("moment", [CLOSES, CLOSES + SECOND])
def test_applying_is_refused_once_the_window_closes(call, moment):
    with time_machine.travel(T0, tick=False):
        person = teacher()
    with time_machine.travel(moment, tick=False), pytest.raises(PermissionDenied) as refused:
        apply_as(person, call)
    assert str(refused.value) == f"Applications closed on {format_day(CLOSES)}."
    assert not Application.objects.exists()


def test_editing_closes_with_the_window(call):
    with time_machine.travel(T0, tick=False):
        person = teacher()
    with time_machine.travel(OPENS, tick=False):
        application = apply_as(person, call)
    with time_machine.travel(CLOSES - SECOND, tick=False):
        services.update_application(actor=person, application=application, motivation="New")
    with (
        time_machine.travel(CLOSES + SECOND, tick=False),
        pytest.raises(PermissionDenied, match="Applications closed"),
    ):
        services.update_application(actor=person, application=application, motivation="Late")
    application.refresh_from_db()
    assert application.motivation == "New"


def test_a_withdrawn_application_can_no_longer_be_edited_and_says_why(call):
    with time_machine.travel(T0, tick=False):
        person = teacher()
    with time_machine.travel(OPENS, tick=False):
        application = apply_as(person, call)
        services.withdraw_application(actor=person, application=application)
        with pytest.raises(PermissionDenied, match="You withdrew your application"):
            services.update_application(actor=person, application=application, motivation="Again")
    application.refresh_from_db()
    assert application.motivation != "Again"


# --- applying --------------------------------------------------------------------------


def test_one_application_per_teacher(call):
    with time_machine.travel(T0, tick=False):
        person = teacher()
    with time_machine.travel(OPENS, tick=False):
        apply_as(person, call)
        with pytest.raises(PermissionDenied, match=r"You have applied to this call already\."):
            apply_as(person, call)
    assert Application.objects.filter(applicant=person).count() == 1


@pytest.mark.parametrize(
    "motivation, message",
    [
        ("   ", "Please say why you want to take part."),
        ("x" * 3001, "Please keep this under 3000 characters."),
    ],
)
def test_a_motivation_is_required_and_limited(call, motivation, message):
    with time_machine.travel(T0, tick=False):
        person = teacher()
    with time_machine.travel(OPENS, tick=False), pytest.raises(ValidationError) as refused:
        apply_as(person, call, motivation)
    assert refused.value.message_dict == {"motivation": [message]}
    assert not Application.objects.exists()
    assert not Notification.objects.filter(user=person).exists()


def test_the_motivation_is_kept_as_plain_text(call):
    with time_machine.travel(T0, tick=False):
        person = teacher()
    with time_machine.travel(OPENS, tick=False):
        application = apply_as(person, call, " <b>Because</b>\x00 ")
    assert application.motivation == "<b>Because</b>"


def test_the_applicant_is_told_their_application_is_received(call):
    with time_machine.travel(T0, tick=False):
        person = teacher()
    with time_machine.travel(OPENS, tick=False):
        apply_as(person, call)
    assert kinds_of(person) == [notifications.RECEIVED]
    assert AuditEntry.objects.filter(action=services.CALL_APPLIED).count() == 1


# --- ranking and selecting ------------------------------------------------------------


def test_the_nss_reorders_its_applicants_and_selects_exactly_its_places(call, spanish_applicants):
    officer = nss("ES")
    with time_machine.travel(CLOSES - timedelta(days=1), tick=False):
        last = Application.objects.get(call=call, applicant__username="es.4")
        for _ in range(3):
            services.move_application(actor=officer, application=last, direction="up")
        order = [a.applicant.username for a in queries.ranked_applications(call, spain().pk)]
        assert order == ["es.4", "es.1", "es.2", "es.3"]
    with time_machine.travel(CLOSES, tick=False):
        services.select_within_quota(actor=officer, call=call, country=spain())
    assert statuses(call, spain()) == {
        "es.4": Status.SELECTED,
        "es.1": Status.SELECTED,
        "es.2": Status.WAITING,
        "es.3": Status.WAITING,
    }
    # France is untouched: its NSS has not selected yet.
    assert statuses(call, Country.objects.get(code="FR")) == {"fr.1": Status.SUBMITTED}
    assert CountrySelection.objects.get(call=call, country=spain()).decided_by == officer


def test_moving_past_the_ends_is_refused(call, spanish_applicants):
    officer = nss("ES")
    with time_machine.travel(CLOSES - SECOND, tick=False):
        first = Application.objects.get(call=call, applicant__username="es.1")
        last = Application.objects.get(call=call, applicant__username="es.4")
        with pytest.raises(ValidationError, match="first already"):
            services.move_application(actor=officer, application=first, direction="up")
        with pytest.raises(ValidationError, match="last already"):
            services.move_application(actor=officer, application=last, direction="down")
        with pytest.raises(ValidationError, match="up or down"):
            services.move_application(actor=officer, application=last, direction="sideways")
    assert not Application.objects.filter(rank__isnull=False).exists()


def test_resetting_the_ranking_gives_the_rules_order_back(call, spanish_applicants):
    officer = nss("ES")
    with time_machine.travel(CLOSES - SECOND, tick=False):
        last = Application.objects.get(call=call, applicant__username="es.4")
        services.move_application(actor=officer, application=last, direction="up")
        assert services.reset_ranking(actor=officer, call=call, country=spain()) == 4
        order = [a.applicant.username for a in queries.ranked_applications(call, spain().pk)]
    assert order == ["es.1", "es.2", "es.3", "es.4"]


def test_selection_waits_until_applications_close(call, spanish_applicants):
    with (
        time_machine.travel(CLOSES - SECOND, tick=False),
        pytest.raises(PermissionDenied, match="once applications close"),
    ):
        services.select_within_quota(actor=nss("ES"), call=call, country=spain())
    assert not CountrySelection.objects.exists()


def test_another_countrys_nss_can_neither_rank_nor_select_nor_export(call, spanish_applicants):
    french_officer = nss("FR")
    with time_machine.travel(CLOSES - SECOND, tick=False):
        application = Application.objects.get(call=call, applicant__username="es.2")
        with pytest.raises(PermissionDenied, match="countries you serve only"):
            services.move_application(actor=french_officer, application=application, direction="up")
    with time_machine.travel(CLOSES, tick=False):
        with pytest.raises(PermissionDenied, match="countries you serve only"):
            services.select_within_quota(actor=french_officer, call=call, country=spain())
        with pytest.raises(PermissionDenied, match="countries you serve only"):
            services.export_csv(actor=french_officer, call=call, country=spain())
        everything = services.export_csv(actor=french_officer, call=call)
    assert "es.1" not in everything
    rows = list(csv.reader(io.StringIO(everything)))
    assert [row[4] for row in rows[1:]] == ["France"]
    assert not CountrySelection.objects.exists()
    assert not Application.objects.filter(rank__isnull=False).exists()


def test_each_applicant_is_told_the_result_once(call, spanish_applicants):
    officer = nss("ES")
    with time_machine.travel(CLOSES, tick=False):
        services.select_within_quota(actor=officer, call=call, country=spain())
        with pytest.raises(ValidationError, match="made already"):
            services.select_within_quota(actor=officer, call=call, country=spain())
    es1, es2, es3, es4 = spanish_applicants
    assert kinds_of(es1) == [notifications.RECEIVED, notifications.SELECTED]
    assert kinds_of(es2) == [notifications.RECEIVED, notifications.SELECTED]
    assert kinds_of(es3) == [notifications.RECEIVED, notifications.WAITING]
    assert kinds_of(es4) == [notifications.RECEIVED, notifications.WAITING]
    waiting = Notification.objects.get(user=es4, kind=notifications.WAITING)
    assert "number 2 on its waiting list" in waiting.body
    assert CountrySelection.objects.count() == 1
    assert AuditEntry.objects.filter(action=services.CALL_COUNTRY_SELECTED).count() == 1
    assert not Application.objects.filter(country=spain(), notified_at__isnull=True).exists()


def test_a_selected_applicant_who_withdraws_passes_the_place_to_the_first_waiting(
    call, spanish_applicants
):
    es1, _es2, es3, es4 = spanish_applicants
    with time_machine.travel(CLOSES, tick=False):
        services.select_within_quota(actor=nss("ES"), call=call, country=spain())
    with time_machine.travel(EVENT - SECOND, tick=False):
        services.withdraw_application(
            actor=es1, application=Application.objects.get(call=call, applicant=es1)
        )
    assert statuses(call, spain()) == {
        "es.1": Status.WITHDRAWN,
        "es.2": Status.SELECTED,
        "es.3": Status.SELECTED,
        "es.4": Status.WAITING,
    }
    assert kinds_of(es3)[-1] == notifications.PROMOTED
    assert kinds_of(es4)[-1] == notifications.WAITING  # still waiting, not told again
    # A waiting applicant who withdraws frees no place.
    with time_machine.travel(EVENT - SECOND, tick=False):
        services.withdraw_application(
            actor=es4, application=Application.objects.get(call=call, applicant=es4)
        )
    assert Application.objects.filter(country=spain(), status=Status.SELECTED).count() == 2


def test_withdrawing_is_refused_once_the_event_starts(call, spanish_applicants):
    es1 = spanish_applicants[0]
    with (
        time_machine.travel(EVENT, tick=False),
        pytest.raises(PermissionDenied, match="The event has started"),
    ):
        services.withdraw_application(
            actor=es1, application=Application.objects.get(call=call, applicant=es1)
        )


def test_nobody_withdraws_someone_elses_application(call, spanish_applicants):
    es1, es2 = spanish_applicants[:2]
    with (
        time_machine.travel(OPENS + timedelta(days=1), tick=False),
        pytest.raises(PermissionDenied, match=r"This is not your application\."),
    ):
        services.withdraw_application(
            actor=es2, application=Application.objects.get(call=call, applicant=es1)
        )
    assert statuses(call, spain())["es.1"] == Status.SUBMITTED


def test_closing_the_waiting_list_tells_those_still_waiting(call, spanish_applicants):
    officer = nss("ES")
    with time_machine.travel(CLOSES, tick=False):
        services.select_within_quota(actor=officer, call=call, country=spain())
        assert services.close_waiting_list(actor=officer, call=call, country=spain()) == 2
    es3 = spanish_applicants[2]
    assert statuses(call, spain())["es.3"] == Status.NOT_SELECTED
    assert kinds_of(es3)[-1] == notifications.NOT_SELECTED


# --- the call and its quotas ---------------------------------------------------------


def test_only_the_css_creates_calls_and_sets_quotas():
    with time_machine.travel(T0, tick=False):
        with pytest.raises(PermissionDenied, match="Only the Central Support Service"):
            make_call(nss("ES"))
        call = make_call(css(), publish=False, quotas={})
        with pytest.raises(PermissionDenied, match="not published yet"):
            services.set_quota(actor=nss("ES"), call=call, country=spain(), places=3)
        with pytest.raises(ValidationError, match="at least one country"):
            services.publish_call(actor=css(), call=call)
        with pytest.raises(ValidationError, match="between 1 and 10000"):
            services.set_quota(actor=css(), call=call, country=spain(), places=0)
    assert not call.quotas.exists()


def test_the_dates_must_follow_each_other():
    with time_machine.travel(T0, tick=False):
        with pytest.raises(ValidationError, match="must follow each other"):
            make_call(css(), applications_close_at=OPENS)
        with pytest.raises(ValidationError, match="must follow each other"):
            make_call(css(), event_starts_at=CLOSES - SECOND)


def test_the_description_is_cleaned():
    with time_machine.travel(T0, tick=False):
        call = make_call(css(), description="<p>Hi<script>alert(1)</script></p>")
    assert "<script>" not in call.description


def test_a_quota_stays_once_its_countrys_selection_is_made(call, spanish_applicants):
    with time_machine.travel(CLOSES, tick=False):
        services.select_within_quota(actor=nss("ES"), call=call, country=spain())
        with pytest.raises(ValidationError, match="can no longer change"):
            services.set_quota(actor=css(), call=call, country=spain(), places=5)
    assert call.quotas.get(country=spain()).places == 2


# --- the lists -------------------------------------------------------------------------


def test_the_csv_lists_the_selected_then_the_waiting_with_their_facts(call, spanish_applicants):
    with time_machine.travel(CLOSES, tick=False):
        services.select_within_quota(actor=nss("ES"), call=call, country=spain())
        text = services.export_csv(actor=nss("ES"), call=call, country=spain())
        everything = services.export_csv(actor=css(), call=call)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Rank", "Name", "E-mail", "School", "Country", "Status", "Applied at"]
    es1 = spanish_applicants[0]
    assert rows[1][:6] == ["1", es1.display_name(), es1.email, es1.school.name, "Spain", "Selected"]
    assert [row[5] for row in rows[1:]] == ["Selected", "Selected", "On the waiting list"] * 1 + [
        "On the waiting list"
    ]
    assert [row[4] for row in csv.reader(io.StringIO(everything))][1:] == ["France"] + ["Spain"] * 4
    assert AuditEntry.objects.filter(action=services.CALL_LISTS_EXPORTED).count() == 2


def test_the_csv_cannot_carry_a_formula(call):
    with time_machine.travel(T0, tick=False):
        tricky = teacher(first_name="=HYPERLINK(1)", last_name="+x", date_joined=LONG_AGO)
        tricky.school.name = "@SUM(A1)"
        tricky.school.save()
        minus = teacher(first_name="-2", last_name="", username="minus", date_joined=LONG_AGO)
    with time_machine.travel(OPENS, tick=False):
        apply_as(tricky, call)
        apply_as(minus, call)
        text = services.export_csv(actor=css(), call=call, country=spain())
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1] == "'=HYPERLINK(1) +x"
    assert rows[1][3] == "'@SUM(A1)"
    assert rows[2][1] == "'-2"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))


def test_teachers_do_not_export(call, spanish_applicants):
    with (
        time_machine.travel(CLOSES, tick=False),
        pytest.raises(PermissionDenied, match="export the lists"),
    ):
        services.export_csv(actor=spanish_applicants[0], call=call)
