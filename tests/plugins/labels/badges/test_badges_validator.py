"""The 1EdTech Open Badges 2.0 validator (``badgecheck``) checks our hosted assertions,
badge classes and issuers against a live server, for real.

``badgecheck`` 1.2.0 cannot be installed into the project's environment (it pins
packages from 2017), so a throw-away virtualenv is built for it once and kept in the
user's cache folder; its declared pins also conflict with each other (``rfc3986==0.4.1``
against ``openbadges-bakery``'s ``>=1.5``), so it is installed without them and its
requirements given one by one. Without that environment the test is skipped, unless
``OPENTWIN_REQUIRE_BROWSER=1`` (CI), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.directory_data import ensure_directory
from core.models import Country, Region
from tests.support.badges import issued_label, revoked

VERSION = "1.2.0"
REQUIREMENTS = [
    "aniso8601>=1.2.0",
    "Click==6.7",
    "future>=0.16.0",
    "jsonschema==2.6.0",
    "language-tags==0.4.3",
    "openbadges-bakery>=2.0.0",
    "puremagic==1.6",
    "pydux==0.2.2",
    "PyLD==0.7.1",
    "python-jose==3.0.1",
    "python-mimeparse==1.6.0",
    "pytz",
    "requests>=2.13",
    "requests-cache>=0.4.13",
    "rfc3986",
    "validators==0.11.2",
    "responses",
]
# badgecheck predates Python 3.10, which removed these aliases from ``collections``.
SITECUSTOMIZE = """\
import collections
import collections.abc

for _name in ("Mapping", "MutableMapping", "Sequence", "Iterable", "Callable", "Set",
              "MutableSet", "Hashable"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))
"""
# Run inside the validator's environment: the JSON-LD context of Open Badges 2.0 is
# answered from the validator's own copy (there is no internet), everything on the
# live server is fetched for real.
VERIFY_SCRIPT = """\
import json
import sys

import responses
from openbadges import verify
from openbadges.verifier.openbadges_context import (
    OPENBADGES_CONTEXT_V2_DICT,
    OPENBADGES_CONTEXT_V2_URI,
)

assertion_url, email, server_url = sys.argv[1:4]
with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
    mock.add_passthru(server_url)
    mock.add(responses.GET, OPENBADGES_CONTEXT_V2_URI, json=OPENBADGES_CONTEXT_V2_DICT)
    result = verify(
        assertion_url,
        recipient_profile={"email": email},
        use_cache=False,
        include_original_json=True,
    )
print(json.dumps(result, default=str))
"""
BUILD_TIMEOUT = 600
VERIFY_TIMEOUT = 60

pytestmark = [pytest.mark.badgecheck, pytest.mark.django_db(transaction=True)]


def validator_unavailable(reason: str) -> None:
    """Skip, or fail where the validator is required (``OPENTWIN_REQUIRE_BROWSER=1``)."""
    if os.environ.get("OPENTWIN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (OPENTWIN_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / f"opentwin-badgecheck-{VERSION}"


def _run(*command: str | Path) -> None:
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command[:4]))}…: {result.stderr[-2000:]}")


def _build(folder: Path) -> None:
    python3 = shutil.which("python3") or sys.executable
    _run(python3, "-m", "venv", folder)
    python = folder / "bin" / "python"
    pip = (python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    _run(*pip, "--no-deps", f"badgecheck=={VERSION}")
    _run(*pip, *REQUIREMENTS)
    # python-jose may pull the Python 2 era pycrypto, which shadows pycryptodome's
    # ``Crypto`` package; pycryptodome 3.6.6 (badgecheck's pin) has no wheel for us.
    _run(python, "-m", "pip", "uninstall", "--yes", "--quiet", "pycrypto")
    _run(*pip, "--force-reinstall", "--no-deps", "pycryptodome")
    site_packages = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site_packages, "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    _run(python, "-c", "import openbadges, responses")


@pytest.fixture(scope="session")
def badgecheck_python(tmp_path_factory) -> Path:
    """The Python of a virtualenv holding ``badgecheck``, built once and then reused."""
    folder = _cache_folder()
    python = folder / "bin" / "python"
    if (folder / "ready").exists():
        return python
    building = folder.with_name(f"{folder.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    try:
        building.parent.mkdir(parents=True, exist_ok=True)
        _build(building)
        (building / "ready").write_text(VERSION, encoding="utf-8")
    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
        shutil.rmtree(building, ignore_errors=True)
        validator_unavailable(f"The Open Badges validator could not be installed: {error}")
    # A virtualenv is not movable (its scripts name their folder), so the built one
    # keeps its name and the cache folder points at it.
    try:
        folder.symlink_to(building, target_is_directory=True)
    except FileExistsError:
        shutil.rmtree(building, ignore_errors=True)  # another session finished first
    return python


def verify(badgecheck_python: Path, tmp_path: Path, live_server, award) -> dict:
    script = tmp_path / "verify_badge.py"
    script.write_text(VERIFY_SCRIPT, encoding="utf-8")
    assertion_url = f"{live_server.url}/badges/assertions/{award.code}.json"
    result = subprocess.run(
        [
            str(badgecheck_python),
            str(script),
            assertion_url,
            award.recipient_user.email,
            live_server.url,
        ],
        capture_output=True,
        text=True,
        timeout=VERIFY_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def served_site(settings, live_server):
    """Addresses in the badges point at the live server; the directory is there (a
    transactional test's database is emptied after each test)."""
    settings.OPENTWIN_SITE_URL = live_server.url
    ensure_directory(Country, Region)
    return live_server


def test_the_validator_finds_a_valid_award_valid_with_no_errors(
    badgecheck_python, served_site, tmp_path
):
    award = issued_label(country="ES")
    outcome = verify(badgecheck_python, tmp_path, served_site, award)
    report = outcome["report"]
    errors = [message for message in report["messages"] if message["messageLevel"] == "ERROR"]
    assert errors == []
    assert report["valid"] is True, report
    assert report["recipientProfile"] == {"email": award.recipient_user.email.lower()}
    nodes = {node.get("type"): node for node in outcome["graph"]}
    assert nodes["Issuer"]["name"] == "The National Support Service of Spain"
    assert nodes["BadgeClass"]["name"] == "eTwinning Label"


def test_the_validator_reports_a_revoked_award_invalid_having_read_it_is_revoked(
    badgecheck_python, served_site, tmp_path
):
    award = revoked(issued_label(country="ES"), reason="The project copied another one.")
    outcome = verify(badgecheck_python, tmp_path, served_site, award)
    report = outcome["report"]
    assert report["valid"] is False
    assert report["errorCount"] >= 1
    assert not [node for node in outcome["graph"] if node.get("type") == "Assertion"]
    # What the validator fetched in place of the assertion: the revocation notice.
    fetched = json.loads(outcome["input"]["original_json"][report["validationSubject"]])
    assert fetched["revoked"] is True
    assert fetched["revocationReason"] == "The project copied another one."
