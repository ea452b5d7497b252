"""Reading ``measures.csv``: the readings of the indicators, one row per reading.

Someone in the partnership keeps the numbers in Excel and saves them as CSV,
so the file is whatever Excel wrote (see :mod:`visionkit.read.sheet`): UTF-8
with or without a byte-order mark, Windows line endings, a comma or (where
the decimal mark is a comma) a semicolon between cells, headers in any order
and spelled as people spell them. Every problem names the file and the row as
the spreadsheet shows it, the header being row 1 (the position is the line of
the text file the row starts on, for editors and CI annotations), and says how
to fix it. A row with a problem is left out; the rest are read.

How a value is read (REFERENCE.md repeats this for the workgroup):

* ``41``, ``41.5``, ``-3`` and ``41%`` (the ``%`` dropped: 41, the unit being
  the indicator's) are numbers; at most 15 digits.
* In a semicolon file (Excel's CSV where the decimal mark is a comma) the
  decimal mark is ``,`` (``41,5``), and ``.`` is read as one too (``41.5``,
  typed by hand), except where it groups thousands: ``1.234,5`` and
  ``12.345.678`` are read, but ``1.234`` alone could be either and is refused.
* In a comma (or tab) file the decimal mark is ``.``; ``,`` only groups
  thousands (``1,234`` and ``1,234.5``); ``41,5`` is refused.
* Spaces grouping thousands (``1 234``, a no-break space too) are read in any file.

Which indicator ids exist is :mod:`visionkit.check.measured`'s to check: it
knows priorities.yml.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from visionkit.diagnostics import Code, Diagnostic, Position, excerpt
from visionkit.fields import ID, PARAGRAPH, SHORT, Length, read_date, read_number
from visionkit.model import Reading
from visionkit.read.sheet import (
    SheetError,
    SheetRow,
    column_letter,
    control_problems,
    decode_sheet,
    delimiter,
    letters,
    one_line,
    sheet_rows,
    visible,
)
from visionkit.slugs import SLUG_PATTERN, slugify

#: The file's name in the story folder.
MEASURES = "measures.csv"
#: The most rows read: a reading a month of 50 indicators for 30 years is 18,000.
MAX_ROWS = 20_000
#: The most problems one file reports; the rest are counted in one last message.
MAX_PROBLEMS = 100

#: The columns, each with the header spellings accepted (compared as
#: :func:`~visionkit.read.sheet.letters` reads them).
COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indicator id"),
    "date": ("date", "reading date", "date of reading", "measured on"),
    "value": ("value", "reading", "number", "result", "figure"),
    "source": ("source", "data source", "source of data", "where from"),
    "note": ("note", "notes", "comment", "comments"),
}
REQUIRED = ("indicator", "date", "value", "source")
#: Unknown headers this close to a column's name are taken for a misspelling of it.
NEAR = 0.75

_SPACES = re.compile("[ \u00a0\u2007\u202f\u2009]+")
_SPACE_GROUPS = re.compile(r"[-+]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_COMMA_GROUPS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DOT_GROUPS = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+")
_DOT_GROUPS_AND_DECIMAL = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+,\d+")


@dataclass
class MeasuresRead:
    """What the file gave: the readings of the rows without a problem, in file order."""

    readings: list[Reading] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def number_in_cell(cell: str, decimal_comma: bool) -> Decimal:
    """A value cell as a number, by the rules above (``decimal_comma``: a semicolon file).

    Raises ValueError whose text says what is wrong and what to write.
    """
    text = _SPACES.sub(" ", cell).strip()
    if text.endswith("%"):
        text = text[:-1].rstrip()
    if _SPACE_GROUPS.fullmatch(text):
        text = text.replace(" ", "")
    example = "41,5" if decimal_comma else "41.5"
    if decimal_comma:
        if "," in text and "." in text:
            if not _DOT_GROUPS_AND_DECIMAL.fullmatch(text):
                raise ValueError(f"mixes '.' and ',' - write it as {example}, or 1234,5")
            text = text.replace(".", "")
        elif "." in text and _DOT_GROUPS.fullmatch(text):
            if text.count(".") == 1:
                raise ValueError(
                    f"could be read two ways - write {text.replace('.', ',')} if the '.' is "
                    f"a decimal mark, or {text.replace('.', '')} if it separates thousands"
                )
            text = text.replace(".", "")
        text = text.replace(",", ".", 1) if text.count(",") == 1 else text
    elif "," in text:
        if not _COMMA_GROUPS.fullmatch(text):
            raise ValueError(
                f"has a comma: in a file of comma-separated cells the decimal mark is '.', "
                f"such as {example}"
            )
        text = text.replace(",", "")
    try:
        return read_number(text)
    except ValueError as exc:
        if str(exc) != "is not a number":
            raise
        raise ValueError(f"is not a number - write a number such as 41, {example} or 41%") from None


class _Reader:
    """One file's rows to readings, collecting the problems as it goes."""

    def __init__(self, file: str, decimal_comma: bool) -> None:
        self.file, self.decimal_comma = file, decimal_comma
        self.read = MeasuresRead()
        self.problems = 0  # counted past MAX_PROBLEMS too
        self.first_unlisted: int | None = None
        self.seen: dict[tuple[str, date], int] = {}  # (indicator, date) -> its first row

    def problem(
        self, row: SheetRow, code: Code, message: str, fix: str | None = None, where: str = ""
    ) -> None:
        self.problems += 1
        if self.problems > MAX_PROBLEMS:
            self.first_unlisted = self.first_unlisted or row.line
            return
        place = f"row {row.number}{where}"
        self.read.diagnostics.append(
            Diagnostic(self.file, Position(row.line, 1), code, f"{place}: {message}", fix)
        )

    def text(
        self, row: SheetRow, letter: str, column: str, cell: str, length: Length
    ) -> str | None:
        """A source or note: on one line, within its length (too long: a problem)."""
        if len(cell) > length.limit:
            self.problem(
                row,
                Code.TEXT_TOO_LONG,
                f"the {column} is too long: {length.kind} may have at most "
                f"{length.limit:,} characters",
                f"shorten it to {length.limit:,} characters or fewer; it has {len(cell):,}",
                f", column {letter}",
            )
            return None
        if length.readable is not None and len(cell) > length.readable:
            self.problem(
                row,
                Code.TEXT_HARD_TO_READ,
                f"the {column} is too long to read well: {length.why}",
                f"shorten it to {length.readable:,} characters or fewer; it has {len(cell):,}",
                f", column {letter}",
            )
        return cell

    def row(self, row: SheetRow, columns: dict[str, int], width: int) -> None:
        raw = {c: row.cells[i] if i < len(row.cells) else "" for c, i in columns.items()}
        letter = {c: column_letter(i) for c, i in columns.items()}
        controls = control_problems(raw)
        for message in controls:
            self.problem(row, Code.CONTROL_CHARACTER, message)
        if any(cell.strip() for cell in row.cells[width:]):
            self.problem(
                row,
                Code.WRONG_SHAPE,
                "it has more cells than the first row has columns",
                "a text with a comma or semicolon in it must be in quotes: save the file from "
                "Excel rather than typing it by hand",
            )
            return
        if controls:
            return
        cells = {c: one_line(cell) for c, cell in raw.items()}
        given = {c for c in REQUIRED if self._given(row, c, cells[c], letter[c])}
        indicator = (
            self._indicator(row, cells["indicator"], letter) if "indicator" in given else None
        )
        when = self._date(row, cells["date"], letter) if "date" in given else None
        value = self._value(row, cells["value"], letter) if "value" in given else None
        source = cells["source"] if "source" in given else None
        if source is not None:
            source = self.text(row, letter["source"], "source", source, SHORT)
        note = cells.get("note") or None
        noted = note is None or self.text(row, letter["note"], "note", note, PARAGRAPH) is not None
        if indicator is None or when is None or value is None or source is None or not noted:
            return
        first = self.seen.setdefault((indicator, when), row.number)
        if first != row.number:
            self.problem(
                row,
                Code.DUPLICATE_ID,
                f"a second reading of '{excerpt(indicator)}' on {when.isoformat()}; the first "
                f"is row {first}",
                "keep one of the two rows, or correct the date of one",
            )
            return
        self.read.readings.append(
            Reading(indicator, when, value, source, note, row=row.number, line=row.line)
        )

    def _given(self, row: SheetRow, column: str, cell: str, letter: str) -> bool:
        if visible(cell):
            return True
        held = "holds only invisible characters" if cell else "is empty"
        self.problem(
            row, Code.MISSING_KEY, f"the {column} {held}", _EMPTY_FIX[column], f", column {letter}"
        )
        return False

    def _date(self, row: SheetRow, cell: str, letter: dict[str, str]) -> date | None:
        when = read_date(cell)
        if when is None:
            self.problem(
                row,
                Code.WRONG_VALUE,
                f"the date '{excerpt(cell)}' is not a date written as YYYY-MM-DD, "
                "such as 2026-05-02",
                "in Excel select the column, choose Format Cells > Custom, type yyyy-mm-dd "
                "and save the file again",
                f", column {letter['date']}",
            )
        return when

    def _value(self, row: SheetRow, cell: str, letter: dict[str, str]) -> Decimal | None:
        try:
            return number_in_cell(cell, self.decimal_comma)
        except ValueError as exc:
            self.problem(
                row,
                Code.WRONG_VALUE,
                f"the value '{excerpt(cell)}' {exc}",
                where=f", column {letter['value']}",
            )
            return None

    def _indicator(self, row: SheetRow, ident: str, letter: dict[str, str]) -> str | None:
        if len(ident) <= ID.limit and SLUG_PATTERN.fullmatch(ident):
            return ident
        suggestion = slugify(ident, ID.limit)
        such = f", such as '{excerpt(suggestion)}'" if suggestion else ""
        self.problem(
            row,
            Code.WRONG_VALUE,
            f"the indicator '{excerpt(ident)}' is not an id",
            f"write the indicator's id as priorities.yml gives it (lower-case letters, digits "
            f"and hyphens){such}",
            f", column {letter['indicator']}",
        )
        return None


