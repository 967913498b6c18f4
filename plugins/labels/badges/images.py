"""The badges' pictures: one PNG per award kind, drawn with Pillow in the platform's
colours, and the baked badge (the picture carrying its assertion's address, as the
Open Badges 2.0 baking specification says).

The pictures hold the kind's initials only (no words to translate); each is drawn once
per process and kept.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from plugins.labels.models import Award

SIZE = 512
# The theme's colours (core/static/core/site.css).
PRIMARY = (11, 83, 148)
PRIMARY_DARK = (7, 55, 99)
LIGHT = (159, 191, 223)
GOLD = (242, 183, 5)

# The baking specification's iTXt keyword.
BAKING_KEYWORD = "openbadges"

INITIALS = {
    Award.Kind.ETWINNING_LABEL: "eT",
    Award.Kind.NATIONAL_QUALITY_LABEL: "NQL",
    Award.Kind.EUROPEAN_QUALITY_LABEL: "EQL",
    Award.Kind.NATIONAL_PRIZE: "NP",
    Award.Kind.EUROPEAN_PRIZE: "EP",
    Award.Kind.SCHOOL_LABEL: "SL",
    Award.Kind.CERTIFICATE: "C",
}

# Prizes and Quality Labels wear a gold ring; the others a light blue one.
GOLD_KINDS = frozenset(
    {
        Award.Kind.NATIONAL_QUALITY_LABEL,
        Award.Kind.EUROPEAN_QUALITY_LABEL,
        Award.Kind.NATIONAL_PRIZE,
        Award.Kind.EUROPEAN_PRIZE,
    }
)


def _draw(kind: str) -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = GOLD if kind in GOLD_KINDS else LIGHT
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=ring)
    draw.ellipse((40, 40, SIZE - 40, SIZE - 40), fill=PRIMARY_DARK)
    draw.ellipse((56, 56, SIZE - 56, SIZE - 56), fill=PRIMARY)
    # A row of five pentagons in the ring's colour under the initials: the emblem.
    for index in range(5):
        centre_x = SIZE // 2 + (index - 2) * 44
        draw.regular_polygon((centre_x, 372, 14), n_sides=5, rotation=0, fill=ring)
    text = INITIALS[kind]
    font = ImageFont.load_default(size=190 if len(text) <= 2 else 140)
    draw.text((SIZE // 2, SIZE // 2 - 24), text, fill=(255, 255, 255), font=font, anchor="mm")
    return image


@lru_cache(maxsize=len(INITIALS))
def badge_png(kind: str) -> bytes:
    """The PNG picture of ``kind``'s badge (512 by 512 pixels)."""
    buffer = io.BytesIO()
    _draw(Award.Kind(kind).value).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def baked_png(kind: str, assertion_url: str) -> bytes:
    """``kind``'s picture with an ``openbadges`` iTXt chunk holding ``assertion_url``:
    a badge backpack reads the award from the picture alone."""
    image = Image.open(io.BytesIO(badge_png(kind)))
    info = PngImagePlugin.PngInfo()
    info.add_itxt(BAKING_KEYWORD, assertion_url, lang="", tkey="", zip=False)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def baked_assertion_url(png: bytes) -> str | None:
    """The assertion address baked into ``png``, or ``None`` (what a backpack reads)."""
    image = Image.open(io.BytesIO(png))
    image.load()
    value = image.text.get(BAKING_KEYWORD) if hasattr(image, "text") else None
    return str(value) if value is not None else None
