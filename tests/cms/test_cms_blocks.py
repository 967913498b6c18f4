"""The StreamField blocks: accessible images and headings, safe rich text."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.blocks import BodyBlock, CallToActionBlock, HeadingBlock, ImageBlock


@pytest.fixture
def image(db, settings, tmp_path) -> Image:
    settings.MEDIA_ROOT = tmp_path
    return Image.objects.create(title="Pupils at work", file=get_test_image_file())


def test_image_block_requires_alt_text(image) -> None:
    block = ImageBlock()

    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))

    assert set(error.value.block_errors) == {"alt_text"}
    assert error.value.block_errors["alt_text"].messages == ["This field is required."]


def test_image_block_renders_its_alt_text_and_caption(image) -> None:
    block = ImageBlock()
    value = block.to_python(
        {"image": image.pk, "alt_text": "Two pupils at a laptop", "caption": "Project week"}
    )

    html = block.render(block.clean(value))

    assert 'alt="Two pupils at a laptop"' in html
    assert '<figcaption class="figure-caption">Project week</figcaption>' in html


def test_heading_block_offers_only_levels_below_the_page_title() -> None:
    level = HeadingBlock().child_blocks["level"]

    assert [value for value, _label in level.field.choices if value] == ["h2", "h3"]


@pytest.mark.parametrize(
    "html",
    [
        '<p>Hello</p><script>alert("x")</script>',
        '<p onclick="alert(1)">Hello</p>',
        '<p><a href="javascript:alert(1)">Hello</a></p>',
        "<h1>Hello</h1><p>Hello</p>",
    ],
)
def test_paragraph_rich_text_keeps_no_script_or_unlisted_markup(html) -> None:
    paragraph = BodyBlock().child_blocks["paragraph"]
    # What the editor stores is what its converter lets through its feature list.
    converter = paragraph.field.widget.converter

    stored = converter.to_database_format(converter.from_database_format(html))

    assert "Hello" in stored
    # A script's code may survive as inert text; no markup that runs or breaks structure does.
    for forbidden in ("<script", "onclick", "javascript:", "<h1"):
        assert forbidden not in stored


def test_call_to_action_needs_exactly_one_destination(db) -> None:
    block = CallToActionBlock()

    for destination in ({}, {"url": "https://example.org/"}):
        value = block.to_python({"text": "Go", "page": None, "url": "", **destination})
        if destination:
            assert block.clean(value)["url"] == "https://example.org/"
        else:
            with pytest.raises(ValidationError) as error:
                block.clean(value)
            assert error.value.non_block_errors.as_data()[0].messages == [
                "Choose either a page or a web address."
            ]
