"""Importing workshop notes into people files without touching what is written.

People files are edited by hand between workshops: comments, quoting and the
order of keys are the workgroup's own, and a tool that rewrote them would not be
trusted twice. So every existing file is edited with ruamel.yaml's round-trip
mode in its own indentation, and the result is accepted only if every old line
is still there, byte for byte and in order (see :mod:`visionkit.authoring.yamledit`).
Nothing is half-written either: every file's new text is computed and checked
with visionkit's own checker on a copy of the story folder first, and only
when no new error appears are the files replaced, each atomically.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from visionkit.authoring.notes import SLUG_LIMIT, Note, NotesError, RowProblem, Sheet, one_line
from visionkit.authoring.yamledit import PeopleFile, add_last, new_page, read_page, render
from visionkit.check.run import check
from visionkit.diagnostics import Diagnostic, Severity, excerpt
from visionkit.fields import KINDS
from visionkit.files import NotAFile, Staged, discard_staged, read_regular, replace_staged, stage
from visionkit.read.loader import PEOPLE_DIR, SUFFIXES
from visionkit.slugs import slugify

LIST_KEYS = {False: "notes", True: "stories"}


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _key(text: object) -> str:
    """How group names and theme phrases are compared: case and spacing ignored."""
    return " ".join(str(text).split()).casefold()


@dataclass
class ThemeChange:
    title: str
    new: bool
    notes: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    votes: int | None = None  # set when the import writes the theme's votes

    def counts(self) -> str:
        parts = [_plural(len(self.notes), "post-it")] if self.notes else []
        parts += [_plural(len(self.stories), "mini-story", "mini-stories")] if self.stories else []
        return ", ".join(parts + ([_plural(self.votes, "vote")] if self.votes is not None else []))

    def describe(self) -> str:
        if self.new:
            return f"a new theme '{excerpt(self.title)}' ({self.counts() or 'empty'})"
        added = [
            _plural(len(items), word, words)
            for items, word, words in (
                (self.notes, "post-it", None),
                (self.stories, "mini-story", "mini-stories"),
            )
            if items
        ]
        votes = [f"its votes ({self.votes})"] if self.votes is not None else []
        return f"{_join(added + votes)} to '{excerpt(self.title)}'"


@dataclass
class FileChange:
    """What the import does to one people file; ``content`` is what would be written."""

    name: str  # relative to the story folder, e.g. people/residents.yml
    path: Path
    new: bool
    before: str  # the text as it is ("" for a new file)
    after: str = ""
    content: bytes = b""
    original: bytes = b""
    themes: list[ThemeChange] = field(default_factory=list)
    sources: list[tuple[int, str]] = field(default_factory=list)  # (row, text) added
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (row, any text it gave)

    @property
    def rows(self) -> set[int]:
        return {row for row, _ in self.sources}

    def describe(self, dry_run: bool = False) -> str:
        if self.new:
            notes = sum(len(t.notes) for t in self.themes)
            stories = sum(len(t.stories) for t in self.themes)
            parts = [_plural(len(self.themes), "theme")]
            parts += [_plural(notes, "post-it")] if notes else []
            parts += [_plural(stories, "mini-story", "mini-stories")] if stories else []
            return f"{self.name} (new): {'would add ' if dry_run else ''}{', '.join(parts)}"
        verb = "would add" if dry_run else "added"
        return f"{self.name}: {verb} {'; '.join(t.describe() for t in self.themes)}"


@dataclass
class ImportReport:
    """The outcome of one import: per file what is added, and the rows not used."""

    stories: Path
    sheet: Sheet
    changes: list[FileChange] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    already: int = 0  # rows whose text was already there
    refused: list[str] = field(default_factory=list)  # why nothing can be written
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return len({row for change in self.changes for row in change.rows})

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.refused)

    def lines(self, dry_run: bool = False) -> list[str]:
        out = [change.describe(dry_run) for change in self.changes] + self.notices
        if self.sheet.ignored_columns:
            out.append(f"Columns not used: {', '.join(self.sheet.ignored_columns)}")
        if self.problems:
            out += ["", "Rows that could not be used:"] + [f"  {p}" for p in self.problems]
        if self.refused:
            out += ["", "The story files would then have these errors:"]
            out += [f"  {line}" for line in self.refused]
        elif self.warnings:
            out += ["", "visionkit check will then warn (the method asks for more):"]
            out += [f"  {d}" for d in self.warnings]
        return [*out, "", self.summary(dry_run)]

    def summary(self, dry_run: bool = False) -> str:
        if self.refused:
            return (
                "Nothing was written. Fix these rows in the spreadsheet (or the story files) "
                "and import again."
            )
        total = self.sheet.rows
        if not total:
            return f"{self.sheet.name} has no rows under its first row: nothing to add."
        if not self.changes:
            usable = total - len(self.problems)
            text = (
                f"Nothing new to add: {'the' if usable == 1 else 'all'} "
                f"{_plural(usable, 'usable row')} {'is' if usable == 1 else 'are'} already in "
                "the story files."
                if usable
                else "Nothing was added."
            )
        else:
            text = (
                f"{'Would import' if dry_run else 'Imported'} {self.imported} of "
                f"{_plural(total, 'row')} into {_plural(len(self.changes), 'file')}."
            )
            if self.already:
                text += f" {_plural(self.already, 'row')} added nothing new (already there)."
        if self.problems:
            text += (
                f" {_plural(len(self.problems), 'row')} could not be used: fix "
                f"{'it' if len(self.problems) == 1 else 'them'} in the spreadsheet and import "
                "it again (rows already imported are not added twice)."
            )
        new = [c.name for c in self.changes if c.new]
        if new:
            text += (
                f" Next, in {_join(new)}: name the persona and say what they do, as the "
                "group did, and add their drawing."
            )
        return ("Dry run: nothing was written. " if dry_run else "") + text


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


def _settle_kinds(
    notes: list[Note], pages: list[PeopleFile], problems: list[RowProblem]
) -> list[Note]:
    """Give every row its group's kind; a row that contradicts it cannot be used."""
    known: dict[str, tuple[str, str]] = {}
    for page in pages:
        if page.group is not None and page.kind in KINDS:
            known.setdefault(_key(page.group), (page.kind, page.name))
    for note in notes:
        if note.kind is not None:
            known.setdefault(_key(note.group), (note.kind, f"row {note.row}"))
    settled: list[Note] = []
    for note in notes:
        kind, where = known.get(_key(note.group), (None, ""))
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


