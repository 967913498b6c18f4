"""A short schemathesis run over the whole REST API: no input gives a server error.

Each operation of ``/api/v1/openapi.json`` is called with a few generated
requests (valid and invalid: huge numbers, odd strings, missing fields) as a
validated teacher, so the handlers behind the authentication are reached.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.factories import TeacherFactory

# Loaded once at collection: the schema view reads no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def connections_stay_open():
    """Keep the test's database connection across requests, as Django's test client does.

    The WSGI handler closes old connections at the end of each request; on
    PostgreSQL that would close the connection holding the test's transaction.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def teacher_session(db, connections_stay_open) -> dict[str, dict[str, str]]:
    """A validated teacher's session, with the CSRF token the API asks of a session."""
    client = Client()
    client.force_login(TeacherFactory())
    session = client.cookies["sessionid"].value
    # Django accepts any secret of its length, as long as cookie and header agree.
    token = get_random_string(CSRF_SECRET_LENGTH)
    cookies = {"sessionid": session, "csrftoken": token}
    return {"cookies": cookies, "headers": {"X-CSRFToken": token}}


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    # The same requests on every run, so a failure in CI can be replayed.
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_no_api_request_gives_a_server_error(case, teacher_session):
    case.call_and_validate(**teacher_session, checks=[not_a_server_error])
