"""An award's PDF certificate (DOMAIN.md §7, issue 12 item 4): A4 landscape, in the
holder's language, with names in any European script, the verification code and link,
and a QR code of that link; downloaded by its holder and the support services only,
never once revoked."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext, override
from pypdf import PdfReader

from core.links import absolute_url
from plugins.labels.awards import certificate, services, texts
from plugins.labels.awards.certificate import render_certificate
from plugins.labels.awards.services import Issuer
from plugins.labels.models import Award, SubjectType
from tests.factories.twinspace import teacher_in
from tests.support.labels import approved_project, nss_of

pytestmark = pytest.mark.django_db

A4_LANDSCAPE_POINTS = (841.89, 595.28)


def label_for(founder, title: str = "Birds", **extra) -> Award:
    """An eTwinning Label issued to ``founder`` by their NSS, through the service."""
    award, created = services.issue_award(
        actor=None,
        kind=Award.Kind.ETWINNING_LABEL,
        subject_type=SubjectType.PROJECT,
        subject_id=4242,
        subject_title=title,
        issuer=Issuer.nss(founder.school.country),
        user=founder,
        **extra,
    )
    assert created
    return award


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """The extracted text with its line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("country", "first_name", "last_name", "title"),
    [
        ("IE", "Mary", "Byrne", "Birds of our gardens"),
        ("PL", "Łukasz", "Żółć", "Żubry i źródła: przyroda Polski"),
        # Real Greek letters, however much some look like Latin ones.
        ("GR", "Αικατερίνη", "Παπαδοπούλου", "Τα πουλιά του κήπου μας"),  # noqa: RUF001
        ("BG", "Мария", "Иванова", "Птиците в нашата градина"),
    ],
    ids=["latin", "accented-latin", "greek", "cyrillic"],
)
def test_certificate_prints_names_and_titles_in_every_script_with_code_and_address(
    django_capture_on_commit_callbacks, country, first_name, last_name, title
):
    founder = teacher_in(country, first_name=first_name, last_name=last_name, language="en")
    project = approved_project(django_capture_on_commit_callbacks, founder=founder, title=title)
    award = Award.objects.get(recipient_user=founder, subject_id=project.pk)

    reader, text = read(render_certificate(award))

    words = flat(text)
    assert f"{first_name} {last_name}" in words
    assert texts.award_name(award) in words
    assert title in words
    assert texts.subject_phrase(award) in words
    assert texts.issuer_at_start(award) in words
    assert award.code in words
    assert absolute_url(award.verification_url()) in words
    assert len(reader.pages) == 1, "the certificate is one page"


def test_certificate_embeds_its_font_as_a_subset():
    founder = teacher_in("GR", first_name="Αικατερίνη", last_name="Παπαδοπούλου")
    reader, _text = read(render_certificate(label_for(founder)))

    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts, "the page uses fonts"
    for font in fonts.values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor, "the TrueType font is embedded"
        # A subset's name starts with six capitals and a plus sign: "ABCDEF+DejaVuSans".
        prefix, _plus, family = str(font["/BaseFont"]).lstrip("/").partition("+")
        assert family.startswith("DejaVuSans") and len(prefix) == 6 and prefix.isupper()


def test_certificate_is_one_a4_landscape_page():
    founder = teacher_in("ES")
    reader, _text = read(render_certificate(label_for(founder)))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE_POINTS, abs=0.5)


def test_certificate_carries_its_metadata_and_language():
    founder = teacher_in("ES", first_name="Lucía", last_name="Gómez")
    award = label_for(founder)
    reader, _text = read(render_certificate(award))

    metadata = reader.metadata
    assert texts.award_name(award) in metadata.title
    assert "Lucía Gómez" in metadata.title
    assert metadata.author == texts.issuer_at_start(award)
    assert texts.subject_phrase(award) in metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == texts.certificate_language(award)


def test_a_french_holder_gets_a_certificate_in_french():
    founder = teacher_in("FR", first_name="Élodie", last_name="Lefèvre", language="fr")
    issued = timezone.make_aware(datetime(2026, 12, 1, 10, 0))
    award = label_for(founder, issued_at=issued, valid_until=date(2028, 12, 1))
    assert texts.certificate_language(award) == "fr"

    reader, text = read(render_certificate(award))

    words = flat(text)
    with override("fr"):
        french = [
            gettext("Awarded to"),
            gettext("Issued on"),
            gettext("Valid until"),
            gettext("Verification code"),
            texts.award_name(award),
            texts.subject_phrase(award),
            texts.issuer_at_start(award),
            date_format(date(2026, 12, 1), "DATE_FORMAT"),
            date_format(date(2028, 12, 1), "DATE_FORMAT"),
        ]
    with override("en"):
        english_day = date_format(date(2026, 12, 1), "DATE_FORMAT")
    for phrase in french:
        assert flat(phrase) in words, phrase  # French puts no-break spaces inside « »
    assert english_day not in words, "the dates are written in French"
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_valid_until_is_printed_only_when_the_award_has_an_end():
    founder = teacher_in("ES")
    _reader, text = read(render_certificate(label_for(founder)))
    assert gettext("Valid until") not in flat(text)


