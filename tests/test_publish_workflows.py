"""Publishing on push: the workflows ``visionkit new`` writes for GitHub and GitLab.

Both files are read as the CI services read them (YAML), checked for what makes
them publish safely (Pages permissions, default branch only, the published
folder), and their project commands are run, in their order, on the new folder.

Which commands are run (``project_commands``): every ``run:`` step (GitHub) and
every ``before_script``/``script`` line (GitLab) is either

- an install step, skipped here: ``apt-get`` (WeasyPrint's system libraries,
  which this machine has) and ``pip install -r requirements.txt`` (visionkit
  and its dependencies, which this test's own virtual environment has; the
  partnership's wheel named there does not exist in a test folder), or
- a ``visionkit`` or ``mkdocs`` command, run with this environment's own
  ``visionkit`` and ``mkdocs`` in place of the installed ones.

Any other command fails the test, so a step added to a workflow is never
silently left out of it.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from test_leftovers import make_it_ours

from visionkit.cli import cli
from visionkit.version import __version__

GITHUB = ".github/workflows/publish.yml"
GITLAB = ".gitlab-ci.yml"
DEFAULT_BRANCH_ONLY = (
    "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
)
#: Install steps: what CI needs and this test's environment already has.
INSTALL = re.compile(r"^(sudo )?apt-get |^python -m pip install -r requirements\.txt$")
PROJECT = ("visionkit", "mkdocs")
BIN = Path(sys.executable).parent


def new(folder: Path, *args: str) -> Path:
    result = CliRunner().invoke(cli, ["new", str(folder), *args])
    assert result.exit_code == 0, result.output
    return folder


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def github_steps(folder: Path) -> list[dict[str, Any]]:
    steps = load(folder / GITHUB)["jobs"]["build"]["steps"]
    assert isinstance(steps, list)
    return steps


def github_commands(folder: Path) -> list[str]:
    """The build job's ``run:`` commands, in order (a folded ``&&`` chain split)."""
    commands = []
    for step in github_steps(folder):
        if "run" in step:
            commands += [c.strip() for c in " ".join(step["run"].split()).split("&&")]
    return commands


def gitlab_commands(folder: Path) -> list[str]:
    """Every job's before_script and script lines, jobs in stage order, as GitLab runs them."""
    ci = load(folder / GITLAB)
    before = ci.get("default", {}).get("before_script", [])
    jobs = [(name, job) for name, job in ci.items() if isinstance(job, dict) and "script" in job]
    commands = []
    for stage in ci["stages"]:
        for _name, job in jobs:
            if job["stage"] == stage:
                commands += [*job.get("before_script", before), *job["script"]]
    return commands


def project_commands(commands: list[str]) -> list[list[str]]:
    """The visionkit and mkdocs commands, as argument lists; install steps skipped."""
    kept = []
    for command in commands:
        if INSTALL.match(command):
            continue
        argv = shlex.split(command)
        assert argv[0] in PROJECT, f"a workflow command this test does not know: {command}"
        kept.append([str(BIN / argv[0]), *argv[1:]])
    return kept


