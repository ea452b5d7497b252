"""The charts' drawings kept out of the search plugin's way while it reads a page.

Material's search indexes a page by parsing its HTML in Python, tag by tag,
even inside the ``data-search-exclude`` elements whose words it then drops. A
report page's SVG charts are hundreds of tags the index never keeps: parsing
them was a third of what the three report pages cost a build. So the drawings
are set aside just before the search plugin reads a page and put back just
after, before the page's template renders it: the index is what it was, and
the published page too.
"""

from __future__ import annotations

import re

from mkdocs.structure.pages import Page

#: A chart's drawing, as ``visionkit/partials/chart.html`` wraps it (its words are
#: the table's beside it). Story text inside it is escaped, so it holds no
#: ``</figure>`` of its own.
_DRAWING = re.compile(r"<figure data-search-exclude>.*?</figure>", re.S)
#: What the search plugin reads in its place: excluded, and empty.
_SET_ASIDE = "<figure data-search-exclude></figure>"


class Drawings:
    """The pages whose drawings are set aside, with their whole content."""

    def __init__(self) -> None:
        self._whole: dict[str, tuple[str, str]] = {}

    def set_aside(self, page: Page) -> None:
        if page.content is None or "<figure data-search-exclude>" not in page.content:
            return
        light = _DRAWING.sub(_SET_ASIDE, page.content)
        self._whole[page.file.src_uri] = (light, page.content)
        page.content = light

    def put_back(self, page: Page) -> None:
        light, whole = self._whole.pop(page.file.src_uri, (None, None))
        # Unless a plugin in between wrote a content of its own (none is known to).
        if whole is not None and page.content == light:
            page.content = whole
