"""Which of vision.yml's problems a theme resolves, from what the note-taker typed.

In the room the complaints file is read out as sentences, so the note-taker
may type a problem's text rather than its id; either is accepted (capitals,
spacing and a closing full stop ignored). Several problems are separated by
';' or a line break (a comma only between ids: a problem's text often has
one). A value that is nearly right, an id with a typo or a sentence with a
word changed, is never guessed into the file: the report suggests the nearest
and the rest of the row is imported. A value like no problem at all is a row
problem, as a wrong kind is.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

from visionkit.authoring.importreport import ImportReport
from visionkit.authoring.notes import Note, RowProblem
from visionkit.diagnostics import excerpt
from visionkit.fields import SAYING
from visionkit.read.loader import load

#: How alike a value and a problem's id or text must be for the report to suggest it.
NEAR = 0.75


@dataclass(frozen=True)
class Problem:
    id: str
    text: str


@dataclass(frozen=True)
class Found:
    """What one value names: problem ids, or a suggestion, or neither (unknown)."""

    ids: tuple[str, ...] = ()
    suggestion: str = ""


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".")


def problems_of(stories: Path) -> list[Problem] | str:
    """vision.yml's problems, or (as a str) why they cannot be looked up."""
    folder = load(stories).folder
    if folder is None:
        return (
            "vision.yml has errors, so the problems a theme resolves cannot be looked up - "
            "fix it first (visionkit check says where), then import again"
        )
    return [Problem(p.id, p.text) for p in folder.vision.problems]


def find(value: str, problems: list[Problem]) -> Found:
    by_id = {p.id.casefold(): p.id for p in problems}
    by_text = {_fold(p.text): p.id for p in problems}
    folded = _fold(value)
    if folded in by_id or folded in by_text:
        return Found((by_id.get(folded) or by_text[folded],))
    pieces = [_fold(piece) for piece in value.split(",")]
    if len(pieces) > 1 and all(piece in by_id for piece in pieces):
        return Found(tuple(by_id[piece] for piece in pieces))
    if len(value) > SAYING.limit:  # far longer than any problem: not worth comparing
        return Found()
    near = difflib.get_close_matches(folded, [*by_id, *by_text], n=1, cutoff=NEAR)
    if not near:
        return Found()
    if near[0] in by_id:
        return Found(suggestion=f"'{by_id[near[0]]}'")
    problem = next(p for p in problems if p.id == by_text[near[0]])
    return Found(suggestion=f"'{excerpt(problem.text, 60)}' ({problem.id})")


def _unknown(value: str, problems: list[Problem]) -> str:
    if not problems:
        return (
            f"resolves '{excerpt(value)}' names a problem, but vision.yml lists none yet - add "
            "it to the problems in vision.yml first, or leave the cell empty"
        )
    ids = excerpt(", ".join(p.id for p in problems), 120)
    return (
        f"resolves '{excerpt(value)}' is neither the id nor the text of a problem in "
        f"vision.yml - write one of its ids ({ids}), or leave the cell empty"
    )


def settle_resolves(notes: list[Note], stories: Path, report: ImportReport) -> list[Note]:
    """Every row's resolves as problem ids; a row naming an unknown problem cannot be used."""
    if not any(note.resolves for note in notes):
        return notes
    problems = problems_of(stories)
    settled: list[Note] = []
    for note in notes:
        if not note.resolves:
            settled.append(note)
            continue
        if isinstance(problems, str):
            report.problems.append(RowProblem(note.row, problems))
            continue
        ids: list[str] = []
        unknown: list[str] = []
        for value in note.resolves:
            found = find(value, problems)
            ids += found.ids
            if found.suggestion:
                report.notice(
                    f"resolves '{excerpt(value)}' is not quite a problem in "
                    f"vision.yml - did you mean {found.suggestion}? It is not written: correct "
                    "the cell and import again",
                    row=note.row,
                )
            elif not found.ids:
                unknown.append(_unknown(value, problems))
        if unknown:
            report.problems.append(RowProblem(note.row, "; ".join(unknown)))
        else:
            settled.append(replace(note, resolves=tuple(dict.fromkeys(ids))))
    return settled
