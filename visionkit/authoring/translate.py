"""``visionkit translate export LL``: the catalogue translators work in, kept up to date.

The workgroup exports ``stories/translations/LL.po``, sends it to a
translation service, and puts back the file that returns. Exporting again
after the story files change updates the catalogue without losing any
translation (gettext's ``msgmerge``, done for the story folder):

* a new text gets a new, untranslated entry;
* a text whose words changed keeps its translation, marked fuzzy (the page
  shows the source text until a translator has looked), with the words it was
  translated from as its previous ``msgid`` (``#|``), which translation tools
  show side by side with the new ones;
* a text that moved without changing (a mini-story now second in its list, a
  theme renamed by id) keeps its translation as it was, when it stays in its
  file; from another file, it is offered fuzzy;
* a text no longer in the story files keeps its entry at the end of the
  catalogue, obsolete (``#~``), in case it comes back;
* the translators' comments, flags and the catalogue's header stay as they are.

An export of an unchanged folder writes nothing: the catalogue stays byte
for byte as it is. polib reads and writes catalogues because it keeps every
part of an entry gettext defines, previous ``msgctxt``/``msgid`` and obsolete
entries included (Babel's reader turns ``#|`` lines into comments).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from visionkit.check.run import check
from visionkit.diagnostics import Diagnostic, Severity
from visionkit.files import write_atomic
from visionkit.read.catalogue import (
    TRANSLATIONS_DIR,
    Catalogue,
    catalogue_path,
    language_name,
    language_suggestion,
    read_catalogue,
)
from visionkit.read.texts import Text, published_texts

#: How wide catalogue lines are wrapped, as gettext's own tools wrap them.
WRAP = 78
_FUZZY = "fuzzy"
_HEADER = """\
Translations of the story files into {name} ({code}), from {source_name} ({source}).
Made by `visionkit translate export {code}`; run it again whenever the story files
change: new texts are added, changed ones keep their translation marked fuzzy,
and texts no longer in the story files are kept at the end (#~).
Translate each msgstr. Leave msgctxt (the text's file and place) and msgid as
they are; keep Markdown marks (*, _, [text](address)) where the note says Markdown."""


class TranslateError(Exception):
    """The export cannot be made; ``problems`` are the findings that stop it, if any."""

    def __init__(self, message: str, problems: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class FileStats:
    """How much of one story file's texts a catalogue translates."""

    file: str
    total: int
    translated: int
    fuzzy: int
    draft: bool = False

    @property
    def untranslated(self) -> int:
        return self.total - self.translated - self.fuzzy


@dataclass(frozen=True)
class Export:
    """A catalogue made for a story folder, ready to write."""

    path: Path
    #: As messages name it: ``translations/cy.po``.
    file: str
    language: str
    source: str
    data: bytes
    #: Whether ``data`` differs from the file on disk (or there was none).
    changed: bool
    added: int
    marked_fuzzy: int
    made_obsolete: int
    obsolete: int
    stats: tuple[FileStats, ...] = field(default=())


def check_language(language: str, source: str) -> str:
    """``language``'s English name, or a TranslateError saying which code to write."""
    name = language_name(language)
    if name is None:
        meant = language_suggestion(language)
        hint = f"did you mean {meant}?" if meant else "write one such as cy (Welsh) or fr"
        raise TranslateError(f"'{language}' is not a language code visionkit knows - {hint}")
    if language_name(source) is None:
        meant = language_suggestion(source)
        raise TranslateError(
            f"the story files' language '{source}' is not a language code visionkit knows - "
            + (f"did you mean {meant}? " if meant else "")
            + "give it with --source, such as --source en"
        )
    if language.replace("-", "_") == source.replace("-", "_"):
        raise TranslateError(
            f"{language} is the language the story files are written in: export a catalogue "
            "for another language (give --source if the story files are in another)"
        )
    return name


def _header(old: polib.POFile | None, language: str, source: str, title: str) -> dict[str, str]:
    """The catalogue's header: the old one's (a translation tool fills in who translated
    it and when), with what visionkit knows set afresh."""
    from babel.messages.plurals import get_plural

    metadata = dict(old.metadata) if old is not None else {}
    metadata.setdefault("Project-Id-Version", " ".join(title.split()))
    metadata.update(
        {
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": get_plural(language.replace("-", "_")).plural_forms,
            "X-Source-Language": source,
        }
    )
    return metadata


def _note(text: Text) -> str:
    """The note translators read beside the text (``#.``): what it is and how long it may be."""
    length = text.length
    notes = [length.kind + ": " + length.describe().removeprefix("It ").rstrip(".")]
    if text.markdown:
        notes.append(
            "Markdown: keep its marks (*, _, `, [text](address)) and blank lines as they are"
        )
    if text.draft:
        notes.append("draft: not published until its file's status changes")
    return "\n".join(notes)


def _in(entry: polib.POEntry, file: str) -> bool:
    return (entry.msgctxt or "").startswith(file + ":")


def _translated_from(entry: polib.POEntry) -> str:
    """The words an entry's translation was made from: a fuzzy entry's previous ones."""
    if entry.fuzzy and entry.previous_msgid:
        return entry.previous_msgid
    return entry.msgid


def _new_entry(text: Text, old: polib.POEntry | None = None) -> polib.POEntry:
    line = str(text.position.line) if text.position is not None else ""
    entry = polib.POEntry(
        msgctxt=text.context,
        msgid=text.source,
        msgstr=old.msgstr if old is not None else "",
        occurrences=[(text.file, line)],
        comment=_note(text),
        tcomment=old.tcomment if old is not None else "",
        flags=[f for f in old.flags if f != _FUZZY] if old is not None else [],
    )
    return entry


class _Merge:
    """The old catalogue's entries, looked up the ways a new text can match one."""

    def __init__(self, entries: list[polib.POEntry], texts: list[Text]) -> None:
        self.entries = entries
        self.used: set[int] = set()
        self.added = self.marked_fuzzy = 0
        current = {(t.context, t.source) for t in texts}
        #: Each file's texts: an old entry whose words are still in its file has moved.
        self.sources = {(t.file, t.source) for t in texts}
        self.exact: dict[tuple[str, str], polib.POEntry] = {}
        self.by_context: dict[str, polib.POEntry] = {}
        #: Translated entries whose text is no longer where they say, by their words.
        self.by_source: dict[str, list[polib.POEntry]] = {}
        for entry in entries:  # the current entry of a text before an obsolete one
            key = (entry.msgctxt or "", entry.msgid)
            if not entry.obsolete or key not in self.exact:
                self.exact[key] = entry
            if not entry.obsolete:
                self.by_context.setdefault(key[0], entry)
            if entry.msgstr.strip() and key not in current:
                self.by_source.setdefault(entry.msgid, []).append(entry)

    def entry(self, text: Text) -> polib.POEntry:
        """The new entry for ``text``, with the translation the old catalogue has for it."""
        found = self.exact.get((text.context, text.source))
        if found is not None:
            self.used.add(id(found))
            entry = _new_entry(text, found)
            if found.fuzzy and found.msgstr.strip():
                entry.flags.append(_FUZZY)
                entry.previous_msgctxt = found.previous_msgctxt
                entry.previous_msgid = found.previous_msgid
            return entry
        elsewhere = self.by_source.get(text.source, [])
        in_file = [e for e in elsewhere if _in(e, text.file) and not e.fuzzy]
        if in_file:  # the same words moved in their file (a list reordered, an id changed)
            self.used.add(id(in_file[0]))
            return _new_entry(text, in_file[0])
        changed = self.by_context.get(text.context)
        if (
            changed is not None
            and changed.msgstr.strip()
            and (text.file, changed.msgid) not in self.sources  # (else they moved away)
        ):
            self.used.add(id(changed))
            entry = _new_entry(text, changed)
            was = _translated_from(changed)
            if was != text.source:  # (else the text went back to what was translated)
                self._fuzzy(entry, text.context, was)
                self.marked_fuzzy += 0 if changed.fuzzy else 1
            return entry
        if elsewhere:  # the same words in another file: offered, to be checked
            entry = _new_entry(text, elsewhere[0])
            self._fuzzy(entry, elsewhere[0].msgctxt or "", _translated_from(elsewhere[0]))
            self.marked_fuzzy += 1
            return entry
        self.added += 1
        return _new_entry(text)

    @staticmethod
    def _fuzzy(entry: polib.POEntry, context: str, source: str) -> None:
        entry.flags.append(_FUZZY)
        entry.previous_msgctxt, entry.previous_msgid = context, source

    def obsolete(self, current: list[polib.POEntry]) -> tuple[list[polib.POEntry], int]:
        """The old entries to keep at the end: translated ones no current entry took up,
        unless a current entry holds the same translation of the same words. Also how
        many of them were current before."""
        kept_translations = {(e.msgid, e.msgstr) for e in current if not e.fuzzy}
        kept: dict[tuple[str, str], polib.POEntry] = {}
        newly = 0
        for old in self.entries:
            key = (old.msgctxt or "", old.msgid)
            if id(old) in self.used or not old.msgstr.strip() or key in kept:
                continue
            if (old.msgid, old.msgstr) in kept_translations:
                continue
            newly += 0 if old.obsolete else 1
            kept[key] = polib.POEntry(
                msgctxt=old.msgctxt,
                msgid=old.msgid,
                msgstr=old.msgstr,
                tcomment=old.tcomment,
                flags=list(old.flags),
                previous_msgctxt=old.previous_msgctxt,
                previous_msgid=old.previous_msgid,
                obsolete=True,
            )
        return list(kept.values()), newly


def _stats(texts: list[Text], entries: list[polib.POEntry]) -> tuple[FileStats, ...]:
    counts: dict[str, list[int]] = {}
    drafts: dict[str, bool] = {}
    for text, entry in zip(texts, entries, strict=True):
        count = counts.setdefault(text.file, [0, 0, 0])
        drafts[text.file] = text.draft
        count[0] += 1
        if entry.msgstr.strip():
            count[2 if entry.fuzzy else 1] += 1
    return tuple(FileStats(f, c[0], c[1], c[2], drafts[f]) for f, c in counts.items())


def _existing(root: Path, path: Path) -> Catalogue | None:
    if not os.path.lexists(path):
        return None
    read = read_catalogue(root, path)
    if read.catalogue is None:
        raise TranslateError(
            f"{read.file} cannot be read, so it was left as it is: correct it first (or "
            "move it away to start a new catalogue)",
            read.diagnostics,
        )
    return read.catalogue


def plan_export(root: Path, language: str, source: str = "en") -> Export:
    """The catalogue for ``language`` of the story folder ``root``, made from the story
    files and the catalogue already there (nothing written: :func:`write_export`)."""
    name = check_language(language, source)
    inside = root.resolve()
    folder_path = root / TRANSLATIONS_DIR
    if folder_path.exists() and not folder_path.resolve().is_relative_to(inside):
        raise TranslateError(
            f"{TRANSLATIONS_DIR}/ leads outside the story folder, where visionkit writes "
            "nothing: make it a folder of its own"
        )
    if os.path.lexists(folder_path) and not folder_path.is_dir():
        raise TranslateError(
            f"{TRANSLATIONS_DIR} in the story folder is not a folder: move it away, so that "
            "the catalogues can be kept there"
        )
    checked = check(root)
    stopping = [
        d
        for d in checked.diagnostics
        if d.severity is Severity.ERROR and not d.file.startswith(TRANSLATIONS_DIR + "/")
    ]
    if stopping or checked.folder is None:
        raise TranslateError(
            "the story files have errors: correct them first, so that nothing wrong (a "
            "participant's name, say) goes to the translators",
            stopping,
        )
    folder = checked.folder
    path = catalogue_path(root, language)
    old = _existing(root, path)
    texts = list(published_texts(folder))
    usable = [e for e in (old.po if old is not None else []) if not e.msgid_plural and e.msgid]
    merge = _Merge(usable, texts)
    current = [merge.entry(text) for text in texts]
    obsolete, made_obsolete = merge.obsolete(current)
    po = polib.POFile(wrapwidth=WRAP)
    po.header = (
        old.po.header
        if old is not None and old.po.header.strip()
        else _HEADER.format(
            name=name,
            code=language,
            source=source,
            source_name=language_name(source) or source,
        )
    )
    po.metadata = _header(
        old.po if old is not None else None, language, source, folder.vision.title
    )
    po.extend(current + obsolete)
    data = (str(po).rstrip("\n") + "\n").encode("utf-8")
    try:
        before = path.read_bytes() if old is not None else None
    except OSError:
        before = None
    return Export(
        path,
        f"{TRANSLATIONS_DIR}/{path.name}",
        language,
        source,
        data,
        data != before,
        merge.added,
        merge.marked_fuzzy,
        made_obsolete,
        len(obsolete),
        _stats(texts, current),
    )


def write_export(export: Export) -> None:
    """Write the catalogue in one step (nothing when it is unchanged)."""
    if export.changed:
        export.path.parent.mkdir(exist_ok=True)
        write_atomic(export.path, export.data)


def _percent(part: int, whole: int) -> str:
    """Rounded down, so 100% means every text."""
    return f"{part * 100 // whole if whole else 100}%"


def stats_lines(export: Export) -> list[str]:
    """The ``--stats`` table: per story file, how much is translated, fuzzy and left."""
    rows = [*export.stats]
    total = FileStats(
        "all files",
        sum(s.total for s in rows),
        sum(s.translated for s in rows),
        sum(s.fuzzy for s in rows),
    )
    width = max(len(s.file) + (8 if s.draft else 0) for s in [*rows, total])
    lines = []
    for s in [*rows, total]:
        label = s.file + (" (draft)" if s.draft else "")
        lines.append(
            f"  {label:<{width}}  {s.total:>5} texts: {s.translated} translated "
            f"({_percent(s.translated, s.total)}), {s.fuzzy} fuzzy ({_percent(s.fuzzy, s.total)}"
            f"), {s.untranslated} untranslated ({_percent(s.untranslated, s.total)})"
        )
    if export.obsolete:
        lines.append(
            f"  and {export.obsolete} obsolete entr{'y' if export.obsolete == 1 else 'ies'} at "
            "the end (texts no longer in the story files, kept in case they come back)"
        )
    return lines


def summary_lines(export: Export) -> list[str]:
    """What the export did, and what to do next."""
    name = language_name(export.language) or export.language
    texts = sum(s.total for s in export.stats)
    if not export.changed:
        head = f"{export.file} is up to date ({name}, {texts} texts): nothing written"
    else:
        head = (
            f"wrote {export.file} ({name}, {texts} texts): {export.added} new, "
            f"{export.marked_fuzzy} changed since translated (marked fuzzy), "
            f"{export.made_obsolete} no longer in the story files (kept at the end)"
        )
    return [
        head,
        "Send it to the translators (any tool for gettext PO files reads it), put the file "
        "they return in its place and run `visionkit check`.",
    ]
