"""An award's PDF certificate (DOMAIN.md §7): one A4 landscape page in the certificate's
language with the issuer, the award, its holder, what it is for, its dates, and the
verification code, link and QR code that let anyone check it.

The text is set in DejaVu Sans, embedded as a subset (it covers accented Latin, Greek and
Cyrillic names). Whether a certificate may be given out is the view's question
(``policy.Action.DOWNLOAD``), not this module's.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import segno
from django.utils.translation import gettext as _
from django.utils.translation import to_locale
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from core.dates import format_day
from core.links import absolute_url
from plugins.labels.awards import texts
from plugins.labels.models import Award

FONT_FOLDER = Path(__file__).resolve().parent.parent / "fonts"
FONT = "DejaVuSans"

# The platform's colours (core/static/core/site.css: --ot-primary, --ot-primary-dark,
# --ot-ink).
BRAND = (0x0B, 0x53, 0x94)
BRAND_DARK = (0x07, 0x37, 0x63)
INK = (0x1A, 0x1D, 0x21)
MUTED = (0x55, 0x5B, 0x63)
WHITE = (0xFF, 0xFF, 0xFF)

# The QR code of the verification link: drawn as a PNG of whole pixels per module, with
# the quiet zone the standard asks for, so a phone reads it from print.
QR_ERROR = "m"
QR_SCALE = 10
QR_BORDER = 4
QR_SIZE = 40  # mm on the page

# The page, in millimetres (A4 landscape).
PAGE_WIDTH = 297
PAGE_HEIGHT = 210
FRAME = 8  # the brand-coloured frame's distance from the edge
INNER = 12  # the inner line's, and the band's edges
CONTENT_LEFT = 24
CONTENT_WIDTH = PAGE_WIDTH - 2 * CONTENT_LEFT
BOTTOM_BLOCK_TOP = 148


def verification_qr(url: str) -> segno.QRCode:
    """The QR code printed on the certificate for ``url``."""
    return segno.make(url, error=QR_ERROR, micro=False)


def _qr_png(url: str) -> BytesIO:
    buffer = BytesIO()
    verification_qr(url).save(buffer, kind="png", scale=QR_SCALE, border=QR_BORDER)
    buffer.seek(0)
    return buffer


def _pdf_language(language: str) -> str:
    """A Django language code as PDF wants it (BCP 47): ``pt-br`` → ``pt-BR``."""
    return to_locale(language).replace("_", "-")


def _new_document() -> FPDF:
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(CONTENT_LEFT, INNER, CONTENT_LEFT)
    pdf.add_font(FONT, "", FONT_FOLDER / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_FOLDER / "DejaVuSans-Bold.ttf")
    pdf.add_page()
    return pdf


def _fitted_size(pdf: FPDF, text: str, style: str, size: float, width: float, least: float):
    """The largest font size from ``size`` down to ``least`` at which ``text`` fits on one
    line of ``width`` (``least`` if none does: the text then wraps)."""
    while size > least:
        pdf.set_font(FONT, style, size)
        if pdf.get_string_width(text) <= width:
            return size
        size -= 1
    return least


def _lines_at(pdf: FPDF, text: str, style: str, size: float, width: float) -> int:
    pdf.set_font(FONT, style, size)
    return len(pdf.multi_cell(width, text=text, dry_run=True, output="LINES"))


def _centred(
    pdf: FPDF,
    text: str,
    *,
    style: str = "",
    size: float,
    colour: tuple[int, int, int] = INK,
    least: float | None = None,
    width: float = CONTENT_WIDTH,
    line_height: float | None = None,
) -> None:
    """``text`` centred across the page from the current height, shrunk to one line when
    it can be, wrapped otherwise; the cursor moves below it."""
    if least is not None:
        size = _fitted_size(pdf, text, style, size, width, least)
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    pdf.set_x((PAGE_WIDTH - width) / 2)
    pdf.multi_cell(
        width,
        line_height or size * 0.5,
        text=text,
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _draw_frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(2.5)
    pdf.rect(FRAME, FRAME, PAGE_WIDTH - 2 * FRAME, PAGE_HEIGHT - 2 * FRAME)
    pdf.set_draw_color(*BRAND_DARK)
    pdf.set_line_width(0.4)
    pdf.rect(INNER, INNER, PAGE_WIDTH - 2 * INNER, PAGE_HEIGHT - 2 * INNER)


def _draw_band(pdf: FPDF, issuer: str) -> None:
    """The brand-coloured band at the top, with the issuer's name in it."""
    band_height = 20
    pdf.set_fill_color(*BRAND)
    pdf.rect(INNER, INNER, PAGE_WIDTH - 2 * INNER, band_height, style="F")
    width = PAGE_WIDTH - 2 * INNER - 16
    size = _fitted_size(pdf, issuer, "B", 16, width, 9)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*WHITE)
    pdf.set_xy(INNER + 8, INNER)
    pdf.cell(width, band_height, text=issuer, align="C")


