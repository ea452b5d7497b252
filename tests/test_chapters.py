"""Long chapters of vision.pdf in parts of a bounded size, cut where a cut stays put."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import Markup
from pypdf import PdfReader
from sites import build_site, copy_example, seed_cache

from visionkit.pdf import assemble, chapters
from visionkit.pdf.chapters import cut


def theme(n: int, words: int = 40, text: str = "I can now tell my story once.") -> str:
    body = " ".join([text] * (words // 7 + 1))
    return (
        f'<section class="vk-theme">\n  <h2 id="theme-{n}">Theme {n}</h2>\n'
        f'  <p>{body}<br>line&lt;two&gt;\u2028</p><svg><path d="M0 0"/></svg>\n</section>\n'
    )


def chapter(n: int, first: int = 0) -> Markup:
    return Markup('<h1 id="themes">Themes</h1>\n<p>Intro.</p>\n') + Markup(
        "".join(theme(k) for k in range(first, first + n))
    )


class Page:
    def __init__(self, kind: str) -> None:
        self.kind = kind


def test_short_chapters_are_one_part_exactly_as_they_are() -> None:
    pages = [(Page("themes"), chapter(3)), (Page("log"), Markup("<h1>Log</h1>"))]
    assert cut(pages) == [[(page, html, True) for page, html in pages]]


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(chapters, "WHOLE", 8000)
    monkeypatch.setattr(chapters, "PART_SIZE", 4000)
    monkeypatch.setattr(chapters, "AT_LEAST", 1000)
    return 4000


def test_chapters_up_to_a_whole_are_one_part_longer_ones_smaller_parts(small_parts: int) -> None:
    themes = Page("themes")
    whole = chapter(20)
    assert small_parts < len(whole) <= chapters.WHOLE
    assert cut([(themes, whole)]) == [[(themes, whole, True)]]
    longer = chapter(40)
    assert len(longer) > chapters.WHOLE
    parts = cut([(themes, longer)])
    assert len(parts) > 2 and all(sum(len(h) for _, h, _ in p) < chapters.WHOLE for p in parts)


def test_a_long_chapter_is_cut_between_its_blocks_losing_nothing(small_parts: int) -> None:
    themes, log = Page("themes"), Page("log")
    long = chapter(60)
    parts = cut([(themes, long), (log, Markup("<h1>Log</h1><p>Entry.</p>"))])
    assert len(parts) > 3
    pieces = [(page, html, opens) for part in parts for page, html, opens in part]
    assert "".join(html for page, html, _ in pieces if page is themes) == long
    opening = [opens for page, _, opens in pieces if page is themes]
    assert opening[0] is True and not any(opening[1:])
    for part in parts:
        size = sum(len(html) for _, html, _ in part)
        assert size < small_parts + len(theme(0)) + 100
        for _, html, _ in part:  # whole sections only, never a heading left at a part's end
            assert html.count("<section") == html.count("</section>")
            assert not re.search(r"</h[1-6]>\s*$", html)


def test_an_edit_to_one_theme_moves_no_other_part(small_parts: int) -> None:
    themes = Page("themes")
    before = cut([(themes, chapter(80))])
    edited = chapter(80).replace(
        Markup('<h2 id="theme-40">Theme 40</h2>'), Markup('<h2 id="theme-40">Theme 40, longer</h2>')
    )
    after = cut([(themes, Markup(edited))])
    assert len(before) == len(after)
    changed = [b != a for b, a in zip(before, after, strict=True)]
    assert sum(changed) == 1


@pytest.mark.slow
def test_a_vision_pdf_of_many_parts_reads_as_one_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example_site: Path
) -> None:
    """The example's chapters in several parts: the same words, chapters, contents and bookmarks.

    Its cover, contents and pages of numbers laid out in worker processes, as a
    large document's are.
    """
    monkeypatch.setattr(assemble, "LAYOUTS_APART_FROM", 1)
    pools: list[int] = []
    pool = assemble.worker_pool
    monkeypatch.setattr(assemble, "worker_pool", lambda n: pools.append(n) or pool(n))
    monkeypatch.setattr(chapters, "WHOLE", 6000)
    monkeypatch.setattr(chapters, "PART_SIZE", 6000)
    monkeypatch.setattr(chapters, "AT_LEAST", 1500)
    # The example's images, handouts and people's parts taken from its build: only the
    # chapters' parts and the whole are made.
    cache = seed_cache(tmp_path / "cache", example_site)
    before = set(cache.glob("handout-vision-chapters*.pdf"))
    site = build_site(copy_example(tmp_path / "example", cache=cache, pdf=True))
    made = set(cache.glob("handout-vision-chapters*.pdf")) - before
    names = {p.name.rsplit("-", 1)[0] for p in made}
    assert len(names) >= 3, names
    assert pools  # the cover and contents were laid out in workers
    vision = PdfReader(site / "handouts/vision.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in vision.pages)
    for words in ("Tell it once", "Nobody left waiting in silence", "Stakeholders", "User log"):
        assert words in text
    outline = list(vision.outline)
    tops = [item.title for item in outline if not isinstance(item, list)]
    assert "Themes" in tops and not any("continued" in title for title in tops), tops
    at = next(k for k, item in enumerate(outline) if getattr(item, "title", "") == "Themes")
    themes = outline[at + 1]
    assert isinstance(themes, list)
    under = [item.title for item in themes if not isinstance(item, list)]
    assert "Tell it once" in under and "Safe to try work" in under, under
    total = len(vision.pages)
    for number, page in enumerate(vision.pages[1:], start=2):
        assert f"Page {number} of {total}" in page.extract_text()
