"""Settings come from the environment with safe development defaults."""

from __future__ import annotations

import json
import os
import secrets
import textwrap

import pytest
from django.conf import settings
from django.db import connection

from tests.support.processes import manage, run_python

SHOW = textwrap.dedent(
    """
    import json
    from django.conf import settings
    from django.utils.module_loading import import_string
    import django
    django.setup()
    db = settings.DATABASES["default"]
    print(json.dumps({
        "engine": db["ENGINE"], "name": str(db["NAME"]), "options": db.get("OPTIONS", {}),
        "q": {k: v for k, v in settings.Q_CLUSTER.items() if k in ("orm", "redis")},
        "cache": settings.CACHES["default"]["BACKEND"],
        "email": settings.EMAIL_BACKEND,
        "email_port": getattr(settings, "EMAIL_PORT", None),
        "debug": settings.DEBUG,
        "hashers": settings.PASSWORD_HASHERS[0],
    }))
    """
)


def show(env: dict[str, str]) -> dict:
    result = run_python(["-c", SHOW], env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def production_env(**extra: str) -> dict[str, str]:
    return {
        "OPENTWIN_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "opentwin.example.org",
        **extra,
    }


def test_development_defaults_use_sqlite_with_wal_immediate_and_a_busy_timeout():
    shown = show({})
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"].endswith("db.sqlite3")
    assert shown["options"]["transaction_mode"] == "IMMEDIATE"
    assert shown["options"]["timeout"] >= 5
    assert "journal_mode=WAL" in shown["options"]["init_command"]
    assert shown["q"] == {"orm": "default"}
    assert shown["cache"].endswith("LocMemCache")
    assert shown["email"] == "django.core.mail.backends.console.EmailBackend"
    assert shown["debug"] is True
    assert shown["hashers"].endswith("Argon2PasswordHasher")


def test_database_url_selects_postgresql():
    shown = show({"DATABASE_URL": "postgres://user:pw@db.example.org:5432/opentwin"})
    assert shown["engine"] == "django.db.backends.postgresql"
    assert shown["name"] == "opentwin"


def test_redis_url_switches_broker_and_cache_to_redis():
    shown = show({"REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert shown["q"] == {"redis": "redis://127.0.0.1:6379/3"}
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_smtp_settings_switch_mail_to_smtp():
    shown = show({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "2525"})
    assert shown["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert shown["email_port"] == 2525


def test_production_with_real_secrets_passes_check_deploy_with_nothing_reported():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "needs a SECRET_KEY"), ("ALLOWED_HOSTS", "needs ALLOWED_HOSTS")],
)
def test_production_refuses_to_start_without_secret_key_or_allowed_hosts(missing, message):
    env = production_env()
    env.pop(missing)
    result = manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_the_development_secret_key():
    env = production_env(SECRET_KEY="development-only-insecure-key-never-use-in-production")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "needs a SECRET_KEY" in result.stderr


def test_settings_module_is_core_settings():
    # Read from the environment: the suite's per-test setting overrides hide SETTINGS_MODULE.
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "core.settings"
    assert settings.AUTH_USER_MODEL == "core.User"


@pytest.mark.django_db
def test_sqlite_connection_runs_in_wal_mode():
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite has journal modes")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory" instead of WAL.
    assert mode in {"wal", "memory"}
