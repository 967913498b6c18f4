"""Interface translations: every app ships complete, compiled es/fr/de catalogues.

The catalogues are regenerated with ``django-admin makemessages`` run inside each app
directory and compiled with ``django-admin compilemessages``; the compiled ``.mo`` files
are committed because a fresh machine has no GNU gettext to build them.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LANGUAGES = ("es", "fr", "de")
PLUGINS = ("twinspace", "meetings", "mooc", "labels")


def _app_dirs() -> list[str]:
    """Core, the CMS and every plugin package (a folder of plugins/ with an apps.py)."""
    plugins = sorted(p.parent.name for p in (settings.BASE_DIR / "plugins").glob("*/apps.py"))
    return ["core", "cms", *(f"plugins/{name}" for name in plugins)]


APP_DIRS = _app_dirs()
CATALOGUES = [(app, lang) for app in APP_DIRS for lang in LANGUAGES]
CATALOGUE_IDS = [f"{app}-{lang}" for app, lang in CATALOGUES]


def catalogue_path(app: str, lang: str, suffix: str) -> Path:
    return settings.BASE_DIR / app / "locale" / lang / "LC_MESSAGES" / f"django.{suffix}"


# --- a small .po parser -------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return repr(self.msgid if self.msgctxt is None else f"{self.msgctxt}|{self.msgid}")


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")\s*$')


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """The header entry and the message entries of a .po file (obsolete ``#~`` ones skipped).

    Handles flags (``#, fuzzy, python-format``), contexts, strings continued over several
    lines and plural forms ``msgstr[N]``.
    """
    entries: list[Entry] = []
    for block in re.split(r"\n[ \t]*\n", path.read_text("utf-8")):
        entry, target = Entry(), None
        has_msgid = False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif not line or line.startswith("#"):
                continue
            elif match := _KEYWORD.match(line):
                keyword, index, text = match.groups()
                value = ast.literal_eval(text)
                if keyword == "msgstr":
                    target = ("msgstr", int(index or 0))
                    entry.msgstr[target[1]] = value
                else:
                    target = (keyword, None)
                    setattr(entry, keyword, value)
                    has_msgid = has_msgid or keyword == "msgid"
            elif line.startswith('"') and target is not None:
                keyword, index = target
                value = ast.literal_eval(line)
                if keyword == "msgstr":
                    entry.msgstr[index] += value
                else:
                    setattr(entry, keyword, getattr(entry, keyword) + value)
            else:
                raise AssertionError(f"{path}: cannot parse line {line!r}")
        if has_msgid:
            entries.append(entry)
    header = entries[0]
    assert header.msgid == "" and header.msgctxt is None, f"{path}: the header must come first"
    return header, entries[1:]


def header_fields(header: Entry) -> dict[str, str]:
    lines = header.msgstr.get(0, "").splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def nplurals(header: Entry) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header_fields(header).get("Plural-Forms", ""))
    assert match, "the header has no Plural-Forms"
    return int(match.group(1))


# --- the catalogues -------------------------------------------------------------


def test_core_cms_and_the_four_plugins_are_all_checked():
    assert {"core", "cms", *(f"plugins/{name}" for name in PLUGINS)} <= set(APP_DIRS)


@pytest.mark.parametrize(("app", "lang"), CATALOGUES, ids=CATALOGUE_IDS)
def test_every_app_ships_a_po_and_a_compiled_mo_for_each_language(app, lang):
    assert catalogue_path(app, lang, "po").is_file()
    assert catalogue_path(app, lang, "mo").is_file()


@pytest.mark.parametrize(("app", "lang"), CATALOGUES, ids=CATALOGUE_IDS)
def test_catalogue_header_is_final_and_names_language_utf8_and_plural_forms(app, lang):
    header, _ = parse_po(catalogue_path(app, lang, "po"))
    fields = header_fields(header)
    assert "fuzzy" not in header.flags
    assert fields.get("Language") == lang
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert nplurals(header) >= 1
    assert "plural=" in fields["Plural-Forms"]


@pytest.mark.parametrize(("app", "lang"), CATALOGUES, ids=CATALOGUE_IDS)
def test_catalogue_has_no_fuzzy_or_untranslated_entries(app, lang):
    header, entries = parse_po(catalogue_path(app, lang, "po"))
    assert entries, "the catalogue is empty: was makemessages run in the app directory?"
    forms = nplurals(header)
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.label}")
        expected = list(range(forms)) if entry.msgid_plural is not None else [0]
        if sorted(entry.msgstr) != expected:
            problems.append(f"msgstr forms {sorted(entry.msgstr)} != {expected}: {entry.label}")
        if not all(entry.msgstr.values()):
            problems.append(f"untranslated: {entry.label}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("app", "lang"), CATALOGUES, ids=CATALOGUE_IDS)
def test_compiled_mo_is_up_to_date_with_its_po(app, lang):
    header, entries = parse_po(catalogue_path(app, lang, "po"))
    with catalogue_path(app, lang, "mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    info = compiled.info()
    assert info.get("language") == lang
    assert info.get("plural-forms") == header_fields(header)["Plural-Forms"]
    stale = []
    for entry in entries:
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = compiled.gettext(entry.msgid)
            else:
                got = compiled.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr[0]:
                stale.append(f"{entry.label}: .mo has {got!r}, .po has {entry.msgstr[0]!r}")
            continue
        # One count per plural form, chosen with the .mo's own plural rule.
        counts = {compiled.plural(n): n for n in reversed(range(200))}
        for index, n in counts.items():
            if entry.msgctxt is None:
                got = compiled.ngettext(entry.msgid, entry.msgid_plural, n)
            else:
                got = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            if got != entry.msgstr.get(index):
                stale.append(f"{entry.label}[{index}]: .mo has {got!r}")
    assert not stale, "run compilemessages:\n" + "\n".join(stale)


@pytest.mark.parametrize(("app", "lang"), CATALOGUES, ids=CATALOGUE_IDS)
def test_django_serves_each_app_catalogue_without_another_app_overriding_it(app, lang):
    _, entries = parse_po(catalogue_path(app, lang, "po"))
    overridden = []
    with translation.override(lang):
        for entry in entries:
            if entry.msgid_plural is not None:
                continue
            if entry.msgctxt is None:
                got = translation.gettext(entry.msgid)
            else:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr[0]:
                overridden.append(f"{entry.label}: Django gives {got!r}, not {entry.msgstr[0]!r}")
    assert not overridden, "\n".join(overridden)


# --- the language the visitor sees -----------------------------------------------

LOG_IN = {"en": "Log in", "es": "Iniciar sesión", "fr": "Se connecter", "de": "Anmelden"}


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "log_in"), LOG_IN.items(), ids=LOG_IN.keys())
def test_login_page_is_in_the_browser_language(client, lang, log_in):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    assert response["Content-Language"] == lang
    assert f'<html lang="{lang}">' in response.text
    assert f"<h1>{log_in}</h1>" in response.text
    if lang != "en":
        assert "Log in" not in response.text


@pytest.mark.django_db
def test_language_chosen_in_the_selector_wins_over_the_browser_language(client):
    response = client.post(
        "/i18n/setlang/", {"language": "de", "next": "/login/"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 302
    assert response.url == "/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"

    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="de">' in page.text
    assert "<h1>Anmelden</h1>" in page.text
    assert "Iniciar sesión" not in page.text
