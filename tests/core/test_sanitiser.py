"""All user-written HTML goes through one allow-list sanitiser."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.sanitiser import LINK_REL, clean_html, render_html


def test_script_tags_are_removed_with_their_code():
    assert clean_html("<p>Hi</p><script>alert('x')</script>") == "<p>Hi</p>"
    assert clean_html("<SCRIPT type='text/javascript'>steal()</SCRIPT >ok") == "ok"


def test_style_blocks_and_style_attributes_are_removed():
    assert clean_html("<style>p{color:red}</style><p style='color:red'>a</p>") == "<p>a</p>"


def test_event_attributes_are_removed():
    assert clean_html('<p onclick="evil()">a</p>') == "<p>a</p>"
    assert "onerror" not in clean_html('<img src=x onerror="evil()">')


def test_unknown_tags_are_stripped_but_their_text_kept():
    assert clean_html("<div><span>kept</span></div>") == "kept"


def test_javascript_and_data_links_lose_their_href():
    assert "javascript" not in clean_html('<a href="javascript:evil()">x</a>')
    assert "data:" not in clean_html('<a href="data:text/html,evil">x</a>')


def test_http_https_and_mailto_links_are_kept_with_safe_rel():
    for href in ("http://example.org/", "https://example.org/a?b=1", "mailto:a@example.org"):
        cleaned = clean_html(f'<a href="{href}">x</a>')
        assert f'href="{href.replace("&", "&amp;")}"' in cleaned
        assert f'rel="{LINK_REL}"' in cleaned


def test_a_link_cannot_bring_its_own_rel_or_target():
    cleaned = clean_html('<a href="https://example.org" rel="opener" target="_blank">x</a>')
    assert f'rel="{LINK_REL}"' in cleaned
    assert "target" not in cleaned
    assert "opener" not in cleaned.replace("noopener", "")


def test_plain_text_urls_become_safe_links():
    cleaned = clean_html("<p>see https://example.org now</p>")
    assert '<a href="https://example.org"' in cleaned
    assert LINK_REL in cleaned


def test_allowed_formatting_survives():
    html = (
        "<h2>T</h2><p><strong>b</strong> <em>i</em></p><ul><li>x</li></ul>"
        "<blockquote>q</blockquote>"
    )
    assert clean_html(html) == html


def test_empty_input_gives_empty_output():
    assert clean_html(None) == ""
    assert clean_html("") == ""


def test_render_html_marks_the_cleaned_html_safe():
    rendered = render_html("<p>a</p><script>x</script>")
    assert rendered == "<p>a</p>"
    assert hasattr(rendered, "__html__")


@given(st.text())
def test_no_input_can_produce_a_script_tag_or_event_attribute(text):
    cleaned = clean_html(text).lower()
    assert "<script" not in cleaned
    assert "<style" not in cleaned
    assert "javascript:" not in cleaned.replace("&amp;", "&") or "<a" not in cleaned


@given(st.lists(st.sampled_from(["<", ">", "script", "/", "on", "=", '"', "a", " ", "href", "p"])))
def test_fragments_of_markup_never_reassemble_into_a_script(parts):
    cleaned = clean_html("".join(parts)).lower()
    assert "<script" not in cleaned
