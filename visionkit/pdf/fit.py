"""Fitting a story's handout on one page, in a bounded number of layouts.

A handout is laid out (:func:`fit_one_page`'s ``render``) first as it is; if
it runs over a page, without what it prints only if there is room (each
theme's post-its, ``data-if-room="N"``), as many of those kept as fit; then at
smaller type; and if nothing fits, once more flowing over as many pages as it
takes, at full size. A short one is tried at larger type.

Each layout of a long document takes seconds, so what cannot fit is not tried:
the text the document must print is counted first (no layout), and a document
with more than a few pages of it flows at once, in one layout; optional blocks
that would take it past that are never laid out on the way to one page; and a
document that needs well over a page without them is not tried at smaller type.
However long the story: one layout if it prints too much for a page, else at
most five, or two and one for each halving of its N optional blocks (log2 N).

Nothing here imports WeasyPrint: ``render`` does the layouts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint import Document

#: Lays the document out with this stylesheet added (after the handouts' own).
Render = Callable[[str], "Document"]

#: What a handout prints only when its page has room (each theme's post-its) is
#: numbered ``data-if-room="N"``: the first thing given up to keep it on one
#: page, the highest number first.
IF_ROOM = "data-if-room"
_NUMBER = re.compile(r"\d{1,6}")
#: Type scales then tried to keep a handout on one page (the stylesheet's ``--vk-scale``).
#: Below the last one a long story flows onto a second page at full size instead,
#: and what the stylesheet keeps whole on one page (``--vk-keep``) may break.
SHRINK = (0.94, 0.88)
FLOWING = ":root { --vk-keep: auto; --vk-columns: block }"
#: A handout whose page is less than this full is tried at larger type, the
#: largest of ``GROW`` that still fits one page: a small group's first draft
#: uses its sheet instead of leaving half of it blank.
GROW_BELOW = 0.7
GROW = (1.25, 1.12)
#: More characters than a page holds at the smallest type, by far: an A4 page
#: of ordinary prose holds about 6,800 at 0.88, and about 12,000 of the narrowest
#: letters. A document that prints more flows without trying to fit one page.
CANNOT_FIT = 20_000
#: A document that needs more pages than this at full size cannot fit on one at
#: the smallest type: its area shrinks to ``min(SHRINK)²`` (0.77), and what does
#: not scale (pictures, rules) only adds to it. 5% spare for rounding.
SHRINKABLE = 1.05 / min(SHRINK) ** 2


def fit_one_page(render: Render, html: str) -> Document:
    """``html`` laid out on one page if it can be, else flowing at full size."""
    printed = _Printed.of(html)
    if printed.length > CANNOT_FIT:
        return render(FLOWING)
    numbers = sorted(printed.optional)
    # The most optional blocks worth laying out: the first ones, while the text
    # stays within what a page could hold.
    worth, total = 0, printed.length
    for number in numbers:
        total += printed.optional[number]
        if total > CANNOT_FIT:
            break
        worth += 1
    whole = None
    if worth == len(numbers):
        whole = render("")
        if len(whole.pages) == 1:
            return _grown(render, whole)
    return _one_page(render, numbers, worth, whole) or render(FLOWING)


def _one_page(
    render: Render, numbers: list[int], worth: int, whole: Document | None
) -> Document | None:
    """The document on one page keeping the most optional blocks, if it can be.

    ``numbers`` are the optional blocks' numbers in order; keeping more than
    ``worth`` of them cannot fit (``whole``, the document with them all, did
    not, when it was laid out). They are given up from the last, found by
    halving; with none kept and still too long, smaller type is tried.
    """

    def keeping(kept: int, scale: float = 1) -> Document:
        given_up = ", ".join(f'[{IF_ROOM}="{n}"]' for n in numbers[kept:])
        hide = f"{given_up} {{ display: none }} " if given_up else ""
        return render(f"{hide}:root {{ --vk-scale: {scale} }}")

    best = whole if whole is not None and not numbers else keeping(0)
    if len(best.pages) > 1:
        if needed(best) > SHRINKABLE:
            return None
        for scale in SHRINK:
            smaller = keeping(0, scale)
            if len(smaller.pages) == 1:
                return smaller
        return None
    # Keeping `too_many` does not fit: the whole did not, or would print too much.
    fits, too_many = 0, min(worth + 1, len(numbers))
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        tried = keeping(middle)
        if len(tried.pages) == 1:
            fits, best = middle, tried
        else:
            too_many = middle
    return best


def _grown(render: Render, rendered: Document) -> Document:
    """A one-page document at the largest of ``GROW`` still on one page, if it is short."""
    if filled(rendered) < GROW_BELOW:
        for scale in GROW:
            larger = render(f":root {{ --vk-scale: {scale} }}")
            if len(larger.pages) == 1:
                return larger
    return rendered


def filled(rendered: Document, page: int = 0) -> float:
    """How much of a page's height a document's content takes, 0 to 1.

    Read from WeasyPrint's layout (the page box and the root element's box on
    it); a WeasyPrint that lays pages out otherwise says "full", so nothing grows
    and nothing is taken to be shorter than it is.
    """
    try:
        box = rendered.pages[page]._page_box
        root = box.children[0]
        return float(root.margin_height()) / float(box.height)
    except (AttributeError, IndexError, TypeError, ZeroDivisionError):
        return 1.0


def needed(rendered: Document) -> float:
    """How many pages of content a document has: what each of its pages takes, added up."""
    return sum(filled(rendered, page) for page in range(len(rendered.pages)))


#: Elements without an end tag, and those whose text is not printed.
VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"]
)
_UNPRINTED = frozenset(("head", "style", "script"))


class _Printed(HTMLParser):
    """The characters a document prints, and those of each optional block by its number.

    Runs of white space count as one; the head (title, metadata), styles and
    scripts are not printed.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.length = 0
        self.optional: dict[int, int] = {}
        #: The element being skipped or counted apart (its tag, its number or
        #: None for the head) and how deep in elements of that tag we are.
        self._inside: tuple[str, int | None] | None = None
        self._depth = 0

    @classmethod
    def of(cls, html: str) -> _Printed:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._inside is not None:
            self._depth += tag == self._inside[0]
            return
        value = next((v for k, v in attrs if k == IF_ROOM and v and _NUMBER.fullmatch(v)), None)
        number = None if value is None else int(value)
        if number is not None:
            self.optional.setdefault(number, 0)
        if tag in VOID:  # no end tag: nothing inside it
            return
        if number is not None or tag in _UNPRINTED:
            self._inside, self._depth = (tag, number), 1

    def handle_endtag(self, tag: str) -> None:
        if self._inside is not None and tag == self._inside[0]:
            self._depth -= 1
            if self._depth == 0:
                self._inside = None

    def handle_data(self, data: str) -> None:
        length = len(" ".join(data.split()))
        if self._inside is None:
            self.length += length
        elif (number := self._inside[1]) is not None:
            self.optional[number] = self.optional.get(number, 0) + length
