"""Story text to HTML that cannot carry markup of its own.

Story files come from many partners, so their Markdown fields are rendered by a
Markdown instance of our own, never the site's (whose extensions, such as
``attr_list``, would let ``{: onclick=...}`` through): raw HTML is not parsed
(it shows as the text that was typed), links keep only safe schemes, images
become their alt text (pictures come from the persona keys, which are checked),
and headings are pushed below the page's own sections.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from visionkit.read.markdown import convert, story_markdown
from visionkit.site.translate import language_of

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Attributes core Markdown produces that are safe to keep once checked.
_ALLOWED = {"a": {"href", "title"}}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
#: The page's own headings are h1 and h2; story Markdown starts below them.
MIN_HEADING = 3


def safe_href(href: str) -> bool:
    """True for relative links and http(s)/mailto/tel links, judged as a browser reads them."""
    decoded = _INVISIBLE.sub("", html.unescape(href))
    match = _SCHEME.match(decoded)
    return match is None or match[1].lower() in SAFE_SCHEMES


class _Sanitise(Treeprocessor):
    def __init__(self, md: markdown.Markdown, relative_links: bool) -> None:
        super().__init__(md)
        self.relative_links = relative_links
        #: The language of the text being rendered, when a page of another language
        #: shows it untranslated: set on each block it makes.
        self.lang: str | None = None

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            tag = element.tag
            if tag == "img":
                element.tag, alt = "span", element.get("alt", "")
                element.attrib.clear()
                element.text = alt
                continue
            href = element.get("href", "")
            if tag == "a" and not (
                safe_href(href) and (self.relative_links or _SCHEME.match(href))
            ):
                element.tag = "span"
                element.attrib.clear()
                continue
            if isinstance(tag, str) and len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                element.tag = f"h{min(6, max(MIN_HEADING, int(tag[1]) + MIN_HEADING - 1))}"
            allowed = _ALLOWED.get(tag, set())
            for name in list(element.attrib):
                if name not in allowed:
                    del element.attrib[name]
        if self.lang:
            for block in root:
                block.set("lang", self.lang)


class _StoryMarkdown(Extension):
    def __init__(self, relative_links: bool) -> None:
        super().__init__()
        self.relative_links = relative_links

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Sanitise(md, self.relative_links), "visionkit_sanitise", 0)


_MD = story_markdown(_StoryMarkdown(True))
#: For PDFs: a relative link means nothing on paper (and would point into the build
#: machine's folders), so only absolute links stay links there.
_PRINT_MD = story_markdown(_StoryMarkdown(False))


def render_markdown(text: str | None) -> Markup:
    """A Markdown field of a story file as safe HTML."""
    return _render(_MD, text)


def render_print_markdown(text: str | None) -> Markup:
    """As :func:`render_markdown`, for a PDF: relative links become their text."""
    return _render(_PRINT_MD, text)


def _render(md: markdown.Markdown, text: str | None) -> Markup:
    if not text:
        return Markup("")
    sanitise = md.treeprocessors["visionkit_sanitise"]
    assert isinstance(sanitise, _Sanitise)
    sanitise.lang = language_of(text)
    return Markup(convert(md, text))


#: An h2/h3 with an id, as visionkit's own templates write them (the body is ours:
#: story text inside is escaped, so it can hold no tag). A regular expression
#: instead of an HTML parser: it runs on every page of every build.
_HEADING = re.compile(r"<h([23])\b[^>]*?\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1\s*>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def toc_tokens(page_html: str) -> list[dict[str, Any]]:
    """A page's table of contents as Python-Markdown's ``toc_tokens`` (names escaped).

    h3 entries go under the h2 before them, as MkDocs's own table of contents does.
    """
    nested: list[dict[str, Any]] = []
    for level, ident, text in headings(page_html):
        token = {"level": level, "id": ident, "name": html.escape(text), "children": []}
        if level > 2 and nested:
            nested[-1]["children"].append(token)
        else:
            nested.append(token)
    return nested


def headings(page_html: str) -> list[tuple[int, str, str]]:
    """(level, id, text) of each h2/h3 with an id, for a page's table of contents."""
    return [
        (int(level), ident, " ".join(html.unescape(_TAG.sub("", inner)).split()))
        for level, ident, inner in _HEADING.findall(page_html)
    ]
