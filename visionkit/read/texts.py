"""Every text of a loaded story folder, with its place: what is checked for length and
what is published, and so translated.

One walk over the validated models serves both. :func:`story_texts` yields
every text a model holds (ids, paths and addresses included) with the
:class:`~visionkit.fields.Length` of its kind, for the length rules;
:func:`published_texts` keeps the texts a reader sees in words, each with its
message context (``people/amira.yml:themes[one-record].stories[0]``), the key
a translation catalogue files it under.

A context names list items by their id where they have one (a theme, a
problem, a priority, an agenda item by its priority, an indicator with an
id), so reordering the themes of a file or adding a problem leaves every
translation where it was; other items (post-its, mini-stories, timeline
entries) are named by their place in their list, as the file gives no other
name for them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from visionkit.diagnostics import Position
from visionkit.fields import (
    LONG,
    NAME,
    PARAGRAPH,
    SAYING,
    SHORT,
    TIME,
    UNIT,
    Length,
    text_length,
)
from visionkit.read.folder import StoryFolder

Loc = tuple[str | int, ...]

#: The kinds of text a reader sees as words, and so a translator translates. The others
#: (ids, picture paths, email and web addresses, the participants' names) are never
#: translated; neither is a text without a letter (``09:30``, ``%``, an emoji alone),
#: which reads the same in every language.
TRANSLATED: tuple[Length, ...] = (NAME, SHORT, SAYING, PARAGRAPH, LONG, TIME, UNIT)

#: The Markdown fields (model.py's ``Markdown`` types, which are plain texts to Python),
#: by key path; ``None`` is any list item. tests/test_confidential.py keeps this in step
#: with the templates.
MARKDOWN_FIELDS: tuple[tuple[str | None, ...], ...] = (
    ("summary",),
    ("problems", None, "detail"),
    ("story",),
    ("day", None, "text"),
    ("next",),  # a progress report's
    ("evidence", None, "story"),
)


def is_markdown(loc: Loc) -> bool:
    """Whether the text at ``loc`` (inside its model) is a Markdown field."""
    return any(
        len(path) == len(loc)
        and all(
            step == want or (want is None and isinstance(step, int))
            for step, want in zip(loc, path, strict=True)
        )
        for path in MARKDOWN_FIELDS
    )


@functools.cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str, Length | None], ...]:
    """Each field of a model, with the key the file writes (``from`` for ``from_``) and
    the length of its text (None for no text of its own)."""
    return tuple(
        (name, info.alias or name, text_length(info.annotation, info.metadata))
        for name, info in model.model_fields.items()
    )


def field_name(model: type[BaseModel], key: str) -> str:
    """The attribute of ``model`` that a story file writes as ``key`` (``from_`` for ``from``)."""
    return next((name for name, written, _ in _fields(model) if written == key), key)


def texts_of(
    value: Any, loc: Loc, length: Length | None = None
) -> Iterator[tuple[Loc, str, Length]]:
    """Every text below ``value``, with its path and its kind's length."""
    if isinstance(value, BaseModel):
        for name, key, inner in _fields(type(value)):
            yield from texts_of(getattr(value, name), (*loc, key), inner)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from texts_of(item, (*loc, index), length)
    elif isinstance(value, str) and length is not None:
        yield loc, value, length


def story_models(folder: StoryFolder) -> Iterator[tuple[str, Loc, BaseModel]]:
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


@dataclass(frozen=True)
class Text:
    """One published text of a story file."""

    file: str
    #: Its path inside the file, as the file's nodes and messages take it.
    loc: Loc
    #: ``FILE:KEY PATH``: the message context a catalogue files its translation under.
    context: str
    source: str
    length: Length
    #: Where the text is in its file (None for a file whose positions are unknown).
    position: Position | None
    #: A Markdown field: its translation is rendered by the same restricted Markdown.
    markdown: bool
    #: In a draft page or report, which a site leaves out unless drafts are switched on.
    draft: bool


_ITEM_KEYS = ("id", "priority")


def _item_key(item: Any) -> str | None:
    """The id a list item is known by (an agenda item by its priority), if it has one."""
    for key in _ITEM_KEYS:
        value = getattr(item, key, None) if isinstance(item, BaseModel) else None
        if isinstance(value, str):
            return value
    return None


def _step_names(items: list[Any] | tuple[Any, ...]) -> list[str]:
    """How a context names each item of a list: ``[id]`` when the id is the item's alone
    (and cannot pass for a place, as ``3`` could), else ``[place]``."""
    keys = [_item_key(item) for item in items]
    counts: dict[str | None, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return [
        f"[{key}]" if key is not None and counts[key] == 1 and not key.isdigit() else f"[{i}]"
        for i, key in enumerate(keys)
    ]


def key_path(model: BaseModel, loc: Loc) -> str:
    """``loc`` inside ``model`` as a context writes it: ``themes[one-record].stories[0]``."""
    parts: list[str] = []
    value: Any = model
    for step in loc:
        if isinstance(step, int):
            parts.append(_step_names(value)[step])
            value = value[step]
        else:
            parts.append(("." if parts else "") + step)
            kind: type[BaseModel] = type(value)
            value = getattr(value, field_name(kind, step))
    return "".join(parts)


def _is_draft(model: BaseModel) -> bool:
    return bool(getattr(model, "is_draft", False))


def published_texts(folder: StoryFolder) -> Iterator[Text]:
    """Every text of the folder a reader sees in words, in file order, drafts included
    (each marked): what a translation catalogue holds, one entry per text."""
    for file, start, model in story_models(folder):
        node = folder.nodes.get(file)
        draft = _is_draft(model)
        for loc, text, length in texts_of(model, start):
            if length not in TRANSLATED or not any(ch.isalpha() for ch in text):
                continue
            inner = loc[len(start) :]
            path = key_path(model, inner)
            if start:  # one entry of a log file that holds a list of them
                path = f"[{start[0]}].{path}"
            yield Text(
                file,
                loc,
                f"{file}:{path}",
                text,
                length,
                node.find(loc) if node is not None else None,
                is_markdown(inner),
                draft,
            )
