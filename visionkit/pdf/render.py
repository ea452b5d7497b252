"""One PDF from one HTML document, with WeasyPrint, reading only files we allow.

Story text reaches the HTML escaped and its Markdown sanitised, so a story
cannot add a picture or a stylesheet of its own; the URL fetcher here is the
second wall: WeasyPrint may read files inside the folders it is given (the
build cache, which holds the site's images, and this package, which holds the
stylesheet and fonts) and nothing else - no other file of the machine, no
network address, no ``data:`` URL.

This module imports WeasyPrint (0.7 s); only the workers that make PDFs load it.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from visionkit.files import write_atomic
from visionkit.resources import HANDOUT_STYLESHEET, PACKAGE

#: Tagged PDF for screen readers (structure tree, language, title shown).
VARIANT = "pdf/ua-1"
#: What a handout prints only when its page has room (each theme's post-its)
#: is numbered ``data-if-room="N"``: the first thing given up to keep it on one
#: page, the highest number first.
IF_ROOM = re.compile(r'data-if-room="(\d{1,6})"')
#: Type scales then tried to keep a handout on one page (the stylesheet's ``--vk-scale``).
#: Below the last one a long story flows onto a second page at full size instead,
#: and what the stylesheet keeps whole on one page (``--vk-keep``) may break.
SHRINK = (0.94, 0.88)
FLOWING = ":root { --vk-keep: auto }"
#: A handout whose page is less than this full is tried at larger type, the
#: largest of ``GROW`` that still fits one page: a small group's first draft
#: uses its sheet instead of leaving half of it blank.
GROW_BELOW = 0.7
GROW = (1.25, 1.12)


#: The address WeasyPrint is given for the folder a PDF is made in: the same
#: wherever the site is built. WeasyPrint names each image in a PDF by a hash of
#: its URL, so with the folder's real path a PDF's bytes would depend on where
#: the site was built.
FOLDER_HOST = "visionkit-folder"


class LocalFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``file:`` URLs inside ``roots`` only; every other request is refused.

    ``file://visionkit-folder/NAME`` is ``NAME`` in ``folder`` (still only
    inside the roots).
    """

    def __init__(self, roots: Sequence[Path], folder: Path | None = None) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)
        self.folder = folder.resolve() if folder is not None else None

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.netloc == FOLDER_HOST and self.folder is not None:
            path = (self.folder / url2pathname(parts.path).lstrip("/")).resolve()
        elif parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"visionkit PDFs read no address outside the site: {url[:80]}")
        else:
            path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise ValueError(f"visionkit PDFs read no file outside the site: {url[:80]}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})


#: WeasyPrint's notices about the machine rather than the document: the PDF is
#: still right (here, fonts subset more slowly without the system's
#: libharfbuzz-subset), so they must not fail a strict build.
_ABOUT_THE_MACHINE = ("Using fontTools instead of HarfBuzz-Subset",)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(_ABOUT_THE_MACHINE):
            self.messages.append(message)


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings (a refused file, CSS it ignores), kept for the build log."""
    logger = logging.getLogger("weasyprint")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def render_pdf(html: str, folder: Path, target: Path, *, fit: bool, css: str = "") -> list[str]:
    """Write ``target`` from ``html`` (relative URLs resolve in ``folder``); return warnings.

    With ``fit``, a document longer than one page gives up what it prints only
    if there is room, as little of it as keeps it on one page, then tries
    smaller type; if even the smallest does not fit, it keeps everything at
    full size over more pages: nothing of the story is ever cut off. A short
    one is tried at larger type. ``css`` (the site's colours) follows the
    handouts' stylesheet.
    """
    fetcher = LocalFetcher((folder, PACKAGE), folder)
    with _weasyprint_warnings() as warnings:
        document = HTML(string=html, base_url=f"file://{FOLDER_HOST}/", url_fetcher=fetcher)
        fonts = FontConfiguration()  # the stylesheet's @font-face rules: the bundled fonts
        stylesheet = CSS(filename=str(HANDOUT_STYLESHEET), url_fetcher=fetcher, font_config=fonts)
        colours = [CSS(string=css, url_fetcher=fetcher)] if css else []

        def render(*extra: CSS) -> Document:
            return document.render(
                stylesheets=[stylesheet, *colours, *extra], font_config=fonts, pdf_variant=VARIANT
            )

        rendered = render()
        if fit and len(rendered.pages) > 1:
            optional = sorted({int(n) for n in IF_ROOM.findall(html)})
            rendered = _one_page(render, optional) or render(CSS(string=FLOWING))
        elif fit and filled(rendered) < GROW_BELOW:
            for scale in GROW:
                larger = render(CSS(string=f":root {{ --vk-scale: {scale} }}"))
                if len(larger.pages) == 1:
                    rendered = larger
                    break
        write_atomic(target, rendered.write_pdf(pdf_variant=VARIANT))
    return warnings


def _one_page(render: Callable[..., Document], optional: list[int]) -> Document | None:
    """The document on one page keeping the most of its ``optional`` blocks, if it can be.

    ``optional`` are the blocks' numbers in order; they are given up from the
    last (found by halving, so a handout with eight themes is laid out four
    more times at most); with none left, smaller type is tried.
    """

    def keeping(kept: int, scale: float = 1) -> Document:
        given_up = ", ".join(f'[data-if-room="{n}"]' for n in optional[kept:])
        hide = f"{given_up} {{ display: none }} " if given_up else ""
        return render(CSS(string=f"{hide}:root {{ --vk-scale: {scale} }}"))

    best = keeping(0)
    if len(best.pages) > 1:
        for scale in SHRINK:
            smaller = keeping(0, scale)
            if len(smaller.pages) == 1:
                return smaller
        return None
    fits, too_many = 0, len(optional)  # keeping every block did not fit: why we are here
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        tried = keeping(middle)
        if len(tried.pages) == 1:
            fits, best = middle, tried
        else:
            too_many = middle
    return best


def filled(rendered: Document) -> float:
    """How much of its first page's height a document's content takes, 0 to 1.

    Read from WeasyPrint's layout (the page box and the root element's box on
    it); a WeasyPrint that lays pages out otherwise says "full", so nothing grows.
    """
    try:
        page = rendered.pages[0]._page_box
        root = page.children[0]
        return float(root.margin_height()) / float(page.height)
    except (AttributeError, IndexError, TypeError, ZeroDivisionError):
        return 1.0
