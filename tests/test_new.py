"""``visionkit new``, ``schema`` and ``explain``: a working site from one command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sites import build_site, page, seed_cache, tree_digest

from visionkit.cli import cli
from visionkit.diagnostics import Code


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.mark.slow  # two new sites built, the starter's images and PDFs all made
@pytest.mark.parametrize("example", [False, True], ids=["template", "example"])
def test_a_new_site_builds_at_once_and_only_its_leftovers_fail_strict(
    tmp_path: Path, example: bool, request: pytest.FixtureRequest
) -> None:
    folder = tmp_path / "our-vision"
    code, out = run("new", str(folder), *(["--example"] if example else []))
    assert code == 0, out
    assert "A new vision site is ready" in out
    assert (folder / ".gitignore").read_text().count("site/") == 1
    assert run("check", str(folder))[0] == 0
    # The example passes --strict as it is; the starter's samples, texts, home page and
    # missing site_url are warnings until the workgroup replaces them (test_leftovers.py).
    code, out = run("check", "--strict", "--format", "json", str(folder))
    assert code == (0 if example else 1)
    found = {d["code"] for d in json.loads(out)["diagnostics"]}
    assert found == (set() if example else {"VK208", "VK210", "VK211", "VK212"})
    if example:  # the example's own stories: its images and PDFs are the shared build's
        seed_cache(folder / ".cache/visionkit", request.getfixturevalue("example_site"))
    site = build_site(folder, strict=example)
    assert "Read the vision" in page(site, "") or example
    vision = page(site, "vision")
    assert ("Working Well Tamesford" if example else "Our shared vision") in vision
    assert (site / "handouts/vision.pdf").is_file()


def test_new_story_files_name_their_local_schema(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    run("new", str(folder))
    files = sorted((folder / "stories").rglob("*.yml"))
    assert len(files) == 6
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert json.loads(schema.read_text())["title"].startswith("visionkit story file"), path
    settings = json.loads((folder / ".vscode/settings.json").read_text())
    for schema_path in settings["yaml.schemas"]:
        assert (folder / schema_path).is_file()


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("ours")
    code, out = run("new", str(tmp_path))
    assert code == 2 and "is not empty" in out and "--force" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_new_with_force_adds_missing_files_and_overwrites_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    run("new", str(folder))
    vision = folder / "stories/vision.yml"
    vision.write_text(vision.read_text().replace("Our shared vision", "Ours, edited"))
    (folder / "stories/priorities.yml").unlink()
    before = tree_digest(folder)
    code, out = run("new", "--force", str(folder))
    assert code == 0, out
    after = tree_digest(folder)
    assert set(after) - set(before) == {"stories/priorities.yml"}
    assert all(after[name] == digest for name, digest in before.items())
    assert "kept  stories/vision.yml (already there)" in out


def test_schema_command_writes_one_schema_per_file_type(tmp_path: Path) -> None:
    code, out = run("schema", "--out", str(tmp_path / "s"))
    assert code == 0 and out.count("wrote ") == 5
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    kinds = ("log", "people", "priorities", "report", "vision")
    assert names == [f"{n}.schema.json" for n in kinds]


def test_every_code_is_explained_and_check_output_points_there(tmp_path: Path) -> None:
    for code in Code:
        status, out = run("explain", code.value.lower())
        assert status == 0 and out.startswith(code.value), code
    assert run("explain", "VK999")[0] == 2
    stories = tmp_path / "s"
    run("new", str(tmp_path / "v"))
    (tmp_path / "v/stories").rename(stories)
    broken = stories / "people/frontline-staff.yml"
    broken.write_text(broken.read_text().replace("kind: staff", "kind: staf"))
    status, out = run("check", str(stories))
    assert status == 1
    assert out.splitlines()[-1] == "What a code means and how to fix it: visionkit explain VK103"
