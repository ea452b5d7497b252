"""Shared fixtures: a small valid story folder that each test breaks one way."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

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


__all__ = ["EXAMPLE", "MakeStory", "check", "only", "save_picture", "where"]
