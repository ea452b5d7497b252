"""Compiled page templates kept between builds, in the build cache.

Each build is a new process, and Jinja compiles every template it renders
(Material's and visionkit's) to Python again: about a quarter of a warm build
of the example site. Jinja keeps the compiled code in a file per template,
checked against the template's source, so an edited template is compiled
afresh. The cache only saves time: a file it cannot read or write (a full
disk, a read-only folder) is compiled as if there were no cache, never a
failed build. Compiled templates are code that runs: the cache folder must be
as trusted as the installed packages (it is the site's own, out of git; never
share it between builds of branches you do not trust).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

#: Inside the build cache, apart from the made files the cache's manifest lists.
FOLDER = "templates"


class _Forgiving(FileSystemBytecodeCache):
    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (pickle, marshal): compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a full disk, a read-only folder
            super().dump_bytecode(bucket)


def keep_compiled(env: Environment, cache: Path | None = None) -> Environment:
    """``env`` keeping its compiled templates in ``cache``'s template folder.

    Without ``cache``, in the cache of the build this process runs (``use``),
    if there is one.
    """
    cache = cache or _Current.cache
    if cache is None:
        return env
    folder = cache / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return env
    env.bytecode_cache = _Forgiving(str(folder))
    return env


class _Current:
    cache: Path | None = None


def use(cache: Path) -> None:
    """Templates compiled in this process from now on are kept in ``cache``.

    For the core's own small environments (the charts'), created where no
    build options reach; a build says where its cache is before drawing them.
    """
    _Current.cache = cache
