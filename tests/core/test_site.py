"""Login, logout, the desktop and the main menu, composed through the hooks."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from core.contrib import DesktopPanel, MenuItem
from core.plugins import hookimpl
from tests.factories import PASSWORD, TeacherFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_at_login_and_logs_a_teacher_in_to_the_desktop(client):
    teacher = TeacherFactory(username="ana")
    assert client.get("/login/").status_code == 200
    response = client.post("/login/", {"username": "ana", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:desktop") == "/desktop/"
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_wrong_password_is_refused_with_a_message(client):
    TeacherFactory(username="ana")
    response = client.post("/login/", {"username": "ana", "password": "wrong-password-123"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_at_logout(client):
    client.force_login(TeacherFactory())
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.real_password_hashing
def test_passwords_are_hashed_with_argon2():
    teacher = TeacherFactory()
    assert identify_hasher(teacher.password).algorithm == "argon2"


def test_desktop_needs_login(client):
    response = client.get("/desktop/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_desktop_shows_core_panels_and_panels_of_plugins_in_order(client, register_plugin):
    class PanelPlugin:
        @hookimpl
        def register_desktop_panels(self, user):
            return [
                DesktopPanel(
                    key="projects",
                    title="My projects",
                    template="core/panels/notifications.html",
                    context={"notifications": []},
                    order=50,
                )
            ]

    register_plugin(PanelPlugin())
    client.force_login(TeacherFactory())
    response = client.get("/desktop/")
    assert response.status_code == 200
    panels = response.context["panels"]
    keys = [panel.key for panel in panels]
    assert {"account", "projects", "notifications"} <= set(keys)
    assert [panel.order for panel in panels] == sorted(panel.order for panel in panels)
    assert keys.index("account") < keys.index("projects") < keys.index("notifications")
    assert "My projects" in response.text
    assert "Validated" in response.text


def test_main_menu_shows_items_that_plugins_contribute_for_the_user(client, register_plugin):
    class MenuPlugin:
        @hookimpl
        def register_menu_items(self, user):
            if not user.is_authenticated:
                return []
            return [MenuItem(key="projects", label="Projects", url="/projects/", order=20)]

    register_plugin(MenuPlugin())
    anonymous = client.get("/login/")
    anonymous_keys = [item.key for item in anonymous.context["main_menu"]]
    assert anonymous_keys[0] == "home"
    assert "projects" not in anonymous_keys
    assert "desktop" not in anonymous_keys
    client.force_login(TeacherFactory())
    response = client.get("/desktop/")
    menu = response.context["main_menu"]
    keys = [item.key for item in menu]
    assert keys.index("home") < keys.index("desktop") < keys.index("projects")
    assert keys.index("projects") < keys.index("notifications")
    assert [item.order for item in menu] == sorted(item.order for item in menu)
    assert '<a href="/projects/">Projects</a>' in response.text


def test_staff_with_admin_access_get_an_administration_link(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(admin)
    response = client.get("/desktop/")
    assert "admin" in [item.key for item in response.context["main_menu"]]


def test_every_page_has_a_skip_link_main_landmark_and_language_selector(client):
    response = client.get("/login/")
    assert 'href="#main"' in response.text
    assert '<main id="main"' in response.text
    assert 'name="language"' in response.text
    assert '<label for="language-select">' in response.text
