"""Translation catalogues: ``stories/translations/LL.po``, one per further language.

A catalogue is a gettext PO file, the format every translation service and
tool (Poedit, Weblate, memoQ, Trados) reads and writes. Each entry is one
published text of the story folder: its message context (``msgctxt``) is the
text's file and key path (:mod:`visionkit.read.texts`), its ``msgid`` the text
as the story file has it, its ``msgstr`` the translation. An entry marked
``fuzzy`` was translated for an earlier version of its text and counts as
untranslated; an obsolete one (``#~``) is a text no longer in the story files,
kept so that its translation is not lost.

Catalogues come back from outside the partnership, so they are read as story
files are: only a regular file inside the story folder, at most
:data:`MAX_CATALOGUE_BYTES`, UTF-8. polib parses them. Before it does, every
line is checked here, because polib passes over some mistakes a translation
tool makes (a text whose closing quote is missing loses its last character);
each mistake is reported at its line, in words a workgroup can act on.
Lines are split at line feeds only, so a line or paragraph separator
(U+2028, U+2029) typed into a text stays in its text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

import polib

from visionkit.diagnostics import CONTROL, Code, Diagnostic, Position, excerpt
from visionkit.read.folder import StoryFolder
from visionkit.read.loader import read_in_folder
from visionkit.read.texts import Text, published_texts
from visionkit.read.yamlsource import Limits, decode

#: Where the catalogues are, inside the story folder.
TRANSLATIONS_DIR = "translations"
SUFFIX = ".po"
#: A catalogue holds every text of the folder twice (source and translation) with its
#: context: far more than one story file (2 MB), and still bounded.
MAX_CATALOGUE_BYTES = 16 * 1024 * 1024
#: At most this many lines that do not parse are listed; the first is what to fix.
MAX_SYNTAX_ERRORS = 20
#: What a language code looks like before Babel is asked (cy, pt-BR, zh_Hant_TW).
_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")

_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[[0-9]+\])(?:\s+(.*))?")
_ESCAPES = frozenset('\\"ntrvbf')
_HOW_QUOTES = (
    'each text is written in double quotes, a quote inside it as \\" and a backslash as \\\\'
)
_FIX_ORDER = (
    "each entry is an optional msgctxt line, a msgid line and a msgstr line, each with its "
    "text in double quotes; compare this entry with the others, or export the catalogue again "
    "and copy the translations into it"
)


def language_name(code: str) -> str | None:
    """The English name of the language ``code`` (``cy``: Welsh, ``pt-BR``), or None when
    Babel knows no such language (or the code is not one Babel would keep as it is)."""
    from babel import Locale, UnknownLocaleError

    if not _CODE.fullmatch(code):
        return None
    wanted = code.replace("-", "_")
    try:
        locale = Locale.parse(wanted)
    except (ValueError, UnknownLocaleError):
        return None
    if str(locale) != wanted:  # Babel's aliases: "und" is en_US, "c" is en_US_POSIX
        return None
    return locale.get_display_name("en")


@cache
def _codes_by_name() -> dict[str, str]:
    from babel import Locale

    return {name.casefold(): code for code, name in Locale("en").languages.items()}


def language_suggestion(text: str) -> str | None:
    """The code of the language whose English name ``text`` is ("Welsh": cy), if any."""
    code = _codes_by_name().get(text.strip().casefold())
    return code if code is not None and language_name(code) is not None else None


def catalogue_path(root: Path, language: str) -> Path:
    return root / TRANSLATIONS_DIR / f"{language}{SUFFIX}"


def catalogue_files(root: Path) -> list[Path]:
    """The catalogues of the story folder (anything named ``*.po`` in translations/, so a
    named pipe or a link is reported rather than passed over), in name order."""
    folder = root / TRANSLATIONS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix == SUFFIX and (p.is_file() or not p.name.startswith("."))
    )


@dataclass(frozen=True)
class Entry:
    """One entry of a catalogue."""

    context: str
    source: str
    #: As written (empty: not translated).
    translation: str
    fuzzy: bool
    obsolete: bool
    #: The line of its ``msgstr``, where the translation is written (messages point there).
    line: int
    #: The line of its ``#, fuzzy`` flag, when it has one.
    flag_line: int | None = None
    #: The source text the translation was made for (``#| msgid``), when the tool kept it.
    previous_source: str | None = None

    @property
    def translated(self) -> bool:
        """A translation a page may show: written, and made for this source text."""
        return not self.fuzzy and bool(self.translation.strip())

    @property
    def written(self) -> str:
        """The translation with a Windows line break (CR LF, which some tools write inside a
        text) read as the line break it is."""
        return self.translation.replace("\r\n", "\n")

    @property
    def text(self) -> str:
        """The translation as a page shows it (its outer spaces dropped, as a story
        file's text's are)."""
        return self.written.strip()


@dataclass(frozen=True)
class Catalogue:
    #: As messages name it: ``translations/cy.po``.
    file: str
    language: str
    entries: tuple[Entry, ...]
    #: The parsed file, for ``visionkit translate export`` to update: its header,
    #: translators' comments and flags are kept.
    po: polib.POFile = field(repr=False, compare=False)

    @cached_property  # looked up once a text
    def current(self) -> dict[tuple[str, str], Entry]:
        """The entries that are not obsolete, by (context, source text)."""
        return {(e.context, e.source): e for e in self.entries if not e.obsolete}

    def find(self, context: str, source: str) -> Entry | None:
        return self.current.get((context, source))


@dataclass(frozen=True)
class CatalogueRead:
    """What reading one catalogue gave: the catalogue, or why it cannot be used."""

    file: str
    catalogue: Catalogue | None
    diagnostics: tuple[Diagnostic, ...] = ()


#: A quoted text as a catalogue writes it (written unrolled: linear on any line).
_QUOTED = re.compile(r'"[^"\\]*(?:\\[\\"ntrvbf][^"\\]*)*"')


def _string_problem(text: str) -> tuple[int, str] | None:
    """Where (0-based) and why ``text``, one quoted text of a catalogue line, is not one."""
    if _QUOTED.fullmatch(text):
        return None
    if not text.startswith('"'):
        return 0, f"the text must start with a double quote; {_HOW_QUOTES}"
    i = 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 >= len(text):
                break
            if text[i + 1] not in _ESCAPES:
                return i, (
                    f"'\\{excerpt(text[i + 1])}' is not an escape a catalogue may hold; "
                    f"{_HOW_QUOTES}"
                )
            i += 2
            continue
        if char == '"':
            if i == len(text) - 1:
                return None
            return i, f"a double quote ends the text before the end of the line; {_HOW_QUOTES}"
        i += 1
    return len(text), f"the text has no closing double quote; {_HOW_QUOTES}"


def _line_problem(line: str) -> tuple[int, str] | None:
    """Where (0-based, in the stripped line) and why a catalogue line does not parse."""
    offset = 0
    for mark in ("#~", "#|"):
        if line.startswith(mark):
            rest = line[len(mark) :]
            if mark == "#~" and rest.lstrip().startswith("|"):
                return None  # a previous text of an obsolete entry: never read
            stripped = rest.lstrip()
            if not stripped:
                return None
            offset, line = len(line) - len(stripped), stripped
            break
    else:
        if line.startswith("#"):
            return None  # a comment, a reference (#:) or flags (#,)
    if line.startswith('"'):
        text = line
    else:
        keyword = _KEYWORD.fullmatch(line)
        if keyword is None:
            return offset, (
                "this line is neither a comment (#) nor msgctxt, msgid or msgstr with a text "
                "in double quotes, nor the text of one continued"
            )
        if keyword[2] is None:
            return offset + len(line), f"{keyword[1]} has no text; {_HOW_QUOTES}"
        offset += keyword.start(2)
        text = keyword[2]
    found = _string_problem(text)
    return None if found is None else (offset + found[0], found[1])


def _syntax(lines: list[str], file: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        problem = _line_problem(line)
        if problem is None:
            continue
        column = len(raw) - len(raw.lstrip()) + problem[0] + 1
        found.append(
            Diagnostic(
                file,
                Position(number, column),
                Code.CATALOGUE_SYNTAX,
                f"the catalogue does not parse here: {problem[1]}",
                "correct the line in a text editor or in the translation tool",
            )
        )
        if len(found) == MAX_SYNTAX_ERRORS:
            break
    return found


_POLIB_LINE = re.compile(r"\(line (\d+)\)")


def _parse_po(text: str) -> polib.POFile:
    """polib's parse of ``text``, its lines split at line feeds only (polib's own
    ``splitlines`` would also split a text at U+2028, U+2029 or a form feed)."""
    parser: polib._POFileParser[polib.POFile] = polib._POFileParser("", encoding="utf-8")
    parser.fhandle = io.StringIO(text, newline="\n")
    return parser.parse()


def _find_line(lines: list[str], start: int, prefix: str, stop: str | None = None) -> int | None:
    """The first line from ``start`` (1-based) that starts with ``prefix`` (before one that
    starts with ``stop``)."""
    for number in range(max(start, 1), len(lines) + 1):
        line = lines[number - 1].strip()
        if stop is not None and line.startswith(stop):
            return None
        if line.startswith(prefix):
            return number
    return None


def _entries(po: polib.POFile, lines: list[str], file: str) -> tuple[list[Entry], list[Diagnostic]]:
    entries: list[Entry] = []
    problems: list[Diagnostic] = []
    seen: dict[tuple[str, str], int] = {}
    for item in po:
        if item.msgid_plural:  # never written by visionkit: not a text of the story files
            continue
        start = item.linenum or 1
        mark = "#~ " if item.obsolete else ""
        msgstr = _find_line(lines, start, f"{mark}msgstr") or start
        flag = None
        if item.fuzzy:
            flag = _find_line(lines, start, "#,", stop=f"{mark}msgid")
        entry = Entry(
            item.msgctxt or "",
            item.msgid,
            item.msgstr,
            fuzzy=item.fuzzy,
            obsolete=bool(item.obsolete),
            line=msgstr,
            flag_line=flag,
            previous_source=item.previous_msgid,
        )
        key = (entry.context, entry.source)
        if not entry.obsolete and key in seen:
            problems.append(
                Diagnostic(
                    file,
                    Position(_find_line(lines, start, "msgid") or start, 1),
                    Code.CATALOGUE_SYNTAX,
                    f"this entry has the same msgctxt and msgid as the one at line {seen[key]}, "
                    "so the catalogue would say two things about one text",
                    "delete one of the two entries, keeping the right translation",
                )
            )
            continue
        if not entry.obsolete:
            seen[key] = _find_line(lines, start, "msgid") or start
        entries.append(entry)
    return entries, problems


def parse_catalogue(text: str, file: str, language: str) -> CatalogueRead:
    """A catalogue's text to its entries, or the lines that do not parse."""
    lines = text.split("\n")
    problems = _syntax(lines, file)
    if problems:
        return CatalogueRead(file, None, tuple(problems))
    try:
        po = _parse_po(text)
    except Exception as exc:  # polib's own structure checks: it reports the line
        number = _POLIB_LINE.search(str(exc))
        line = int(number[1]) if number else 1
        return CatalogueRead(
            file,
            None,
            (
                Diagnostic(
                    file,
                    Position(line, 1),
                    Code.CATALOGUE_SYNTAX,
                    "the catalogue does not parse here: this line does not belong where it is",
                    _FIX_ORDER,
                ),
            ),
        )
    entries, duplicates = _entries(po, lines, file)
    if duplicates:
        return CatalogueRead(file, None, tuple(duplicates))
    return CatalogueRead(file, Catalogue(file, language, tuple(entries), po))