_EMPTY_FIX = {
    "indicator": "write the id of the indicator the reading is of, as priorities.yml gives it",
    "date": "write the date of the reading as YYYY-MM-DD, such as 2026-05-02",
    "value": "write the number read, such as 41 or 41%",
    "source": "say where the number comes from, such as 'Residents' survey, autumn 2026'",
}


def _header(header: SheetRow, file: str) -> tuple[dict[str, int], list[Diagnostic]]:
    """Which cell of each row is which column; problems with the header row."""
    spellings = {letters(s): column for column, names in COLUMNS.items() for s in names}
    found: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    problems: list[Diagnostic] = []
    where = Position(header.line, 1)
    for index, cell in enumerate(header.cells):
        column = spellings.get(letters(cell))
        if column is None:
            if visible(cell):
                unknown.append((index, cell.strip()))
        elif column in found:
            problems.append(
                Diagnostic(
                    file,
                    where,
                    Code.DUPLICATE_KEY,
                    f"row 1: columns {column_letter(found[column])} and {column_letter(index)} "
                    f"are both the {column}",
                    "rename or delete one of them",
                )
            )
        else:
            found[column] = index
    named: set[str] = set()
    for index, cell in unknown:
        near = difflib.get_close_matches(letters(cell), list(spellings), n=1, cutoff=NEAR)
        column = spellings[near[0]] if near else None
        if column is not None and column not in found and column not in named:
            named.add(column)
            problems.append(
                Diagnostic(
                    file,
                    where,
                    Code.UNKNOWN_KEY,
                    f"row 1: column {column_letter(index)} is headed '{excerpt(cell)}', which is "
                    "not a column visionkit reads",
                    f"did you mean '{column}'?",
                )
            )
    missing = [c for c in REQUIRED if c not in found and c not in named]
    if missing:
        shown = ", ".join(f"'{excerpt(c.strip())}'" for c in header.cells if c.strip()) or "none"
        problems.append(
            Diagnostic(
                file,
                where,
                Code.MISSING_KEY,
                f"row 1 has no column for the {' and the '.join(missing)}; its columns are: "
                f"{shown}",
                "the first row must name the columns indicator, date, value, source and, if "
                "you like, note, in any order (other columns are left alone)",
            )
        )
    return found, problems


