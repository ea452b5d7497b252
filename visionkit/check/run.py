"""One check run over a story folder: load, cross-check and lint, in one list.

This is what ``visionkit check`` and the site plugin both call, so the command
line and ``mkdocs build`` can never disagree about a story folder.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from visionkit.check.leftovers import leftovers, site_leftovers
from visionkit.check.lengths import long_texts
from visionkit.check.lint import lint
from visionkit.check.measured import measured
from visionkit.check.translations import translations
from visionkit.diagnostics import Diagnostic, Severity
from visionkit.read.catalogue import catalogue_files
from visionkit.read.folder import StoryFolder
from visionkit.read.loader import LoadResult, load
from visionkit.read.locate import SiteSettings
from visionkit.read.pictures import PictureLimits
from visionkit.read.yamlsource import Limits


@dataclass(frozen=True)
class CheckResult:
    root: Path
    folder: StoryFolder | None
    diagnostics: tuple[Diagnostic, ...]
    files: tuple[str, ...]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return (
            f"{count(len(self.errors), 'error')}, {count(len(self.warnings), 'warning')} "
            f"in {count(len(self.files), 'file')}"
        )


def _unread(loaded: LoadResult, folder: StoryFolder) -> set[str]:
    """The files with an error that the folder does not hold whole: references into them
    cannot be checked (measures.csv with a row left out is one)."""
    held = {p.file for p in folder.people.values()} | {r.file for r in folder.reports.values()}
    if folder.priorities is not None and folder.priorities_file is not None:
        held.add(folder.priorities_file)
    return {d.file for d in loaded.diagnostics if d.severity is Severity.ERROR} - held


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while reading the folder.

    Reading makes a great many small objects that all live on (values,
    positions, models) and no reference cycles, so the collector's runs in the
    middle of it find nothing, yet each walks everything made so far: a
    quarter of the time of checking 1000 people files. Reference counting still
    frees what is dropped; collection resumes as it was afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(
    root: Path,
    limits: Limits | None = None,
    picture_limits: PictureLimits | None = None,
    site: SiteSettings | None = None,
) -> CheckResult:
    """Every finding about the story folder ``root`` and, given ``site``, about the
    site around it that only a new folder gets wrong (its home page, its address)."""
    with _collector_paused():
        loaded = load(root, limits, picture_limits)
        found = list(loaded.diagnostics)
        if loaded.folder is not None:
            found += lint(loaded.folder, complete=loaded.complete)
            found += long_texts(loaded.folder, (limits or Limits()).max_bytes)
            found += leftovers(loaded.folder)
            found += measured(loaded.folder, _unread(loaded, loaded.folder))
            found += translations(loaded.folder)
        if site is not None:
            found += site_leftovers(root, site)
    found.sort(key=Diagnostic.sort_key)
    catalogues = [p.relative_to(root).as_posix() for p in catalogue_files(root)]
    return CheckResult(root, loaded.folder, tuple(found), (*loaded.files, *catalogues))