def _bad_name(file: str, stem: str) -> Diagnostic:
    meant = language_suggestion(stem)
    return Diagnostic(
        file,
        Position(1, 1),
        Code.BAD_FILE_NAME,
        f"'{excerpt(stem)}' is not a language code, so this catalogue's language is unknown "
        f"(its pages would be at {excerpt(stem)}/)",
        f"rename it to {meant}.po" if meant else "name it by its language's code, such as cy.po",
    )


def read_catalogue(root: Path, path: Path) -> CatalogueRead:
    """The catalogue at ``path`` (in ``root``'s translations/), or why it cannot be used.
    Never raises for anything in the file."""
    file = excerpt(path.relative_to(root).as_posix(), None)
    if language_name(path.stem) is None:
        return CatalogueRead(file, None, (_bad_name(file, path.stem),))
    raw, problems = read_in_folder(
        root,
        path,
        Limits(max_bytes=MAX_CATALOGUE_BYTES),
        "a catalogue of every text of a story folder takes far less: check that it is the "
        "right file",
    )
    if raw is None:
        return CatalogueRead(file, None, tuple(_catalogue_words(d) for d in problems))
    text, problems = decode(raw, file, Limits(max_bytes=MAX_CATALOGUE_BYTES))
    if text is None:
        return CatalogueRead(file, None, tuple(problems))
    return parse_catalogue(text, file, path.stem)


