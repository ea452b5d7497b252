"""Story text can never become markup: script payloads in every text field of every file."""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest
from sites import elements, search_index

PLAIN = (
    "<script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)>"
    '<a href="javascript:alert(1)">x</a>" onfocus="alert(1)" \'><!-- -->'
)
MARKDOWN = (
    PLAIN + "\n\n[a](javascript:alert(1)) [b](&#106;avascript:alert(1)) [c](JaVaScRiPt:alert(1))"
    ' ![d](data:text/html,alert) [e](https://example.org "t\\" onmouseover=\\"alert(1)")'
    ' <div onclick=alert(1)>f</div>\n{: onclick="alert(1)" }\n\n<iframe src=javascript:alert(1)>'
)
NO_DIGITS = "<b onmouseover=alert>Morning</b>"


def q(text: str) -> str:
    """A YAML double-quoted scalar holding ``text`` exactly."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def hostile_folder(root: Path) -> Path:
    stories = root / "stories"
    (stories / "people").mkdir(parents=True)
    p, m = q(PLAIN), q(MARKDOWN)
    (stories / "vision.yml").write_text(
        textwrap.dedent(f"""\
        title: {p}
        strapline: {p}
        service: {p}
        partners: [{p}, {{name: {p}}}]
        summary: {m}
        problems:
          - id: gap
            text: {p}
            detail: {m}
        stakeholders:
          - {{name: {p}, interest: high, influence: low, involve: {p}}}
        known_issues: [{p}]
        """)
    )
    for slug, kind in [("user", "user"), ("staff", "staff"), ("boss", "decision-maker")]:
        (stories / f"people/{slug}.yml").write_text(
            textwrap.dedent(f"""\
            group: {p}
            kind: {kind}
            question: {p}
            persona: {{name: {q("I " + PLAIN)}, role: {p}}}
            quote: {p}
            themes:
              - id: t
                title: {p}
                notes: [{p}]
                stories: [{q("I can now see " + PLAIN + ".")}]
                resolves: [gap]
                votes: 3
            day:
              - {{time: {q(NO_DIGITS)}, text: {m}}}
            story: {m}
            """)
        )
    (stories / "priorities.yml").write_text(
        textwrap.dedent(f"""\
        title: {p}
        priorities:
          - {{id: a, text: {p}, votes: {{user: 2, staff: 1}}}}
        agenda:
          - priority: a
            goal: {p}
            indicators: [{p}, {{text: {p}, measures: outcome}}]
            ambition: {p}
            practicalities: {p}
        postcards:
          - {{kind: user, text: {p}}}
        """)
    )
    (stories / "logs").mkdir()
    (stories / "logs/one.yml").write_text(
        textwrap.dedent(f"""\
        project: {p}
        date: 2026-01-01
        tool: {p}
        desired_outcome: {p}
        what_happened: {p}
        next_time: {p}
        """)
    )
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile\ntheme: material\nplugins: [search, visionkit]\n"
    )
    return root


@pytest.fixture
def site(hostile_site: Path) -> Path:
    """``hostile_folder`` built once per run (conftest.py): read only."""
    return hostile_site


PAGES = [
    "vision",
    "stories/user",
    "stories/staff",
    "stories/boss",
    "themes",
    "problems",
    "priorities",
    "log",
    "stakeholders",
    "accessibility",
    "",
]


@pytest.mark.parametrize("url", PAGES)
def test_no_injected_markup_reaches_any_page(site: Path, url: str) -> None:
    page = elements((site / url / "index.html").read_text(encoding="utf-8"))
    # The page is there, with the payload as text (the home page is docs/index.md).
    shown = "".join(page.text)
    assert ("alert(1)" in shown) if url else ("Home" in shown), url
    assert any(tag == "article" for tag, _ in page.elements)
    for tag, attrs in page.elements:
        assert tag not in {"iframe", "svg"} or "onload" not in attrs
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert attrs.get("src") != "x"
        for name in ("href", "src"):
            value = re.sub(r"[\s\x00-\x1f]", "", html.unescape(attrs.get(name, ""))).lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    assert not [s for s in page.scripts if "alert" in s]


@pytest.mark.parametrize(
    "url", ["vision", "stories/user", "themes", "priorities", "log", "stakeholders"]
)
def test_the_payload_is_shown_as_the_text_that_was_typed(site: Path, url: str) -> None:
    text = "".join(elements((site / url / "index.html").read_text(encoding="utf-8")).text)
    assert "<script>alert(1)</script>" in text


def test_search_index_holds_text_not_markup(site: Path) -> None:
    # Material's search shows titles and text as HTML: the payload must stay escaped there.
    shown = {"title": 0, "text": 0}
    for doc in search_index(site):
        for field in ("title", "text"):
            parsed = elements(doc[field])
            found = parsed.elements
            assert not [tag for tag, _ in found if tag in {"script", "img", "svg", "iframe", "a"}]
            assert not [a for _, attrs in found for a in attrs if a.startswith("on")]
            shown[field] += "<script>alert(1)</script>" in "".join(parsed.text)
    assert shown["title"] and shown["text"], shown  # indexed, as the text that was typed


def test_handouts_and_share_cards_hold_the_payload_as_text(site: Path) -> None:
    from PIL import Image
    from pypdf import PdfReader

    for name in ["user", "staff", "boss", "vision"]:
        pdf = PdfReader(site / f"handouts/{name}.pdf")
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        assert "<script>alert(1)</script>" in text, name
        for pdf_page in pdf.pages:  # no link in a PDF runs or fetches anything
            for annotation in pdf_page.get("/Annots", []) or []:
                action = annotation.get_object().get("/A", {})
                assert action.get("/S") in (None, "/URI", "/GoTo"), action
                assert not str(action.get("/URI", "")).lower().startswith(("javascript", "file"))
    cards = sorted((site / "assets/visionkit/images").glob("card-*.png"))
    assert len(cards) >= 9
    for card in cards:
        with Image.open(card) as image:
            assert image.size == (1200, 630)
