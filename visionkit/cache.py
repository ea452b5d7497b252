"""The build cache: a folder of finished files, named by the hash of their inputs.

Images and PDFs share it. A job whose files all exist is done: a rebuild with
nothing changed makes nothing at all, and editing one persona remakes only the
files whose inputs changed. Missing files are made in parallel on every core
when there are enough of them to pay for starting worker processes.

The cache is not trusted blindly: its files are published as they are, so
each one's content hash, size and identity are kept in ``manifest.json``
(written atomically) when it is made, and every file is verified before it is
used again. A file that is a link, is missing from the manifest, or whose
content no longer matches (truncated, replaced, edited through a hard link
in ``site/``) is made again, with a note saying so. A warm build checks each
file's size, modification time and inode only; its content is hashed again
only when one of those changed.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import stat
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from visionkit.files import file_digest, write_atomic

#: Called after each job is made with (jobs made so far, jobs to make, the job's key).
Progress = Callable[[int, int, str], None]
MANIFEST = "manifest.json"
#: A temporary file older than this was left by a build that was killed.
STALE_AFTER = 15 * 60


class Job(Protocol):
    """Something that makes files: ``key`` hashes every input of every file in ``names``."""

    @property
    def key(self) -> str: ...

    @property
    def names(self) -> tuple[str, ...]: ...

    def make(self, folder: Path) -> list[str]:
        """Write every file of ``names`` atomically into ``folder``; return notes to log."""
        ...


@dataclass(frozen=True)
class CacheRun:
    made: int
    reused: int
    files: int
    #: Notes for the build log: the jobs' own, and every cached file made again.
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """What a cached file was when it was made."""

    sha256: str
    size: int
    mtime_ns: int
    inode: int
    #: What making it said (WeasyPrint's warnings about a PDF): said again each
    #: time the file is reused, so a strict build fails on it every time, not once.
    notes: list[str] = field(default_factory=list)


def _make(job: Job, folder: Path) -> list[str]:
    return job.make(folder)


def _die_with_parent(parent: int) -> None:
    """A worker ends within a second of its build process ending, however it ended.

    Without this, workers of a build killed with ``kill -9`` went on rendering
    the jobs they had been given for over a minute. ``parent`` is the build's
    process id, given by the build: it may have died before this worker started.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Processes that make files for the build, ending with it however it ends.

    "spawn" starts clean workers: safe beside the threads of `mkdocs serve`.
    """
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._entries: dict[str, Entry] | None = None

    def path(self, name: str) -> Path:
        return self.folder / name

    # The manifest

    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = self._read_manifest()
        return self._entries

    def _read_manifest(self) -> dict[str, Entry]:
        try:
            raw = json.loads(self.path(MANIFEST).read_text(encoding="utf-8"))
            return {name: Entry(**entry) for name, entry in raw.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # none yet, or unreadable: every file is checked against nothing

    def _record(self, made: Sequence[tuple[Job, list[str]]]) -> None:
        """Add the files of the jobs just made, with their notes, to the manifest.

        Merged with what is on disk now, which another build may have added to.
        """
        entries = {**self._read_manifest(), **self.entries}
        for job, notes in made:
            for name in job.names:
                path = self.path(name)
                entries[name] = Entry(file_digest(path), *_identity(path.lstat()), notes)
                notes = []  # once per job
        self._entries = entries
        data = {name: vars(entry) for name, entry in sorted(entries.items())}
        write_atomic(self.path(MANIFEST), json.dumps(data, indent=0).encode())

    # Verifying

    def problem(self, name: str) -> str | None:
        """Why the cached file ``name`` cannot be published as it is; None if it can.

        A file that is simply not there is not a problem: it is made.
        """
        path = self.path(name)
        try:
            info = path.lstat()
        except FileNotFoundError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return "it is a link or a special file, not a file visionkit made"
        entry = self.entries.get(name)
        if entry is None:
            return "visionkit has no record of making it"
        if _identity(info) == (entry.size, entry.mtime_ns, entry.inode):
            return None
        if info.st_size != entry.size:
            return f"it has {info.st_size} bytes where {entry.size} were made"
        if file_digest(path) != entry.sha256:
            return "its content changed after it was made"
        # Same content, touched or copied back: remember its new identity.
        self._entries = {
            **self.entries,
            name: Entry(entry.sha256, *_identity(info), entry.notes),
        }
        return None

    def missing(self, jobs: Sequence[Job]) -> tuple[list[Job], list[str]]:
        """The jobs to (re)make, and a note for each damaged file removed on the way."""
        todo: list[Job] = []
        notes: list[str] = []
        for job in jobs:
            complete = True
            for name in job.names:
                problem = self.problem(name)
                if problem is not None:
                    if name in self.entries:  # ours once: say it was damaged
                        notes.append(f"the cached file {name} was made again: {problem}")
                    self.path(name).unlink(missing_ok=True)
                    complete = False
                elif not self.path(name).is_file():
                    complete = False
            if not complete:
                todo.append(job)
        return todo, notes

    def _remove_stale_temporaries(self) -> None:
        """Half-written files of a build that was killed (see files.write_atomic)."""
        cutoff = time.time() - STALE_AFTER
        for temporary in self.folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if temporary.lstat().st_mtime < cutoff:
                    temporary.unlink()

    def run(
        self,
        jobs: Sequence[Job],
        workers: int | None = None,
        parallel_from: int = 6,
        progress: Progress | None = None,
    ) -> CacheRun:
        """Make every missing job's files.

        ``parallel_from`` is the number of missing jobs below which starting
        worker processes costs more than it saves.
        """
        unique = list({job.key: job for job in jobs}.values())
        if self.folder.is_dir():
            self._remove_stale_temporaries()
        todo, notes = self.missing(unique)
        remade = {job.key for job in todo}
        for job in unique:
            if job.key not in remade:  # reused: what making it said, said again
                notes += [n for name in job.names for n in self.entries[name].notes]
        if todo:
            self.folder.mkdir(parents=True, exist_ok=True)
        workers = workers or os.cpu_count() or 1
        made: list[tuple[Job, list[str]]] = []

        def done(job: Job, job_notes: list[str]) -> None:
            notes.extend(job_notes)
            made.append((job, job_notes))
            if progress is not None:
                progress(len(made), len(todo), job.key)

        try:
            if workers > 1 and len(todo) >= parallel_from:
                with worker_pool(min(workers, len(todo))) as pool:
                    futures = {pool.submit(_make, job, self.folder): job for job in todo}
                    for future in as_completed(futures):
                        done(futures[future], future.result())
            else:
                for job in todo:
                    done(job, job.make(self.folder))
        finally:
            if made:  # what was finished is kept, even when a later job failed
                self._record(made)
        return CacheRun(
            len(todo), len(unique) - len(todo), sum(len(j.names) for j in unique), notes
        )


def _identity(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_size, info.st_mtime_ns, info.st_ino
