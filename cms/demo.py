"""The portal's demo content: the home page and two general pages.

Tests that flush the database also empty Wagtail's page tree, which its migrations
created, so the loader first puts back what the migrations would have made.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, StandardPage

# Same values as migrations/0002_create_homepage.py.
HOME_TITLE = "OpenTwin"
HOME_INTRO = (
    "<p>OpenTwin brings schools from different countries together: teachers meet, "
    "plan projects and let their pupils learn with partners abroad.</p>"
)


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def call_to_action(text: str, page: Page) -> dict:
    return {"type": "call_to_action", "value": {"text": text, "page": page.pk, "url": ""}}


ABOUT = {
    "title": "About OpenTwin",
    "slug": "about",
    "search_description": "What OpenTwin is and what teachers and pupils do on it.",
    "intro": (
        "<p>OpenTwin is a community of schools. Teachers meet colleagues from other "
        "countries, exchange ideas and run projects together with their pupils.</p>"
    ),
    "body": [
        heading("What you can do"),
        paragraph(
            "<ul><li>Find teachers who share your interests and join groups of colleagues."
            "</li><li>Learn in short teaching meetings and online seminars led by experts."
            "</li><li>Start a project with partner schools and work on it with your pupils."
            "</li></ul>"
        ),
        heading("Projects"),
        paragraph(
            "<p>A project needs at least two schools. You and your partners choose the topic "
            "and balance work with digital tools and work in the classroom, so that the "
            "project fits each school's curriculum.</p>"
        ),
        paragraph(
            "<p>Projects founded by teachers from at least two countries can be recognised "
            "with quality labels and take part in prizes.</p>"
        ),
        heading("No need to be a technology expert"),
        paragraph(
            "<p>OpenTwin works at any level of digital skill. Bringing these tools into "
            "everyday teaching is one of the things teachers learn here, and the national "
            "support service is there to help.</p>"
        ),
    ],
}

TAKE_PART = {
    "title": "How to take part",
    "slug": "take-part",
    "search_description": "Who can join OpenTwin and how registration and validation work.",
    "intro": (
        "<p>Teachers and advisers working in a school, from pre-school to the end of "
        "secondary school (pupils aged 3 to 19), can join.</p>"
    ),
    "body": [
        heading("Register"),
        paragraph(
            "<ol><li>Give your name, e-mail address, a username and a password.</li>"
            "<li>Open the link we send to your e-mail address to confirm it.</li>"
            "<li>Add your school, or pick it from the list if a colleague has already "
            "registered it.</li></ol>"
        ),
        heading("Validation"),
        paragraph(
            "<p>Before you can join a project, your registration is validated: your "
            "national support service asks your head teacher to confirm that you work at "
            "the school. Keep the head teacher's details in your school's profile up to "
            "date so that this goes quickly.</p>"
        ),
        heading("Pupils", level="h3"),
        paragraph(
            "<p>Pupils do not register themselves. Their teacher gives them an account in "
            "the shared space of a project.</p>"
        ),
        heading("Which language to use"),
        paragraph(
            "<p>The platform speaks your language, but what you write is not translated. "
            "Describe your project idea in a widely used language, or in several, so that "
            "schools abroad understand it.</p>"
        ),
    ],
}


def take_part_content(about: Page) -> dict:
    """The "How to take part" page, ending with a link to the "About" page."""
    link = call_to_action("Learn more about OpenTwin", about)
    return {**TAKE_PART, "body": [*TAKE_PART["body"], link]}


def ensure_locale() -> Locale:
    """The default content language, as Wagtail's migrations create it."""
    language_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    return locale


def ensure_home_page() -> HomePage:
    """The root page, a home page and a default site pointing at it."""
    locale = ensure_locale()
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.order_by("path").first()
    if home is None:
        home = root.add_child(instance=HomePage(title=HOME_TITLE, slug="home", intro=HOME_INTRO))
        home.save_revision().publish()
    address = urlsplit(settings.OPENTWIN_SITE_URL)
    hostname = address.hostname or "localhost"
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            site_name=HOME_TITLE,
            root_page=home,
            is_default_site=True,
        )
    elif (site.hostname, site.port) == ("localhost", 80):
        # Wagtail's own placeholder: portal addresses (sitemap, full URLs) should be
        # the ones people use, as SITE_URL says; a host an operator set stays.
        # save(), not update(): Wagtail forgets its cached site addresses on save.
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return home


def ensure_standard_page(parent: Page, content: dict) -> StandardPage:
    """The child of ``parent`` with the content's slug, created and published if missing."""
    existing = parent.get_children().filter(slug=content["slug"]).specific().first()
    if existing is not None:
        return existing
    page = parent.add_child(instance=StandardPage(**content))
    page.save_revision().publish()
    return page


@transaction.atomic
def load_cms_demo_data() -> list[str]:
    """Create the portal's home page and general pages if missing."""
    home = ensure_home_page()
    about = ensure_standard_page(home, ABOUT)
    ensure_standard_page(home, take_part_content(about))
    return ["Portal: home page and 2 standard pages"]
