"""Translation catalogues against the story folder (stories/translations/LL.po).

A catalogue is checked as the story files are, each finding at its line in
the catalogue: whether it parses (VK112, in :mod:`visionkit.read.catalogue`);
a participant's real name in a translation (VK110), a control character
(VK010), a translation longer than its text may be (VK111) or than reads well
where the source does (VK207); and what a reader of the other language would
still see in the source language: untranslated texts (VK216) and
translations made for an earlier version of their text (VK217). Those two are
warnings, so ``--strict`` (the publishing workflows) stops until the
translation is complete. Texts of draft pages and reports are in the
catalogue, so translators can start early, but are not warned about: a site
leaves them out unless drafts are switched on. Obsolete entries (texts no
longer in the story files) are nobody's problem: they only keep a translation
in case the text comes back.

How they are counted, for a workgroup that sends a whole catalogue out and
gets it back weeks later: untranslated texts once per story file, with how
many and the line of the first (a new catalogue has hundreds, and one line
each would bury every other message); fuzzy ones one by one (a few at a
time, each a translation someone must look at again), at most
:data:`MAX_FUZZY_LISTED` a file, then counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from visionkit.check.confidential import Participants, name_in_text
from visionkit.diagnostics import CONTROL, Code, Diagnostic, Position, control_name, excerpt
from visionkit.read.catalogue import (
    Catalogue,
    Entry,
    catalogue_files,
    language_name,
    read_catalogue,
)
from visionkit.read.folder import StoryFolder
from visionkit.read.texts import Text, published_texts

#: Fuzzy translations warned about one by one in a story file's texts; the rest are counted.
MAX_FUZZY_LISTED = 10


def translations(folder: StoryFolder) -> Iterator[Diagnostic]:
    """Every finding about the folder's catalogues (none when it has none)."""
    paths = catalogue_files(folder.root)
    if not paths:
        return
    texts = list(published_texts(folder))
    participants = Participants(folder.vision.confidential.participants)
    for path in paths:
        read = read_catalogue(folder.root, path)
        yield from read.diagnostics
        if read.catalogue is not None:
            yield from _published(read.catalogue, texts, participants, folder.vision_file)
            yield from _missing(read.catalogue, [t for t in texts if not t.draft])


def _of(text: Text) -> str:
    """The text a message is about: its context, and its line in the story file."""
    line = f", line {text.position.line}" if text.position is not None else ""
    return f"the translation of {text.context}{line}"


def _published(
    catalogue: Catalogue, texts: list[Text], participants: Participants, vision_file: str
) -> Iterator[Diagnostic]:
    """What no translation may hold, and how long it may be, as for its source text."""
    current = catalogue.current
    for text in texts:
        entry = current.get((text.context, text.source))
        if entry is None or not entry.translation.strip():
            continue
        where = Position(entry.line, 1)
        bad = CONTROL.search(entry.written)
        if bad is not None:
            yield Diagnostic(
                catalogue.file,
                where,
                Code.CONTROL_CHARACTER,
                f"{_of(text)} holds the control character {control_name(bad[0])}, which no "
                "page may show",
                "delete it in the translation tool (it can come with a copy and paste)",
            )
        shown = entry.text
        limit, readable = text.length.limit, text.length.readable
        if len(shown) > limit:
            yield Diagnostic(
                catalogue.file,
                where,
                Code.TEXT_TOO_LONG,
                f"{_of(text)} has {len(shown):,} characters; {text.length.kind} may have at "
                f"most {limit:,}",
                f"shorten it to {limit:,} characters or fewer",
            )
        elif readable is not None and len(text.source) <= readable < len(shown):
            yield Diagnostic(
                catalogue.file,
                where,
                Code.TEXT_HARD_TO_READ,
                f"{_of(text)} is too long to read well: {text.length.why}",
                f"shorten it to {readable:,} characters or fewer; it has {len(shown):,}",
            )
        named = name_in_text(participants, catalogue.file, where, shown, vision_file, text.markdown)
        if named is not None:
            yield replace(named, message=f"{_of(text)}: {named.message}")


