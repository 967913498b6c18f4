"""The calls' pages issue as many queries with 500 applicants as with 5.

Each size gets its own call, created and published through the services, with one
applicant applying through the service; the others are rows written in bulk (the
background of a busy call). The NSS's ranking screen is measured before and after the
selection, and the public pages as a teacher sees them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Country, School, StaffRole, User
from plugins.mooc.calls import services
from plugins.mooc.models.calls import Application
from tests.factories.mooc_calls import CLOSES, OPENS, T0, apply_as, make_call, teacher
from tests.support.meetings import make_staff

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 500


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def build(size: int, tag: str, organiser: User):
    spain = Country.objects.get(code="ES")
    with time_machine.travel(T0, tick=False):
        call = make_call(organiser, title=f"Call {tag}", quotas={"ES": size // 2 or 1})
        person = teacher(username=f"first-{tag}")
    with time_machine.travel(OPENS, tick=False):
        apply_as(person, call)
        school = School.objects.create(name=f"School {tag}", country=spain, town="Madrid")
        users = User.objects.bulk_create(
            User(
                username=f"bulk-{tag}-{n}",
                email=f"bulk-{tag}-{n}@example.org",
                first_name="Bulk",
                last_name=str(n),
                kind=User.Kind.TEACHER,
                state=User.State.VALIDATED,
                school=school,
                date_joined=T0 - timedelta(days=n),
            )
            for n in range(size - 1)
        )
        Application.objects.bulk_create(
            Application(
                call=call,
                applicant=user,
                country=spain,
                motivation="Bulk",
                applied_at=OPENS + timedelta(seconds=n),
            )
            for n, user in enumerate(users)
        )
    return call, person


def test_the_ranking_screen_and_the_pages_cost_the_same_at_5_and_500_applicants():
    with time_machine.travel(T0, tick=False):
        organiser = make_staff("css.q", role=StaffRole.Role.CSS, country=None)
        officer = make_staff("nss.es.q", country="ES")
    spain = Country.objects.get(code="ES")
    measured = {}
    for size in (SMALL, LARGE):
        call, person = build(size, str(size), organiser)
        country_url = reverse("calls_admin:country", args=[call.pk, spain.pk])
        with time_machine.travel(CLOSES - timedelta(hours=1), tick=False):
            measured[size] = {
                "ranking, open": count_queries(as_user(officer), country_url),
                "detail, teacher": count_queries(as_user(person), call.get_absolute_url()),
                "list": count_queries(Client(), reverse("calls:list")),
                "mine": count_queries(as_user(person), reverse("calls:mine")),
                "admin detail": count_queries(
                    as_user(officer), reverse("calls_admin:detail", args=[call.pk])
                ),
            }
        with time_machine.travel(CLOSES, tick=False):
            services.select_within_quota(actor=officer, call=call, country=spain)
            measured[size]["ranking, selected"] = count_queries(as_user(officer), country_url)
            measured[size]["detail, waiting"] = count_queries(
                as_user(person), call.get_absolute_url()
            )
    assert measured[SMALL] == measured[LARGE]
