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

import functools
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from visionkit.diagnostics import Code, Diagnostic
from visionkit.fields import Length, text_length
from visionkit.read.folder import StoryFolder

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


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str, Length | None], ...]:
    """Each field of a model, with the key the file writes (``from`` for ``from_``) and
    the length of its text (None for no text of its own)."""
    return tuple(
        (name, info.alias or name, text_length(info.annotation, info.metadata))
        for name, info in model.model_fields.items()
    )


def _texts(value: Any, loc: Loc, length: Length | None = None) -> Iterator[tuple[Loc, str, Length]]:
    """Every text below ``value``, with its path and its kind's length."""
    if isinstance(value, BaseModel):
        for name, key, inner in _fields(type(value)):
            yield from _texts(getattr(value, name), (*loc, key), inner)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index), length)
    elif isinstance(value, str) and length is not None:
        yield loc, value, length


def _files(folder: StoryFolder) -> Iterator[tuple[str, Loc, BaseModel]]:
    """Each validated model with its file and its path inside that file."""
    yield folder.vision_file, (), folder.vision
    for person in folder.people.values():
        yield person.file, (), person
    if folder.priorities is not None and folder.priorities_file is not None:
        yield folder.priorities_file, (), folder.priorities
    index: dict[str, int] = {}
    for entry in folder.logs:  # a log file holds one entry, or a list of them in order
        node = folder.nodes.get(entry.file)
        if node is not None and 0 in node.children:
            index[entry.file] = index.get(entry.file, -1) + 1
            yield entry.file, (index[entry.file],), entry
        else:
            yield entry.file, (), entry
    for report in folder.reports.values():
        yield report.file, (), report


def long_texts(folder: StoryFolder, max_chars: int) -> Iterator[Diagnostic]:
    """Texts longer than reads well where they are shown; files whose texts, aliases
    repeated, add up to more than ``max_chars`` (the story-file size limit)."""
    for file, start, model in _files(folder):
        node = folder.nodes.get(file)
        total = 0
        warned = set()  # an alias's text is its anchor's: one warning, at the anchor
        for loc, text, length in _texts(model, start):
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
