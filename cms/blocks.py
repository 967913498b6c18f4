"""The StreamField blocks editors build portal pages from.

A deliberately small set: headings, paragraphs, images, quotes and a call to
action. Each block renders with its own template in ``cms/templates/cms/blocks/``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Rich text stays simple: structure comes from the heading block, media from the
# image block, so paragraphs need only emphasis, links and lists.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
INTRO_FEATURES = ["bold", "italic", "link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; the page title is the only ``h1``, so levels start at 2."""

    text = blocks.CharBlock(label=_("Text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
        help_text=_("Use h3 only inside a section that starts with an h2 heading."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    """An image with the alternative text that screen readers announce, and a caption."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=255,
        help_text=_(
            "Describe what the image shows for people who cannot see it. Do not repeat the caption."
        ),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=255, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation, optionally attributed to its author."""

    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Attribution"), max_length=255, required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    """A prominent link to a page of the portal or to another web address."""

    text = blocks.CharBlock(
        label=_("Link text"),
        max_length=100,
        help_text=_("Say where the link leads, e.g. “Find a partner school”, not “Click here”."),
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(
        label=_("Web address"),
        required=False,
        help_text=_("Only when the link leads outside the portal."),
    )

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "cms/blocks/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                non_block_errors=[ValidationError(_("Choose either a page or a web address."))]
            )
        return value


class BodyBlock(blocks.StreamBlock):
    """The blocks available in the body of every portal page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        label=_("Paragraph"),
        template="cms/blocks/paragraph_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
