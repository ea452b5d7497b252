"""Markdown source as every layer reads it: bounded, so no text costs more than linear work.

Python-Markdown's link and image patterns look ahead from every ``[`` for the
bracket that closes it, so a text made of brackets costs the square of its
length: 2,500 ``[`` took 0.6 s to render, 20,000 took 34 s, and a story field
may hold 20,000 characters (its page, its PDF and the confidential-name check
each render it). A text with more brackets than any real story holds links is
shown with its brackets as typed instead: while Markdown reads it, each ``[``
is a noncharacter that starts nothing (20,000 of them: 2 ms), put back after.
The page and the confidential-name check both render through :func:`convert`,
so they always agree on what is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded only where a Markdown field is rendered: `check` rarely needs it
    import markdown
    from markdown.extensions import Extension

#: More ``[`` than this in one text and none of them opens a link (a story with
#: a link in every sentence of a long summary has a few dozen).
MAX_BRACKETS = 64
#: Stands for ``[`` while Markdown reads: a Unicode noncharacter, which no text
#: needs (if one has it, the brackets are escaped instead: slower, same result).
_STAND_IN = "\ufdd0"


def story_markdown(*extensions: Extension) -> markdown.Markdown:
    """Python-Markdown as it reads a story's Markdown fields, plus ``extensions``.

    Raw HTML is never passed through as markup (the contract says so). The
    site renders with it (adding its sanitiser) and the confidential-name check
    reads with it, so both see the same text.
    """
    import markdown
    from markdown.extensions import Extension

    class NoRawHtml(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")

    return markdown.Markdown(extensions=[NoRawHtml(), *extensions], output_format="html")


def convert(md: markdown.Markdown, text: str) -> str:
    """``text`` as HTML, by ``md``, in time linear in the number of brackets."""
    md.reset()
    if text.count("[") <= MAX_BRACKETS:
        return md.convert(text)
    if _STAND_IN in text:
        return md.convert(text.replace("[", "\\["))
    return md.convert(text.replace("[", _STAND_IN)).replace(_STAND_IN, "[")
