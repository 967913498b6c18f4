"""Wording of the interface: the French name of the national support service, and the
informal address of pupils on their desktop."""

from __future__ import annotations

import pytest

from tests.core.test_i18n import catalogue_path, parse_po
from tests.factories import PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db

FRENCH_NSS = "Bureau d\u2019assistance national"


@pytest.mark.parametrize("app", ["core", "cms", "plugins/twinspace"])
def test_french_catalogues_call_the_nss_bureau_d_assistance_national(app):
    _, entries = parse_po(catalogue_path(app, "fr", "po"))
    translations = [text for entry in entries for text in entry.msgstr.values()]
    assert not [text for text in translations if "Service national" in text]
    assert not [text for text in translations if "service national" in text]
    assert not [text for text in translations if "NSS" in text]


def test_french_support_page_names_the_bureau_d_assistance_national(client):
    client.force_login(TeacherFactory(language="fr"))
    html = client.get("/support/").text
    assert f"Aide de votre {FRENCH_NSS}" in html


INFORMAL_WELCOME = {"es": "¡Hola, {name}!", "fr": "Bonjour {name} !", "de": "Hallo {name}!"}
FORMAL_WELCOME = {"es": "Le damos la bienvenida", "fr": "Bienvenue", "de": "Willkommen"}


@pytest.mark.parametrize("lang", INFORMAL_WELCOME)
def test_pupil_desktop_greets_the_pupil_informally(client, lang):
    pupil = PupilFactory(first_name="Lena", last_name="Quast", language=lang)
    client.force_login(pupil)
    html = client.get("/desktop/").text
    assert INFORMAL_WELCOME[lang].format(name=pupil.display_name()) in html
    assert FORMAL_WELCOME[lang] not in html


@pytest.mark.parametrize("lang", FORMAL_WELCOME)
def test_teacher_desktop_keeps_the_formal_welcome(client, lang):
    client.force_login(TeacherFactory(language=lang))
    assert FORMAL_WELCOME[lang] in client.get("/desktop/").text


def test_pupil_desktop_tells_the_pupil_their_username_not_an_account_state(client):
    pupil = PupilFactory(username="lena.q7")
    client.force_login(pupil)
    html = client.get("/desktop/").text
    assert "Your username is <strong>lena.q7</strong>." in html
    assert "Ask your teacher for a new one." in html
    assert "Account state" not in html


def test_teacher_desktop_still_shows_the_account_state(client):
    client.force_login(TeacherFactory())
    assert "Account state" in client.get("/desktop/").text


def test_pupil_desktop_speaks_to_the_pupil_informally_about_their_username(client):
    client.force_login(PupilFactory(username="lena.q7", language="fr"))
    html = client.get("/desktop/").text
    assert "Ton nom d\u2019utilisateur est <strong>lena.q7</strong>." in html
    assert "Demande-en un nouveau à ton enseignant(e)." in html
