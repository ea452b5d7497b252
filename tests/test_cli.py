"""``visionkit check`` as a workgroup and a CI pipeline run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, MakeStory, person

from visionkit.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_clean_folder_exits_0_with_a_summary(make_story: MakeStory) -> None:
    code, out = run("check", str(make_story()))
    assert code == 0
    assert out.strip() == "0 errors, 0 warnings in 4 files"


def test_errors_exit_1_with_file_line_column(make_story: MakeStory) -> None:
    root = make_story({"people/adviser.yml": person("staff").replace("kind: staff", "kind: boss")})
    code, out = run("check", str(root))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith("people/adviser.yml:2:7: error VK103 'kind' must be one of")
    assert lines[-2] == "1 error, 0 warnings in 4 files"


def test_warnings_pass_unless_strict(make_story: MakeStory) -> None:
    root = make_story({"people/leader.yml": person("other")})
    assert run("check", str(root))[0] == 0
    code, out = run("check", "--strict", str(root))
    assert code == 1
    assert "people/: warning VK205" in out


def test_json_output(make_story: MakeStory) -> None:
    root = make_story({"people/adviser.yml": person("staff").replace("  name: Sam", "  nmae: Sam")})
    code, out = run("check", "--format", "json", str(root))
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False and report["errors"] == 2
    first = report["diagnostics"][0]
    assert (first["file"], first["line"], first["column"], first["code"]) == (
        "people/adviser.yml",
        4,
        3,
        "VK101",
    )
    assert first["fix"] == "did you mean 'name'?"


def test_github_annotations(make_story: MakeStory, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_story({"people/adviser.yml": person("staff", resolves="nope")})
    monkeypatch.chdir(root.parent)
    code, out = run("check", "--format", "github", "stories")
    assert code == 1
    assert out.splitlines()[0].startswith(
        "::error file=stories/people/adviser.yml,line=11,col=16,title=VK105::'nope' is not"
    )


def test_a_site_folder_uses_the_configured_story_folder(make_story: MakeStory) -> None:
    root = make_story()
    site = root.parent
    (site / "workshop").mkdir()
    root.rename(site / "workshop" / "stories")
    (site / "mkdocs.yml").write_text(
        "site_name: X\nsite_url: https://x.example.org/\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - visionkit:\n      stories_dir: workshop/stories\n"
    )
    code, out = run("check", "--strict", str(site))
    assert (code, out.strip()) == (0, "0 errors, 0 warnings in 4 files")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("check", str(tmp_path / "nowhere"))[0] == 2
    assert run("check", "--format", "xml", str(tmp_path))[0] == 2
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n")
    code, out = run("check", str(tmp_path))
    assert code == 2 and "mkdocs.yml" in out


def test_a_folder_without_vision_yml_is_a_story_error(tmp_path: Path) -> None:
    code, out = run("check", str(tmp_path))
    assert code == 1
    assert "vision.yml: error VK008 the story folder has no vision.yml" in out


def test_the_installed_command_never_shows_a_traceback(make_story: MakeStory) -> None:
    root = make_story({"vision.yml": b"\xff\xfe\x00garbage", "people/x.yml": b"[[[[{{{"})
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-c", "from visionkit.cli import main; main()", "check", str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "vision.yml:1:1: error VK002" in done.stdout


def test_the_example_story_folder_is_clean_under_strict() -> None:
    code, out = run("check", "--strict", str(EXAMPLE))
    assert code == 0, out
    assert out.startswith("0 errors, 0 warnings in ")


def test_the_example_site_folder_finds_its_stories() -> None:
    code, out = run("check", "--strict", str(EXAMPLE.parent))
    assert code == 0, out
