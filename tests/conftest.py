"""Shared fixtures: a small valid story folder that each test breaks one way, and
the sites built once per test run (the example site, the hostile site) that every
test which only reads them shares. A test that changes a site works on a copy.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sites
from browser import browser
from filelock import FileLock
from PIL import Image
from sites import build_site, copy_example, seed_cache

from visionkit import CheckResult, Diagnostic, check

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "stories"

VISION = """\
title: Better Together
service: One front door for housing and health
partners:
  - Northfield Council
  - name: Northfield Health Trust
problems:
  - id: tell-again
    text: I have to tell my story again and again.
confidential:
  participants:
    - Jane Realperson
"""


def person(kind: str, theme: str = "one-door", resolves: str = "tell-again") -> str:
    return f"""\
group: {kind.title()} group
kind: {kind}
persona:
  name: Sam
  role: Someone who uses the service
themes:
  - id: {theme}
    title: One front door
    stories:
      - I can now tell my story once.
    resolves: [{resolves}]
"""


BASE = {
    "vision.yml": VISION,
    "people/resident.yml": person("user"),
    "people/adviser.yml": person("staff"),
    "people/leader.yml": person("decision-maker"),
}

MakeStory = Callable[..., Path]
#: The machine's, before a worker sees its share (below).
CPU_COUNT = os.cpu_count


@pytest.fixture(scope="session", autouse=True)
def _shared_cache_in_basetemp(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The example builds' shared image cache lives in this run's temporary folder."""
    sites.use_tmp_path_factory(tmp_path_factory)


@pytest.fixture(scope="session", autouse=True)
def _a_workers_share_of_the_cores() -> Iterator[None]:
    """Under pytest-xdist, each worker sees its share of the machine's cores.

    Two workers on two cores keep both busy already: a build that started a pool of
    a process per core (visionkit.cache) would run four on two, and pay for each
    pool process's start (importing WeasyPrint) for nothing, about a tenth of the
    run. Pools are still tested: test_images runs one of two processes, the sites
    every test reads are built with every core (``built_once``), and a build in a
    subprocess (test_machine, test_serve) sees every core.
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    share = max(1, (os.cpu_count() or 1) // workers)
    with pytest.MonkeyPatch.context() as patch:
        if workers > 1:
            patch.setattr(os, "cpu_count", lambda: share)
        yield


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built once per run exactly as ``make site`` builds it.

    mkdocs.yml unchanged (the plugin's default options: PDFs on, its own fresh
    ``.cache/visionkit``) and ``--strict``. Returns the built ``site/``; its
    folder (``example_site.parent``) holds mkdocs.yml, stories/ and the cache.
    Read it, never change it: a test that rebuilds or edits takes
    ``example_copy``.
    """
    site = built_once(
        tmp_path_factory,
        "example",
        lambda folder: build_site(
            copy_example(folder, cache=None, pdf=None, bilingual=True), strict=True
        ),
    )
    # Copies of the example built later in this process (copy_example's shared cache)
    # find its images and PDFs made, unless they have made their own already.
    seed_cache(sites.shared_cache(), site)
    return site


@pytest.fixture
def example_copy(example_site: Path, tmp_path: Path) -> Path:
    """The shared example folder copied with its cache and without its site/.

    A build of it takes every image and PDF from the copied cache: a build as
    a second build after ``example_site``'s, in a folder the test may change.
    """
    folder = example_site.parent
    target = tmp_path / "example"
    shutil.copytree(folder, target, ignore=lambda d, names: ["site"] if d == str(folder) else [])
    return target


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose every text field holds script payloads (see test_hostile.py), built once."""
    from test_hostile import hostile_folder

    return built_once(tmp_path_factory, "hostile", lambda f: build_site(hostile_folder(f)))


def built_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """A site that tests only read, built once per run by ``make(folder)``.

    Under pytest-xdist (``make test`` runs two workers) every worker is a process
    with its own session fixtures, and each would build the same site again: for
    the example, seconds of PDFs for the same bytes. The first worker to need it
    builds it in the run's shared temporary folder under a lock; the others wait
    and read that one.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return make(factory.mktemp(name))
    shared = factory.getbasetemp().parent
    with FileLock(shared / f"{name}.lock"):
        built = shared / f"{name}.built"
        if built.is_file():
            return Path(built.read_text(encoding="utf-8"))
        folder = shared / name
        shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed left
        with pytest.MonkeyPatch.context() as patch:  # the others may be waiting: every core
            patch.setattr(os, "cpu_count", CPU_COUNT)
            site = make(folder)
        built.write_text(str(site), encoding="utf-8")
        return site


@pytest.fixture
def make_story(tmp_path: Path) -> MakeStory:
    """Write the base folder with some files replaced (None removes a file)."""

    def make(files: dict[str, str | bytes | None] | None = None, **kwargs: str) -> Path:
        root = tmp_path / "stories"
        merged: dict[str, str | bytes | None] = {**BASE, **(files or {})}
        for name, content in merged.items():
            if content is None:
                continue
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return make


def save_picture(path: Path, fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 120, 80)).save(path, fmt)
    return path


def only(result: CheckResult, code: str) -> Diagnostic:
    """The single finding with ``code``; fails loudly listing everything found."""
    found = [d for d in result.diagnostics if d.code.value == code]
    assert len(found) == 1, "\n".join(map(str, result.diagnostics))
    return found[0]


def where(d: Diagnostic) -> tuple[str, int, int]:
    assert d.position is not None, str(d)
    return d.file, d.position.line, d.position.column


# One Chromium for the whole run: a fixture imported into several test modules
# would be one session fixture per module, and a second Playwright cannot start
# while the first one's event loop is still open.
__all__ = ["EXAMPLE", "MakeStory", "browser", "check", "only", "save_picture", "where"]
