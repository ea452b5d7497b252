"""The public API: what a script or another site engine calls, without MkDocs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sites import shared_cache

import visionkit
from visionkit import (
    Options,
    StoryPage,
    VisionPage,
    build_pages,
    check,
    labels_for,
    load,
    prepare,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_public_names_are_all_there() -> None:
    for name in visionkit.__all__:
        assert getattr(visionkit, name) is not None, name
    with pytest.raises(AttributeError):
        visionkit.no_such_name  # noqa: B018


def test_a_script_checks_a_folder_and_reads_its_pages() -> None:
    result = check(ROOT / "stories")
    assert not result.failed(strict=True), result.summary()
    assert result.folder is not None
    pages = build_pages(result.folder)
    assert isinstance(pages[0], VisionPage)
    assert pages[0].src == "vision.md"
    stories = [page for page in pages if isinstance(page, StoryPage)]
    assert [page.src for page in stories] == [
        "stories/amira.md",
        "stories/bethan.md",
        "stories/dylan.md",
        "stories/employers.md",
    ]
    amira = stories[0]
    assert amira.title == amira.person.persona.name
    # What the page's template reads: the shared fields, then the page's own.
    context = amira.context()
    assert context["person"] is amira.person
    assert context["vision"].title == result.folder.vision.title
    assert {"sections", "changes", "t", "links", "people"} <= set(context)


def test_load_reports_a_broken_file_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "vision.yml").write_text("title: [unclosed\n", encoding="utf-8")
    loaded = load(tmp_path)
    assert loaded.folder is None
    assert any(d.file == "vision.yml" and d.position for d in loaded.diagnostics)


def test_another_engine_prepares_a_build_without_mkdocs() -> None:
    result = check(ROOT / "stories")
    assert result.folder is not None
    said: list[str] = []
    # The run's cache, as copies of the example use: the same images, made once.
    options = Options(cache=shared_cache(), labels=labels_for("en"), pdf=False)
    build = prepare(result.folder, options, said.append)
    assert "stories/amira.md" in build.pages
    published = dict(build.files())
    assert published, "no image to publish"
    for site_path, cached in published.items():
        assert site_path.startswith("assets/visionkit/images/")
        assert cached.is_file()
    assert said and "images made" in said[0]
    page = build.pages["stories/amira.md"]
    context = build.context(page, link=lambda src: "/" + src, image_url=lambda p: "/" + p)
    picture = context["persona_image"](page.person)
    assert picture.src.startswith("/assets/visionkit/images/amira-")
    assert context["handout"] is None  # PDFs off