def parse_measures(raw: bytes, file: str = MEASURES) -> MeasuresRead:
    """The readings of measures.csv's bytes, and every problem, each at its row."""
    try:
        text = decode_sheet(raw, file)
        delim = delimiter(text)
        rows = sheet_rows(text, file, delim, MAX_ROWS)
    except SheetError as exc:
        return MeasuresRead(
            diagnostics=[Diagnostic(file, Position(exc.line, 1), exc.code, str(exc))]
        )
    if not rows:
        return MeasuresRead(
            diagnostics=[
                Diagnostic(
                    file,
                    Position(1, 1),
                    Code.WRONG_SHAPE,
                    f"{file} is empty",
                    "its first row must name the columns indicator, date, value and source; "
                    "delete the file if there are no readings yet",
                )
            ]
        )
    columns, problems = _header(rows[0], file)
    if not all(column in columns for column in REQUIRED):
        return MeasuresRead(diagnostics=problems)  # no row can be read without them
    reader = _Reader(file, decimal_comma=delim == ";")
    reader.read.diagnostics += problems
    for row in rows[1:]:
        reader.row(row, columns, len(rows[0].cells))
    if reader.first_unlisted is not None:
        more = reader.problems - MAX_PROBLEMS
        reader.read.diagnostics.append(
            Diagnostic(
                file,
                Position(reader.first_unlisted, 1),
                Code.WRONG_VALUE,
                f"{more:,} more problem{'s' if more != 1 else ''} in {file}, not listed",
                "fix the problems above and check again",
            )
        )
    return reader.read