def _find_theme(themes: list[object], phrase: str) -> CommentedMap | None:
    slug = slugify(phrase, SLUG_LIMIT)
    for theme in themes:
        if isinstance(theme, CommentedMap) and (
            (slug and str(theme.get("id", "")) == slug)
            or _key(theme.get("title", "")) == _key(phrase)
        ):
            return theme
    return None


def _new_theme(themes: CommentedSeq, notes: list[Note]) -> ThemeChange:
    taken = {str(t.get("id")) for t in themes if isinstance(t, CommentedMap)}
    base = slugify(notes[0].theme, SLUG_LIMIT) or "theme"
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    change = ThemeChange(notes[0].theme, new=True)
    theme = CommentedMap([("id", ident), ("title", notes[0].theme)])
    for is_story, key in LIST_KEYS.items():
        texts = list(dict.fromkeys(n.text for n in notes if n.is_story == is_story))
        if texts:
            theme[key] = CommentedSeq(texts)
            getattr(change, key).extend(texts)
    votes = [n.votes for n in notes if n.votes is not None]
    if votes:
        theme["votes"] = change.votes = sum(votes)
    add_last(themes, theme)
    return change


def _list_of(theme: CommentedMap, key: str) -> CommentedSeq | None:
    """The theme's notes or stories list, made (in the contract's key order) if missing."""
    items = theme.get(key)
    if items is None:
        items = CommentedSeq()
        keys = list(theme.keys())
        after = ("id", "title", "notes") if key == "stories" else ("id", "title")
        spot = max((keys.index(k) + 1 for k in after if k in keys), default=len(keys))
        if key in theme:
            theme[key] = items
        elif spot == len(keys):
            add_last(theme, items, key)
        else:
            theme.insert(spot, key, items)
    return items if isinstance(items, CommentedSeq) else None


