"""Shared fixtures: a small valid story folder that each test breaks one way, and
the sites built once per test run (the example site, the hostile site) that every
test which only reads them shares. A test that changes a site works on a copy.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import sites
from browser import browser
from PIL import Image
from sites import build_site, copy_example

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


@pytest.fixture(scope="session", autouse=True)
def _shared_cache_in_basetemp(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The example builds' shared image cache lives in this run's temporary folder."""
    sites.use_tmp_path_factory(tmp_path_factory)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built once per run exactly as ``make site`` builds it.

    mkdocs.yml unchanged (the plugin's default options: PDFs on, its own fresh
    ``.cache/visionkit``) and ``--strict``. Returns the built ``site/``; its
    folder (``example_site.parent``) holds mkdocs.yml, stories/ and the cache.
    Read it, never change it: a test that rebuilds or edits takes
    ``example_copy``.
    """
    folder = copy_example(tmp_path_factory.mktemp("example"), cache=None, pdf=None, bilingual=True)
    return build_site(folder, strict=True)


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

    return build_site(hostile_folder(tmp_path_factory.mktemp("hostile")))


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
