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

import ctypes
import errno
import logging
import os
import shutil
import stat
import sys
from pathlib import Path


class SiteSwap:
    """A build's own output folder, swapped in for ``target`` on success.

    Crash-safe: on Linux the swap is one atomic exchange of the two folders, so
    ``target`` is never absent; elsewhere it is two renames, and a build killed
    between them leaves the last good site as ``.NAME.old-PID``, which the next
    build's :meth:`prepare` puts back. Folders being deleted are first renamed
    to ``.NAME.trash-PID``, so an ``old`` folder is always complete. Every
    leftover of a killed build is removed by the next one.
    """

    def __init__(self, target: Path, logger: str = "mkdocs") -> None:
        self.target = target
        self.building = self._sibling("building")
        self.logger = logging.getLogger(logger)
        self.warnings = WarningCount()

    def _sibling(self, kind: str, pid: int | None = None) -> Path:
        return self.target.with_name(f".{self.target.name}.{kind}-{pid or os.getpid()}")

    def _leftovers(self, kind: str) -> list[Path]:
        """Folders of ``kind`` left by builds that are no longer running, newest first."""
        found = []
        for path in self.target.parent.glob(f".{self.target.name}.{kind}-*"):
            pid = path.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and _running(int(pid)):
                continue  # another build, still going
            found.append(path)
        return sorted(found, key=lambda p: p.lstat().st_mtime_ns, reverse=True)

    def recover(self) -> None:
        """Put back the last good site if a killed build left none; remove leftovers."""
        olds = self._leftovers("old")
        if not self.target.exists() and olds:
            os.replace(olds.pop(0), self.target)
        for leftover in olds + self._leftovers("building") + self._leftovers("trash"):
            self._delete(leftover)

    def prepare(self) -> Path:
        """A fresh, empty folder on the target's file system (so renames are atomic)."""
        self.recover()
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
        """Put the new site in place of the old one, then drop the old."""
        if self.target.exists() and _exchange(self.building, self.target):
            self._delete(self.building)  # it holds the old site now
            return
        old = self._sibling("old")
        if self.target.exists():
            os.replace(self.target, old)
        try:
            os.replace(self.building, self.target)
        except OSError:
            if old.exists():
                os.replace(old, self.target)  # the last good site goes back
            raise
        self._delete(old)

    def discard(self) -> None:
        """Drop the half-built site: the last good one stays as it was."""
        self.logger.removeHandler(self.warnings)
        self._delete(self.building)

    def _delete(self, folder: Path) -> None:
        trash = self._sibling("trash")
        try:
            os.replace(folder, trash)
        except OSError:
            trash = folder
        shutil.rmtree(trash, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where it cannot."""
    if sys.platform != "linux":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it
        return False
    path, fd = ctypes.c_char_p, ctypes.c_int
    renameat2.argtypes = [fd, path, fd, path, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # the file system cannot
        return False
    raise OSError(error, os.strerror(error), str(b))


def link_or_copy(source: Path, target: Path) -> None:
    """Put a cache file into the site as a hard link, or a copy where links cannot go.

    Cache files are written once under a name made from their content's hash
    and replaced only by renaming a new file over them, never changed in place,
    so the site can share them. A link costs nothing to make and, more to the
    point, nothing to delete when the next build swaps the old site out: on a
    site of a few hundred people, deleting the copied pictures and cards was
    the largest part of what visionkit added to a rebuild.
    """
    if not stat.S_ISREG(source.lstat().st_mode):  # the cache checked it; never a link
        raise OSError(errno.EINVAL, "not a file visionkit made", str(source))
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
