"""Every HTML page carries a Content-Security-Policy without 'unsafe-inline'."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.core.test_settings import production_env
from tests.support.processes import PROJECT_ROOT, run_python

# Runs in a process started with production settings (DEBUG off, manifest static
# files, HTTPS only), so the headers are those a real visitor gets.
PAGES = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", "--noinput", verbosity=0)
    User = apps.get_model("core", "User")
    Project = apps.get_model("twinspace", "Project")
    client = Client(HTTP_HOST="opentwin.example.org")
    seen = {}

    def visit(url):
        response = client.get(url, secure=True)
        seen[url] = {
            "status": response.status_code,
            "type": response.get("Content-Type", ""),
            "csp": response.get("Content-Security-Policy"),
            "body": response.content.decode(),
        }

    for url in ("/", "/login/", "/register/", "/pupils/login/", "/no-such-page/", "/api/v1/docs"):
        visit(url)
    # A load balancer probes over plain HTTP, behind the TLS it terminates.
    probe = client.get("/healthz")
    seen["plain-http /healthz"] = {"status": probe.status_code, "body": probe.content.decode()}
    ana = User.objects.get(username="teacher.ana")
    client.force_login(ana)
    project = Project.objects.filter(founder=ana, state="active").first()
    for url in ("/desktop/", "/search/", "/profile/", "/notifications/", "/projects/",
                f"/projects/{project.pk}/", f"/projects/{project.pk}/about/"):
        visit(url)
    client.force_login(User.objects.get(username="admin"))
    visit("/admin/")
    print(json.dumps(seen))
    """
)


@pytest.fixture(scope="module")
def production_pages(migrated_sqlite_database, tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("production")
    database = folder / "db.sqlite3"
    shutil.copy(migrated_sqlite_database, database)
    env = production_env(
        DATABASE_URL=f"sqlite:///{database}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private-media"),
    )
    result = run_python(["-c", PAGES], env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# A script element that is neither external nor a JSON data block, a style element or
# attribute, or an event attribute.
RENDERED_INLINE = re.compile(
    r'<script(?![^>]*\b(?:src=|type="application/json"))[^>]*>|<style\b|\sstyle="|\son[a-z]+="',
    re.IGNORECASE,
)


def directives(policy: str) -> dict[str, str]:
    return dict(
        ([*part.strip().split(" ", 1), ""])[:2] for part in policy.split(";") if part.strip()
    )


def test_every_html_page_in_production_carries_a_policy_without_unsafe_inline(
    production_pages,
):
    our_pages = {
        url: seen
        for url, seen in production_pages.items()
        if url.startswith("/") and url != "/admin/"
    }
    assert production_pages["/no-such-page/"]["status"] == 404
    for url, seen in our_pages.items():
        assert seen["type"].startswith("text/html"), url
        if url != "/no-such-page/":
            assert seen["status"] == 200, (url, seen)
        assert seen["csp"], f"{url} has no Content-Security-Policy"
        policy = directives(seen["csp"])
        assert "unsafe-inline" not in seen["csp"], url
        assert "unsafe-eval" not in seen["csp"], url
        assert policy["default-src"] == "'self'", url
        assert policy["object-src"] == "'none'", url
        assert policy["base-uri"] == "'self'", url
        assert policy["frame-ancestors"] == "'none'", url
        assert policy["form-action"] == "'self'", url
        # The design system's icons (select arrows, check marks) are data: SVG images.
        assert policy["img-src"] == "'self' data:", url
        # What the browser would refuse under this policy, in the page as served.
        assert RENDERED_INLINE.findall(seen["body"]) == [], url
        assert "://" not in " ".join(re.findall(r'<script[^>]*src="([^"]+)"', seen["body"])), url


def test_wagtail_admin_gets_a_relaxed_policy_that_still_allows_nothing_from_outside(
    production_pages,
):
    seen = production_pages["/admin/"]
    assert seen["status"] == 200
    policy = directives(seen["csp"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert "https:" not in seen["csp"]


# Our templates: core, the portal and every plugin. Wagtail's own are not ours.
TEMPLATE_FOLDERS = [
    *PROJECT_ROOT.glob("core/templates"),
    *PROJECT_ROOT.glob("cms/templates"),
    *PROJECT_ROOT.glob("plugins/*/templates"),
]
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>"  # a script element without src
    r"|<style\b"  # a style element
    r"|\sstyle\s*="  # a style attribute
    r"|\son[a-z]+\s*="  # an event attribute (onclick=…)
    r"|javascript:",
    re.IGNORECASE,
)


def inline_code(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [
        f"{path.relative_to(PROJECT_ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: "
        f"{match.group(0).strip()}"
        for match in INLINE.finditer(text)
    ]


def is_email_template(path: Path) -> bool:
    """E-mails are read in mail programs, which ignore style sheets: their HTML part
    needs inline styles, and no browser applies the site's policy to it."""
    return "email" in path.parent.parts


def test_our_templates_hold_no_inline_script_style_or_event_attribute():
    templates = [path for folder in TEMPLATE_FOLDERS for path in folder.rglob("*.html")]
    assert len(templates) > 50
    found = [
        line for path in templates if not is_email_template(path) for line in inline_code(path)
    ]
    assert found == []


def test_email_templates_hold_no_script_or_event_attribute():
    scripts = re.compile(r"<script|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
    templates = [
        path
        for folder in TEMPLATE_FOLDERS
        for path in folder.rglob("*.html")
        if is_email_template(path)
    ]
    assert templates
    found = [
        f"{path.relative_to(PROJECT_ROOT)}: {match.group(0)}"
        for path in templates
        for match in scripts.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_template_scan_notices_an_inline_handler(tmp_path):
    template = tmp_path / "bad.html"
    template.write_text('<button onclick="go()">Go</button><p style="color: red">x</p>')
    assert len(INLINE.findall(template.read_text())) == 2


def test_healthz_answers_a_plain_http_probe_in_production_without_redirecting(production_pages):
    probe = production_pages["plain-http /healthz"]
    assert probe["status"] == 200
    assert json.loads(probe["body"])["status"] == "ok"
