"""Texts too long to read well where they are shown (VK207, a warning), and files
whose aliases repeat more text than a story file may hold (VK005, an error).

Every text field of the contract has a :class:`~visionkit.fields.Length`: past
its limit the model refuses it (VK111, an error); past what reads well on a
page, a share card or a handout, this rule warns, saying why and by how much.
REFERENCE.md lists every key's lengths ("How long a text may be").

A file's texts can add up to no more characters than the file has bytes
(UTF-8 takes at least a byte a character), except through YAML's aliases,
which repeat a text without writing it again: 50,000 ``*story`` of a
2,000-character mini-story publish 100 million characters from half a
megabyte. So a file's texts, each alias counted as its anchor's text again,
may add up to at most the story-file size limit.
"""

from __future__ import annotations

from collections.abc import Iterator

from visionkit.diagnostics import Code, Diagnostic
from visionkit.read.folder import StoryFolder
from visionkit.read.texts import story_models, texts_of

Loc = tuple[str | int, ...]


def _label(loc: Loc) -> str:
    """The key a path ends in, as a workgroup names it ("item 2 of 'stories'")."""
    for i in range(len(loc) - 1, -1, -1):
        step = loc[i]
        if isinstance(step, str):
            tail = loc[i + 1 :]
            if tail and isinstance(tail[0], int):
                return f"item {tail[0] + 1} of '{step}'"
            return f"'{step}'"
    return "the text"


def long_texts(folder: StoryFolder, max_chars: int) -> Iterator[Diagnostic]:
    """Texts longer than reads well where they are shown; files whose texts, aliases
    repeated, add up to more than ``max_chars`` (the story-file size limit)."""
    for file, start, model in story_models(folder):
        node = folder.nodes.get(file)
        total = 0
        warned = set()  # an alias's text is its anchor's: one warning, at the anchor
        for loc, text, length in texts_of(model, start):
            total += len(text)
            if total > max_chars:
                yield Diagnostic(
                    file,
                    node.find(loc) if node is not None else None,
                    Code.TOO_COMPLEX,
                    f"the texts of this file add up to more than {max_chars:,} characters, the "
                    "most a story file holds, because aliases ('*name') repeat them",
                    "write the texts out instead of repeating them with aliases",
                )
                break
            if length.readable is not None and len(text) > length.readable:
                where = node.find(loc) if node is not None else None
                if where in warned:
                    continue
                warned.add(where)
                yield Diagnostic(
                    file,
                    where,
                    Code.TEXT_HARD_TO_READ,
                    f"{_label(loc)} is too long to read well: {length.why}",
                    f"shorten it to {length.readable:,} characters or fewer; it has {len(text):,}",
                )
