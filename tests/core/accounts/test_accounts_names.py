"""How people are named to others (DOMAIN.md §9: pupils by first name and initial)."""

from __future__ import annotations

import pytest

from tests.factories import PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def test_a_pupil_is_named_by_first_name_and_initial():
    assert PupilFactory(first_name="Ane", last_name="Zubizarreta").display_name() == "Ane Z."


def test_a_pupil_without_a_surname_is_named_by_first_name():
    assert PupilFactory(first_name="Pablo", last_name="").display_name() == "Pablo"


def test_a_teacher_is_named_in_full():
    assert TeacherFactory(first_name="Ana", last_name="García").display_name() == "Ana García"