def run_all(folder: Path, commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = []
    for argv in commands:
        result = subprocess.run(argv, cwd=folder, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{argv}\n{result.stdout}\n{result.stderr}"
        done.append(result)
    return done


@pytest.mark.parametrize("example", [False, True], ids=["template", "example"])
def test_new_writes_both_workflows_as_valid_yaml(tmp_path: Path, example: bool) -> None:
    folder = new(tmp_path / "v", *(["--example"] if example else []))
    assert load(folder / GITHUB) and load(folder / GITLAB)
    requirements = (folder / "requirements.txt").read_text(encoding="utf-8")
    pins = [line for line in requirements.splitlines() if line and not line.startswith("#")]
    assert pins == [f"./vendor/visionkit-{__version__}-py3-none-any.whl"]
    assert "@VERSION@" not in requirements
    assert "site_url" in (folder / "README.md").read_text(encoding="utf-8")


def test_github_workflow_checks_builds_and_deploys_only_the_default_branch(tmp_path: Path) -> None:
    folder = new(tmp_path / "v")
    workflow = load(folder / GITHUB)
    # PyYAML reads the key `on` as YAML 1.1's true; GitHub reads it as "on".
    triggers = workflow.get("on", workflow.get(True))
    assert {"push", "pull_request"} <= set(triggers)
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["if"] == DEFAULT_BRANCH_ONLY
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]

    steps = github_steps(folder)
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    runs = [s.get("run", "") for s in steps]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    check = runs.index("visionkit check --strict --format github")
    build = runs.index("mkdocs build --strict")
    configure = uses.index("actions/configure-pages")
    upload = uses.index("actions/upload-pages-artifact")
    assert check < build < configure < upload
    for index in (configure, upload):
        assert steps[index]["if"] == DEFAULT_BRANCH_ONLY
    # The folder handed to Pages is the one `mkdocs build` writes (no site_dir set).
    assert steps[upload]["with"]["path"] == "site"
    assert "site_dir" not in load(folder / "mkdocs.yml")


def test_gitlab_pages_job_publishes_public_from_the_default_branch(tmp_path: Path) -> None:
    folder = new(tmp_path / "v")
    ci = load(folder / GITLAB)
    assert ci["stages"] == ["check", "deploy"]
    assert ci["check"]["script"] == ["visionkit check --strict"]
    pages = ci["pages"]
    assert pages["stage"] == "deploy"
    assert pages["script"] == ["mkdocs build --strict --site-dir public"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_the_github_check_step_annotates_a_story_mistake_at_its_file_and_line(
    tmp_path: Path,
) -> None:
    folder = new(tmp_path / "v")
    broken = folder / "stories/people/frontline-staff.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: staff", "kind: staf"))
    check = [c for c in project_commands(github_commands(folder)) if "check" in c]
    assert len(check) == 1
    result = subprocess.run(check[0], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 1
    assert re.search(
        r"^::error file=stories/people/frontline-staff\.yml,line=\d+,col=\d+,title=VK103::",
        result.stdout,
        re.MULTILINE,
    ), result.stdout


def test_the_filter_skips_only_the_install_steps(tmp_path: Path) -> None:
    folder = new(tmp_path / "v")
    for commands in (github_commands(folder), gitlab_commands(folder)):
        skipped = [c for c in commands if INSTALL.match(c)]
        assert any(c.startswith(("apt-get install", "sudo apt-get install")) for c in skipped)
        assert "libharfbuzz-subset0" in " ".join(skipped)
        assert "python -m pip install -r requirements.txt" in skipped
        assert len(project_commands(commands)) == len(commands) - len(skipped)


@pytest.mark.slow  # builds the new site, every image and PDF, then again into public/
def test_the_workflows_own_commands_check_and_build_the_new_site(tmp_path: Path) -> None:
    folder = new(tmp_path / "v")
    github = project_commands(github_commands(folder))
    assert [argv[1:] for argv in github] == [
        ["check", "--strict", "--format", "github"],
        ["build", "--strict"],
    ]
    # The starter as it is stops at the check: nothing of it is published by mistake.
    check = subprocess.run(github[0], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 1
    assert "title=VK212::" in check.stdout and "title=VK210::" in check.stdout
    make_it_ours(folder)  # what the workgroup does before its first push
    run_all(folder, github)
    assert (folder / "site/index.html").is_file()
    assert (folder / "site/handouts/vision.pdf").is_file()

    gitlab = project_commands(gitlab_commands(folder))
    assert [argv[1:] for argv in gitlab] == [
        ["check", "--strict"],
        ["build", "--strict", "--site-dir", "public"],
    ]
    run_all(folder, gitlab)
    assert (folder / "public/index.html").is_file()
    assert (folder / "public/handouts/vision.pdf").is_file()
