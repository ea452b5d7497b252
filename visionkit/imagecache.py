"""The image cache: a folder of finished images, named by the hash of their inputs.

A job whose files all exist is done: a rebuild with nothing changed makes no
image at all, and editing one persona remakes only the images whose inputs
changed. Missing images are made in parallel on every core when there are
enough of them to pay for starting worker processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .images import Job, render

#: Below this many missing jobs, starting worker processes costs more than it saves.
PARALLEL_FROM = 6


@dataclass(frozen=True)
class CacheRun:
    made: int
    reused: int
    files: int


class ImageCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / name

    def missing(self, jobs: Sequence[Job]) -> list[Job]:
        return [job for job in jobs if not all(self.path(n).is_file() for n in job.names)]

    def run(self, jobs: Sequence[Job], workers: int | None = None) -> CacheRun:
        """Make every missing image; return how many jobs were made and reused."""
        unique = list({job.key: job for job in jobs}.values())
        todo = self.missing(unique)
        if todo:
            self.folder.mkdir(parents=True, exist_ok=True)
        workers = workers or os.cpu_count() or 1
        if workers > 1 and len(todo) >= PARALLEL_FROM:
            # "spawn" starts clean workers: safe beside the threads of `mkdocs serve`.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(min(workers, len(todo)), mp_context=context) as pool:
                for future in [pool.submit(render, job, self.folder) for job in todo]:
                    future.result()
        else:
            for job in todo:
                render(job, self.folder)
        return CacheRun(len(todo), len(unique) - len(todo), sum(len(j.names) for j in unique))
