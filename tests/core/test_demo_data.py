"""``seed_demo`` loads the directory, a few schools and a user of every role, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from core.demo import DEMO_PASSWORD
from core.models import Country, Region, School, StaffRole, User

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


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
