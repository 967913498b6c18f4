"""The page types of the public portal."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from cms.blocks import INTRO_FEATURES, BodyBlock

#: How many items of each portal listing the home page shows.
HAPPENING_SIZE = 3


class HomePage(Page):
    """The root of a portal site: an introduction, free content and the top-level pages.

    There is no ``max_count``: each site, and later each language, has its own home page.
    """

    intro = RichTextField(
        _("introduction"),
        features=INTRO_FEATURES,
        blank=True,
        help_text=_("One or two sentences that say what the portal offers."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from core.accounts.forms import pupil_login_url
        from core.portal import portal_listings

        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = self.get_children().live().public()
        # "What's happening": the plugins' listings that have something to show.
        context["happening"] = [
            {"listing": listing, "items": items}
            for listing in portal_listings()
            if (items := list(listing.items(HAPPENING_SIZE)))
        ]
        context["pupil_login_url"] = pupil_login_url()
        return context


class StandardPage(Page):
    """A general page of the portal, such as “About” or “How to take part”."""

    intro = RichTextField(
        _("introduction"),
        features=INTRO_FEATURES,
        blank=True,
        help_text=_("A short summary shown at the top of the page."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def breadcrumbs(self, request: HttpRequest) -> QuerySet[Page]:
        """The live ancestors from the current site's home page down to the parent."""
        site = Site.find_for_request(request)
        home_depth = site.root_page.depth if site else 2
        return self.get_ancestors().live().filter(depth__gte=home_depth)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = self.breadcrumbs(request)
        # The same trail as a page header's breadcrumbs ({% crumbs %}): the last is this page.
        ancestors = context["breadcrumbs"]
        context["trail"] = [
            *({"label": page.title, "url": page.get_url(request)} for page in ancestors),
            {"label": self.title, "url": ""},
        ]
        context["child_pages"] = self.get_children().live().public()
        return context
