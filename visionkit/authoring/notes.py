"""Reading a workshop spreadsheet: the note-taker's CSV export, row by row.

After a workshop someone types the post-its into Excel, one row per post-it or
mini-story, and saves it as CSV. That file is whatever Excel wrote: UTF-8 with
a byte-order mark, semicolons in European locales, headers spelled the way the
note-taker liked. This module accepts those variations and turns each row into
a :class:`Note` or, when the row cannot be used, a :class:`RowProblem` that
names the row as the spreadsheet shows it (the header is row 1), so the
note-taker can find and fix it. Problems with the file as a whole (not UTF-8, a
missing column, a named pipe in place of a file) raise :class:`NotesError`:
nothing in such a file can be trusted to mean what it seems. Whatever a message
quotes from a cell is a short, escaped excerpt.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from visionkit.diagnostics import CONTROL_IN_FILE, control_name, excerpt
from visionkit.fields import KINDS, MAX_VOTES
from visionkit.files import NotAFile, NotUtf8, decode_text, read_regular

SAVE_AS = (
    "in Excel choose File > Save As and the type 'CSV UTF-8 (Comma delimited) (*.csv)', "
    "then import that file"
)

#: The columns, each with the header spellings accepted for it (compared in
#: lower case with everything but letters and digits left out).
COLUMNS: dict[str, tuple[str, ...]] = {
    "group": ("group", "stakeholder group", "pad", "group name"),
    "kind": ("kind", "stakeholder kind", "role", "kind of group"),
    "theme": ("theme", "theme phrase", "cluster", "cluster phrase", "theme title"),
    "type": ("type", "note or story", "post-it or story", "post-it or mini-story"),
    "text": ("text", "note", "post-it", "post-it text", "story", "note text", "wording"),
    "votes": ("votes", "dots", "vote", "dot votes"),
}
REQUIRED = ("group", "kind", "theme", "type", "text")
DELIMITERS = (",", ";", "\t")

_NOTE_TYPES = frozenset({"note", "postit", "postitnote", "sticky", "stickynote"})
_STORY_TYPES = frozenset({"story", "ministory"})
#: The longest id or file name the importer makes from a theme's or group's words.
SLUG_LIMIT = 60
#: The largest spreadsheet read: a workshop's is a few hundred rows, far smaller.
MAX_SHEET_BYTES = 50 * 1024 * 1024


class NotesError(Exception):
    """The spreadsheet as a whole cannot be read; the message says how to fix it."""


@dataclass(frozen=True)
class Note:
    """One usable row. ``kind`` is None when the row left it empty."""

    row: int
    group: str
    kind: str | None
    theme: str
    is_story: bool
    text: str
    votes: int | None


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass
class Sheet:
    """Everything read from one spreadsheet."""

    name: str
    notes: list[Note] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: int = 0  # rows with something in them, the header not counted


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def one_line(text: str) -> str:
    """A cell's text on one line: line breaks and runs of spaces become one space.

    Control characters are dropped, for text from elsewhere; a row of the
    spreadsheet that holds one is a row problem (see :func:`parse_sheet`),
    never imported without it.
    """
    visible = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    return " ".join(visible.split())


def parse_kind(value: str) -> str | None:
    """``decision maker``, ``Decision-makers`` and ``Staff`` are all kinds; None otherwise."""
    key = _letters(value)
    for kind in KINDS:
        if key in (_letters(kind), _letters(kind) + "s"):
            return kind
    return None


def _kind_problem(value: str) -> str:
    near = difflib.get_close_matches(value.strip().lower(), KINDS, n=1, cutoff=0.6)
    hint = f" - did you mean '{near[0]}'?" if near else ""
    return f"kind '{excerpt(value)}' is not one of {', '.join(KINDS)}{hint}"


def _is_story(value: str) -> bool | None:
    key = _letters(value)
    key = key[:-3] + "y" if key.endswith("ies") else key.removesuffix("s")
    if key in _NOTE_TYPES:
        return False
    return True if key in _STORY_TYPES else None


def _votes(value: str) -> tuple[int | None, str | None]:
    value = value.strip()
    if not value:
        return None, None
    shown = excerpt(value)
    if re.fullmatch(r"\d+", value):
        # Never int() of a long number: Python refuses one of over 4,300 digits.
        if len(value.lstrip("0")) <= len(str(MAX_VOTES)) and int(value) <= MAX_VOTES:
            return int(value), None
        return None, (
            f"votes '{shown}' is more than {MAX_VOTES:,}, more than any count of dots - write "
            "the number of dots, such as 3, or leave the cell empty"
        )
    if re.fullmatch(r"-\s*\d+", value):
        return None, f"votes '{shown}' is below 0 - write 0 or more, or leave the cell empty"
    return None, (
        f"votes '{shown}' is not a whole number - write a number such as 3, or leave the cell empty"
    )


def _decode(raw: bytes, name: str) -> str:
    try:
        return decode_text(raw)
    except NotUtf8 as exc:
        if exc.utf16:
            raise NotesError(
                f"{name} is saved as Unicode text (UTF-16), not as CSV UTF-8: {SAVE_AS}"
            ) from exc
        raise NotesError(
            f"{name} is not saved as UTF-8 (line {exc.line} has the byte 0x{exc.byte:02X}, "
            f"probably an accented letter or a curly quote): {SAVE_AS}"
        ) from exc


def _delimiter(text: str) -> str:
    """The delimiter the header row uses (Excel uses ';' where ',' is the decimal mark)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", header)
    return max(DELIMITERS, key=unquoted.count)


