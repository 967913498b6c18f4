"""The holder's badge downloads (issue 12 item 6): the baked picture and the signed
credential go to the holder and the staff who look after the award, only while it is
valid; the award's page offers them with the backpack address and LinkedIn."""

from __future__ import annotations

import html
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.loader import render_to_string
from PIL import Image

from core.models import Country
from plugins.labels.awards import services
from plugins.labels.awards.policy import Action, access_for
from plugins.labels.awards.services import Issuer
from plugins.labels.awards.texts import words as award_words
from plugins.labels.badges import images
from plugins.labels.models import Award, SubjectType
from tests.factories import SchoolFactory
from tests.factories.twinspace import teacher_in
from tests.support.badges import issued_label, revoked
from tests.support.labels import css_officer, nss_of

pytestmark = pytest.mark.django_db

SITE = "https://opentwin.example.org"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.OPENTWIN_SITE_URL = SITE


def baked_path(award) -> str:
    return f"/badges/baked/{award.code}.png"


def jwt_path(award) -> str:
    return f"/badges/credentials/{award.code}.jwt"


def test_the_baked_badge_carries_its_assertions_address_in_an_openbadges_itxt_chunk(client):
    award = issued_label()
    client.force_login(award.recipient_user)
    response = client.get(baked_path(award))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        f'attachment; filename="etwinning-label-{award.code}.png"'
    )
    picture = Image.open(io.BytesIO(response.content))
    picture.load()
    assert picture.format == "PNG" and picture.width >= 400
    assert picture.text["openbadges"] == f"{SITE}/badges/assertions/{award.code}.json"
    # Written as an international text chunk, as the baking specification asks.
    assert b"iTXtopenbadges\x00" in response.content
    assert images.baked_assertion_url(response.content) == picture.text["openbadges"]


@pytest.mark.parametrize("path_of", [baked_path, jwt_path], ids=["baked", "credential"])
def test_the_holder_and_the_staff_looking_after_the_award_may_download_it(client, path_of):
    award = issued_label(country="ES")
    for person in (award.recipient_user, nss_of("ES"), css_officer()):
        client.force_login(person)
        response = client.get(path_of(award))
        assert response.status_code == 200, person
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("path_of", [baked_path, jwt_path], ids=["baked", "credential"])
def test_nobody_else_learns_the_download_exists(client, path_of):
    award = issued_label(country="ES")
    response = client.get(path_of(award))
    assert response.status_code == 302 and response["Location"].startswith("/login")
    for stranger in (teacher_in("ES"), nss_of("FR")):
        client.force_login(stranger)
        assert client.get(path_of(award)).status_code == 404


@pytest.mark.parametrize("path_of", [baked_path, jwt_path], ids=["baked", "credential"])
def test_a_revoked_award_is_no_longer_given_out_and_the_holder_is_told_why(client, path_of):
    award = revoked(issued_label())
    client.force_login(award.recipient_user)
    response = client.get(path_of(award))
    assert response.status_code == 403
    assert "This award was revoked: its certificate can no longer be downloaded." in (
        html.unescape(response.content.decode())
    )


def test_an_unknown_code_has_no_download(client):
    client.force_login(css_officer())
    assert client.get("/badges/baked/0000-0000-0000-0000.png").status_code == 404
    assert client.get("/badges/credentials/nonsense.jwt").status_code == 404


def share_section(award, reader=None, *, can_download=True) -> str:
    return render_to_string(
        "labels/badges/share.html",
        {
            "award": award,
            "access": access_for(reader or award.recipient_user, award),
            "can_download": can_download,
            "verification_url": f"{SITE}/verify/{award.code}/",
        },
    )


def test_the_share_section_offers_both_downloads_the_backpack_address_and_linkedin():
    award = issued_label(title="Birds we count")
    section = share_section(award)
    assert "Share it as a badge" in section
    assert f'href="/badges/baked/{award.code}.png"' in section
    assert f'href="/badges/credentials/{award.code}.jwt"' in section
    assert f"{SITE}/badges/assertions/{award.code}.json" in section

    link = next(
        html.unescape(part.split('"')[0])
        for part in section.split('href="')[1:]
        if part.startswith("https://www.linkedin.com/")
    )
    address = urlsplit(link)
    assert (address.netloc, address.path) == ("www.linkedin.com", "/profile/add")
    query = {name: values[0] for name, values in parse_qs(address.query).items()}
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "eTwinning Label",
        "organizationName": "The National Support Service of Spain",
        "issueYear": str(award.issued_at.year),
        "issueMonth": str(award.issued_at.month),
        "certUrl": f"{SITE}/verify/{award.code}/",
        "certId": award.code,
    }
    assert 'target="_blank" rel="noopener"' in section


def test_only_the_holder_is_offered_to_add_the_award_to_their_linkedin_profile():
    award = issued_label(country="ES")
    staff_section = share_section(award, nss_of("ES"))
    assert "Share it as a badge" in staff_section
    assert f"/badges/baked/{award.code}.png" in staff_section
    assert "linkedin.com" not in staff_section
    assert "linkedin.com" in share_section(award)


def test_the_share_section_is_shown_only_for_valid_awards_the_reader_may_download():
    award = issued_label()
    assert "Share it as a badge" not in share_section(award, can_download=False)
    assert "Share it as a badge" not in share_section(revoked(award), can_download=True)


def test_the_awards_page_shows_the_share_section_after_its_verification_link(rf):
    award = issued_label()
    request = rf.get(award.get_absolute_url())
    request.user = award.recipient_user
    access = access_for(award.recipient_user, award)
    page = render_to_string(
        "labels/awards/detail.html",
        {
            "award": award,
            "words": award_words(award),
            "access": access,
            "can_download": access.can(Action.DOWNLOAD),
            "verification_url": f"{SITE}/verify/{award.code}/",
        },
        request=request,
    )
    assert page.index("Let anyone check it") < page.index("Share it as a badge")
    assert f"/badges/baked/{award.code}.png" in page


def test_a_schools_award_has_no_badge_to_download_nor_to_share(client):
    school = SchoolFactory(country=Country.objects.get(code="ES"))
    award, _created = services.issue_award(
        actor=None,
        kind=Award.Kind.SCHOOL_LABEL,
        subject_type=SubjectType.SCHOOL,
        subject_id=school.pk,
        subject_title=school.name,
        issuer=Issuer.nss(school.country),
        school=school,
    )
    client.force_login(css_officer())
    assert client.get(baked_path(award)).status_code == 404
    assert client.get(jwt_path(award)).status_code == 404
    assert "Share it as a badge" not in share_section(award, css_officer())
