"""Which pull quote a story page and its handout print: never a text they print again below.

A people file's ``quote`` defaults to its first mini-story (FORMAT.md), and a
workgroup often picks one of its mini-stories as the quote. The page lists every
mini-story under its theme, so a quote that is one of them would be read twice
(a first draft, with no quote of its own, would open on its first mini-story and
print it again a few lines down). The share card and the vision overview, which
list no mini-stories, still quote it.
"""

from __future__ import annotations

import unicodedata

from visionkit.model import Person


def fresh_quote(person: Person) -> str | None:
    """The pull quote, or None when the page's themes list it anyway as a mini-story.

    Case, spacing, invisible characters (a zero-width space pasted from a chat)
    and the closing stop or quotation marks do not make a mini-story another text.
    """
    quote = person.pull_quote
    if quote is None or same_text(quote) in {same_text(s) for s in person.mini_stories}:
        return None
    return quote


def same_text(text: str) -> str:
    """``text`` as a reader compares it: composed, invisible characters out, folded."""
    visible = "".join(
        c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf"
    )
    return " ".join(visible.split()).strip(" .!?…\"'“”‘’").casefold()