def _columns(header: list[str], name: str) -> tuple[dict[str, int], list[str]]:
    """Which cell holds which column, and the headers that are not used."""
    spellings = {_letters(s): column for column, names in COLUMNS.items() for s in names}
    found: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        column = spellings.get(_letters(cell))
        if column is None:
            if cell.strip():
                ignored.append(cell.strip())
        elif column in found:
            raise NotesError(
                f"{name} has two columns for the {column}: "
                f"'{excerpt(header[found[column]].strip())}' and '{excerpt(cell.strip())}' - "
                "rename or delete one of them"
            )
        else:
            found[column] = index
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        shown = ", ".join(f"'{excerpt(h.strip())}'" for h in header if h.strip()) or "none"
        needed = "; ".join(f"'{c}' (or {' / '.join(COLUMNS[c][1:3])})" for c in missing)
        raise NotesError(
            f"{name} has no column for {needed}. The first row must name the columns: "
            f"group, kind, theme, type, text and, if you like, votes. Its columns are: {shown}"
        )
    return found, ignored


def _controls(cells: dict[str, str]) -> list[str]:
    """A control character in a cell, named with the words before it; one per cell.

    Excel shows none of them (a NUL from a copy and paste, an ESC from a
    terminal), so the note-taker is told which cell and where, rather than
    the character being dropped without a word.
    """
    found = []
    for column, cell in cells.items():
        match = CONTROL_IN_FILE.search(cell)
        if match is None:
            continue
        before = " ".join(cell[: match.start()].split()[-4:])
        where = f"after '{excerpt(before)}'" if before else "at its start"
        found.append(
            f"the {column} has an invisible control character, {control_name(match[0])}, "
            f"{where} - retype the cell"
        )
    return found


def _note(
    number: int, cells: dict[str, str], extra: list[str], controls: list[str]
) -> Note | RowProblem:
    problems: list[str] = list(controls)
    if any(cell.strip() for cell in extra):
        problems.append(
            "it has more cells than the first row has columns - if a text has a comma or "
            "semicolon in it, save the file from Excel rather than typing it by hand"
        )
    for column in ("group", "theme", "text"):
        if not cells[column]:
            problems.append(f"the {column} is empty")
    kind = parse_kind(cells["kind"]) if cells["kind"] else None
    if cells["kind"] and kind is None:
        problems.append(_kind_problem(cells["kind"]))
    is_story = _is_story(cells["type"])
    if is_story is None:
        problems.append(
            f"type '{excerpt(cells['type'])}' is not post-it or mini-story - write 'post-it' (or "
            "'note') "
            "or 'mini-story' (or 'story')"
            if cells["type"]
            else "the type is empty - write 'post-it' or 'mini-story'"
        )
    votes, vote_problem = _votes(cells.get("votes", ""))
    if vote_problem:
        problems.append(vote_problem)
    if problems:
        return RowProblem(number, "; ".join(problems))
    assert is_story is not None
    return Note(number, cells["group"], kind, cells["theme"], is_story, cells["text"], votes)


def parse_sheet(raw: bytes, name: str) -> Sheet:
    """Every row of the spreadsheet as a note or a problem; raises NotesError for the file."""
    text = _decode(raw, name)
    delimiter = _delimiter(text)
    sheet = Sheet(name)
    columns: dict[str, int] | None = None
    width = 0
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, row in enumerate(rows, 1):
            if not any(cell.strip() for cell in row):
                continue  # an empty row: Excel keeps them, nobody means anything by them
            if columns is None:
                columns, sheet.ignored_columns = _columns(row, name)
                width = len(row)
                continue
            sheet.rows += 1
            cells = {c: row[i] if i < len(row) else "" for c, i in columns.items()}
            controls = _controls(cells)
            cells = {c: one_line(cell) for c, cell in cells.items()}
            found = _note(number, cells, row[width:], controls)
            if isinstance(found, Note):
                sheet.notes.append(found)
            else:
                sheet.problems.append(found)
    except csv.Error as exc:
        raise NotesError(f"{name} cannot be read as CSV ({exc}): {SAVE_AS}") from exc
    if columns is None:
        raise NotesError(f"{name} is empty: the first row must name the columns")
    return sheet


def read_sheet(path: Path) -> Sheet:
    """The spreadsheet at ``path``; a named pipe or a device is refused, never opened."""
    try:
        raw = read_regular(path, MAX_SHEET_BYTES)
    except NotAFile as exc:
        raise NotesError(
            f"{excerpt(str(path), None)} is {exc.kind}, not a file: give the spreadsheet "
            "saved as CSV"
        ) from exc
    except OSError as exc:
        raise NotesError(f"{excerpt(str(path), None)} cannot be read ({exc.strerror})") from exc
    if len(raw) > MAX_SHEET_BYTES:
        raise NotesError(
            f"{excerpt(str(path), None)} is over {MAX_SHEET_BYTES // 1048576} MB, far larger "
            "than a workshop's notes: check that it is the right file"
        )
    return parse_sheet(raw, path.name)
