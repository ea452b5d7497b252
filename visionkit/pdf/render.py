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

import functools
import logging
import mimetypes
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from visionkit.files import write_atomic
from visionkit.pdf.fit import fit_one_page
from visionkit.pdf.tags import lighter_tags
from visionkit.resources import HANDOUT_STYLESHEET, PACKAGE

#: Tagged PDF for screen readers (structure tree, language, title shown).
VARIANT = "pdf/ua-1"


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


@functools.lru_cache(maxsize=4)
def _stylesheet(folder: Path) -> tuple[LocalFetcher, FontConfiguration, CSS]:
    """The handouts' stylesheet and its fonts (@font-face), read once a process.

    Reading them took 55 ms of every PDF (a person's part of vision.pdf is laid
    out in 190 ms): 1,000 people's handouts and parts spent two minutes of a
    core on it. WeasyPrint reads a parsed stylesheet and its fonts without
    changing them, so every PDF made in the folder shares them.
    """
    fetcher = LocalFetcher((folder, PACKAGE), folder)
    fonts = FontConfiguration()  # the stylesheet's @font-face rules: the bundled fonts
    stylesheet = CSS(filename=str(HANDOUT_STYLESHEET), url_fetcher=fetcher, font_config=fonts)
    return fetcher, fonts, stylesheet


@functools.lru_cache(maxsize=4)
def _colours(css: str, fetcher: LocalFetcher) -> CSS:
    return CSS(string=css, url_fetcher=fetcher)


def render_pdf(
    html: str, folder: Path, target: Path, *, fit: bool, css: str = "", part: bool = False
) -> list[str]:
    """Write ``target`` from ``html`` (relative URLs resolve in ``folder``); return warnings.

    With ``fit``, a document longer than one page gives up what it prints only
    if there is room, as little of it as keeps it on one page, then tries
    smaller type; if even the smallest does not fit, it keeps everything at
    full size over more pages: nothing of the story is ever cut off. A short
    one is tried at larger type. A few layouts at most (visionkit/pdf/fit.py).
    ``css`` (the site's colours) follows the handouts' stylesheet. A ``part``
    of vision.pdf gets lighter tags, the same to read (visionkit/pdf/tags.py).
    """
    with _weasyprint_warnings() as warnings:
        fetcher, fonts, stylesheet = _stylesheet(folder.resolve())
        document = HTML(string=html, base_url=f"file://{FOLDER_HOST}/", url_fetcher=fetcher)
        colours = [_colours(css, fetcher)] if css else []

        def render(extra: str = "") -> Document:
            more = [CSS(string=extra, url_fetcher=fetcher)] if extra else []
            return document.render(
                stylesheets=[stylesheet, *colours, *more], font_config=fonts, pdf_variant=VARIANT
            )

        rendered = fit_one_page(render, html) if fit else render()
        data = rendered.write_pdf(pdf_variant=VARIANT)
        write_atomic(target, lighter_tags(data) if part else data)
    return warnings
