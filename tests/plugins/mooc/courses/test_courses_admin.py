"""The Wagtail admin screen of online courses: staff see the courses they run and reach
the site's editing pages; others do not see it."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from core.models import StaffRole
from tests.factories.mooc_courses import T0, new_course, published_course
from tests.support.meetings import make_staff

pytestmark = pytest.mark.django_db


def test_staff_see_the_courses_they_run_with_links_to_the_editing_pages():
    spanish, french = make_staff("nss.es.courses"), make_staff("nss.fr.courses", country="FR")
    with time_machine.travel(T0, tick=False):
        mine, _units = published_course(actor=spanish, title="Spanish course")
        new_course(actor=french, title="French course")
    client = Client()
    client.force_login(spanish)
    response = client.get(reverse("mooc_courses_admin"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Spanish course" in page and "French course" not in page
    assert reverse("courses:manage", args=[mine.pk]) in page
    assert reverse("courses:create") in page
    assert "Online courses" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_staff_who_run_no_course_do_not_reach_the_screen():
    editor = make_staff("editor.courses", role=StaffRole.Role.EDITOR, country=None)
    client = Client()
    client.force_login(editor)
    # Wagtail answers a refused admin screen by sending the person back to the dashboard.
    response = client.get(reverse("mooc_courses_admin"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert "Online courses" not in client.get(reverse("wagtailadmin_home")).content.decode()
