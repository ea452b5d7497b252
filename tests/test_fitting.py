"""A handout is fitted on one page in a few layouts, however long its story.

Each WeasyPrint layout of a long document takes seconds: what cannot fit one
page is not tried (a story of every field at its limit flows in one layout),
and a long post-it is laid out in a few line breaks, not one per character.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import weasyprint
from jinja2 import Environment, FileSystemLoader
from pypdf import PdfReader
from weasyprint.text.line_break import Layout

from visionkit.fields import SAYING
from visionkit.pdf.fit import CANNOT_FIT, FLOWING, fit_one_page
from visionkit.pdf.render import render_pdf
from visionkit.resources import TEMPLATES

SENTENCE = "We can now tell our story once, and every service we meet already knows it."


def paragraph(n: int) -> str:
    return f"<p>Paragraph {n}. " + " ".join([SENTENCE] * 6) + "</p>"


def handout(paragraphs: int, themes: list[list[str]]) -> str:
    """A story's handout as person.html lays it out: the story, then the themes in
    two columns, each theme's post-its printed only if there is room."""
    sections = [
        f'<section class="vk-theme"><h3>Theme {n}</h3>'
        f'<ul class="vk-ministories"><li>Mini-story of theme {n}.</li></ul>'
        f'<div class="vk-if-room" data-if-room="{n}"><ul class="vk-postits">'
        + "".join(f"<li>{note}</li>" for note in notes)
        + "</ul></div></section>"
        for n, notes in enumerate(themes, start=1)
    ]
    half = (len(sections) + 1) // 2
    columns = "".join(
        f'<div class="vk-themes__column">{"".join(column)}</div>'
        for column in (sections[:half], sections[half:])
        if column
    )
    story = "".join(paragraph(n) for n in range(1, paragraphs + 1))
    return (
        '<html lang="en"><head><title>A story</title></head><body class="vk-doc vk-doc--story">'
        f'<article class="vk-person">{story}<div class="vk-themes">{columns}</div></article>'
        "</body></html>"
    )


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of pages of every layout WeasyPrint makes."""
    made: list[int] = []
    original = weasyprint.HTML.render

    def counted(self: weasyprint.HTML, *args: object, **kwargs: object) -> weasyprint.Document:
        document = original(self, *args, **kwargs)
        made.append(len(document.pages))
        return document

    monkeypatch.setattr(weasyprint.HTML, "render", counted)
    return made


def text_of(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)


def test_a_story_far_longer_than_a_page_flows_whole_in_one_layout(
    tmp_path: Path, layouts: list[int]
) -> None:
    themes = [[f"Post-it {t}.{n}" for n in range(1, 4)] for t in range(1, 4)]
    html = handout(50, themes)
    assert len(re.sub(r"<[^>]+>", "", html)) > CANNOT_FIT
    render_pdf(html, tmp_path, tmp_path / "long.pdf", fit=True)
    assert len(layouts) == 1 and layouts[0] >= 4
    text = text_of(tmp_path / "long.pdf")
    assert len(PdfReader(tmp_path / "long.pdf").pages) == layouts[0]
    for n in range(1, 51):
        assert f"Paragraph {n}." in text
    for notes in themes:  # nothing is given up when it flows
        for note in notes:
            assert note in text


def test_a_story_of_two_pages_is_not_tried_at_smaller_type(
    tmp_path: Path, layouts: list[int]
) -> None:
    render_pdf(handout(15, [["A post-it"]]), tmp_path, tmp_path / "two.pdf", fit=True)
    # As it is, without its post-its, then flowing: too long to shrink onto one page.
    assert layouts == [2, 2, 2]
    assert len(PdfReader(tmp_path / "two.pdf").pages) == 2
    assert "A post-it" in text_of(tmp_path / "two.pdf")


@dataclass
class Root:
    height: float

    def margin_height(self) -> float:
        return self.height


@dataclass
class PageBox:
    """A page of a layout as fit_one_page reads it: how much of it the document takes."""

    children: list[Root]
    height: float = 1.0


@dataclass
class Page:
    _page_box: PageBox


@dataclass
class Laid:
    """What a layout made, as far as fit_one_page reads it, and how it was asked for."""

    pages: list[Page]
    css: str


def fake_render(themes: int, fits: int, shrink_fits: bool, seen: list[str]) -> object:
    """A layout that fits one page keeping up to ``fits`` themes' post-its (or, if
    ``shrink_fits``, with none kept at smaller type: it is then a little over a page
    at full size, else two pages); records every stylesheet it is given."""

    def render(css: str = "") -> Laid:
        seen.append(css)
        kept = themes - len(re.findall(r'data-if-room="\d+"', css))
        smaller = re.search(r"--vk-scale: 0\.", css) is not None
        one = kept <= fits or (smaller and kept == 0 and shrink_fits)
        if one and "--vk-keep: auto" not in css:
            return Laid([Page(PageBox([Root(0.9)]))], css)
        over = 0.1 if shrink_fits and kept == 0 else 1.0
        return Laid([Page(PageBox([Root(1.0)])), Page(PageBox([Root(over)]))], css)

    return render


@pytest.mark.parametrize("themes", [0, 1, 2, 5, 8, 100])
@pytest.mark.parametrize("fits", [-1, 0, 1, 4, 99, 100])
@pytest.mark.parametrize("shrink_fits", [False, True])
def test_every_way_to_one_page_takes_a_few_layouts(
    themes: int, fits: int, shrink_fits: bool
) -> None:
    html = handout(1, [["A post-it"]] * themes)
    seen: list[str] = []
    laid = fit_one_page(fake_render(themes, fits, shrink_fits, seen), html)  # type: ignore[arg-type]
    assert len(seen) <= max(5, 2 + math.ceil(math.log2(max(themes, 1))))
    assert isinstance(laid, Laid)
    kept = themes - len(re.findall(r'data-if-room="\d+"', laid.css))
    if fits >= 0:  # the most post-its that fit, at full size
        assert len(laid.pages) == 1 and kept == min(fits, themes) and "scale: 0." not in laid.css
    elif shrink_fits:
        assert len(laid.pages) == 1 and kept == 0
    else:  # everything, flowing at full size
        assert laid.css == FLOWING


def test_post_its_more_than_a_page_could_hold_are_never_laid_out() -> None:
    long = "A post-it as long as a post-it may be. " * 50
    html = handout(2, [["Short"], [long[: SAYING.limit]] * 20, ["Also short"]])
    seen: list[str] = []
    laid = fit_one_page(fake_render(3, 3, False, seen), html)  # type: ignore[arg-type]
    # Theme 2's post-its would print more than a page holds: every layout leaves them out.
    assert seen and all('[data-if-room="2"]' in css for css in seen)
    assert isinstance(laid, Laid) and len(laid.pages) == 1
    assert '[data-if-room="1"]' not in laid.css


@pytest.fixture
def line_layouts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many times WeasyPrint lays a line out (Pango), counted."""
    count = [0]
    original = Layout.get_first_line

    def counted(self: Layout, *args: object, **kwargs: object) -> object:
        count[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Layout, "get_first_line", counted)
    yield count


