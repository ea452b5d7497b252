"""A loaded story folder in another language: the same model, each text translated.

A bilingual site builds its pages, share cards and PDFs once per language
from one :class:`~visionkit.read.folder.StoryFolder`. For a further language,
:func:`translated_folder` gives a copy of the folder whose every published
text (:func:`~visionkit.read.texts.published_texts`) is its translation from
the language's catalogue, so page building, images and PDFs need no change:
they read a folder, whichever language it is in.

A text with no usable translation (missing, fuzzy, too long) stays as the
story file has it, as :class:`Untranslated`: a ``str`` that knows its
language and prints itself into HTML inside ``<span lang="en">``, so a
screen reader reads an English sentence on a Welsh page as English (WCAG
3.1.2, language of parts). Autoescaping templates and ``markupsafe.escape``
ask any value for ``__html__``, so every template that prints story text as
element content marks it without a change; a string operation on it (a
phrase filled in, a text cut short) gives a plain ``str`` again, which is
never marked. Translated texts are :class:`Translated`, which remember their
source text: what must not change with the language (a generated portrait,
drawn from the persona's name and role) reads :func:`source_text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, SupportsIndex

from markupsafe import escape
from pydantic import BaseModel

from visionkit.model import Reading
from visionkit.read.catalogue import translations_for
from visionkit.read.folder import StoryFolder
from visionkit.read.texts import Loc, field_name, published_texts, story_models, texts_of

#: A translation catalogue's answer for each published text, by (context, source text):
#: its translation, or None where the source text is shown.
Translations = Mapping[tuple[str, str], str | None]


class Untranslated(str):
    """A story text shown in its own language on a page of another (``lang``)."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Untranslated:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __html__(self) -> str:
        """The text escaped, in an element that says its language."""
        return f'<span lang="{escape(self.lang)}">{escape(str(self))}</span>'

    def __reduce__(self) -> tuple[Any, ...]:  # PDFs are made in worker processes
        return (Untranslated, (str(self), self.lang))

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return (str(self), self.lang)


class Translated(str):
    """A story text's translation, which remembers the text it was made from."""

    source: str

    def __new__(cls, text: str, source: str) -> Translated:
        made = super().__new__(cls, text)
        made.source = source
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Translated, (str(self), self.source))

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return (str(self), self.source)


def source_text(text: str) -> str:
    """The story file's own words for ``text``, whatever language a page shows it in."""
    return str(text.source) if isinstance(text, Translated) else str(text)


def language_of(text: object) -> str | None:
    """The language ``text`` is marked as, when a page shows it in its source language."""
    return text.lang if isinstance(text, Untranslated) else None


def folder_in(folder: StoryFolder, language: str, source: str) -> StoryFolder:
    """``folder`` as the pages of ``language`` show it: itself in ``source``, the story files'
    language; else translated by the story folder's catalogue for ``language``."""
    if language == source:
        return folder
    return translated_folder(folder, translations_for(folder, language), source)


def in_language_of(original: str, text: str) -> str:
    """``text``, made from ``original`` (cut short, put on one line), marked with the
    language ``original`` is marked with, if any."""
    lang = language_of(original)
    return Untranslated(text, lang) if lang else text


def translated_folder(folder: StoryFolder, translations: Translations, source: str) -> StoryFolder:
    """``folder`` with each published text translated, or marked as in ``source``, the
    language of the story files. Ids, numbers, dates, pictures and addresses stay as they
    are, so every page, link and picture of the site has its twin in the other language."""
    by_place = {(text.file, text.loc): text for text in published_texts(folder)}

    def changed(file: str, start: Loc, model: Any) -> Any:
        changes: dict[Loc, str] = {}
        for loc, value, _ in texts_of(model, start):
            text = by_place.get((file, loc))
            if text is None or text.source != value:
                continue
            words = translations.get((text.context, text.source))
            inner = loc[len(start) :]
            changes[inner] = Translated(words, value) if words else Untranslated(value, source)
        return _replaced(model, _tree(changes))

    # By the model's identity: every model is yielded once, and a log file's entries
    # are models of their own.
    done = {id(model): changed(file, start, model) for file, start, model in story_models(folder)}

    def new(model: Any) -> Any:
        return done.get(id(model), model)

    return replace(
        folder,
        vision=new(folder.vision),
        people={slug: new(person) for slug, person in folder.people.items()},
        priorities=new(folder.priorities),
        logs=tuple(new(entry) for entry in folder.logs),
        reports={slug: new(report) for slug, report in folder.reports.items()},
        readings=tuple(_marked_reading(r, source) for r in folder.readings),
    )


def _marked_reading(reading: Reading, source: str) -> Reading:
    """measures.csv's words are not in the catalogue (a row has no lasting name to file a
    translation under): they are shown as written, marked with their language."""
    note = Untranslated(reading.note, source) if reading.note else reading.note
    return replace(reading, source=Untranslated(reading.source, source), note=note)


#: The changes to a model as a tree of its key path: a step to the changes below it, or
#: the new text at a leaf.
_Tree = dict[str | int, Any]


def _tree(changes: Mapping[Loc, str]) -> _Tree:
    root: _Tree = {}
    for loc, text in changes.items():
        node = root
        for step in loc[:-1]:
            node = node.setdefault(step, {})
        node[loc[-1]] = text
    return root


def _replaced(value: Any, tree: Any) -> Any:
    """``value`` with the texts of ``tree`` put in (a model, list or tuple copied, never
    changed in place: the source folder's model is shared by the first language's build)."""
    if not isinstance(tree, dict):
        return tree
    if not tree:
        return value
    if isinstance(value, BaseModel):
        update = {
            field_name(type(value), str(key)): _replaced(
                getattr(value, field_name(type(value), str(key))), inner
            )
            for key, inner in tree.items()
        }
        return value.model_copy(update=update)
    if isinstance(value, list | tuple):
        items = list(value)
        for index, inner in tree.items():
            assert isinstance(index, SupportsIndex)
            items[index] = _replaced(items[index], inner)
        return type(value)(items)
    return value
