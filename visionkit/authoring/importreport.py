"""What ``visionkit import`` tells the note-taker: per file what it adds, what to look at.

The report is read by someone who has just typed up a workshop: each line is
plain English, quotes cells as short escaped excerpts, and names where to look,
as a spreadsheet row or as FILE:LINE. Lines of a people file are named as they
are after the import (for a dry run, as they would be: the diff shows them),
so a place is kept as its path of keys and turned into a line number only when
the report is printed, once the file's new text is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from visionkit.authoring.notes import RowProblem, Sheet
from visionkit.authoring.yamledit import line_of, reread
from visionkit.diagnostics import Diagnostic, excerpt


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class At:
    """A place in a people file by its path of keys, e.g. ("themes", 0, "votes")."""

    file: str
    path: tuple[str | int, ...]


@dataclass(frozen=True)
class Notice:
    """Something the import left for the workgroup to do or to check, told in parts
    (text, and places that become FILE:LINE when printed)."""

    parts: tuple[str | At, ...]
    row: int | None = None  # the spreadsheet row it is about, if one


@dataclass
class ThemeChange:
    title: str
    new: bool
    notes: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    votes: int | None = None  # set when the import writes the theme's votes
    resolves: list[str] = field(default_factory=list)  # problem ids added to it

    @property
    def adds(self) -> bool:
        return bool(self.new or self.notes or self.stories or self.votes is not None)

    def counts(self) -> str:
        parts = [plural(len(self.notes), "post-it")] if self.notes else []
        parts += [plural(len(self.stories), "mini-story", "mini-stories")] if self.stories else []
        parts += [plural(self.votes, "vote")] if self.votes is not None else []
        text = ", ".join(parts)
        if self.resolves:
            text += ("; " if text else "") + f"resolves {', '.join(self.resolves)}"
        return text

    def describe(self) -> str:
        if self.new:
            return f"a new theme '{excerpt(self.title)}' ({self.counts() or 'empty'})"
        added = [
            plural(len(items), word, words)
            for items, word, words in (
                (self.notes, "post-it", None),
                (self.stories, "mini-story", "mini-stories"),
            )
            if items
        ]
        votes = [f"its votes ({self.votes})"] if self.votes is not None else []
        return f"{join(added + votes)} to '{excerpt(self.title)}'"


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
    persona: dict[str, str] = field(default_factory=dict)  # "name"/"role" -> what is written
    sources: list[tuple[int, str]] = field(default_factory=list)  # (row, text) added
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (row, any text it gave)

    @property
    def rows(self) -> set[int]:
        return {row for row, _ in self.sources}

    def _persona(self, dry_run: bool) -> str:
        name, role = self.persona.get("name"), self.persona.get("role")
        shown = ", ".join(f"'{excerpt(value)}'" for value in (name, role) if value)
        verb = "would be" if dry_run else "is" if self.new else "is now"
        subject = "the persona" if name else "the persona's role"
        return f"{subject} {verb} {shown}"

    def describe(self, dry_run: bool = False) -> str:
        if self.new:
            notes = sum(len(t.notes) for t in self.themes)
            stories = sum(len(t.stories) for t in self.themes)
            parts = [plural(len(self.themes), "theme")]
            parts += [plural(notes, "post-it")] if notes else []
            parts += [plural(stories, "mini-story", "mini-stories")] if stories else []
            text = f"{self.name} (new): {'would add ' if dry_run else ''}{', '.join(parts)}"
            return text + (f"; {self._persona(dry_run)}" if self.persona else "")
        said = []
        added = [t.describe() for t in self.themes if t.adds]
        if added:
            said.append(f"{'would add' if dry_run else 'added'} {'; '.join(added)}")
        verb = "would also resolve" if dry_run else "now also resolves"
        said += [
            f"'{excerpt(t.title)}' {verb} {', '.join(t.resolves)}"
            for t in self.themes
            if t.resolves and not t.new
        ]
        if self.persona:
            said.append(self._persona(dry_run))
        return f"{self.name}: {'; '.join(said)}"


@dataclass
class ImportReport:
    """The outcome of one import: per file what is added, and the rows not used."""

    stories: Path
    sheet: Sheet
    changes: list[FileChange] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why nothing can be written
    warnings: list[Diagnostic] = field(default_factory=list)
    #: Each people file as read: where a place's line is in a file left as it was.
    originals: dict[str, CommentedMap] = field(default_factory=dict)
    #: Each changed file's new text read again, when a notice first names a line in it.
    _finals: dict[str, CommentedMap | None] = field(default_factory=dict, repr=False)

    @property
    def imported(self) -> int:
        return len({row for change in self.changes for row in change.rows})

    @property
    def already(self) -> int:
        """Rows that were usable but added nothing: what they say is already there."""
        rows = {note.row for note in self.sheet.notes} - {p.row for p in self.problems}
        return len(rows - {row for change in self.changes for row in change.rows})

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.refused)

    def notice(self, *parts: str | At, row: int | None = None) -> None:
        self.notices.append(Notice(parts, row))

    def where(self, at: At) -> str:
        """FILE:LINE of a place, as the file is after the import (FILE alone if unknown)."""
        doc = None
        change = next((c for c in self.changes if c.name == at.file), None)
        if change is not None and not self.refused:
            if at.file not in self._finals:
                self._finals[at.file] = reread(change.after)
            doc = self._finals[at.file]
        line = line_of(doc if doc is not None else self.originals.get(at.file), at.path)
        return f"{at.file}:{line}" if line else at.file

    def told(self, notice: Notice) -> str:
        text = "".join(self.where(p) if isinstance(p, At) else p for p in notice.parts)
        return f"row {notice.row}: {text}" if notice.row is not None else text

    def lines(self, dry_run: bool = False) -> list[str]:
        out = [change.describe(dry_run) for change in self.changes]
        if self.sheet.ignored_columns:
            out.append(f"Columns not used: {', '.join(self.sheet.ignored_columns)}")
        if self.notices:
            out += ["", "To look at (nothing was changed for these):"]
            # Rows in the order of the spreadsheet, then what is about the files.
            ordered = sorted(self.notices, key=lambda n: (n.row is None, n.row or 0))
            out += [f"  {self.told(n)}" for n in ordered]
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
            usable = total - len({p.row for p in self.problems})
            text = (
                f"Nothing new to add: {'the' if usable == 1 else 'all'} "
                f"{plural(usable, 'usable row')} {'is' if usable == 1 else 'are'} already in "
                "the story files."
                if usable
                else "Nothing was added."
            )
        else:
            text = (
                f"{'Would import' if dry_run else 'Imported'} {self.imported} of "
                f"{plural(total, 'row')} into {plural(len(self.changes), 'file')}."
            )
            if self.already:
                text += f" {plural(self.already, 'row')} added nothing new (already there)."
        if self.problems:
            rows = len({p.row for p in self.problems})
            text += (
                f" {plural(rows, 'row')} could not be used: fix "
                f"{'it' if rows == 1 else 'them'} in the spreadsheet and import "
                "it again (rows already imported are not added twice)."
            )
        unnamed = [c.name for c in self.changes if c.new and len(c.persona) < 2]
        named = [c.name for c in self.changes if c.new and len(c.persona) == 2]
        if unnamed:
            text += (
                f" Next, in {join(unnamed)}: name the persona and say what they do, as the "
                "group did, and add their drawing."
            )
        if named:
            text += f" Next, in {join(named)}: add the persona's drawing."
        return ("Dry run: nothing was written. " if dry_run else "") + text
