"""Pages issue a fixed number of queries, whatever the amount of data behind them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import services
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("path", ["/desktop/", "/notifications/", "/api/v1/notifications"])
def test_page_queries_do_not_grow_with_the_number_of_notifications(client, path):
    teacher = TeacherFactory()
    client.force_login(teacher)
    services.notify(teacher, kind="k", title="first")
    few = queries_for(client, path)
    for number in range(60):
        services.notify(teacher, kind=f"k{number % 3}", title=f"n{number}")
    assert queries_for(client, path) == few


def test_home_page_needs_few_queries(client):
    client.get("/")  # warm Wagtail's site cache
    assert queries_for(client, "/") <= 12