def _missing(catalogue: Catalogue, texts: list[Text]) -> Iterator[Diagnostic]:
    """Texts a reader of the catalogue's language would see in the source language."""
    language = language_name(catalogue.language) or catalogue.language
    export = f"visionkit translate export {catalogue.language}"
    current = catalogue.current
    by_context = {e.context: e for e in catalogue.entries if not e.obsolete}
    untranslated: dict[str, list[tuple[Text, Entry | None]]] = {}
    fuzzy: dict[str, list[tuple[Text, Entry, bool]]] = {}
    for text in texts:
        entry = current.get((text.context, text.source))
        if entry is not None and entry.fuzzy and entry.translation.strip():
            fuzzy.setdefault(text.file, []).append((text, entry, True))
        elif entry is not None and entry.translated:
            continue
        elif entry is None and by_context.get(text.context) is not None:
            older = by_context[text.context]  # the text changed since the catalogue was made
            if older.translation.strip():
                fuzzy.setdefault(text.file, []).append((text, older, False))
            else:
                untranslated.setdefault(text.file, []).append((text, None))
        else:
            untranslated.setdefault(text.file, []).append((text, entry))
    for file, found in fuzzy.items():
        yield from _fuzzy(catalogue.file, file, found, export)
    for file, missing in untranslated.items():
        yield _untranslated(catalogue.file, file, missing, language, export)


def _fuzzy(
    catalogue_file: str, file: str, found: list[tuple[Text, Entry, bool]], export: str
) -> Iterator[Diagnostic]:
    for text, entry, marked in found[:MAX_FUZZY_LISTED]:
        if marked:
            fix = (
                "compare the translation with the new text in the translation tool, correct it, "
                "and remove its fuzzy mark (in a text editor: 'fuzzy' from the '#,' line)"
            )
        else:
            fix = (
                f"run `{export}`, which marks it fuzzy for the translators, then check the "
                "translation against the new text"
            )
        yield Diagnostic(
            catalogue_file,
            Position(entry.flag_line or entry.line, 1),
            Code.FUZZY_TRANSLATION,
            f"{_of(text)} was made for an earlier version of the text, so the page shows the "
            f"text untranslated (it now begins '{excerpt(text.source)}')",
            fix,
        )
    if len(found) > MAX_FUZZY_LISTED:
        more = len(found) - MAX_FUZZY_LISTED
        yield Diagnostic(
            catalogue_file,
            Position(found[MAX_FUZZY_LISTED][1].flag_line or found[MAX_FUZZY_LISTED][1].line, 1),
            Code.FUZZY_TRANSLATION,
            f"{more:,} more translations of texts of {file}, the first at this line, were made "
            "for an earlier version of their text",
            "look through the fuzzy entries in the translation tool (it lists them together)",
        )


def _untranslated(
    catalogue_file: str,
    file: str,
    missing: list[tuple[Text, Entry | None]],
    language: str,
    export: str,
) -> Diagnostic:
    count = len(missing)
    texts = "1 text" if count == 1 else f"{count:,} texts"
    absent = sum(1 for _, entry in missing if entry is None)
    first = next(((text, entry) for text, entry in missing if entry is not None), None)
    message = f"{texts} of {file} {'is' if count == 1 else 'are'} not translated into {language}"
    if first is not None:
        message += f", the first at this line ({first[0].context})"
    message += "; pages show them in the source language"
    if absent:
        fix = (
            f"{'it is' if count == absent == 1 else f'{absent:,} of them are'} not in the "
            f"catalogue yet: run `{export}` to add them, then have them translated"
        )
    else:
        fix = f"have them translated (`{export} --stats` counts what is left in every file)"
    return Diagnostic(
        catalogue_file,
        Position(first[1].line, 1) if first is not None else None,
        Code.UNTRANSLATED,
        message,
        fix,
    )
