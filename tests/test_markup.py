"""Story Markdown renders formatting but never markup of its own."""

from __future__ import annotations

import pytest

from visionkit.site.markup import headings, render_markdown, safe_href


@pytest.mark.parametrize(
    ("href", "safe"),
    [
        ("https://example.org/a", True),
        ("mailto:team@example.org", True),
        ("../stories/amira/", True),
        ("#theme-x", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("\u200bjavascript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
    ],
)
def test_safe_href(href: str, safe: bool) -> None:
    assert safe_href(href) is safe


def test_formatting_is_kept_and_raw_html_is_shown_as_text() -> None:
    out = render_markdown("**Bold** and <b onclick=x>raw</b>\n\n<div>block</div>")
    assert "<strong>Bold</strong>" in out
    assert "&lt;b onclick=x&gt;raw&lt;/b&gt;" in out
    assert "&lt;div&gt;block&lt;/div&gt;" in out


def test_links_lose_unsafe_targets_and_images_become_their_alt_text() -> None:
    out = render_markdown('[ok](https://example.org "T") [bad](javascript:x) ![a cat](cat.png)')
    assert '<a href="https://example.org" title="T">ok</a>' in out
    assert "<span>bad</span>" in out
    assert "<img" not in out and "<span>a cat</span>" in out


def test_story_headings_sit_below_the_pages_own() -> None:
    out = render_markdown("# One\n\n## Two\n\n#### Four")
    assert "<h3>One</h3>" in out and "<h4>Two</h4>" in out and "<h6>Four</h6>" in out


def test_headings_for_the_table_of_contents() -> None:
    page = '<h1 id="a">A</h1><h2 id="b">B &amp; <em>b</em></h2><h3 id="c">C</h3><h3>no id</h3>'
    assert headings(page) == [(2, "b", "B & b"), (3, "c", "C")]


def test_a_text_of_brackets_is_shown_as_typed_not_parsed_for_ever() -> None:
    """20,000 '[' took Python-Markdown 34 s (quadratic); past 64 they open no link."""
    from visionkit.read.markdown import MAX_BRACKETS

    html = str(render_markdown("[" * 20_000 + " and [a link](https://x.example)"))
    assert html.count("[") == 20_001
    assert "<a " not in html and "a link" in html
    few = str(render_markdown("[" * (MAX_BRACKETS - 1) + " [a link](https://x.example)"))
    assert '<a href="https://x.example"' in few


def test_the_confidential_check_reads_many_brackets_as_the_page_shows_them() -> None:
    from visionkit.check.confidential import rendered_text

    text = "[" * 100 + " [Joanne](https://x.example) Whitfield"
    shown = rendered_text(text)
    assert "Joanne" in shown and "Whitfield" in shown
    assert shown.count("[") == 101
