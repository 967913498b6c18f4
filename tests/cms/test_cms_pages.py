"""The portal's page types: where they may live and how they are served."""

from __future__ import annotations

import pytest
from wagtail.models import Page, Site

from cms.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_data_migration_makes_a_home_page_the_default_sites_root() -> None:
    site = Site.objects.get(is_default_site=True)

    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.title == "OpenTwin"
    assert site.root_page.slug == "home"
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()


def test_home_page_is_served_at_root(client, home_page) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert response.context["page"] == home_page
    assert "<h1>OpenTwin</h1>" in response.content.decode()


def test_home_page_lists_only_its_live_children(client, home_page, add_standard_page) -> None:
    add_standard_page(home_page, "About OpenTwin", "about")
    draft = add_standard_page(home_page, "Draft page", "draft")
    draft.unpublish()

    html = client.get("/").content.decode()

    assert 'href="/about/"' in html
    assert "Draft page" not in html


def test_standard_page_is_served_with_breadcrumbs_and_its_children(
    client, home_page, add_standard_page
) -> None:
    section = add_standard_page(home_page, "How to take part", "take-part")
    add_standard_page(section, "Registering your school", "register")

    response = client.get("/take-part/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert '<nav aria-label="Breadcrumb">' in html
    assert '<li class="breadcrumb-item"><a href="/">OpenTwin</a></li>' in html
    assert '<li class="breadcrumb-item active" aria-current="page">How to take part</li>' in html
    assert 'href="/take-part/register/">Registering your school</a>' in html


def test_standard_page_renders_its_body_blocks(client, home_page, add_standard_page) -> None:
    target = add_standard_page(home_page, "About OpenTwin", "about")
    add_standard_page(
        home_page,
        "Blocks",
        "blocks",
        intro="<p>Short <b>summary</b>.</p>",
        body=[
            {"type": "heading", "value": {"text": "A section", "level": "h2"}},
            {"type": "heading", "value": {"text": "A subsection", "level": "h3"}},
            {"type": "paragraph", "value": "<p>Some <i>text</i>.</p>"},
            {"type": "quote", "value": {"text": "Learning together.", "attribution": "A pupil"}},
            {
                "type": "call_to_action",
                "value": {"text": "Read about us", "page": target.pk, "url": ""},
            },
        ],
    )

    html = client.get("/blocks/").content.decode()

    assert "<h2>A section</h2>" in html
    assert "<h3>A subsection</h3>" in html
    assert "Some <i>text</i>." in html
    assert '<blockquote class="blockquote"><p>Learning together.</p></blockquote>' in html
    assert 'href="/about/">Read about us</a>' in html


def test_home_page_can_only_be_created_at_the_root() -> None:
    root = Page.get_first_root_node()

    assert HomePage.can_create_at(root)
    assert HomePage.allowed_parent_page_models() == [Page]


def test_home_page_cannot_be_created_under_a_home_page(home_page) -> None:
    assert not HomePage.can_create_at(home_page)


def test_standard_page_cannot_be_created_at_the_root() -> None:
    assert not StandardPage.can_create_at(Page.get_first_root_node())


def test_standard_page_can_be_created_under_home_and_standard_pages(
    home_page, add_standard_page
) -> None:
    section = add_standard_page(home_page, "Section", "section")

    assert StandardPage.can_create_at(home_page)
    assert StandardPage.can_create_at(section)


def test_portal_pages_are_searchable_by_their_intro_and_body() -> None:
    for model in (HomePage, StandardPage):
        searched = {field.field_name for field in model.search_fields}
        assert {"title", "intro", "body"} <= searched