def test_the_verification_address_is_a_link_on_the_page():
    founder = teacher_in("ES")
    award = label_for(founder)
    reader, _text = read(render_certificate(award))

    targets = [
        annotation.get_object()["/A"]["/URI"]
        for annotation in reader.pages[0].get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    assert absolute_url(award.verification_url()) in targets


def module_grid(image, size: int, scale: int, border: int) -> list[list[bool]]:
    """Which modules of a ``size``-module QR code picture are dark, read at their centres."""
    grey = image.convert("L")

    def centre(index: int) -> int:
        return (border + index) * scale + scale // 2

    return [
        [grey.getpixel((centre(column), centre(row))) < 128 for column in range(size)]
        for row in range(size)
    ]


def test_the_qr_code_is_the_verification_address():
    founder = teacher_in("ES")
    award = label_for(founder)
    url = absolute_url(award.verification_url())
    reader, _text = read(render_certificate(award))

    images = reader.pages[0].images
    assert len(images) == 1
    picture = images[0].image
    expected = segno.make(url, error=certificate.QR_ERROR, micro=False)
    size = len(expected.matrix)
    scale, border = certificate.QR_SCALE, certificate.QR_BORDER
    assert picture.size == ((size + 2 * border) * scale,) * 2
    dark = [[bool(module) for module in row] for row in expected.matrix]
    assert module_grid(picture, size, scale, border) == dark
    other = segno.make(url.replace(award.code, "0000-0000-0000-0000"), error="m", micro=False)
    assert module_grid(picture, size, scale, border) != [
        [bool(module) for module in row] for row in other.matrix
    ], "the picture tells codes apart"


# --- the download -----------------------------------------------------------------


def certificate_url(award: Award) -> str:
    return reverse("awards:certificate", args=[award.code])


def spanish_label(deliver) -> Award:
    project = approved_project(deliver)
    return Award.objects.get(recipient_user=project.founder, subject_id=project.pk)


def test_the_holder_downloads_their_certificate(client, django_capture_on_commit_callbacks):
    award = spanish_label(django_capture_on_commit_callbacks)
    client.force_login(award.recipient_user)

    response = client.get(certificate_url(award))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="etwinning-label-{award.code}.pdf"'
    )
    assert response["Cache-Control"] == "private"
    _reader, text = read(response.content)
    assert award.code in flat(text)


def test_the_award_page_offers_the_download_to_its_holder(
    client, django_capture_on_commit_callbacks
):
    award = spanish_label(django_capture_on_commit_callbacks)
    client.force_login(award.recipient_user)

    page = client.get(award.get_absolute_url())

    assert page.status_code == 200
    assert certificate_url(award) in page.content.decode()
    assert gettext("Download the certificate (PDF)") in page.content.decode()


def test_another_teacher_cannot_tell_the_certificate_exists(
    client, django_capture_on_commit_callbacks
):
    award = spanish_label(django_capture_on_commit_callbacks)
    client.force_login(teacher_in("IT"))

    assert client.get(certificate_url(award)).status_code == 404


def test_an_unknown_code_is_not_found(client):
    client.force_login(teacher_in("ES"))
    response = client.get(reverse("awards:certificate", args=["not-a-code"]))
    assert response.status_code == 404


def test_the_nss_of_the_awards_country_downloads_it(client, django_capture_on_commit_callbacks):
    award = spanish_label(django_capture_on_commit_callbacks)
    client.force_login(nss_of(award.country.code))

    response = client.get(certificate_url(award))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_visitor_is_sent_to_log_in(client, django_capture_on_commit_callbacks):
    award = spanish_label(django_capture_on_commit_callbacks)

    response = client.get(certificate_url(award))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_a_revoked_award_has_no_certificate_and_says_why(
    client, django_capture_on_commit_callbacks
):
    award = spanish_label(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_award(
            actor=nss_of(award.country.code), award=award, reason="Not a school project."
        )
    client.force_login(award.recipient_user)

    response = client.get(certificate_url(award))

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    reason = gettext("This award was revoked: its certificate can no longer be downloaded.")
    assert escape(reason) in response.content.decode()
    page = client.get(award.get_absolute_url())
    assert certificate_url(award) not in page.content.decode(), "no button for a revoked award"
