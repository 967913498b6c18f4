"""Operators see the active plugins in the Wagtail admin."""

from __future__ import annotations

import pytest

from core.plugins import describe_plugins
from tests.factories import PASSWORD, TeacherFactory

pytestmark = pytest.mark.django_db


def test_superuser_sees_every_active_plugin_with_version_and_hooks(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(admin)
    response = client.get("/admin/plugins/")
    assert response.status_code == 200
    for row in describe_plugins():
        assert f"<strong>{row['name']}</strong>" in response.text
    assert "<code>register_urls</code>" in response.text


def test_plugins_page_is_in_the_settings_menu_for_superusers(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(admin)
    assert "/admin/plugins/" in client.get("/admin/").text


def test_other_users_cannot_see_the_plugins_page(client):
    from django.contrib.auth.models import Permission

    editor = TeacherFactory()
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)
    assert client.get("/admin/plugins/").status_code in {302, 403}


def test_plugins_command_lists_core_cms_and_every_plugin_with_hooks():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("plugins", stdout=out)
    text = out.getvalue()
    for name in ("core 0.1.0", "cms 0.1.0", "twinspace 0.1.0", "labels 0.1.0"):
        assert name in text
    assert "register_scheduled_tasks" in text