def _add_to_theme(
    page: PeopleFile, theme: CommentedMap, notes: list[Note], report: ImportReport
) -> ThemeChange | None:
    title = excerpt(str(theme.get("title") or theme.get("id")))  # as messages show it
    change = ThemeChange(str(theme.get("title") or theme.get("id")), new=False)
    for note in notes:
        key = LIST_KEYS[note.is_story]
        items = _list_of(theme, key)
        if items is None:
            report.problems.append(
                RowProblem(
                    note.row,
                    f"in {page.name} the {key} of '{title}' are not a list, so nothing can be "
                    "added - fix the file first (visionkit check says where)",
                )
            )
        elif note.text in (one_line(str(item)) for item in items):
            report.already += 1
        else:
            add_last(items, note.text)
            getattr(change, key).append(note.text)
    votes = [n.votes for n in notes if n.votes is not None]
    if votes and "votes" not in theme:
        add_last(theme, sum(votes), "votes")
        change.votes = sum(votes)
    elif votes and str(theme["votes"]) != str(sum(votes)):
        report.notices.append(
            f"{page.name}: '{title}' keeps its votes ({excerpt(str(theme['votes']))}); the "
            "spreadsheet's "
            f"add up to {sum(votes)}"
        )
    return change if change.notes or change.stories or change.votes is not None else None


def _apply(page: PeopleFile, notes: list[Note], report: ImportReport) -> FileChange | None:
    if "themes" not in page.data:
        add_last(page.data, CommentedSeq(), "themes")
    themes = page.data["themes"]
    if not isinstance(themes, CommentedSeq):
        report.problems += [
            RowProblem(n.row, f"{page.name} has no list of themes to add to - fix it first")
            for n in notes
        ]
        return None
    buckets: dict[object, tuple[CommentedMap | None, list[Note]]] = {}
    for note in notes:
        theme = _find_theme(themes, note.theme)
        slug = slugify(note.theme, SLUG_LIMIT)
        key = id(theme) if theme is not None else slug or _key(note.theme)
        buckets.setdefault(key, (theme, []))[1].append(note)
    change = FileChange(page.name, page.path, page.new, page.before, original=page.raw)
    for theme, bucket in buckets.values():
        if theme is None:
            found: ThemeChange | None = _new_theme(themes, bucket)
            assert found is not None
            report.already += len(bucket) - len(found.notes) - len(found.stories)
        else:
            found = _add_to_theme(page, theme, bucket, report)
        if found is not None:
            change.themes.append(found)
            added = {*found.notes, *found.stories}
            change.sources += [(n.row, n.text) for n in bucket if n.text in added]
            change.mentions += [(n.row, s) for n in bucket for s in (n.group, n.theme, n.text)]
    return change if change.themes else None


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
    by_group = {_key(p.group): p for p in reversed(pages) if p.group is not None}
    taken = {p.path.stem for p in pages}
    notes_of: dict[str, tuple[PeopleFile, list[Note]]] = {}
    for note in _settle_kinds(sheet.notes, pages, report.problems):
        page = by_group.get(_key(note.group))
        if page is None:
            assert note.kind is not None
            page = new_page(stories, note.group, note.kind, pages, taken, sheet.name)
            by_group[_key(note.group)] = page
            taken.add(page.path.stem)
        notes_of.setdefault(page.name, (page, []))[1].append(note)
    for page, notes in notes_of.values():
        change = _apply(page, notes, report)
        if change is None:
            continue
        rendered = render(page)
        if isinstance(rendered, str):  # why the file cannot be kept as it is
            report.problems += [RowProblem(row, rendered) for row in sorted(change.rows)]
            if not change.rows:
                report.notices.append(f"{page.name}: the votes are not written: {rendered}")
            continue
        change.after, change.content = rendered
        report.changes.append(change)
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
