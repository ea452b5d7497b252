"""A build that fails at any stage leaves the published site/ exactly as it was."""

from __future__ import annotations

import errno
import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from sites import build_site, copy_example, tree_digest

from visionkit.cache import Cache

#: Each test builds the example site at least twice.
pytestmark = pytest.mark.slow


def _undecodable_png(path: Path) -> None:
    """A PNG whose header and end marker pass every check, with pixel data cut short."""
    buffer = io.BytesIO()
    Image.effect_noise((300, 200), 80).convert("RGB").save(buffer, "PNG")
    data = buffer.getvalue()
    start = data.index(b"IDAT") - 4
    length = struct.unpack(">I", data[start : start + 4])[0]
    short = data[start + 8 : start + 8 + length][: length // 3]
    chunk = struct.pack(">I", len(short)) + b"IDAT" + short
    chunk += struct.pack(">I", zlib.crc32(b"IDAT" + short))
    path.write_bytes(data[:start] + chunk + data[start + 12 + length :])


def story_error(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    amira = folder / "stories/people/amira.yml"
    amira.write_text(amira.read_text().replace("kind: user", "kind: usr"))


def undecodable_picture(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _undecodable_png(folder / "stories/pictures/amira.png")


def pdf_failure(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Cache.run

    def run(self: Cache, jobs: list[object], *args: object, **kwargs: object) -> object:
        if any(getattr(job, "name", "").endswith(".pdf") for job in jobs):
            raise OSError("WeasyPrint could not start")
        return real(self, jobs, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Cache, "run", run)


def disk_full(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up after MkDocs has started writing the new site's pages."""
    import mkdocs.commands.build as build_module

    written = []
    real = build_module.utils.write_file

    def write_file(content: bytes, output_path: str) -> None:
        written.append(output_path)
        if len(written) > 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(content, output_path)

    monkeypatch.setattr(build_module.utils, "write_file", write_file)


def strict_warning(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warning MkDocs only logs while it writes pages: a link to a missing page."""
    (folder / "content/about.md").write_text("# About\n\nSee [the plan](missing.md).\n")


FAILURES: list[Callable[[Path, pytest.MonkeyPatch], None]] = [
    story_error,
    undecodable_picture,
    pdf_failure,
    disk_full,
    strict_warning,
]


@pytest.mark.parametrize("failure", FAILURES, ids=[f.__name__ for f in FAILURES])
def test_a_failed_build_leaves_the_last_good_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Callable[..., None]
) -> None:
    folder = copy_example(tmp_path, pdf=failure is pdf_failure)
    site = build_site(folder)
    before = tree_digest(site)
    assert len(before) > 50
    failure(folder, monkeypatch)
    with pytest.raises((SystemExit, OSError)):
        build_site(folder, strict=True)
    assert tree_digest(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_a_good_build_replaces_the_site_and_removes_what_is_gone(tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    site = build_site(folder)
    (site / "stale.html").write_text("from an older build")
    (folder / "stories/people/practice-nurse.yml").unlink()
    build_site(folder)
    assert not (site / "stale.html").exists()
    assert (site / "stories/amira/index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
