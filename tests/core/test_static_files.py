"""In production the static files have fingerprinted names, are cached for a year as
immutable, are served compressed, and pages link to the fingerprinted names.

WhiteNoise reads its settings and scans STATIC_ROOT when its middleware starts, so the
check runs in a fresh process with production settings: collectstatic into a temporary
STATIC_ROOT, then requests through Django's test client (the whole middleware stack).
"""

from __future__ import annotations

import json
import secrets
import textwrap

import pytest

from tests.support.processes import run_python

ONE_YEAR = 365 * 24 * 60 * 60

PRODUCTION_STATIC = textwrap.dedent(
    """
    import json, re
    import django
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())
    hashed = manifest["paths"]["core/site.css"]
    client = Client()
    plain = client.get(settings.STATIC_URL + hashed, secure=True)
    zipped = client.get(
        settings.STATIC_URL + hashed, secure=True, headers={"accept-encoding": "gzip, br"}
    )
    page = client.get("/login/", secure=True)
    print(json.dumps({
        "storage": settings.STORAGES["staticfiles"]["BACKEND"],
        "hashed": hashed,
        "status": plain.status_code,
        "cache_control": plain.headers.get("Cache-Control", ""),
        "plain_encoding": plain.headers.get("Content-Encoding", ""),
        "zipped_status": zipped.status_code,
        "zipped_encoding": zipped.headers.get("Content-Encoding", ""),
        "vary": zipped.headers.get("Vary", ""),
        "page_status": page.status_code,
        "page_assets": re.findall(r'(?:href|src)="(/static/[^"]+)"', page.content.decode()),
        "unhashed": [
            url for url in re.findall(r'(?:href|src)="/static/([^"]+)"', page.content.decode())
            if url not in set(manifest["paths"].values())
        ],
    }))
    """
)


@pytest.fixture(scope="module")
def production_static(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("production-static")
    result = run_python(
        ["-c", PRODUCTION_STATIC],
        env={
            "OPENTWIN_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "testserver",
            "STATIC_ROOT": str(folder / "static"),
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "LOG_LEVEL": "WARNING",
        },
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_fingerprints_static_file_names_in_the_manifest(production_static):
    assert production_static["storage"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production_static["hashed"].startswith("core/site.")
    assert production_static["hashed"].endswith(".css")
    assert production_static["hashed"] != "core/site.css"


def test_a_fingerprinted_file_is_cached_for_a_year_as_immutable(production_static):
    assert production_static["status"] == 200
    directives = {
        part.strip().partition("=")[0]: part.strip().partition("=")[2]
        for part in production_static["cache_control"].split(",")
    }
    assert "immutable" in directives
    assert int(directives["max-age"]) >= ONE_YEAR
    assert "public" in directives


def test_a_compressed_variant_is_served_to_browsers_that_accept_it(production_static):
    assert production_static["plain_encoding"] == ""
    assert production_static["zipped_status"] == 200
    assert production_static["zipped_encoding"] in {"gzip", "br"}
    assert "accept-encoding" in production_static["vary"].lower()


def test_pages_link_to_the_fingerprinted_names(production_static):
    assert production_static["page_status"] == 200
    assert f"/static/{production_static['hashed']}" in production_static["page_assets"]
    # Every style sheet, script and icon the page names is a fingerprinted file.
    assert production_static["unhashed"] == []
