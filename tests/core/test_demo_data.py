"""``seed_demo`` loads the directory, a few schools and a user of every role, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from core.demo import DEMO_PASSWORD
from core.models import (
    AuditEntry,
    Country,
    Notification,
    OutgoingEmail,
    Region,
    School,
    StaffRole,
    User,
    ValidationRequest,
)
from core.plugins import hookimpl
from core.registration import services as registration
from core.validation import services as validation

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


class EventRecorder:
    def __init__(self) -> None:
        self.validated: list[object] = []

    @hookimpl
    def on_teacher_validated(self, event) -> None:
        self.validated.append(event)


def seed_and_commit(django_capture_on_commit_callbacks) -> str:
    """Seed and run what waits for the commit: events are delivered then."""
    with django_capture_on_commit_callbacks(execute=True):
        return seed()


def actions_on(target) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def counts() -> tuple[int, ...]:
    return (
        Country.objects.count(),
        Region.objects.count(),
        School.objects.count(),
        User.objects.count(),
        StaffRole.objects.count(),
    )


def test_seed_demo_twice_creates_nothing_new():
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_countries_and_spanish_regions_ship_with_the_migrations():
    assert Country.objects.count() == 36
    assert set(Country.objects.values_list("tier", flat=True)) == {"eu", "plus"}
    spain = Country.objects.get(code="ES")
    assert spain.regions.count() == 19
    assert spain.regions.filter(name__in=["Ceuta", "Melilla", "Andalucía"]).count() == 3


def test_demo_has_a_user_of_every_role_in_the_domain():
    seed()
    assert User.objects.filter(kind="teacher", state="validated").exists()
    assert User.objects.filter(kind="teacher").exclude(state="validated").exists()
    assert User.objects.filter(kind="pupil", email="").exists()
    assert User.objects.filter(is_superuser=True).exists()
    roles = set(StaffRole.objects.values_list("role", flat=True))
    assert roles == {"trainer", "regional_representative", "nss", "css", "editor"}
    representative = StaffRole.objects.get(role="regional_representative")
    assert representative.region.name == "Andalucía"
    assert StaffRole.objects.get(user__username="nss.es").country.code == "ES"


def test_every_demo_user_logs_in_with_the_printed_password():
    output = seed()
    assert DEMO_PASSWORD in output
    for username in User.objects.values_list("username", flat=True):
        assert username in output
        # django-axes throttles logins per request, so authenticate() needs one.
        request = RequestFactory().post("/login/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD), username


def test_demo_editor_and_staff_can_open_the_wagtail_admin():
    seed()
    for username in ("editor", "nss.es", "css", "regional.andalucia"):
        assert User.objects.get(username=username).has_perm("wagtailadmin.access_admin")
    assert not User.objects.get(username="teacher.ana").has_perm("wagtailadmin.access_admin")


def test_seed_demo_also_loads_the_portal_pages(client):
    seed()
    assert client.get("/").status_code == 200
    assert client.get("/about/").status_code == 200


def test_demo_teachers_register_verify_and_are_confirmed_and_validated_through_the_services(
    register_plugin, django_capture_on_commit_callbacks
):
    recorder = register_plugin(EventRecorder())

    seed_and_commit(django_capture_on_commit_callbacks)

    ana = User.objects.get(username="teacher.ana")
    assert ana.state == User.State.VALIDATED
    assert ana.school.name == "IES Miguel de Cervantes"
    assert actions_on(ana) == [
        registration.TEACHER_REGISTERED,
        registration.EMAIL_VERIFIED,
        registration.REGISTRATION_COMPLETED,
    ]
    (request,) = ValidationRequest.objects.filter(user=ana)
    assert request.status == ValidationRequest.Status.VALIDATED
    assert request.head_teacher_confirmed
    assert actions_on(request) == [
        validation.VALIDATION_REQUESTED,
        validation.HEAD_TEACHER_CONFIRMED,
        validation.TEACHER_VALIDATED,
    ]
    assert request.decided_by.username == "nss.es"
    delivered = {(event.user_id, event.country_code) for event in recorder.validated}
    assert (ana.pk, "ES") in delivered
    for username, code, validator in (("teacher.luc", "FR", "nss.fr"), ("trainer", "DE", "nss.de")):
        teacher = User.objects.get(username=username)
        assert teacher.state == User.State.VALIDATED
        assert (teacher.pk, code) in delivered
        assert ValidationRequest.objects.get(user=teacher).decided_by.username == validator
    assert StaffRole.objects.filter(user__username="trainer", role="trainer").exists()


def test_demo_teacher_waiting_for_validation_is_in_the_nss_queue(
    register_plugin, django_capture_on_commit_callbacks
):
    recorder = register_plugin(EventRecorder())

    seed_and_commit(django_capture_on_commit_callbacks)

    new = User.objects.get(username="teacher.new")
    assert new.state == User.State.WAITING_VALIDATION
    (request,) = ValidationRequest.objects.filter(user=new)
    assert request.status == ValidationRequest.Status.NSS_PENDING
    assert request.head_teacher_confirmed
    assert request.school.country.code == "DE"
    nss = User.objects.get(username="nss.de")
    assert request in validation.requests_for_staff(nss)
    assert Notification.objects.filter(user=nss, kind="validation.head_teacher_confirmed").exists()
    assert new.pk not in {event.user_id for event in recorder.validated}


def test_seed_demo_twice_registers_validates_and_sends_nothing_twice(
    register_plugin, django_capture_on_commit_callbacks
):
    recorder = register_plugin(EventRecorder())
    models = [User, StaffRole, ValidationRequest, AuditEntry, Notification, OutgoingEmail]
    seed_and_commit(django_capture_on_commit_callbacks)
    first = {model.__name__: model.objects.count() for model in models}
    delivered = len(recorder.validated)

    output = seed_and_commit(django_capture_on_commit_callbacks)

    assert {model.__name__: model.objects.count() for model in models} == first
    assert len(recorder.validated) == delivered == 3
    assert "teacher.new" in output
