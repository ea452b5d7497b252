"""What a group's rows say once: its kind, its persona, each theme's id.

A note-taker types the kind, the persona's name or a theme's id on one row of
a group, or on every row, or (by mistake) differently on two rows. The first
value given is the group's; a row that gives another kind cannot be used (it
may belong to another group), a row that gives another theme id for the same
theme cannot be used (the theme can have only one), and a later different
persona name or role is only reported, since the rest of the row is good.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from visionkit.authoring.importreport import ImportReport
from visionkit.authoring.notes import Note, RowProblem
from visionkit.authoring.yamledit import PeopleFile
from visionkit.diagnostics import excerpt
from visionkit.fields import KINDS


def key(text: object) -> str:
    """How group names and theme phrases are compared: case and spacing ignored."""
    return " ".join(str(text).split()).casefold()


def same(a: str, b: str) -> bool:
    """Whether two cells say the same, as someone looking at them would judge:
    case, spacing and invisible characters (a zero-width space) ignored."""
    return _shown(a) == _shown(b)


def _shown(text: str) -> str:
    return key("".join(c for c in text if unicodedata.category(c) != "Cf"))


def settle_kinds(
    notes: list[Note], pages: list[PeopleFile], problems: list[RowProblem]
) -> list[Note]:
    """Give every row its group's kind; a row that contradicts it cannot be used."""
    known: dict[str, tuple[str, str]] = {}
    for page in pages:
        if page.group is not None and page.kind in KINDS:
            known.setdefault(key(page.group), (page.kind, page.name))
    for note in notes:
        if note.kind is not None:
            known.setdefault(key(note.group), (note.kind, f"row {note.row}"))
    settled: list[Note] = []
    for note in notes:
        kind, where = known.get(key(note.group), (None, ""))
        if kind is None:
            problems.append(
                RowProblem(note.row, f"the kind is empty - write one of {', '.join(KINDS)}")
            )
        elif note.kind is not None and note.kind != kind:
            problems.append(
                RowProblem(
                    note.row,
                    f"kind '{note.kind}' does not match {where}, which gives "
                    f"'{excerpt(note.group)}' the "
                    f"kind '{kind}' - correct one of them (a different group needs its own name)",
                )
            )
        else:
            settled.append(replace(note, kind=kind))
    return settled


def settle_theme_ids(notes: list[Note], report: ImportReport) -> list[Note]:
    """Give every row of a group's theme the id one of its rows gives it.

    Two phrases of one group given the same id become one theme (the first
    phrase is its title), which the report mentions in case it was a slip.
    """
    ids: dict[tuple[str, str], tuple[str, int]] = {}  # (group, phrase) -> (id, row)
    phrases: dict[tuple[str, str], tuple[str, int]] = {}  # (group, id) -> (phrase, row)
    told: set[tuple[str, str]] = set()
    for note in notes:
        if note.theme_id:
            ids.setdefault((key(note.group), key(note.theme)), (note.theme_id, note.row))
    settled: list[Note] = []
    for note in notes:
        given, row = ids.get((key(note.group), key(note.theme)), ("", 0))
        if note.theme_id and note.theme_id != given:
            report.problems.append(
                RowProblem(
                    note.row,
                    f"theme id '{excerpt(note.theme_id)}' differs from '{excerpt(given)}', which "
                    f"row {row} gives the same theme '{excerpt(note.theme)}' of "
                    f"'{excerpt(note.group)}' - a theme has one id: write the same in both rows",
                )
            )
            continue
        place = (key(note.group), given)
        if given:
            phrase, first = phrases.setdefault(place, (note.theme, note.row))
            if key(phrase) != key(note.theme) and place not in told:
                told.add(place)
                report.notice(
                    f"the theme '{excerpt(note.theme)}' has the theme id "
                    f"'{excerpt(given)}', which row {first} gives '{excerpt(phrase)}', so both "
                    "are one theme - give one of them its own id if they are two",
                    row=note.row,
                )
        settled.append(replace(note, theme_id=given))
    return settled


@dataclass(frozen=True)
class Given:
    """A value the spreadsheet gives a group once (its persona's name or role)."""

    row: int
    value: str


def settle_persona(notes: list[Note], report: ImportReport) -> dict[str, dict[str, Given]]:
    """Per group (by key) the persona's "name" and "role": the first non-empty cell wins."""
    found: dict[str, dict[str, Given]] = {}
    for note in notes:
        group = found.setdefault(key(note.group), {})
        for column, field, value in (
            ("persona", "name", note.persona),
            ("role", "role", note.role),
        ):
            if not value:
                continue
            first = group.setdefault(field, Given(note.row, value))
            if not same(first.value, value):
                report.notice(
                    f"the {column} '{excerpt(value)}' is not used: row "
                    f"{first.row} already gives '{excerpt(note.group)}' the {column} "
                    f"'{excerpt(first.value)}' (a group's first is used) - make the two cells "
                    "the same",
                    row=note.row,
                )
    return found
