"""Which cell of a workshop spreadsheet's rows is which column.

The note-taker names the columns in the first row, spelled however they
like, in any order. This module maps those names to visionkit's columns and
says, in one sentence the note-taker can act on, when a needed column is
missing or given twice. It also keeps old spreadsheets working: the header
"role" used to be a spelling of the kind and now is the persona's role, so a
sheet whose only kind-like column is headed "role" and holds nothing but
kinds is still read the old way.
"""

from __future__ import annotations

import difflib

from visionkit.diagnostics import excerpt
from visionkit.fields import KINDS
from visionkit.read.sheet import letters

#: The columns, each with the header spellings accepted for it (compared in
#: lower case with everything but letters and digits left out). A bare "id" or
#: "problem" is not among them: a note-taker's sheet often has an "ID" column
#: numbering its rows, and such a column was always left alone.
COLUMNS: dict[str, tuple[str, ...]] = {
    "group": ("group", "stakeholder group", "pad", "group name"),
    "kind": ("kind", "stakeholder kind", "kind of group"),
    "theme": ("theme", "theme phrase", "cluster", "cluster phrase", "theme title"),
    "type": ("type", "note or story", "post-it or story", "post-it or mini-story"),
    "text": ("text", "note", "post-it", "post-it text", "story", "note text", "wording"),
    "votes": ("votes", "dots", "vote", "dot votes"),
    "persona": ("persona", "persona name", "persona's name", "name of persona", "fictional person"),
    "role": ("role", "persona role", "persona's role", "what they do"),
    "resolves": ("resolves", "resolves problem", "resolves problems", "problems resolved"),
    "theme id": ("theme id", "shared theme", "shared theme id", "theme slug"),
}
REQUIRED = ("group", "kind", "theme", "type", "text")
OPTIONAL = ("votes", "persona", "role", "resolves", "theme id")
#: Which columns each row gives: the column's index in the row, by column name.
Columns = dict[str, int]


def parse_kind(value: str) -> str | None:
    """``decision maker``, ``Decision-makers`` and ``Staff`` are all kinds; None otherwise."""
    key = letters(value)
    for kind in KINDS:
        if key in (letters(kind), letters(kind) + "s"):
            return kind
    return None


def near_kind(value: str) -> str:
    """`` - did you mean 'staff'?`` for a misspelt kind, else ""."""
    near = difflib.get_close_matches(value.strip().lower(), KINDS, n=1, cutoff=0.6)
    return f" - did you mean '{near[0]}'?" if near else ""


def _found(header: list[str], name: str) -> tuple[Columns, list[str]] | str:
    spellings = {letters(s): column for column, names in COLUMNS.items() for s in names}
    found: Columns = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        column = spellings.get(letters(cell))
        if column is None:
            if cell.strip():
                ignored.append(cell.strip())
        elif column in found:
            return (
                f"{name} has two columns for the {column}: "
                f"'{excerpt(header[found[column]].strip())}' and '{excerpt(cell.strip())}' - "
                "rename or delete one of them"
            )
        else:
            found[column] = index
    return found, ignored


def _role_not_kind(
    found: Columns, header: list[str], rows: list[tuple[int, list[str]]]
) -> tuple[int, str] | None:
    """Read a column headed just "role" as the kind when the sheet has no other and it
    holds only kinds (as every sheet did before "role" meant the persona's role).

    Returns the first row, and its cell, that shows the column is the persona's
    role after all, for the message about the missing kind; None otherwise.
    """
    if "kind" in found or "role" not in found or letters(header[found["role"]]) != "role":
        return None
    index = found["role"]
    for number, row in rows:
        cell = " ".join(row[index].split()) if index < len(row) else ""
        if cell and parse_kind(cell) is None:
            return number, cell
    found["kind"] = found.pop("role")
    return None


def find_columns(
    header: list[str], rows: list[tuple[int, list[str]]], name: str
) -> tuple[Columns, list[str]] | str:
    """Which cell holds which column and the headers not used; or why the sheet cannot be used.

    ``rows`` are the (row number, cells) under the header: whether a column
    headed "role" is the kind depends on what it holds.
    """
    result = _found(header, name)
    if isinstance(result, str):
        return result
    found, ignored = result
    persona_role = _role_not_kind(found, header, rows)
    missing = [column for column in REQUIRED if column not in found]
    if not missing:
        return found, ignored
    shown = ", ".join(f"'{excerpt(h.strip())}'" for h in header if h.strip()) or "none"
    needed = "; ".join(f"'{c}' (or {' / '.join(COLUMNS[c][1:3])})" for c in missing)
    message = (
        f"{name} has no column for {needed}. The first row must name the columns: "
        f"{', '.join(REQUIRED)} and, if you like, {', '.join(OPTIONAL)}. Its columns are: {shown}"
    )
    if persona_role is not None:
        row, cell = persona_role
        message += (
            f". Its '{excerpt(header[found['role']].strip())}' column is read as what the "
            f"persona does, because row {row} says '{excerpt(cell)}', which is not a kind"
            f"{near_kind(cell)}: add a column for the kind, or, if that column is the kind, "
            f"correct row {row}"
        )
    return message
