"""A whole story folder, loaded and cross-referenced.

Later stages (pages, pictures, PDFs) read only this object: they never parse
YAML again, and every reference between files (theme -> problem, agenda ->
priority, one theme id in several people files) is already resolved here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from visionkit.diagnostics import Position
from visionkit.model import (
    AgendaItem,
    Indicator,
    LogEntry,
    Person,
    Priorities,
    Priority,
    Problem,
    Reading,
    Report,
    Theme,
    Vision,
)
from visionkit.read.pictures import Picture
from visionkit.read.yamlsource import Node


@dataclass(frozen=True)
class ThemeUse:
    """One people file's cluster for a theme: the group's own phrase and stories."""

    person: Person
    theme: Theme


@dataclass(frozen=True)
class SharedTheme:
    """All clusters with one theme id, across people files, in file order."""

    id: str
    uses: tuple[ThemeUse, ...]

    @cached_property  # asked on every page that shows the theme: each person's page
    def shared(self) -> bool:
        return len({use.person.slug for use in self.uses}) > 1

    @property
    def title(self) -> str:
        return self.uses[0].theme.title

    @property
    def votes(self) -> int | None:
        counted = [use.theme.votes for use in self.uses if use.theme.votes is not None]
        return sum(counted) if counted else None

    @property
    def resolves(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(pid for use in self.uses for pid in use.theme.resolves))


@dataclass(frozen=True)
class IndicatorUse:
    """An indicator that has an id, with the agenda item it measures and its place in
    priorities.yml (``("agenda", 0, "indicators", 1)``), for messages."""

    indicator: Indicator
    item: AgendaItem
    loc: tuple[str | int, ...]

    @property
    def id(self) -> str:
        return self.indicator.id or ""


@dataclass(frozen=True)
class StoryFolder:
    root: Path
    vision: Vision
    people: dict[str, Person]
    priorities: Priorities | None = None
    logs: tuple[LogEntry, ...] = ()
    #: Every picture path that was checked, by the path written in the story files.
    pictures: dict[str, Picture] = field(default_factory=dict)
    #: Source positions of every file, by path relative to ``root``.
    nodes: dict[str, Node] = field(default_factory=dict, repr=False)
    vision_file: str = "vision.yml"
    priorities_file: str | None = None
    #: measures.csv's readings, in the file's order (rows with a problem left out).
    readings: tuple[Reading, ...] = ()
    #: measures.csv as messages name it, when the folder has one.
    measures_file: str | None = None
    #: The progress reports by slug (the file name), drafts included.
    reports: dict[str, Report] = field(default_factory=dict)

    def uses_of(self, path: Path) -> list[tuple[str, Position]]:
        """Where the story files refer to the picture at ``path``: (file, position)."""
        found = [
            (self.vision_file, self.nodes[self.vision_file].find(("partners", i, "logo")))
            for i, partner in enumerate(self.vision.partners)
            if partner.logo
            and self.pictures.get(partner.logo, None) is not None
            and self.pictures[partner.logo].path == path
        ]
        for person in self.people.values():
            picture = self.pictures.get(person.persona.picture or "")
            if picture is not None and picture.path == path:
                found.append((person.file, self.nodes[person.file].find(("persona", "picture"))))
        return found

    def published(self, drafts: bool = False) -> list[Person]:
        """The people pages a site shows, in file-name order."""
        return [p for p in self.people.values() if drafts or not p.is_draft]

    @property
    def problems(self) -> dict[str, Problem]:
        return {problem.id: problem for problem in self.vision.problems}

    def themes(self, people: Iterable[Person] | None = None) -> dict[str, SharedTheme]:
        """Themes by id, each gathering every group's cluster with that id."""
        uses: dict[str, list[ThemeUse]] = {}
        for person in self.people.values() if people is None else people:
            for theme in person.themes:
                uses.setdefault(theme.id, []).append(ThemeUse(person, theme))
        return {tid: SharedTheme(tid, tuple(found)) for tid, found in uses.items()}

    def resolved_by(self, people: Iterable[Person] | None = None) -> dict[str, list[ThemeUse]]:
        """For each problem id, the clusters that say they resolve it (maybe none)."""
        found: dict[str, list[ThemeUse]] = {pid: [] for pid in self.problems}
        for shared in self.themes(people).values():
            for use in shared.uses:
                for pid in use.theme.resolves:
                    found.setdefault(pid, []).append(use)
        return found

    def problems_of(self, person: Person) -> list[Problem]:
        """The problems a page's themes resolve, in the complaints file's order."""
        wanted = {pid for theme in person.themes for pid in theme.resolves}
        return [problem for problem in self.vision.problems if problem.id in wanted]

    @property
    def priority_by_id(self) -> dict[str, Priority]:
        return {p.id: p for p in self.priorities.priorities} if self.priorities else {}

    def agenda(self) -> list[tuple[AgendaItem, Priority]]:
        """The common agenda with each item's priority resolved."""
        by_id = self.priority_by_id
        if self.priorities is None:
            return []
        return [(item, by_id[item.priority]) for item in self.priorities.agenda]

    def log(self) -> list[LogEntry]:
        """The user log, newest first (stable for entries of the same day)."""
        return sorted(self.logs, key=lambda entry: entry.date, reverse=True)

    @cached_property  # asked for every indicator of every report
    def indicators(self) -> dict[str, IndicatorUse]:
        """The indicators that have an id (the ones that can be measured), by id, in
        the agenda's order; of two with one id (an error), the first."""
        found: dict[str, IndicatorUse] = {}
        for a, item in enumerate(self.priorities.agenda if self.priorities else []):
            for i, indicator in enumerate(item.indicators):
                if indicator.id is not None and indicator.id not in found:
                    found[indicator.id] = IndicatorUse(
                        indicator, item, ("agenda", a, "indicators", i)
                    )
        return found

    @cached_property
    def readings_by_indicator(self) -> dict[str, tuple[Reading, ...]]:
        """Each indicator id's readings, oldest first (whether or not the id is known)."""
        found: dict[str, list[Reading]] = {}
        for reading in sorted(self.readings, key=lambda r: r.date):
            found.setdefault(reading.indicator, []).append(reading)
        return {ident: tuple(readings) for ident, readings in found.items()}

    def readings_of(self, indicator: str) -> tuple[Reading, ...]:
        """One indicator's readings, oldest first (none for an id without readings)."""
        return self.readings_by_indicator.get(indicator, ())

    def published_reports(self, drafts: bool = False) -> list[Report]:
        """The reports a site shows, oldest period first: by the period's end, then its
        start, then the slug (so the order never depends on the file system)."""
        return sorted(
            (r for r in self.reports.values() if drafts or not r.is_draft),
            key=lambda r: (r.to, r.from_, r.slug),
        )
