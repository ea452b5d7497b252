"""Building into a fresh folder and swapping it in only when the build succeeded.

MkDocs empties ``site/`` before it writes the new site, so a build that fails
half-way (a template error, a full disk, a warning under ``--strict``) would
leave a broken or empty site where the last good one was. visionkit has the
site engine build into a hidden folder beside ``site/`` instead, and replaces
``site/`` with it only at the very end: on any failure the previous site stays
exactly as it was and the half-built folder is removed. A ``--strict`` build
fails on any warning, which MkDocs counts only after the plugins' last event:
the swap counts them itself, so it never swaps in a site MkDocs then rejects.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path


class SiteSwap:
    """A build's own output folder, swapped in for ``target`` on success."""

    def __init__(self, target: Path, logger: str = "mkdocs") -> None:
        self.target = target
        self.building = target.with_name(f".{target.name}.building-{os.getpid()}")
        self.logger = logging.getLogger(logger)
        self.warnings = WarningCount()

    def prepare(self) -> Path:
        """A fresh, empty folder on the target's file system (so renames are atomic)."""
        for stale in self.target.parent.glob(f".{self.target.name}.building-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
        self.building.mkdir(parents=True)
        self.logger.addHandler(self.warnings)
        return self.building

    def finish(self, strict: bool) -> None:
        """Swap the new site in, unless a strict build logged a warning (it fails next)."""
        if strict and self.warnings.count:
            self.discard()
        else:
            self.logger.removeHandler(self.warnings)
            self.commit()

    def commit(self) -> None:
        """Put the new site in place of the old one with two renames, then drop the old."""
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.building, self.target)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Drop the half-built site: the last good one stays as it was."""
        self.logger.removeHandler(self.warnings)
        shutil.rmtree(self.building, ignore_errors=True)


def link_or_copy(source: Path, target: Path) -> None:
    """Put a cache file into the site as a hard link, or a copy where links cannot go.

    Cache files are written once under a name made from their content's hash
    and replaced only by renaming a new file over them, never changed in place,
    so the site can share them. A link costs nothing to make and, more to the
    point, nothing to delete when the next build swaps the old site out: on a
    site of a few hundred people, deleting the copied pictures and cards was
    the largest part of what visionkit added to a rebuild.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


class WarningCount(logging.Handler):
    """Counts warnings, as MkDocs does to abort a --strict build, so the swap can too."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
