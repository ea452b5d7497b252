"""Compiled templates kept in the build cache: quicker builds, never a wrong or failed one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sites import build_site, copy_example, page

from visionkit.bytecode import FOLDER


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example in English, PDFs off, with its own cache (``.cache/visionkit``)."""
    return copy_example(tmp_path / "example", cache=None)


def compiled(folder: Path) -> list[Path]:
    return sorted((folder / ".cache/visionkit" / FOLDER).iterdir())


@pytest.mark.slow
def test_an_edited_template_shows_at_the_next_build(example: Path) -> None:
    build_site(example)
    assert compiled(example), "the first build keeps its compiled templates"
    main = example / "theme/main.html"
    main.write_text(
        main.read_text() + "{% block announce %}Consultation closes soon{% endblock %}\n"
    )
    site = build_site(example)
    assert "Consultation closes soon" in page(site, "stories/amira")


@pytest.mark.slow
def test_damaged_or_unwritable_compiled_templates_still_build(example: Path) -> None:
    build_site(example)
    for file in compiled(example):  # a disk error, a build killed mid-write
        file.write_bytes(b"not a compiled template")
    site = build_site(example, strict=True)
    assert "Amira" in page(site, "stories/amira")
    folder = example / ".cache/visionkit" / FOLDER
    for file in compiled(example):
        file.unlink()
    folder.rmdir()
    folder.write_text("in the way")  # no folder can be made there: built without keeping any
    site = build_site(example, strict=True)
    assert "Amira" in page(site, "stories/amira")
    assert folder.read_text() == "in the way"
