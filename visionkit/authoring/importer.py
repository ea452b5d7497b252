"""Importing workshop notes into people files without touching what is written.

People files are edited by hand between workshops: comments, quoting and the
order of keys are the workgroup's own, and a tool that rewrote them would not be
trusted twice. So every existing file is edited with ruamel.yaml's round-trip
mode in its own indentation, and the result is accepted only if every old line
is still there, byte for byte and in order (see :mod:`visionkit.authoring.yamledit`).
Nothing is half-written either: every file's new text is computed and checked
with visionkit's own checker on a copy of the story folder first, and only
when no new error appears are the files replaced, each atomically.

This module runs an import from start to end; what a group's rows say once
is settled in :mod:`~visionkit.authoring.settle` (and the problems they
resolve in :mod:`~visionkit.authoring.resolves`), what they add to a file in
:mod:`~visionkit.authoring.pageedit`, the second looks in
:mod:`~visionkit.authoring.hints`, and what is printed in
:mod:`~visionkit.authoring.importreport`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from visionkit.authoring.hints import SeenTheme, tell_shared
from visionkit.authoring.importreport import At, FileChange, ImportReport
from visionkit.authoring.notes import Note, NotesError, RowProblem, Sheet
from visionkit.authoring.pageedit import apply
from visionkit.authoring.resolves import settle_resolves
from visionkit.authoring.settle import key, settle_kinds, settle_persona, settle_theme_ids
from visionkit.authoring.yamledit import PeopleFile, new_page, read_page, render
from visionkit.check.run import check
from visionkit.diagnostics import Diagnostic, Severity, excerpt
from visionkit.files import NotAFile, Staged, discard_staged, read_regular, replace_staged, stage
from visionkit.read.loader import PEOPLE_DIR, SUFFIXES


def _read_pages(stories: Path) -> list[PeopleFile]:
    folder = stories / PEOPLE_DIR
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
    inside = stories.resolve()
    for path in paths:
        if not path.resolve().is_relative_to(inside):  # never read, never added to
            raise NotesError(
                f"{PEOPLE_DIR}/{excerpt(path.name, None)} links to a file outside the story "
                "folder, which visionkit does not read: put the file itself in its place "
                "(visionkit check says where), then import again"
            )
    return [read_page(path, f"{PEOPLE_DIR}/{path.name}") for path in paths]


def _written_themes(pages: list[PeopleFile]) -> list[SeenTheme]:
    """The themes already in the people files, for the hints about shared themes."""
    seen = []
    for page in pages:
        themes = page.data.get("themes")
        for i, theme in enumerate(themes if isinstance(themes, list) else []):
            if isinstance(theme, CommentedMap) and theme.get("id") is not None:
                title = str(theme.get("title") or theme["id"])
                at = At(page.name, ("themes", i, "id"))
                seen.append(SeenTheme(page.group or page.name, title, str(theme["id"]), at))
    return seen


def _special_files(folder: str, names: list[str]) -> set[str]:
    """What the checking copy leaves out: named pipes, sockets, devices (never opened)."""
    paths = {name: os.path.join(folder, name) for name in names}
    return {
        name
        for name, path in paths.items()
        if not (os.path.islink(path) or os.path.isdir(path) or os.path.isfile(path))
    }


def _verify(stories: Path, changes: list[FileChange]) -> list[Diagnostic]:
    """New errors and warnings in the changed files, checked on a copy of the folder."""
    touched = {change.name for change in changes}

    def key(d: Diagnostic) -> tuple[str, str, str]:
        return d.file, d.code.value, d.message

    before = Counter(key(d) for d in check(stories).diagnostics if d.file in touched)
    with tempfile.TemporaryDirectory(prefix="visionkit-import-") as tmp:
        copy = Path(tmp) / "stories"
        shutil.copytree(stories, copy, symlinks=True, ignore=_special_files)
        for change in changes:
            (copy / change.name).parent.mkdir(parents=True, exist_ok=True)
            (copy / change.name).write_bytes(change.content)
        after = check(copy).diagnostics
    found: list[Diagnostic] = []
    for d in after:
        if d.file in touched:
            if before[key(d)]:
                before[key(d)] -= 1
            else:
                found.append(d)
    return found


def _blame(change: FileChange, d: Diagnostic) -> str:
    """An error in text that is not written yet, told by the spreadsheet row it came from."""
    if d.position is not None:
        line = change.after.split("\n")[d.position.line - 1 : d.position.line]
        rows = sorted({row for row, text in change.mentions if line and text in line[0]})
        if rows:
            where = ", ".join(f"row {row}" for row in rows)
            return f"{where}: {d.message}" + (f" - {d.fix}" if d.fix else "")
    return str(d)


def plan_import(sheet: Sheet, stories: Path) -> ImportReport:
    """Everything the import would change, checked; raises NotesError for usage problems."""
    if not stories.is_dir():
        raise NotesError(
            f"there is no story folder at {stories}: give it with --stories, or run the "
            "command in the site folder (the one with mkdocs.yml)"
        )
    report = ImportReport(stories, sheet, problems=list(sheet.problems))
    pages = _read_pages(stories)
    report.originals = {page.name: page.data for page in pages}
    written = _written_themes(pages)
    notes = settle_kinds(sheet.notes, pages, report.problems)
    notes = settle_resolves(settle_theme_ids(notes, report), stories, report)
    given = settle_persona(notes, report)
    by_group = {key(p.group): p for p in reversed(pages) if p.group is not None}
    taken = {p.path.stem for p in pages}
    notes_of: dict[str, tuple[PeopleFile, list[Note]]] = {}
    for note in notes:
        page = by_group.get(key(note.group))
        if page is None:
            assert note.kind is not None
            named = len(given.get(key(note.group), {})) == 2
            page = new_page(stories, note.group, note.kind, pages, taken, sheet.name, named)
            by_group[key(note.group)] = page
            taken.add(page.path.stem)
        notes_of.setdefault(page.name, (page, []))[1].append(note)
    seen: list[SeenTheme] = []
    for page, group_notes in notes_of.values():
        change = apply(page, group_notes, given.get(key(group_notes[0].group), {}), report, seen)
        if change is None:
            continue
        rendered = render(page)
        if isinstance(rendered, str):  # why the file cannot be kept as it is
            report.problems += [RowProblem(row, rendered) for row in sorted(change.rows)]
            if not change.rows:
                report.notice(f"{page.name} is left as it is: {rendered}")
            continue
        change.after, change.content = rendered
        report.changes.append(change)
    tell_shared(report, seen + written)
    report.problems.sort(key=lambda p: p.row)
    if report.changes:
        found = _verify(stories, report.changes)
        changes = {change.name: change for change in report.changes}
        report.refused = [_blame(changes[d.file], d) for d in found if d.severity is Severity.ERROR]
        report.warnings = [d for d in found if d.severity is Severity.WARNING]
    return report


def _current(change: FileChange) -> bytes | None:
    """What is at the file's place now (None: nothing); never opens a named pipe."""
    try:
        # One byte more than the original: enough to tell that it changed.
        return read_regular(change.path, len(change.original))
    except FileNotFoundError:
        return None
    except NotAFile as exc:
        raise NotesError(f"{change.name} is {exc.kind}, not a file; nothing was written") from exc


def write_changes(report: ImportReport) -> None:
    """Replace every changed file, or none: all new texts are on disk before any is swapped in."""
    if report.refused:
        return
    staged: list[Staged] = []
    try:
        for change in report.changes:
            current = _current(change)
            if current != (None if change.new else change.original):
                raise NotesError(f"{change.name} changed while importing; nothing was written")
            change.path.parent.mkdir(parents=True, exist_ok=True)
            staged.append(stage(change.path, change.content))
    except BaseException as exc:
        discard_staged(staged)
        if not isinstance(exc, OSError):
            raise
        # The file being written, not its temporary twin (an OSError's filename).
        raise NotesError(
            f"cannot write {change.path} ({exc.strerror}); nothing was written"
        ) from exc
    replace_staged(staged)
