"""The meetings REST API: public announcements, registration through the service, my
meetings; 401 without a session, 403 and 422 with the service's reasons, 404 for drafts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import SeatClaim, User
from plugins.meetings import services
from plugins.meetings.models import Meeting
from tests.factories import TeacherFactory
from tests.factories.twinspace import teacher_in
from tests.support.meetings import T0, create_meeting, make_staff, make_trainer, reach

pytestmark = pytest.mark.django_db

API = "/api/v1/meetings"
State = Meeting.State


@pytest.fixture
def at_t0(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture
def organiser() -> User:
    return make_staff("nss.es.api")


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_meeting(time_machine, organiser, **kwargs) -> Meeting:
    return reach(time_machine, create_meeting(organiser, **kwargs), State.REGISTRATION_OPEN)


def test_list_holds_announced_meetings_only(client, at_t0, organiser):
    create_meeting(organiser, title="Announced")
    create_meeting(organiser, title="Still a draft", publish=False)

    response = client.get(f"{API}/")

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Announced"]


def test_list_filters_by_language_and_level(client, at_t0, organiser):
    create_meeting(organiser, title="English primary", language="en", levels=("primary",))
    create_meeting(organiser, title="French secondary", language="fr", levels=("secondary",))

    by_language = client.get(f"{API}/", {"language": "fr"}).json()["items"]
    by_level = client.get(f"{API}/", {"level": "primary"}).json()["items"]

    assert [item["title"] for item in by_language] == ["French secondary"]
    assert [item["title"] for item in by_level] == ["English primary"]


def test_list_refuses_an_overlong_filter_with_422(client, at_t0):
    response = client.get(f"{API}/", {"language": "x" * 40})

    assert response.status_code == 422


def test_detail_gives_the_public_announcement(client, at_t0, organiser):
    trainer = make_trainer(first_name="Lena", last_name="Lehrer")
    meeting = create_meeting(organiser, trainers=(trainer,), capacity=12)

    data = client.get(f"{API}/{meeting.pk}").json()

    assert data["title"] == "Robots in the classroom"
    assert data["trainers"] == ["Lena Lehrer"]
    assert data["language"] == "en"
    assert data["levels"] == ["primary"]
    assert data["country"] == "ES"
    assert (data["capacity"], data["seats_taken"]) == (12, 0)
    assert data["url"] == f"/meetings/{meeting.pk}/"
    assert data["published_at"] == "2027-03-01T08:00:00Z"


def test_a_draft_is_404_for_others_but_open_to_its_organiser(client, at_t0, organiser):
    draft = create_meeting(organiser, publish=False)

    assert client.get(f"{API}/{draft.pk}").status_code == 404
    assert client_of(teacher_in("ES")).get(f"{API}/{draft.pk}").status_code == 404
    assert client_of(organiser).get(f"{API}/{draft.pk}").json()["state"] == State.DRAFT


def test_unknown_and_out_of_range_meetings_are_404(client, at_t0):
    assert client.get(f"{API}/999999").json() == {"detail": "There is no such meeting."}
    assert client.get(f"{API}/99999999999999999999999").status_code == 404


def test_registering_needs_a_session(client, at_t0, organiser):
    meeting = open_meeting(at_t0, organiser)

    response = client.post(f"{API}/{meeting.pk}/register")

    assert response.status_code == 401
    assert SeatClaim.objects.count() == 0


def test_validated_teacher_registers_and_gets_a_seat(at_t0, organiser):
    meeting = open_meeting(at_t0, organiser)
    teacher = teacher_in("FR")

    response = client_of(teacher).post(f"{API}/{meeting.pk}/register")

    assert response.status_code == 201
    assert response.json() == {
        "status": "seated",
        "waiting_position": None,
        "detail": "You have a seat.",
    }
    assert client_of(teacher).get(f"{API}/{meeting.pk}").json()["seats_taken"] == 1


def test_teacher_joins_the_waiting_list_of_a_full_meeting(at_t0, organiser):
    meeting = open_meeting(at_t0, organiser, capacity=1)
    client_of(teacher_in("ES")).post(f"{API}/{meeting.pk}/register")

    response = client_of(teacher_in("FR")).post(f"{API}/{meeting.pk}/register")

    assert response.status_code == 201
    assert response.json() == {
        "status": "waiting",
        "waiting_position": 1,
        "detail": "The meeting is full: you are number 1 on the waiting list.",
    }


def test_unvalidated_teacher_cannot_register(at_t0, organiser):
    meeting = open_meeting(at_t0, organiser)
    unvalidated = TeacherFactory(state=User.State.WAITING_VALIDATION)

    response = client_of(unvalidated).post(f"{API}/{meeting.pk}/register")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only validated teachers can register for teaching meetings."
    }
    assert SeatClaim.objects.count() == 0


def test_registration_before_it_opens_is_refused(at_t0, organiser):
    meeting = create_meeting(organiser)

    response = client_of(teacher_in("ES")).post(f"{API}/{meeting.pk}/register")

    assert response.status_code == 403
    assert response.json() == {"detail": "Registration for this meeting is not open."}
    assert SeatClaim.objects.count() == 0


def test_registering_twice_is_refused_with_the_reason(at_t0, organiser):
    meeting = open_meeting(at_t0, organiser)
    teacher = client_of(teacher_in("ES"))
    teacher.post(f"{API}/{meeting.pk}/register")

    response = teacher.post(f"{API}/{meeting.pk}/register")

    assert response.status_code == 403
    assert response.json() == {"detail": "You are already registered."}
    assert SeatClaim.objects.filter(status=SeatClaim.Status.SEATED).count() == 1


def test_registering_for_a_draft_is_404(at_t0, organiser):
    draft = create_meeting(organiser, publish=False)

    response = client_of(teacher_in("ES")).post(f"{API}/{draft.pk}/register")

    assert response.status_code == 404


def test_cancelling_gives_the_seat_to_the_first_waiting(at_t0, organiser):
    meeting = open_meeting(at_t0, organiser, capacity=1)
    first, second = teacher_in("ES"), teacher_in("FR")
    client_of(first).post(f"{API}/{meeting.pk}/register")
    client_of(second).post(f"{API}/{meeting.pk}/register")

    response = client_of(first).post(f"{API}/{meeting.pk}/cancel")

    assert response.status_code == 200
    assert response.json() == {"detail": "Your registration is cancelled."}
    assert SeatClaim.objects.get(user=second, status__in=SeatClaim.LIVE_STATUSES).status == (
        SeatClaim.Status.SEATED
    )


def test_cancelling_without_a_registration_is_refused(at_t0, organiser):
    meeting = open_meeting(at_t0, organiser)

    response = client_of(teacher_in("ES")).post(f"{API}/{meeting.pk}/cancel")

    assert response.status_code == 403
    assert response.json() == {"detail": "You are not registered for this meeting."}


def test_cancelling_needs_a_session(client, at_t0, organiser):
    meeting = open_meeting(at_t0, organiser)

    assert client.post(f"{API}/{meeting.pk}/cancel").status_code == 401


def test_the_session_routes_check_the_csrf_token(at_t0, organiser):
    meeting = open_meeting(at_t0, organiser)
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher_in("ES"))

    response = client.post(f"{API}/{meeting.pk}/register")

    assert response.status_code == 403
    assert SeatClaim.objects.count() == 0


def test_my_meetings_say_my_role_in_each(at_t0, organiser):
    trainer = make_trainer()
    teacher = teacher_in("ES")
    trained = create_meeting(organiser, title="I train it", trainers=(trainer,))
    full = create_meeting(organiser, title="Full", capacity=1)
    seated = create_meeting(organiser, title="Seated")
    create_meeting(organiser, title="Not mine")
    reach(at_t0, full, State.REGISTRATION_OPEN)
    for user, meeting in ((teacher_in("FR"), full), (teacher, full), (teacher, seated)):
        client_of(user).post(f"{API}/{meeting.pk}/register")

    mine = client_of(teacher).get(f"{API}/mine").json()["items"]
    trainers_mine = client_of(trainer).get(f"{API}/mine").json()["items"]

    assert {(item["title"], item["role"]) for item in mine} == {
        ("Full", "waiting"),
        ("Seated", "participant"),
    }
    assert [(item["id"], item["role"]) for item in trainers_mine] == [(trained.pk, "trainer")]


def test_my_meetings_need_a_session(client):
    assert client.get(f"{API}/mine").status_code == 401


def test_the_list_costs_the_same_queries_for_one_or_many_meetings(client, at_t0, organiser):
    create_meeting(organiser, title="One")
    with CaptureQueriesContext(connection) as one:
        client.get(f"{API}/")
    for number in range(5):
        create_meeting(organiser, title=f"More {number}", trainers=(make_trainer(f"t{number}"),))
    with CaptureQueriesContext(connection) as many:
        client.get(f"{API}/")

    assert len(many) == len(one)


def test_my_meetings_cost_the_same_queries_for_one_or_many(at_t0, organiser):
    teacher = teacher_in("ES")
    meetings = [create_meeting(organiser, title=f"Meeting {n}") for n in range(4)]
    reach(at_t0, meetings[0], State.REGISTRATION_OPEN)
    client = client_of(teacher)
    services.register(actor=teacher, meeting=meetings[0])
    client.get(f"{API}/mine")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(f"{API}/mine").json()["items"]) == 1
    for meeting in meetings[1:]:
        services.register(actor=teacher, meeting=meeting)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(f"{API}/mine").json()["items"]) == 4

    assert len(many) == len(one)


def test_the_routes_are_published_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {
        "/api/v1/meetings/",
        "/api/v1/meetings/mine",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/meetings/{meeting_id}/register",
        "/api/v1/meetings/{meeting_id}/cancel",
    } <= set(paths)


def test_cancelling_after_the_active_phase_is_refused_with_the_reason(at_t0, organiser):
    meeting = open_meeting(at_t0, organiser)
    teacher = teacher_in("ES")
    services.register(actor=teacher, meeting=meeting)
    reach(at_t0, meeting, State.REFLECTION)

    response = client_of(teacher).post(f"{API}/{meeting.pk}/cancel")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "The active phase is over: registrations can no longer be cancelled."
    }
    assert SeatClaim.objects.get(user=teacher).status == SeatClaim.Status.SEATED
