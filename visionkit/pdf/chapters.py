"""The chapters after the people in vision.pdf, as parts of a bounded size.

The themes, problems, priorities, log and stakeholders chapters flow on from
each other in one part, as one document would print them. But the themes and
problems chapters hold every group's words: at 1,000 people they run to
hundreds of pages, and WeasyPrint holds a whole part's layout in memory (about
1.7 MB a page), and an edit to one entry laid them all out again. So past
``WHOLE`` characters of HTML they are cut into parts of at most ``PART_SIZE``,
each laid out on its own (a part opens a page: a cut leaves the rest of a page
blank, once every five pages or so, 1.5% more pages in all).

A cut falls only between a chapter's top-level blocks (a theme, a problem),
and where it falls is decided by the blocks themselves, not by how much came
before: an edit to one theme remakes the part that holds it, and the cuts of
every other part stay where they were, so their cached PDFs are used again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import TypeVar

from markupsafe import Markup

from visionkit.pdf.fit import VOID

T = TypeVar("T")

#: Chapters this long together stay one part, as one document prints them: about
#: 20 pages, a few seconds to lay out again after an edit.
WHOLE = 120_000
#: Longer ones are cut into parts of at most this much HTML: about five pages and
#: a second to lay out, so an edit remakes few pages. Measured with 100 people:
#: a new name in ten entries remade six parts in 5.1 s at 60,000 (22 parts,
#: 266 pages) and seven in 4.0 s at 30,000 (34 parts, 268 pages), against 8.0 s
#: at 120,000 (13 parts, 264 pages); laying them all out took as long at each size.
PART_SIZE = 30_000
#: No cut before a part holds this much: a part of a few pages would waste a
#: page's end for little (cut at random, a part ends half a page short).
AT_LEAST = PART_SIZE // 4
#: Past ``AT_LEAST``, about one block in this many ends a part.
ONE_IN = 6
_ID = re.compile(r'\bid="([^"]{1,200})"')
_HEADING = re.compile(r"\s*<h[1-6]\b")


def cut(chapters: Sequence[tuple[T, Markup]]) -> list[list[tuple[T, Markup, bool]]]:
    """The parts of ``chapters`` (page, body): each a list of (page, HTML, opens the chapter).

    Chapters short enough together make one part, exactly as they are.
    """
    if sum(len(html) for _, html in chapters) <= WHOLE:
        return [[(page, html, True) for page, html in chapters]]
    parts: list[list[tuple[T, Markup, bool]]] = []
    current: list[tuple[T, Markup, bool]] = []
    size = 0
    for page, html in chapters:
        opens, start = True, 0
        for block_start, block_end in _blocks(html):
            size += block_end - block_start
            block = html[block_start:block_end]
            if _HEADING.match(block):  # a heading stays with what it heads
                continue
            if size >= PART_SIZE or (size >= AT_LEAST and _ends_part(block)):
                current.append((page, Markup(html[start:block_end]), opens))
                parts.append(current)
                current, size, opens, start = [], 0, False, block_end
        if html[start:].strip():
            current.append((page, Markup(html[start:]), opens))
    if current:
        parts.append(current)
    return parts


def _ends_part(block: str) -> bool:
    """Whether a part ends after ``block``: from its first id (a theme's, a problem's)."""
    found = _ID.search(block)
    name = found[1] if found else block[:200]
    return hashlib.sha256(name.encode()).digest()[0] % ONE_IN == 0


def _blocks(html: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level element of ``html``, with the text before it."""
    parser = _TopLevel(html)
    parser.feed(html)
    parser.close()
    ends = parser.ends
    if not ends or ends[-1] < len(html):
        ends.append(len(html))
    return list(zip([0, *ends[:-1]], ends, strict=True))


class _TopLevel(HTMLParser):
    """Where each top-level element of an HTML fragment ends (visionkit's own markup)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        # Where each line starts, as the parser counts lines: at "\n" only.
        self.lines = [0, *(found.end() for found in re.finditer("\n", html))]
        self.depth = 0
        self.ends: list[int] = []

    def _after_tag(self) -> int:
        line, column = self.getpos()
        return self.html.index(">", self.lines[line - 1] + column) + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            if self.depth == 0:
                self.ends.append(self._after_tag())
            return
        self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.ends.append(self._after_tag())

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        self.depth = max(self.depth - 1, 0)
        if self.depth == 0:
            self.ends.append(self._after_tag())
