"""The desktop tells a teacher their account state and the next step; visitors are
offered registration in the menu."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from core.context_processors import main_menu
from core.models import User, ValidationRequest
from core.registration.hooks import register_desktop_panels
from core.views import desktop_panels
from tests.factories import PupilFactory, SchoolFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def panel_html(client, user) -> str:
    client.force_login(user)
    response = client.get("/desktop/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="panel-registration"' in content
    return content


def test_registration_panel_is_for_teachers_only():
    [panel] = register_desktop_panels(TeacherFactory())
    assert (panel.key, str(panel.title), panel.order) == ("registration", "Registration", 5)
    assert register_desktop_panels(PupilFactory()) == []
    assert register_desktop_panels(UserFactory(kind=User.Kind.STAFF)) == []
    assert "registration" in [panel.key for panel in desktop_panels(TeacherFactory())]


def test_panel_of_an_unverified_teacher_says_to_verify_the_email():
    user = UserFactory(state=User.State.EMAIL_UNVERIFIED)
    [panel] = register_desktop_panels(user)
    html = render_to_string(panel.template, {"panel": panel})
    assert "Next step: confirm your e-mail address" in html


def test_panel_of_a_profile_incomplete_teacher_says_to_choose_the_school():
    [panel] = register_desktop_panels(UserFactory(state=User.State.PROFILE_INCOMPLETE))
    html = render_to_string(panel.template, {"panel": panel})
    assert "Next step: tell us your school" in html
    assert 'href="/register/school/"' in html


def test_panel_waiting_for_the_head_teacher(client):
    teacher = TeacherFactory(state=User.State.WAITING_VALIDATION)
    ValidationRequest.objects.create(
        user=teacher, school=teacher.school, head_teacher_email="h@example.org"
    )
    content = panel_html(client, teacher)
    assert "your head teacher confirms by e-mail" in content


def test_panel_waiting_for_the_nss(client):
    teacher = TeacherFactory(state=User.State.WAITING_VALIDATION)
    ValidationRequest.objects.create(
        user=teacher,
        school=teacher.school,
        head_teacher_email="h@example.org",
        status=ValidationRequest.Status.NSS_PENDING,
    )
    content = panel_html(client, teacher)
    assert "your head teacher confirmed; your National Support Service now validates" in content


def test_panel_of_a_validated_teacher_says_nothing_to_do_and_links_to_change_school(client):
    content = panel_html(client, TeacherFactory())
    assert "You are validated: nothing to do." in content
    assert 'href="/profile/school/"' in content


def test_panel_of_a_rejected_teacher_gives_the_reason_and_a_way_to_try_again(client):
    teacher = TeacherFactory(state=User.State.REJECTED)
    ValidationRequest.objects.create(
        user=teacher,
        school=SchoolFactory(),
        head_teacher_email="h@example.org",
        status=ValidationRequest.Status.REJECTED,
        reason="The head teacher does not know you.",
    )
    content = panel_html(client, teacher)
    assert "Your registration was not validated." in content
    assert "The head teacher does not know you." in content
    assert 'href="/register/school/"' in content


def test_visitors_see_register_in_the_menu_and_members_do_not():
    register = [item for item in main_menu(AnonymousUser()) if item.key == "register"]
    assert [(item.url, item.order) for item in register] == [("/register/", 95)]
    assert "register" not in [item.key for item in main_menu(TeacherFactory())]


def test_register_link_appears_in_the_navigation_of_visitors(client):
    content = client.get("/register/resend/").content.decode()
    assert '<li><a href="/register/">Register</a></li>' in content
