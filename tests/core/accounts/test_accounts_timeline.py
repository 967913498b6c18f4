"""The inactivity timeline: warnings 30 and 7 days before, inactive at 2 years, erased at 3."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from core.accounts.services import apply_inactivity_timeline
from core.accounts.tasks import apply_account_timeline
from core.contrib import ScheduledTask
from core.models import AuditEntry, Notification, User
from core.plugins import hook
from tests.factories import PupilFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)
WARNING = "account.inactivity_warning"


def day(n: int) -> datetime:
    return START + timedelta(days=n, hours=1)


def run_on(n: int) -> dict:
    with time_machine.travel(day(n), tick=False):
        return apply_inactivity_timeline()


@pytest.fixture
def teacher():
    return TeacherFactory(last_login=START, first_name="Quentina")


def warnings_of(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=WARNING).order_by("created_at"))


def test_the_timeline_is_scheduled_daily():
    tasks = [task for group in hook().register_scheduled_tasks() for task in group]
    assert (
        ScheduledTask(
            name="core.account_timeline",
            func="core.accounts.tasks.apply_account_timeline",
            cron="30 2 * * *",
            description="Warn, deactivate and erase accounts unused for a long time.",
        )
        in tasks
    )


def test_nothing_happens_to_an_active_teacher(teacher):
    assert run_on(600) == {"warned": 0, "deactivated": 0, "erased": 0}
    assert warnings_of(teacher) == []


def test_first_warning_30_days_before_then_7_days_before_each_sent_once(teacher):
    assert run_on(699)["warned"] == 0
    assert run_on(700)["warned"] == 1
    assert run_on(700)["warned"] == 0  # the same day again: nothing twice
    assert run_on(701)["warned"] == 0
    teacher.refresh_from_db()
    assert teacher.inactivity_warning_days == 30
    assert run_on(723)["warned"] == 1
    assert run_on(724)["warned"] == 0
    teacher.refresh_from_db()
    assert teacher.inactivity_warning_days == 7
    assert teacher.state == User.State.VALIDATED
    assert len(warnings_of(teacher)) == 2
    assert "30 days" in warnings_of(teacher)[0].title
    assert "7 days" in warnings_of(teacher)[1].title


def test_the_warning_is_e_mailed(teacher, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(day(700), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        apply_inactivity_timeline()
    assert [message.to for message in mail.outbox] == [[teacher.email]]


def test_a_teacher_found_late_gets_only_the_latest_warning(teacher):
    assert run_on(725)["warned"] == 1
    teacher.refresh_from_db()
    assert teacher.inactivity_warning_days == 7
    assert run_on(726)["warned"] == 0


def test_inactive_after_two_years_remembering_the_state(teacher):
    run_on(700)
    run_on(723)
    assert run_on(729)["deactivated"] == 0
    assert run_on(730)["deactivated"] == 1
    assert run_on(731)["deactivated"] == 0
    teacher.refresh_from_db()
    assert teacher.state == User.State.INACTIVE
    assert teacher.state_before_suspension == User.State.VALIDATED
    assert not teacher.is_active
    assert AuditEntry.objects.filter(action="accounts.deactivated", target_id=str(teacher.pk))
    assert Notification.objects.filter(user=teacher, kind="account.deactivated").count() == 1


def test_erased_after_three_years_as_former_member(teacher):
    for n in (700, 723, 730):
        run_on(n)
    assert run_on(1094)["erased"] == 0
    assert run_on(1095)["erased"] == 1
    assert run_on(1096)["erased"] == 0
    teacher.refresh_from_db()
    assert teacher.state == User.State.DELETED
    assert teacher.first_name == "" and teacher.email == ""
    assert teacher.username.startswith("former-member-")
    assert AuditEntry.objects.filter(action="privacy.erase", target_id=str(teacher.pk))


def test_never_logged_in_counts_from_registration():
    with time_machine.travel(START, tick=False):
        teacher = TeacherFactory(last_login=None)
    run_on(700)
    assert len(warnings_of(teacher)) == 1


def test_a_login_restarts_the_timeline(teacher, client):
    run_on(700)
    with time_machine.travel(day(710), tick=False):
        client.post(
            "/login/", {"username": teacher.username, "password": "a-long-test-password-42"}
        )
    teacher.refresh_from_db()
    assert teacher.inactivity_warning_days == 0
    assert run_on(723)["warned"] == 0
    assert run_on(730)["deactivated"] == 0
    assert run_on(710 + 700)["warned"] == 1


def test_pupils_and_superusers_are_left_alone(teacher):
    pupil = PupilFactory(last_login=START)
    admin = UserFactory(kind=User.Kind.STAFF, is_superuser=True, last_login=START)
    for n in (700, 723, 730, 1095):
        run_on(n)
    pupil.refresh_from_db()
    admin.refresh_from_db()
    assert pupil.state == User.State.VALIDATED and admin.state == User.State.VALIDATED
    assert warnings_of(pupil) == [] and warnings_of(admin) == []


def test_staff_follow_the_timeline():
    staff = UserFactory(kind=User.Kind.STAFF, last_login=START)
    run_on(730)
    staff.refresh_from_db()
    assert staff.state == User.State.INACTIVE


def test_the_task_runs_the_timeline(teacher):
    with time_machine.travel(day(700), tick=False):
        assert apply_account_timeline()["warned"] == 1


def test_an_unverified_address_gets_no_warning():
    unverified = UserFactory(state=User.State.EMAIL_UNVERIFIED, last_login=START)
    assert run_on(700)["warned"] == 0
    assert warnings_of(unverified) == []
