"""Seats and waiting lists (core.seats): first come, first served, then a waiting list."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from core import seats
from core.models import SeatClaim, SeatOffer
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

Status = SeatClaim.Status


def people(count: int) -> list:
    return [TeacherFactory() for _ in range(count)]


def statuses(offer: SeatOffer, users: list) -> list[str]:
    by_user = {
        claim.user_id: claim.status
        for claim in SeatClaim.objects.filter(offer=offer).exclude(status=Status.CANCELLED)
    }
    return [by_user.get(user.pk, "none") for user in users]


def waiting_order(offer: SeatOffer) -> list[int]:
    return list(
        SeatClaim.objects.filter(offer=offer, status=Status.WAITING)
        .order_by("created_at", "id")
        .values_list("user_id", flat=True)
    )


def assert_consistent(offer: SeatOffer) -> None:
    offer.refresh_from_db()
    assert offer.taken == seats.seated_count(offer) <= offer.capacity
    if seats.waiting_count(offer):
        assert offer.taken == offer.capacity, "someone waits while a seat is free"


def test_open_offer_is_idempotent_and_keeps_the_first_capacity():
    first = seats.open_offer("meetings.meeting:1", capacity=2)
    again = seats.open_offer("meetings.meeting:1", capacity=5)
    assert again.pk == first.pk
    assert again.capacity == 2
    assert SeatOffer.objects.filter(key="meetings.meeting:1").count() == 1


@pytest.mark.parametrize("capacity", [-1, 1.5, "3", True, None])
def test_open_offer_refuses_a_capacity_that_is_not_a_whole_number(capacity):
    with pytest.raises(seats.SeatError) as error:
        seats.open_offer("meetings.meeting:1", capacity=capacity)
    assert str(error.value) == "The number of seats must be a whole number, zero or more."
    assert not SeatOffer.objects.exists()


def test_people_are_seated_until_the_offer_is_full_then_wait():
    offer = seats.open_offer("meetings.meeting:1", capacity=2)
    first, second, third, fourth = people(4)
    claims = [seats.take_seat(offer, person) for person in (first, second, third, fourth)]
    assert [claim.status for claim in claims] == ["seated", "seated", "waiting", "waiting"]
    assert claims[0].seated_at is not None and claims[2].seated_at is None
    assert offer.taken == 2, "the caller's offer object shows the new count"
    assert seats.seated_count(offer) == 2
    assert seats.waiting_count(offer) == 2
    assert [seats.waiting_position(claim) for claim in claims] == [None, None, 1, 2]
    assert seats.claim_of(offer, third) == claims[2]
    assert_consistent(offer)


def test_an_offer_with_no_seats_puts_everyone_on_the_waiting_list():
    offer = seats.open_offer("seminars.seminar:1", capacity=0)
    (person,) = people(1)
    assert seats.take_seat(offer, person).status == Status.WAITING


def test_a_seated_person_cannot_take_a_second_seat():
    offer = seats.open_offer("meetings.meeting:1", capacity=3)
    (person,) = people(1)
    seats.take_seat(offer, person)
    with pytest.raises(seats.AlreadyClaimed) as error:
        seats.take_seat(offer, person)
    assert str(error.value) == "You already have a seat."
    assert error.value.message == "You already have a seat."
    offer.refresh_from_db()
    assert offer.taken == 1
    assert SeatClaim.objects.filter(offer=offer, user=person).count() == 1


def test_a_waiting_person_cannot_join_the_waiting_list_twice():
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    seated, waiting = people(2)
    seats.take_seat(offer, seated)
    seats.take_seat(offer, waiting)
    with pytest.raises(seats.AlreadyClaimed) as error:
        seats.take_seat(offer, waiting)
    assert str(error.value) == "You are already on the waiting list."
    assert seats.waiting_count(offer) == 1


def test_the_database_refuses_a_second_live_claim_of_one_person():
    offer = seats.open_offer("meetings.meeting:1", capacity=3)
    (person,) = people(1)
    seats.take_seat(offer, person)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatClaim.objects.create(offer=offer, user=person, status=Status.WAITING)


def test_cancelling_a_seat_promotes_the_first_in_line():
    offer = seats.open_offer("meetings.meeting:1", capacity=2)
    first, second, third, fourth = people(4)
    for person in (first, second, third, fourth):
        seats.take_seat(offer, person)
    promoted = seats.cancel_claim(offer, first)
    assert [claim.user_id for claim in promoted] == [third.pk]
    assert promoted[0].status == Status.SEATED and promoted[0].seated_at is not None
    assert statuses(offer, [first, second, third, fourth]) == [
        "none",
        "seated",
        "seated",
        "waiting",
    ]
    assert seats.waiting_position(seats.claim_of(offer, fourth)) == 1
    cancelled = SeatClaim.objects.get(offer=offer, user=first)
    assert cancelled.status == Status.CANCELLED and cancelled.cancelled_at is not None
    assert offer.taken == 2
    assert_consistent(offer)


def test_cancelling_a_seat_with_nobody_waiting_frees_it():
    offer = seats.open_offer("meetings.meeting:1", capacity=2)
    first, second = people(2)
    seats.take_seat(offer, first)
    assert seats.cancel_claim(offer, first) == []
    assert offer.taken == 0
    assert seats.take_seat(offer, second).status == Status.SEATED


def test_cancelling_a_waiting_claim_promotes_nobody_and_keeps_the_order():
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    seated, first_waiting, second_waiting, third_waiting = people(4)
    for person in (seated, first_waiting, second_waiting, third_waiting):
        seats.take_seat(offer, person)
    assert seats.cancel_claim(offer, second_waiting) == []
    assert waiting_order(offer) == [first_waiting.pk, third_waiting.pk]
    assert seats.waiting_position(seats.claim_of(offer, third_waiting)) == 2
    assert offer.taken == 1
    assert_consistent(offer)


def test_cancelling_without_a_claim_is_refused_and_changes_nothing():
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    seated, stranger = people(2)
    seats.take_seat(offer, seated)
    with pytest.raises(seats.SeatError) as error:
        seats.cancel_claim(offer, stranger)
    assert str(error.value) == "You have no seat and no place on the waiting list to cancel."
    offer.refresh_from_db()
    assert offer.taken == 1


def test_cancelling_twice_is_refused_the_second_time():
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    (person,) = people(1)
    seats.take_seat(offer, person)
    seats.cancel_claim(offer, person)
    with pytest.raises(seats.SeatError) as error:
        seats.cancel_claim(offer, person)
    assert str(error.value) == "You have no seat and no place on the waiting list to cancel."
    offer.refresh_from_db()
    assert offer.taken == 0


def test_a_newcomer_never_takes_a_seat_while_someone_waits():
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    seated, waiting, newcomer = people(3)
    seats.take_seat(offer, seated)
    seats.take_seat(offer, waiting)
    # A freed seat is never left free while someone waits: it goes to the first in line.
    seats.cancel_claim(offer, seated)
    assert seats.take_seat(offer, newcomer).status == Status.WAITING
    assert statuses(offer, [seated, waiting, newcomer]) == ["none", "seated", "waiting"]


def test_growing_the_capacity_promotes_the_waiting_list_in_order():
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    everyone = people(5)
    for person in everyone:
        seats.take_seat(offer, person)
    promoted = seats.set_capacity(offer, 3)
    assert [claim.user_id for claim in promoted] == [everyone[1].pk, everyone[2].pk]
    assert statuses(offer, everyone) == ["seated", "seated", "seated", "waiting", "waiting"]
    assert offer.capacity == 3 and offer.taken == 3
    promoted = seats.set_capacity(offer, 10)
    assert [claim.user_id for claim in promoted] == [everyone[3].pk, everyone[4].pk]
    assert offer.taken == 5
    assert_consistent(offer)


def test_lowering_the_capacity_to_the_seats_taken_is_allowed():
    offer = seats.open_offer("meetings.meeting:1", capacity=4)
    first, second, third = people(3)
    seats.take_seat(offer, first)
    seats.take_seat(offer, second)
    assert seats.set_capacity(offer, 2) == []
    assert offer.capacity == 2
    assert seats.take_seat(offer, third).status == Status.WAITING


def test_lowering_the_capacity_below_the_seats_taken_is_refused():
    offer = seats.open_offer("meetings.meeting:1", capacity=3)
    for person in people(3):
        seats.take_seat(offer, person)
    with pytest.raises(seats.CapacityBelowTaken) as error:
        seats.set_capacity(offer, 2)
    assert str(error.value) == "3 seats are already taken: there cannot be fewer seats."
    offer.refresh_from_db()
    assert offer.capacity == 3


def test_lowering_the_capacity_below_one_seat_taken_says_so_in_the_singular():
    offer = seats.open_offer("meetings.meeting:1", capacity=3)
    (person,) = people(1)
    seats.take_seat(offer, person)
    with pytest.raises(seats.CapacityBelowTaken) as error:
        seats.set_capacity(offer, 0)
    assert str(error.value) == "1 seat is already taken: there cannot be fewer seats."


def test_a_capacity_that_is_not_a_whole_number_is_refused():
    offer = seats.open_offer("meetings.meeting:1", capacity=3)
    with pytest.raises(seats.SeatError) as error:
        seats.set_capacity(offer, -2)
    assert str(error.value) == "The number of seats must be a whole number, zero or more."
    offer.refresh_from_db()
    assert offer.capacity == 3


def test_claiming_again_after_cancelling_goes_to_the_end_of_the_queue():
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    seated, returning, other = people(3)
    seats.take_seat(offer, seated)
    seats.take_seat(offer, returning)
    seats.take_seat(offer, other)
    seats.cancel_claim(offer, returning)
    again = seats.take_seat(offer, returning)
    assert again.status == Status.WAITING
    assert waiting_order(offer) == [other.pk, returning.pk]
    assert seats.waiting_position(again) == 2
    assert SeatClaim.objects.filter(offer=offer, user=returning).count() == 2


def test_claim_of_is_none_without_a_live_claim():
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    (person,) = people(1)
    assert seats.claim_of(offer, person) is None
    seats.take_seat(offer, person)
    seats.cancel_claim(offer, person)
    assert seats.claim_of(offer, person) is None


def test_offers_are_independent():
    meeting = seats.open_offer("meetings.meeting:1", capacity=1)
    seminar = seats.open_offer("mooc.seminar:1", capacity=1)
    (person,) = people(1)
    assert seats.take_seat(meeting, person).status == Status.SEATED
    assert seats.take_seat(seminar, person).status == Status.SEATED


def test_a_failed_seat_request_inside_a_callers_transaction_leaves_it_usable():
    offer = seats.open_offer("meetings.meeting:1", capacity=2)
    first, second = people(2)
    with transaction.atomic():
        seats.take_seat(offer, first)
        with pytest.raises(seats.AlreadyClaimed):
            seats.take_seat(offer, first)
        seats.take_seat(offer, second)
    assert statuses(offer, [first, second]) == ["seated", "seated"]


def test_the_database_refuses_more_taken_than_capacity():
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatOffer.objects.filter(pk=offer.pk).update(taken=F("capacity") + 1)
    offer.refresh_from_db()
    assert offer.taken == 0


def test_the_database_refuses_a_negative_count():
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatOffer.objects.filter(pk=offer.pk).update(taken=-1)


def test_operators_can_read_seats_in_the_django_admin_but_not_change_them(client):
    operator = TeacherFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    offer = seats.open_offer("meetings.meeting:1", capacity=1)
    seated, waiting = people(2)
    seats.take_seat(offer, seated)
    claim = seats.take_seat(offer, waiting)
    listing = client.get("/django-admin/core/seatoffer/")
    assert listing.status_code == 200
    assert "meetings.meeting:1" in listing.text
    detail = client.get(f"/django-admin/core/seatoffer/{offer.pk}/change/")
    assert detail.status_code == 200
    assert waiting.username in detail.text
    assert client.get("/django-admin/core/seatclaim/").status_code == 200
    assert client.post(f"/django-admin/core/seatoffer/{offer.pk}/change/", {}).status_code == 403
    assert client.post(f"/django-admin/core/seatclaim/{claim.pk}/delete/").status_code == 403
    assert client.get("/django-admin/core/seatoffer/add/").status_code == 403
    offer.refresh_from_db()
    assert (offer.capacity, offer.taken) == (1, 1)
