"""After a holder is erased, their awards are revoked as "holder erased", their name is
nowhere in the database, and the awards stay (a printed code never turns unknown); the
export lists every award."""

from __future__ import annotations

import pytest

from core import services as core_services
from plugins.labels.awards import privacy
from plugins.labels.models import Award
from tests.factories.twinspace import teacher_in
from tests.support.erasure import text_columns_containing
from tests.support.labels import approved_project

pytestmark = pytest.mark.django_db

HOLDER = {
    "first name": "Zebulonia",
    "surname": "Quixotewright",
    "username": "zq.holder77",
    "e-mail": "zq.holder77@school.example.org",
}


def test_no_trace_of_a_holder_after_their_erasure(django_capture_on_commit_callbacks):
    holder = teacher_in(
        "ES",
        username=HOLDER["username"],
        first_name=HOLDER["first name"],
        last_name=HOLDER["surname"],
        email=HOLDER["e-mail"],
    )
    approved_project(django_capture_on_commit_callbacks, founder=holder)
    award = Award.objects.get(recipient_user=holder)
    exported = privacy.export_awards_data(holder)
    assert exported["awards"][0]["name_on_award"] == "Zebulonia Quixotewright"
    assert exported["awards"][0]["verification_code"] == award.code
    assert text_columns_containing(HOLDER) != [], "the scenario should have stored the data"

    with django_capture_on_commit_callbacks(execute=True):
        core_services.erase_user_data(actor=holder, user=holder)

    assert text_columns_containing(HOLDER) == []
    award.refresh_from_db()
    assert award.state == Award.State.REVOKED and award.holder_erased
    assert award.recipient_name == "" and award.code
    privacy.erase_awards_data(holder)  # safe to run twice
    award.refresh_from_db()
    assert award.holder_erased and award.revoked_at is not None