def _catalogue_words(found: Diagnostic) -> Diagnostic:
    """A message of the story-file reader, said of a catalogue."""
    if found.code is Code.FILE_TOO_LARGE:
        return replace(
            found,
            message=f"the catalogue is larger than {MAX_CATALOGUE_BYTES // 1048576} MB, the "
            "most one may be",
        )
    return replace(found, fix=(found.fix or "").replace("story file", "catalogue"))


def usable(entry: Entry | None, text: Text) -> str | None:
    """The translation a page shows for ``text``: one made for this source text, within
    the text's length limit, with no control character; else None (the source is shown)."""
    if entry is None or not entry.translated:
        return None
    shown = entry.text
    if len(shown) > text.length.limit or CONTROL.search(entry.written):
        return None
    return shown


def translations_for(folder: StoryFolder, language: str) -> dict[tuple[str, str], str | None]:
    """Each published text of ``folder`` (drafts included), by (context, source text), with
    its translation into ``language``, or None where a page shows the source text instead:
    not translated, fuzzy, or not fit to publish (see :func:`usable`). A catalogue that
    cannot be read translates nothing (``visionkit check`` reports why, and the build stops
    on it). A participant's name in a translation is the check's to stop (VK110)."""
    path = catalogue_path(folder.root, language)
    found = read_catalogue(folder.root, path).catalogue if path.exists() else None
    current = found.current if found is not None else {}
    return {
        (text.context, text.source): usable(current.get((text.context, text.source)), text)
        for text in published_texts(folder)
    }
