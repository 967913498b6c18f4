"""An operator switches plugins off with OPENTWIN_PLUGINS and the site keeps working."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest

from tests.support.processes import manage, run_python

PLUGINS = ["twinspace", "meetings", "mooc", "labels"]

PROBE = textwrap.dedent(
    """
    import io, json
    import django
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    listing = io.StringIO()
    call_command("plugins", "--json", stdout=listing)
    client = Client()
    print(json.dumps({
        "active": settings.OPENTWIN_PLUGINS,
        "apps": settings.INSTALLED_APPS,
        "listed": [row["name"] for row in json.loads(listing.getvalue())],
        "home": client.get("/").status_code,
        "admin_login": client.get("/admin/login/").status_code,
        "login": client.get("/login/").status_code,
        "openapi": client.get("/api/v1/openapi.json").status_code,
    }))
    """
)


def probe(database, tmp_path, allow_list: str | None) -> dict:
    copy = tmp_path / "site.sqlite3"
    shutil.copy(database, copy)
    env = {"DATABASE_URL": f"sqlite:///{copy}", "ALLOWED_HOSTS": "testserver"}
    if allow_list is not None:
        env["OPENTWIN_PLUGINS"] = allow_list
    result = run_python(["-c", PROBE], env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("switched_off", PLUGINS)
def test_site_serves_home_admin_and_login_with_a_plugin_switched_off(
    migrated_sqlite_database, tmp_path, switched_off
):
    allow_list = ",".join(name for name in PLUGINS if name != switched_off)
    outcome = probe(migrated_sqlite_database, tmp_path, allow_list)
    assert switched_off not in outcome["active"]
    assert f"plugins.{switched_off}.apps.{switched_off.capitalize()}Config" not in outcome["apps"]
    assert switched_off not in outcome["listed"]
    assert outcome["listed"][:2] == ["core", "cms"]
    assert (outcome["home"], outcome["admin_login"], outcome["login"], outcome["openapi"]) == (
        200,
        200,
        200,
        200,
    )


def test_site_serves_home_and_admin_with_every_plugin_switched_off(
    migrated_sqlite_database, tmp_path
):
    outcome = probe(migrated_sqlite_database, tmp_path, "")
    assert outcome["active"] == []
    assert outcome["listed"] == ["core", "cms"]
    assert outcome["home"] == 200
    assert outcome["admin_login"] == 200


def test_missing_requirement_stops_manage_py_with_a_clear_message(tmp_path):
    """A real installed distribution whose plugin requires one that is switched off."""
    package = tmp_path / "needy_plugin"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "manifest.py").write_text(
        "from core.plugins import PluginManifest\n"
        "MANIFEST = PluginManifest(name='needy', version='0.1', app='needy_plugin',"
        " hooks='needy_plugin', requires=('labels',))\n"
    )
    dist_info = tmp_path / "needy_plugin-0.1.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: needy-plugin\nVersion: 0.1\n")
    (dist_info / "entry_points.txt").write_text(
        "[opentwin.plugins]\nneedy = needy_plugin.manifest:MANIFEST\n"
    )
    env = {"PYTHONPATH": str(tmp_path), "OPENTWIN_PLUGINS": "needy,twinspace"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert (
        "The plugin 'needy' requires the plugin 'labels', which is switched off. "
        "Add 'labels' to OPENTWIN_PLUGINS or switch 'needy' off too."
    ) in result.stderr


def test_unknown_plugin_in_allow_list_stops_manage_py():
    result = manage("check", env={"OPENTWIN_PLUGINS": "twinspace,twinspaces"})
    assert result.returncode != 0
    assert "OPENTWIN_PLUGINS names 'twinspaces', which is not installed" in result.stderr
