"""The build cache: a folder of finished files, named by the hash of their inputs.

Images and PDFs share it. A job whose files all exist is done: a rebuild with
nothing changed makes nothing at all, and editing one persona remakes only the
files whose inputs changed. Missing files are made in parallel on every core
when there are enough of them to pay for starting worker processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

#: Called after each job is made with (jobs made so far, jobs to make, the job's key).
Progress = Callable[[int, int, str], None]


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
    notes: list[str] = field(default_factory=list)


def _make(job: Job, folder: Path) -> list[str]:
    return job.make(folder)


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / name

    def missing(self, jobs: Sequence[Job]) -> list[Job]:
        return [job for job in jobs if not all(self.path(n).is_file() for n in job.names)]

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
        todo = self.missing(unique)
        if todo:
            self.folder.mkdir(parents=True, exist_ok=True)
        workers = workers or os.cpu_count() or 1
        notes: list[str] = []
        made: list[str] = []

        def done(job: Job, job_notes: list[str]) -> None:
            notes.extend(job_notes)
            made.append(job.key)
            if progress is not None:
                progress(len(made), len(todo), job.key)

        if workers > 1 and len(todo) >= parallel_from:
            # "spawn" starts clean workers: safe beside the threads of `mkdocs serve`.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(min(workers, len(todo)), mp_context=context) as pool:
                futures = {pool.submit(_make, job, self.folder): job for job in todo}
                for future in as_completed(futures):
                    done(futures[future], future.result())
        else:
            for job in todo:
                done(job, job.make(self.folder))
        return CacheRun(
            len(todo), len(unique) - len(todo), sum(len(j.names) for j in unique), notes
        )
