"""TwinSpace wording: "Comment" buttons are the verb, the founder badge fits anyone, and
pupils are addressed informally (tú, tu, du) on their screens."""

from __future__ import annotations

import re

import pytest

from plugins.twinspace.board import services as board
from plugins.twinspace.models import Role
from tests.factories import PASSWORD
from tests.factories.twinspace import add_member, make_project, make_pupil, teacher_in

pytestmark = pytest.mark.django_db

PUPIL_LOGIN = "/pupils/login/"
COMMENT_VERB = {"en": "Comment", "es": "Comentar", "fr": "Commenter", "de": "Kommentieren"}
COMMENT_NOUN = {"es": "Comentario", "fr": "Commentaire", "de": "Kommentar"}


@pytest.fixture
def project():
    ana = teacher_in("ES", first_name="Ana", last_name="García")
    return make_project(founder=ana)


@pytest.mark.parametrize(("lang", "verb"), COMMENT_VERB.items(), ids=COMMENT_VERB.keys())
def test_comment_buttons_say_the_verb(client, project, lang, verb):
    post = board.post_update(actor=project.founder, space=project, body="<p>Hello</p>")
    client.force_login(project.founder)
    for url in (project.url("twinboard"), project.url("post", post.pk)):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=lang).text
        assert re.search(rf'<button type="submit"( class="btn [^"]*")?>{verb}</button>', html)
        if lang in COMMENT_NOUN:
            assert not re.search(rf'<button type="submit"[^>]*>{COMMENT_NOUN[lang]}</button>', html)


FOUNDER_BADGE = {"es": "Persona fundadora", "fr": "Membre fondateur", "de": "Gründungsmitglied"}


@pytest.mark.parametrize(("lang", "badge"), FOUNDER_BADGE.items(), ids=FOUNDER_BADGE.keys())
def test_founder_badge_fits_a_woman_founder(client, project, lang, badge):
    client.force_login(project.founder)
    html = client.get(project.url("members"), HTTP_ACCEPT_LANGUAGE=lang).text
    assert f'<span class="badge text-bg-primary member-founder">{badge}</span>' in html
    assert ">Fundador<" not in html and ">Fondateur<" not in html and ">Gründer<" not in html


INFORMAL_LOGIN = {
    "es": [
        "¡Hola! Entra en tus proyectos",
        "te ha dado tu docente",
        "¿Has olvidado tu contraseña?",
    ],
    "fr": [
        "Bonjour ! Connecte-toi à tes projets",
        "ton enseignant(e) t\u2019a donnés",
        "Demande-en",
    ],
    "de": [
        "Hallo! Melde dich bei deinen Projekten an",
        "die du von deiner Lehrkraft",
        "Bitte deine",
    ],
}
FORMAL = {"es": ["Inicie", " su ", "usted"], "fr": ["Connectez", "votre"], "de": ["Sie ", "Ihre"]}


@pytest.mark.parametrize("lang", INFORMAL_LOGIN)
def test_pupil_login_page_addresses_pupils_informally(client, lang):
    html = client.get(PUPIL_LOGIN, HTTP_ACCEPT_LANGUAGE=lang).text
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    pupil_part = main.split('<form method="post" action="/pupils/login/"', 1)[0]
    for phrase in INFORMAL_LOGIN[lang]:
        assert phrase in main
    for formal in FORMAL[lang]:
        assert formal not in pupil_part


INFORMAL_ERROR = {
    "es": "Revísalos o pregunta a tu docente.",
    "fr": "Vérifie-les ou demande à ton enseignant(e).",
    "de": "Prüfe sie oder frag deine Lehrkraft.",
}


@pytest.mark.parametrize("lang", INFORMAL_ERROR)
def test_wrong_pupil_password_is_explained_informally(client, lang):
    pupil = make_pupil(teacher_in("ES"))
    response = client.post(
        PUPIL_LOGIN,
        {"username": pupil.username, "password": "not-" + PASSWORD},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert response.status_code == 200
    assert INFORMAL_ERROR[lang] in response.text


NO_PROJECT_YET = {
    "es": "Tu docente aún no te ha añadido a ningún proyecto.",
    "fr": "Ton enseignant(e) ne t\u2019a pas encore ajouté(e) à un projet.",
    "de": "Deine Lehrkraft hat dich noch zu keinem Projekt hinzugefügt.",
}


@pytest.mark.parametrize("lang", NO_PROJECT_YET)
def test_pupil_desktop_speaks_to_the_pupil_informally(client, lang):
    pupil = make_pupil(teacher_in("ES"), language=lang)
    client.force_login(pupil)
    assert NO_PROJECT_YET[lang] in client.get("/desktop/").text


def test_pupil_wall_notification_is_informal(project):
    from plugins.twinspace.forums import services as forums

    pupil = add_member(project, role=Role.PUPIL).user
    pupil.language = "es"
    pupil.save(update_fields=["language"])
    post = forums.post_on_wall(actor=pupil, space=project, wall_owner=pupil, body="Hola")
    forums.answer_on_wall(actor=project.founder, post=post, body="¡Bien!")
    assert (
        pupil.notifications.get().title
        == f"Alguien ha respondido a un mensaje de tu muro en {project.title}"
    )


WALL = {
    "es": ("Escribe en tu muro", "Tu mensaje ya está en tu muro."),
    "fr": ("Écris sur ton mur", "Ton message est sur ton mur."),
    "de": ("Schreib an deine Pinnwand", "Deine Nachricht steht an deiner Pinnwand."),
}


@pytest.mark.parametrize("lang", WALL)
def test_pupil_wall_speaks_to_the_pupil_informally(client, project, lang):
    prompt, posted = WALL[lang]
    pupil = add_member(project, role=Role.PUPIL).user
    pupil.language = lang
    pupil.save(update_fields=["language"])
    client.force_login(pupil)
    wall = project.url("wall", pupil.pk)
    assert prompt in client.get(wall).text
    response = client.post(project.url("wall-post", pupil.pk), {"body": "Hola"}, follow=True)
    assert posted in response.text


ANSWER_VERB = {"es": "Responder", "fr": "Répondre", "de": "Antworten"}


@pytest.mark.parametrize(("lang", "verb"), ANSWER_VERB.items(), ids=ANSWER_VERB.keys())
def test_wall_answer_button_says_the_verb(client, project, lang, verb):
    from plugins.twinspace.forums import services as forums

    pupil = add_member(project, role=Role.PUPIL).user
    forums.post_on_wall(actor=pupil, space=project, wall_owner=pupil, body="Hola")
    client.force_login(project.founder)
    html = client.get(project.url("wall", pupil.pk), HTTP_ACCEPT_LANGUAGE=lang).text
    assert re.search(rf'<button type="submit"( class="btn [^"]*")?>{verb}</button>', html)