def _draw_facts(pdf: FPDF, facts: list[tuple[str, str]], top: float) -> None:
    """The dates, side by side in columns centred on the page: a label above each value."""
    column = 80
    left = (PAGE_WIDTH - column * len(facts)) / 2
    for index, (label, value) in enumerate(facts):
        x = left + index * column
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "", 10)
        pdf.set_text_color(*MUTED)
        pdf.cell(column, 6, text=label, align="C")
        pdf.set_xy(x, top + 6)
        pdf.set_font(FONT, "B", 13)
        pdf.set_text_color(*INK)
        pdf.cell(column, 8, text=value, align="C")


def _draw_verification(pdf: FPDF, award: Award, url: str) -> None:
    """The code, the link as text and as a link, and the QR code, at the bottom."""
    qr_left = PAGE_WIDTH - CONTENT_LEFT - QR_SIZE
    text_width = qr_left - CONTENT_LEFT - 10
    pdf.set_xy(CONTENT_LEFT, BOTTOM_BLOCK_TOP + 2)
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(text_width, 6, text=_("Verification code"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 16)
    pdf.set_text_color(*INK)
    pdf.cell(text_width, 9, text=award.code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(
        text_width,
        5,
        text=_(
            "Anyone can check that this certificate is real and still valid by scanning "
            "the QR code or at this address:"
        ),
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font(FONT, "U", 10)
    pdf.set_text_color(*BRAND)
    # Break anywhere: an address has no spaces to wrap at.
    pdf.multi_cell(
        text_width,
        5,
        text=url,
        align="L",
        link=url,
        wrapmode="CHAR",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.image(
        _qr_png(url),
        x=qr_left,
        y=BOTTOM_BLOCK_TOP,
        w=QR_SIZE,
        h=QR_SIZE,
        link=url,
        alt_text=_("QR code of the certificate's verification address"),
    )


def render_certificate(award: Award) -> bytes:
    """The award's certificate as a PDF, written in its certificate language."""
    language = texts.certificate_language(award)
    url = absolute_url(award.verification_url())
    with texts.in_language(language):
        name = texts.award_name(award)
        holder = texts.holder_name(award)
        subject = texts.subject_phrase(award)
        issuer = texts.issuer_at_start(award)
        facts = [(_("Issued on"), format_day(award.issued_at))]
        if award.valid_until:
            facts.append((_("Valid until"), format_day(award.valid_until)))

        pdf = _new_document()
        pdf.set_lang(_pdf_language(language))
        pdf.set_title(f"{name} · {holder}")
        pdf.set_author(issuer)
        pdf.set_subject(f"{name} {subject}")
        pdf.set_keywords(award.code)
        pdf.set_creator(texts.PLATFORM_NAME)
        pdf.set_creation_date(award.issued_at)

        _draw_frame(pdf)
        _draw_band(pdf, issuer)

        pdf.set_y(44)
        _centred(pdf, name, style="B", size=32, colour=BRAND, least=18, line_height=14)
        pdf.ln(6)
        _centred(pdf, _("Awarded to"), size=12, colour=MUTED, line_height=7)
        pdf.ln(1)
        _centred(pdf, holder, style="B", size=26, least=14, line_height=12)
        pdf.ln(5)
        subject_size = 15
        while subject_size > 10 and _lines_at(pdf, subject, "", subject_size, 230) > 3:
            subject_size -= 1
        _centred(pdf, subject, size=subject_size, width=230, line_height=subject_size * 0.5)

        # Below the words, however long they ran, and above the verification block.
        facts_top = min(max(pdf.get_y() + 8, 122), BOTTOM_BLOCK_TOP - 20)
        _draw_facts(pdf, facts, top=facts_top)
        rule = BOTTOM_BLOCK_TOP - 4
        pdf.set_draw_color(*BRAND)
        pdf.set_line_width(0.3)
        pdf.line(CONTENT_LEFT, rule, PAGE_WIDTH - CONTENT_LEFT, rule)
        _draw_verification(pdf, award, url)
        return bytes(pdf.output())