def post_its(notes: list[str]) -> str:
    """The post-its as every page and PDF prints them (partials/postits.html)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    template = env.get_template("visionkit/partials/postits.html")
    return template.render(notes=notes, t=lambda key: key)


def test_a_long_post_it_wraps_in_its_column_in_a_few_line_breaks(
    tmp_path: Path, line_layouts: list[int]
) -> None:
    prose = (SENTENCE + " ") * 30
    word = "x" * 200  # a long link, say: no space to break at
    notes = [prose[: SAYING.limit].strip(), f"See {word} please", "A short one"]
    theme = f'<section class="vk-theme"><h3>A theme</h3>{post_its(notes)}</section>'
    render_pdf(f"<html><body>{theme}</body></html>", tmp_path, tmp_path / "one.pdf", fit=False)
    # WeasyPrint measured a post-it's narrowest width a character a line (minutes for
    # one of 2,000 characters, again at each step of balancing columns): now a few
    # layouts a line.
    assert line_layouts[0] < SAYING.limit // 10
    theme = f'<section class="vk-theme"><h3>A theme</h3>{post_its(notes[1:])}</section>'
    html = f'<html><body><div class="vk-themes">{theme}</div></body></html>'
    render_pdf(html, tmp_path, tmp_path / "columns.pdf", fit=False)
    lines = PdfReader(tmp_path / "columns.pdf").pages[0].extract_text().splitlines()
    assert "A short one" in " ".join(lines)
    # The long word is cut into lines of its column (half the page: about 60 x's).
    pieces = [line.strip() for line in lines if re.fullmatch(r"\s*x+\s*", line)]
    assert sum(map(len, pieces)) >= len(word) - 80 and max(map(len, pieces)) < 80
