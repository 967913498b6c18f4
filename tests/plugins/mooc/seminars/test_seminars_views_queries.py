"""The seminar's page and the listing issue as many queries with 500 registrants as with 5.

Each size gets its own seminar: an organiser announces it and one teacher registers
through the services; the other registrants are rows written in bulk (the background of
a busy seminar). Each page is then measured as the people who use it see it.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plugins.mooc.seminars import services
from tests.factories.mooc_seminars import announced_seminar, nss, teacher
from tests.support.mooc_seminars import LINK_FROM, OPENS, SECOND, START, T0, bulk_registrants

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


def build(size: int, tag: str, organiser):
    seminar = announced_seminar(
        actor=organiser, starts_at=START, capacity=LARGE + 10, title=f"Seminar {tag}"
    )
    return seminar


def measure(seminar, organiser, person) -> dict[str, int]:
    url = seminar.get_absolute_url()
    return {
        "list": count_queries(Client(), reverse("seminars:list")),
        "list, open": count_queries(Client(), reverse("seminars:list") + "?show=open"),
        "detail, visitor": count_queries(Client(), url),
        "detail, registrant": count_queries(as_user(person), url),
        "detail, organiser": count_queries(as_user(organiser), url),
        "registrants": count_queries(
            as_user(organiser), reverse("seminars:registrants", args=[seminar.pk])
        ),
        "desktop, registrant": count_queries(as_user(person), reverse("core:desktop")),
        "api list": count_queries(Client(), "/api/v1/seminars/"),
    }


def test_pages_issue_as_many_queries_with_500_registrants_as_with_5(time_machine):
    time_machine.move_to(T0, tick=False)
    organiser = nss("ES")
    small = build(SMALL, "small", organiser)
    large = build(LARGE, "large", organiser)
    time_machine.move_to(OPENS + SECOND, tick=False)
    people = {}
    for seminar, size, tag in ((small, SMALL, "small"), (large, LARGE, "large")):
        people[tag] = teacher(username=f"teacher-{tag}")
        services.register(actor=people[tag], seminar=seminar)
        bulk_registrants(seminar, size - 1, tag)
    time_machine.move_to(LINK_FROM, tick=False)
    measured_small = measure(small, organiser, people["small"])
    measured_large = measure(large, organiser, people["large"])
    assert measured_large == measured_small
