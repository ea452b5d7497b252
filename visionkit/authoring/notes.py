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

import re
from dataclasses import dataclass, field
from pathlib import Path

from visionkit.authoring.columns import find_columns, near_kind, parse_kind
from visionkit.diagnostics import excerpt
from visionkit.fields import ID, KINDS, MAX_VOTES
from visionkit.files import NotAFile, read_regular
from visionkit.read.sheet import (
    SheetError,
    control_problems,
    decode_sheet,
    letters,
    one_line,
    sheet_rows,
    visible,
)
from visionkit.slugs import SLUG_PATTERN, slugify

#: How the advice to save the file as CSV UTF-8 ends, for the importer.
THEN_IMPORT = ", then import that file"

_NOTE_TYPES = frozenset({"note", "postit", "postitnote", "sticky", "stickynote"})
_STORY_TYPES = frozenset({"story", "ministory"})
#: The longest id or file name the importer makes from a theme's or group's words.
SLUG_LIMIT = 60
#: The largest spreadsheet read: a workshop's is a few hundred rows, far smaller.
MAX_SHEET_BYTES = 50 * 1024 * 1024
#: The most problems one row's resolves cell may name: a theme answers one or a few.
MAX_RESOLVES = 12
#: What separates several problems in a resolves cell: a semicolon or a line break
#: (Alt+Enter in Excel). Not a comma: the text of a problem often has one.
RESOLVES_SEPARATORS = re.compile(r"[;\r\n]+")


class NotesError(Exception):
    """The spreadsheet as a whole cannot be read; the message says how to fix it."""


@dataclass(frozen=True)
class Note:
    """One usable row. ``kind`` is None when the row left it empty; the optional
    columns are "" (or no problems) when the row or the sheet left them out.
    """

    row: int
    group: str
    kind: str | None
    theme: str
    is_story: bool
    text: str
    votes: int | None
    persona: str = ""
    role: str = ""
    resolves: tuple[str, ...] = ()  # each problem as the cell names it: an id or a text
    theme_id: str = ""


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


def _kind_problem(value: str) -> str:
    return f"kind '{excerpt(value)}' is not one of {', '.join(KINDS)}{near_kind(value)}"


def _is_story(value: str) -> bool | None:
    key = letters(value)
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


def _theme_id(value: str) -> tuple[str, str | None]:
    if not value or (len(value) <= ID.limit and SLUG_PATTERN.fullmatch(value)):
        return value, None
    suggestion = slugify(value, SLUG_LIMIT)
    such = f", such as '{excerpt(suggestion)}'" if suggestion else ""
    return "", (
        f"theme id '{excerpt(value)}' is not an id - write lower-case letters, digits and "
        f"hyphens only{such}, the same in the rows of every group that shares the theme"
    )


def _resolves(cell: str) -> tuple[tuple[str, ...], str | None]:
    """The problems a resolves cell names, each on one line, each once."""
    parts = tuple(dict.fromkeys(p for p in map(one_line, RESOLVES_SEPARATORS.split(cell)) if p))
    if len(parts) > MAX_RESOLVES:
        return (), (
            f"resolves names {len(parts)} problems, more than {MAX_RESOLVES} - a theme resolves "
            "one or a few: write their ids separated by ';'"
        )
    return parts, None


def _note(
    number: int, cells: dict[str, str], extra: list[str], controls: list[str]
) -> Note | RowProblem:
    problems: list[str] = list(controls)
    if any(cell.strip() for cell in extra):
        problems.append(
            "it has more cells than the first row has columns - if a text has a comma or "
            "semicolon in it, save the file from Excel rather than typing it by hand"
        )
    for column in ("group", "theme", "text", "persona", "role"):
        cell = cells.get(column, "")
        if not cell and column in ("group", "theme", "text"):
            problems.append(f"the {column} is empty")
        elif cell and not visible(cell):
            problems.append(
                f"the {column} holds only invisible characters (such as a zero-width space) - "
                "retype the cell, or clear it"
            )
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
    theme_id, id_problem = _theme_id(cells.get("theme id", ""))
    resolves, resolves_problem = _resolves(cells.get("resolves", ""))
    problems += [p for p in (vote_problem, id_problem, resolves_problem) if p]
    if problems:
        return RowProblem(number, "; ".join(problems))
    assert is_story is not None
    return Note(
        number,
        cells["group"],
        kind,
        cells["theme"],
        is_story,
        cells["text"],
        votes,
        persona=cells.get("persona", ""),
        role=cells.get("role", ""),
        resolves=resolves,
        theme_id=theme_id,
    )


def parse_sheet(raw: bytes, name: str) -> Sheet:
    """Every row of the spreadsheet as a note or a problem; raises NotesError for the file."""
    try:
        text = decode_sheet(raw, name, THEN_IMPORT)
        rows = [(row.number, row.cells) for row in sheet_rows(text, name, then=THEN_IMPORT)]
    except SheetError as exc:
        raise NotesError(str(exc)) from exc
    if not rows:
        raise NotesError(f"{name} is empty: the first row must name the columns")
    header = rows[0][1]
    found = find_columns(header, rows[1:], name)
    if isinstance(found, str):
        raise NotesError(found)
    columns, ignored = found
    sheet = Sheet(name, ignored_columns=ignored, rows=len(rows) - 1)
    for number, row in rows[1:]:
        cells = {c: row[i] if i < len(row) else "" for c, i in columns.items()}
        controls = control_problems(cells)
        # A resolves cell may give one problem per line: split it before the lines are joined.
        cells = {c: cell if c == "resolves" else one_line(cell) for c, cell in cells.items()}
        found_row = _note(number, cells, row[len(header) :], controls)
        if isinstance(found_row, Note):
            sheet.notes.append(found_row)
        else:
            sheet.problems.append(found_row)
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
