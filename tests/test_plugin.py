"""How the plugin behaves in a build: failing safely, options, other sites, serving."""

from __future__ import annotations

import gc
import re
import textwrap
from pathlib import Path

import pytest
from conftest import BASE, person
from mkdocs.exceptions import Abort
from pypdf import PdfReader
from sites import article, build_site, copy_example, page, tree_digest

from visionkit import check
from visionkit.images.plan import plan_images
from visionkit.pdf.handouts import plan_handouts
from visionkit.site.pages import build_pages


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")


def test_a_story_error_fails_the_build_and_leaves_the_site_untouched(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = copy_example(tmp_path)
    site = build_site(folder)
    before = tree_digest(site)
    assert "stories/amira/index.html" in before
    people = folder / "stories/people/amira.yml"
    people.write_text(people.read_text().replace("kind: user", "kind: usr"))
    with pytest.raises(Abort):
        build_site(folder)
    assert "stories/people/amira.yml:3:7: error VK103" in caplog.text
    assert "the site was not built or changed" in caplog.text
    assert tree_digest(site) == before


def test_strict_fails_on_a_method_warning_and_leaves_the_site_untouched(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = copy_example(tmp_path)
    site = build_site(folder, strict=True)
    before = tree_digest(site)
    people = folder / "stories/people/amira.yml"
    people.write_text(people.read_text().replace("I know the name", "know the name"))
    build_site(folder)  # not strict: a warning only
    before = tree_digest(site)
    assert "know the name" in (site / "stories/amira/index.html").read_text()
    with pytest.raises(Abort):
        build_site(folder, strict=True)
    assert "stories/people/amira.yml:31:9: warning VK201" in caplog.text
    assert tree_digest(site) == before


def test_drafts_option_publishes_draft_pages_marked_as_drafts(tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    config = (folder / "mkdocs.yml").read_text()
    (folder / "mkdocs.yml").write_text(
        config.replace("  - visionkit:\n", "  - visionkit:\n      drafts: true\n")
    )
    site = build_site(folder)
    assert "Draft page" in article(page(site, "stories/practice-nurse"))
    assert "Priya" in page(site, "vision")


def test_unknown_plugin_options_are_reported_by_mkdocs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = copy_example(tmp_path)
    config = (folder / "mkdocs.yml").read_text()
    (folder / "mkdocs.yml").write_text(
        config.replace("  - visionkit:\n", "  - visionkit:\n      draft: true\n")
    )
    with pytest.raises(Abort):
        build_site(folder, strict=True)
    assert "Unrecognised configuration name: draft" in caplog.text


def test_a_hand_written_page_at_a_generated_address_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = copy_example(tmp_path)
    (folder / "content/themes.md").write_text("# My themes\n")
    with pytest.raises(Abort):
        build_site(folder)
    assert "content/themes.md has the address visionkit publishes" in caplog.text


@pytest.mark.slow  # two builds with every PDF made
@pytest.mark.parametrize("theme", ["", "theme: material\n"])
def test_a_minimal_site_with_another_story_folder_builds(tmp_path: Path, theme: str) -> None:
    _write(tmp_path / "stories", BASE)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Better Together\nsite_url: https://better.example.org/\n{theme}"
        "plugins: [search, visionkit]\n"
    )
    site = build_site(tmp_path, strict=True)
    body = page(site, "stories/resident")
    assert "I can now tell my story once." in body
    problems = page(site, "problems")  # either theme: the whole page
    assert "Open gap" not in problems and "I have to tell my story again and again." in problems
    assert (site / "assets/visionkit/visionkit.css").is_file()
    assert (site / "handouts/resident.pdf").is_file() and (site / "handouts/vision.pdf").is_file()


@pytest.mark.slow  # a build with every PDF made
def test_a_problem_nobody_resolves_is_an_open_gap(tmp_path: Path) -> None:
    files = {**BASE}
    files["vision.yml"] = BASE["vision.yml"].replace(
        "confidential:", "  - id: no-bus\n    text: There is no bus to the hub.\nconfidential:"
    )
    _write(tmp_path / "stories", files)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\ntheme: material\nplugins: [visionkit]\n")
    site = build_site(tmp_path)
    body = article(page(site, "problems"))
    gap = body[body.index('id="problem-no-bus"') :]
    assert "Open gap" in gap
    assert "Open gap" not in body[: body.index('id="problem-no-bus"')]
    document = " ".join(p.extract_text() for p in PdfReader(site / "handouts/vision.pdf").pages)
    assert "There is no bus to the hub. Open gap" in " ".join(document.split())


@pytest.mark.slow  # builds the example in a subprocess
def test_the_example_builds_unchanged_under_properdocs(tmp_path: Path) -> None:
    import subprocess
    import sys

    pytest.importorskip("properdocs")
    folder = copy_example(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-q"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "I can now tell my story once" in page(folder / "site", "stories/amira")


def _faces(html: str) -> list[str]:
    body = article(html)
    if 'class="vk-faces"' not in body:
        return []
    row = body[
        body.index('class="vk-faces"') : body.index("</nav>", body.index('class="vk-faces"'))
    ]
    assert all(alt == "" for alt in re.findall(r'<img [^>]*alt="([^"]*)"', row))
    return re.findall(r"<span>([^<]*)</span>", row)


@pytest.mark.slow  # builds a site of 25 people
@pytest.mark.parametrize(("people", "row"), [(3, True), (24, True), (25, False)])
def test_the_row_of_faces_lists_everyone_until_it_would_be_a_wall(
    tmp_path: Path, people: int, row: bool
) -> None:
    files = {"vision.yml": BASE["vision.yml"]}
    kinds = ["user", "staff", "decision-maker"]
    for n in range(people):
        files[f"people/p{n:02}.yml"] = person(kinds[n % 3]).replace(
            "name: Sam", f"name: Person {n:02}"
        )
    _write(tmp_path / "stories", files)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nsite_url: https://x.example.org/\ntheme: material\nplugins: [visionkit]\n"
    )
    site = build_site(tmp_path, strict=True, plugins={"visionkit": {"pdf": False}})
    expected = [f"Person {n:02}" for n in range(people)] if row else []
    assert _faces(page(site, "themes")) == expected
    assert _faces(page(site, "problems")) == expected
    assert "One front door" in article(page(site, "themes"))  # the pages are there
    assert "I have to tell my story again and again." in article(page(site, "problems"))
    vision = article(page(site, "vision"))
    assert all(f"Person {n:02}" in vision for n in range(people))
    # The printed cover of vision.pdf shows the same faces, or none.
    folder = check(tmp_path / "stories").folder
    assert folder is not None
    pages = build_pages(folder)
    [document] = plan_handouts(folder, pages, plan_images(folder, pages)).assembly
    cover = document.front({})[0]
    assert re.findall(r"<span>(Person \d\d)</span>", cover) == expected
    assert ("vk-cover__people" in cover) is row


def test_a_build_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """The build sets its stories aside from the collector; they must not stay so,
    or each `mkdocs serve` rebuild would keep the last one's alive for good."""
    _write(tmp_path / "stories", BASE)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\ntheme: material\nplugins: [visionkit]\n")
    build_site(tmp_path, plugins={"visionkit": {"pdf": False}})
    assert gc.isenabled() and gc.get_freeze_count() == 0
    (tmp_path / "docs/themes.md").write_text("# Mine\n")  # a clash: the build fails
    with pytest.raises(Abort):
        build_site(tmp_path, plugins={"visionkit": {"pdf": False}})
    assert gc.isenabled() and gc.get_freeze_count() == 0
