"""Reading a spreadsheet saved as CSV, as Excel writes one, row by row.

Two spreadsheets reach visionkit: the story folder's ``measures.csv`` (the
readings of the indicators, read with the story files) and the note-taker's
export of a workshop's post-its (``visionkit import``). Both are whatever
Excel wrote: UTF-8 with a byte-order mark (or not UTF-8 at all), semicolons
where the decimal mark is a comma, line breaks inside quoted cells, empty rows
kept. What they share is here, below both readers: decoding with a message
that says how to save the file as CSV UTF-8, the delimiter, the rows with the
numbers the spreadsheet shows them under (the header is row 1) and the line
each starts on, headers compared as people spell them, and control characters
named by cell. Each reader words its own messages about its own columns.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from visionkit.diagnostics import CONTROL_IN_FILE, Code, control_name, excerpt
from visionkit.files import NotUtf8, decode_text

SAVE_AS = "in Excel choose File > Save As and the type 'CSV UTF-8 (Comma delimited) (*.csv)'"
DELIMITERS = (",", ";", "\t")


class SheetError(Exception):
    """The spreadsheet as a whole cannot be read; the message says how to fix it.

    ``line`` is where in the text file the trouble is (the first byte that is not
    UTF-8, the first row too many); ``code`` is the code a story file's message
    gives it: not UTF-8, too large, or not CSV.
    """

    def __init__(self, message: str, line: int, code: Code) -> None:
        super().__init__(message)
        self.line, self.code = line, code


@dataclass(frozen=True)
class SheetRow:
    """One row with something in it: its number as the spreadsheet shows it (the header
    is row 1; empty rows are counted, as Excel shows them), the line of the file it
    starts on (a cell may hold line breaks), and its cells as written."""

    number: int
    line: int
    cells: list[str]


def decode_sheet(raw: bytes, name: str, then: str = "") -> str:
    """The spreadsheet's text; raises :class:`SheetError` saying how to save it as CSV
    UTF-8 (``then``, such as ", then import that file", ends the advice)."""
    try:
        return decode_text(raw)
    except NotUtf8 as exc:
        if exc.utf16:
            raise SheetError(
                f"{name} is saved as Unicode text (UTF-16), not as CSV UTF-8: {SAVE_AS}{then}",
                line=1,
                code=Code.NOT_UTF8,
            ) from exc
        raise SheetError(
            f"{name} is not saved as UTF-8 (line {exc.line} has the byte 0x{exc.byte:02X}, "
            f"probably an accented letter or a curly quote): {SAVE_AS}{then}",
            line=exc.line,
            code=Code.NOT_UTF8,
        ) from exc


def delimiter(text: str) -> str:
    """The delimiter the header row uses (Excel uses ';' where ',' is the decimal mark)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", header)
    return max(DELIMITERS, key=unquoted.count)


def sheet_rows(
    text: str, name: str, delim: str | None = None, max_rows: int | None = None, then: str = ""
) -> list[SheetRow]:
    """The rows with something in them (Excel keeps empty ones; nobody means anything by
    them). Raises :class:`SheetError` for text that is not CSV, or, given ``max_rows``,
    as soon as a row past it is met: the rest is never read."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim or delimiter(text))
    rows: list[SheetRow] = []
    number = 0
    try:
        while True:
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                return rows
            number += 1
            if max_rows is not None and number > max_rows:
                raise SheetError(
                    f"{name} has more than {max_rows:,} rows, far more than it needs: check "
                    "that it is the right file, or move old rows to a file of their own",
                    line=line,
                    code=Code.FILE_TOO_LARGE,
                )
            if any(cell.strip() for cell in cells):
                rows.append(SheetRow(number, line, cells))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise SheetError(
                f"{name} cannot be read: row {number + 1} has a cell of more than "
                f"{csv.field_size_limit():,} characters, far more than any cell needs (a quote "
                "never closed makes one of the rest of the file) - check that it is the right "
                'file, and that every " in a cell is doubled',
                line=reader.line_num or 1,
                code=Code.FILE_TOO_LARGE,
            ) from exc
        raise SheetError(
            f"{name} cannot be read as CSV (row {number + 1}: {exc}): {SAVE_AS}{then}",
            line=reader.line_num or 1,
            code=Code.WRONG_SHAPE,
        ) from exc


def letters(text: str) -> str:
    """A header or a word as it is compared: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def column_letter(index: int) -> str:
    """The spreadsheet's name for the column at ``index`` (from 0): A, B, ... Z, AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def one_line(text: str) -> str:
    """A cell's text on one line: line breaks and runs of spaces become one space.

    Control characters are dropped, for text from elsewhere; a cell that holds
    one is a row problem (:func:`control_problems`), never read without a word.
    """
    shown = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    return " ".join(shown.split())


def visible(text: str) -> bool:
    """Whether Excel would show anything of ``text``: not only spaces, control and
    format characters (a zero-width space, a word joiner, a direction mark)."""
    return any(not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf") for c in text)


def control_problems(cells: dict[str, str]) -> list[str]:
    """A control character in a cell, named with the words before it; one per cell.

    Excel shows none of them (a NUL from a copy and paste, an ESC from a
    terminal), so the cell and the place are named, rather than the character
    being dropped without a word. ``cells`` maps each column's name, as the
    message calls it, to its cell.
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
