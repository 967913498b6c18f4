"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from django_q.conf import Conf

from core.plugins import get_plugin_manager
from tests.support.processes import manage


@pytest.fixture(autouse=True)
def tasks_run_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Background tasks run synchronously in tests, so their effects can be asserted."""
    monkeypatch.setattr(Conf, "SYNC", True)


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Each test starts in the site's default language: a request in another language
    leaves that language active in the thread, and a later test's messages would follow."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(request: pytest.FixtureRequest, settings) -> None:
    """Hash test passwords with a fast hasher (Argon2 costs seconds per test on a busy
    machine); tests marked ``real_password_hashing`` keep the configured hashers."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        settings.PASSWORD_HASHERS = [
            "django.contrib.auth.hashers.MD5PasswordHasher",
            *settings.PASSWORD_HASHERS,
        ]


@pytest.fixture(autouse=True)
def files_in_temporary_folders(settings, tmp_path) -> None:
    """Uploaded files (public and private) go to a folder of the test, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def register_plugin() -> Iterator[Callable[[object, str], object]]:
    """Register an inline plugin for one test; it is unregistered afterwards."""
    manager = get_plugin_manager()
    registered: list[str] = []

    def register(plugin: object, name: str = "inline-test-plugin") -> object:
        manager.register(plugin, name=name)
        registered.append(name)
        return plugin

    try:
        yield register
    finally:
        for name in registered:
            if manager.has_plugin(name):
                manager.unregister(name=name)


@pytest.fixture(scope="session")
def migrated_sqlite_database(tmp_path_factory):
    """A SQLite file with every migration applied and the demo data, for other processes.

    Tests that start ``manage.py`` in a new process copy it instead of migrating again.
    """
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{path}"}
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        result = manage(*command, env=env, timeout=600)
        assert result.returncode == 0, result.stderr
    return path
