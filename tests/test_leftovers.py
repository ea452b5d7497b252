"""Leftovers are warnings (VK208 to VK212): what ``visionkit new`` and ``visionkit import``
wrote for the workgroup to replace is reported, at its file and line, until it is.

Every test starts from a folder made as a workgroup makes it: ``visionkit new``, then
``visionkit import`` of a small spreadsheet. Expected lines are looked up in the files
the commands wrote, so the tests follow the scaffold as it changes.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort
from sites import build_site, page, shared_cache

from visionkit import CheckResult, Diagnostic, check
from visionkit.authoring.new import new_site
from visionkit.cli import cli
from visionkit.read.locate import find_site

LEFTOVERS = {"VK208", "VK209", "VK210", "VK211", "VK212"}

NOTES = """\
group,kind,theme,type,text
Tenants,user,Tell it once,post-it,Stop asking me the same questions
Tenants,user,Tell it once,mini-story,I can now tell my story once.
"""

#: What a workgroup changes, file by file: (what `visionkit new` wrote, theirs).
OURS = {
    "stories/vision.yml": [
        ("title: Our shared vision", "title: Northfield Together"),
        (
            "strapline: One conversation, one plan, and help that stays with you.",
            "strapline: Help that knows you, wherever you ask for it.",
        ),
        (
            "service: A joined-up support service for our area",
            "service: Northfield's joined-up housing and health service",
        ),
        ("  - Our Borough Council", "  - Northfield Council"),
        ("  - name: Our Health Trust", "  - name: Northfield Health Trust"),
        (
            "  Today people who need help from more than one of us tell their story again",
            "  In Northfield, people who need help from more than one of us repeat it",
        ),
        (
            "text: I have to tell my story again each time I am sent somewhere new.",
            "text: I fill in the same form for housing and for health.",
        ),
        (
            "text: Nobody tells me what is happening while I wait.",
            "text: I wait weeks without a word.",
        ),
        ("involve: Visioning session and priorities day", "involve: Both workshops"),
        ("involve: Visioning session; agrees the vision", "involve: Signs the vision off"),
    ],
    "stories/priorities.yml": [
        (
            "text: One shared plan per resident that every partner can see",
            "text: One named worker for every household",
        ),
        (
            "goal: Every resident who comes to any partner has one plan.",
            "goal: Every household knows its named worker by the second visit.",
        ),
        (
            'text: Tell me what is happening, even if the answer is "not yet".',
            "text: Ring me back when you say you will.",
        ),
    ],
    "mkdocs.yml": [
        ("site_name: Our shared vision", "site_name: Northfield Together"),
        (
            "# site_url: https://your-organisation.github.io/our-vision/",
            "site_url: https://northfield.example.org/",
        ),
    ],
}
OUR_LOG = """\
project: Northfield Together
date: 2026-02-03
tool: Visioning session
desired_outcome: Mini-stories from tenants, advisers and councillors.
what_happened: Nineteen people came; the advisers' pad filled first.
next_time: Start the councillors' group earlier.
"""
OUR_HOME = "# Northfield Together\n\nWhat tenants, advisers and councillors want.\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def new_folder(tmp_path: Path) -> Path:
    """A folder as a workgroup has it after `visionkit new` and one import."""
    folder = tmp_path / "our-vision"
    new_site(folder)
    notes = tmp_path / "notes.csv"
    notes.write_text(NOTES, encoding="utf-8")
    code, out = run("import", str(notes), "--stories", str(folder / "stories"))
    assert code == 0, out
    return folder


def make_it_ours(folder: Path) -> None:
    """Replace every leftover as the messages say: the samples made ours, ours written.

    Works on a folder as `visionkit new` left it, with or without imported groups.
    """
    for name, changes in OURS.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, f"{name} no longer has {old!r}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    for people in (folder / "stories/people").glob("*.yml"):  # samples and imported groups
        text = people.read_text(encoding="utf-8").replace(" (sample)\n", "\n")
        text = text.replace("name: Name the persona", "name: Dee")
        people.write_text(text.replace("role: What they do", "role: Tenant"), encoding="utf-8")
    (folder / "stories/logs/visioning-session.yml").write_text(OUR_LOG, encoding="utf-8")
    (folder / "content/index.md").write_text(OUR_HOME, encoding="utf-8")


def check_site(folder: Path) -> CheckResult:
    stories = folder / "stories"
    return check(stories, site=find_site(folder, stories))


def line_of(path: Path, fragment: str) -> int:
    """The 1-based line of the one line of ``path`` that holds ``fragment``."""
    lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line]
    assert len(lines) == 1, (path, fragment, lines)
    return lines[0]


def found(result: CheckResult) -> set[tuple[str, str, int]]:
    return {(d.code.value, d.file, d.position.line if d.position else 0) for d in result.warnings}


def by_code(result: CheckResult, code: str) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code.value == code]


def test_a_new_folder_warns_of_every_leftover_at_its_line(tmp_path: Path) -> None:
    folder = new_folder(tmp_path)
    stories = folder / "stories"
    result = check_site(folder)
    assert not result.errors, "\n".join(map(str, result.diagnostics))

    def at(code: str, name: str, fragment: str) -> tuple[str, str, int]:
        return code, name, line_of(stories / name, fragment)

    expected = {
        at("VK208", "people/service-users.yml", "group: Residents (sample)"),
        at("VK208", "people/frontline-staff.yml", "group: Frontline advisers (sample)"),
        at("VK208", "people/decision-makers.yml", "group: Councillors (sample)"),
        at("VK209", "people/tenants.yml", "name: Name the persona"),
        at("VK210", "logs/visioning-session.yml", "project: Our shared vision"),
        at("VK210", "priorities.yml", "text: One shared plan per resident"),
        at("VK210", "priorities.yml", "goal: Every resident who comes"),
        at("VK210", "priorities.yml", "text: Tell me what is happening"),
        at("VK210", "vision.yml", "title: Our shared vision"),
        at("VK210", "vision.yml", "strapline: One conversation"),
        at("VK210", "vision.yml", "service: A joined-up support service"),
        at("VK210", "vision.yml", "- Our Borough Council"),
        at("VK210", "vision.yml", "- name: Our Health Trust"),
        at("VK210", "vision.yml", "summary: |"),
        at("VK210", "vision.yml", "text: I have to tell my story again"),
        at("VK210", "vision.yml", "text: Nobody tells me"),
        at("VK210", "vision.yml", "- name: Service users"),
        at("VK210", "vision.yml", "- name: Frontline staff"),
        at("VK210", "vision.yml", "- name: Council cabinet"),
        ("VK210", "../mkdocs.yml", line_of(folder / "mkdocs.yml", "site_name:")),
        ("VK211", "../content/index.md", 1),
        ("VK212", "../mkdocs.yml", line_of(folder / "mkdocs.yml", "# site_url:")),
    }
    assert found(result) == expected, "\n".join(map(str, result.warnings))

    messages = {d.file: str(d) for d in result.warnings if d.code.value != "VK210"}
    assert (
        "delete people/service-users.yml once your own groups are in"
        in messages["people/service-users.yml"]
    )
    assert "'Name the persona', 'What they do'" in messages["people/tenants.yml"]
    assert "give the persona the name the group chose" in messages["people/tenants.yml"]
    assert "write your own" in messages["../content/index.md"]
    assert "link shared in Teams" in messages["../mkdocs.yml"]
    assert "remove the '#'" in messages["../mkdocs.yml"]
    title = next(d for d in by_code(result, "VK210") if d.message.startswith("the title "))
    assert str(title) == (
        f"vision.yml:{line_of(stories / 'vision.yml', 'title:')}:8: warning VK210 the title is "
        "still the starter's, as `visionkit new` wrote it: 'Our shared vision' - replace it "
        "with your vision's own title"
    )
    log = next(d for d in by_code(result, "VK210") if d.file.startswith("logs/"))
    assert "(its project, desired_outcome, what_happened, next_time)" in log.message
    assert log.fix is not None and log.fix.endswith("or delete logs/visioning-session.yml")


def test_once_replaced_nothing_is_left_to_warn_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = new_folder(tmp_path)
    make_it_ours(folder)
    result = check_site(folder)
    assert not result.diagnostics, "\n".join(map(str, result.diagnostics))
    monkeypatch.chdir(folder)
    code, out = run("check", "--strict")
    assert (code, out.splitlines()[-1]) == (0, "0 errors, 0 warnings in 7 files")


def test_each_leftover_is_reported_until_it_is_replaced(tmp_path: Path) -> None:
    """Replacing one leftover removes its warning and no other."""
    folder = new_folder(tmp_path)
    before = found(check_site(folder))
    vision = folder / "stories/vision.yml"
    vision.write_text(vision.read_text().replace("title: Our shared vision", "title: Ours"))
    after = found(check_site(folder))
    assert before - after == {("VK210", "vision.yml", line_of(vision, "title: Ours"))}
    assert after < before


def test_visionkit_check_reports_the_site_around_the_story_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = new_folder(tmp_path)
    config_line = line_of(folder / "mkdocs.yml", "# site_url:")
    monkeypatch.chdir(folder)
    for args in ([], ["stories"], ["mkdocs.yml"]):
        code, out = run("check", "--strict", *args)
        assert code == 1
        assert f"../mkdocs.yml:{config_line}:1: warning VK212 " in out
        assert "../content/index.md:1:1: warning VK211 the home page is still" in out
    code, out = run("check", "--format", "github")
    assert f"::warning file=mkdocs.yml,line={config_line},col=1,title=VK212::" in out
    assert "::warning file=content/index.md,line=1,col=1,title=VK211::" in out
    report = json.loads(run("check", "--format", "json")[1])
    assert {d["code"] for d in report["diagnostics"]} == LEFTOVERS
    # A mkdocs.yml beside the folder that publishes another story folder is not its site.
    (folder / "mkdocs.yml").write_text(
        "site_name: X\nplugins:\n  - visionkit:\n      stories_dir: elsewhere\n"
    )
    out = run("check", "stories")[1]
    assert "VK211" not in out and "VK212" not in out


@pytest.mark.parametrize(
    ("config", "line"),
    [
        ("site_name: X\nplugins:\n  - visionkit\n", 1),
        ("site_name: X\nsite_url: ''\nplugins:\n  - visionkit\n", 2),
        ("site_name: X\nsite_url:\nplugins:\n  - visionkit\n", 2),
        ("site_name: X\nsite_url: !ENV SITE_URL\nplugins:\n  - visionkit\n", None),
        (
            "site_name: X\nsite_url: !ENV [SITE_URL, 'https://x.example/']\nplugins: [visionkit]\n",
            None,
        ),
        ("site_name: X\nsite_url: https://x.example/\nplugins:\n  - visionkit\n", None),
    ],
    ids=["absent", "empty", "null", "env-tag", "env-tag-list", "set"],
)
def test_site_url_is_checked_as_mkdocs_yml_sets_it(
    tmp_path: Path, config: str, line: int | None
) -> None:
    folder = new_folder(tmp_path)
    make_it_ours(folder)
    (folder / "mkdocs.yml").write_text(config + "docs_dir: content\n", encoding="utf-8")
    warnings = by_code(check_site(folder), "VK212")
    if line is None:
        assert not warnings
    else:
        assert [(d.file, d.position.line if d.position else 0) for d in warnings] == [
            ("../mkdocs.yml", line)
        ]


@pytest.mark.parametrize(
    ("home", "starter"),
    [
        (lambda text: text.replace("\n", "\r\n"), True),
        (lambda text: "\ufeff\n\n  " + text.replace(" ", "   ") + "\n\n", True),
        (lambda text: text.replace("Read the vision", "Read our vision"), False),
        (lambda text: text * 2000, False),  # far larger than the starter: not read through
        (lambda text: "", False),
    ],
    ids=["crlf", "bom-and-spaces", "edited", "huge", "empty"],
)
def test_the_starter_home_page_is_found_however_it_was_saved(
    tmp_path: Path, home: object, starter: bool
) -> None:
    folder = new_folder(tmp_path)
    make_it_ours(folder)
    index = folder / "content/index.md"
    scaffold = Path(__file__).parent.parent / "visionkit/authoring/scaffold/content/index.md"
    assert callable(home)
    index.write_bytes(home(scaffold.read_text(encoding="utf-8")).encode("utf-8"))
    assert bool(by_code(check_site(folder), "VK211")) is starter


def test_a_home_page_that_is_not_a_text_file_is_not_the_starter(tmp_path: Path) -> None:
    folder = new_folder(tmp_path)
    make_it_ours(folder)
    index = folder / "content/index.md"
    index.write_bytes(b"\xff\xfe# Our shared vision\n")
    assert not check_site(folder).diagnostics
    index.unlink()
    index.mkdir()
    assert not check_site(folder).diagnostics


def test_what_counts_as_the_starter_s(tmp_path: Path) -> None:
    """Spaces and capitals aside, equal at the same kind of place; ids, dates and
    choices alone never; a stakeholder only in full."""
    folder = new_folder(tmp_path)
    make_it_ours(folder)
    vision = folder / "stories/vision.yml"
    text = vision.read_text()
    text = text.replace("title: Northfield Together", 'title: "  OUR   shared\\tVISION "')
    # The starter's ids and dates, kept: not leftovers.
    assert "id: tell-again" in text and "date: 2026-01-15" in text
    # A stakeholder with the starter's name but the workgroup's own involvement.
    assert "- name: Service users" in text
    vision.write_text(text)
    log = folder / "stories/logs/visioning-session.yml"
    # A log file of two entries, the starter's second, with only its outcome left.
    log.write_text(
        "- " + OUR_LOG.replace("\n", "\n  ").rstrip() + "\n"
        "- project: Northfield Together\n  date: 2026-01-15\n  tool: Visioning session\n"
        "  desired_outcome: Mini-stories from service users, staff and decision makers.\n"
    )
    people = folder / "stories/people/tenants.yml"
    people.write_text(people.read_text().replace("name: Dee", "name: '  name THE persona'"))
    result = check_site(folder)
    assert found(result) == {
        ("VK210", "vision.yml", line_of(vision, "title:")),
        (
            "VK210",
            "logs/visioning-session.yml",
            line_of(log, "desired_outcome: Mini-stories from service"),
        ),
        ("VK209", "people/tenants.yml", line_of(people, "name THE persona")),
    }, "\n".join(map(str, result.diagnostics))
    entry = by_code(result, "VK210")[0]
    assert entry.message.endswith("(its desired_outcome)")
    assert entry.fix is not None and entry.fix.endswith("or delete the entry")
    persona = by_code(result, "VK209")[0]
    assert "persona's name is still" in persona.message and "role" not in persona.message


def test_hostile_values_are_compared_and_quoted_safely(tmp_path: Path) -> None:
    folder = new_folder(tmp_path)
    make_it_ours(folder)
    vision = folder / "stories/vision.yml"
    text = vision.read_text()
    # A summary of 17,000 characters (a warning, VK207): compared at once, not a leftover.
    summary = "  In Northfield, people who need help from more than one of us repeat it\n"
    assert summary in text
    vision.write_text(
        text.replace(summary, summary * 230).replace(
            "  - Northfield Council", '  - "Our Borough Council \\u202e\\u200b😀"'
        )
    )
    people = folder / "stories/people/tenants.yml"
    people.write_text(
        people.read_text().replace("group: Tenants", 'group: "Tenants 👩‍👩‍👧 \\u202e (SAMPLE)"')
    )
    result = check_site(folder)
    assert not result.errors, "\n".join(map(str, result.diagnostics))
    sample = by_code(result, "VK208")
    assert len(sample) == 1 and "\\u202e" in str(sample[0]) and "\u202e" not in str(sample[0])
    assert "delete people/tenants.yml" in str(sample[0])
    # The bidirectional control and the emoji make the partner the workgroup's own.
    assert not by_code(result, "VK210")
    assert all(len(str(d)) < 1000 for d in result.diagnostics)


@pytest.mark.slow  # two builds of a new site (its images made once, in the run's cache)
def test_a_strict_build_of_a_new_site_fails_until_its_leftovers_are_replaced(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = new_folder(tmp_path)
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - visionkit:\n",
            f"  - visionkit:\n      pdf: false\n      cache_dir: {shared_cache()}\n",
        )
    )
    config_line = line_of(config, "# site_url:")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(folder, strict=True)
    assert not (folder / "site").exists()  # stopped before anything was written
    log = caplog.text
    assert f"mkdocs.yml:{config_line}:1: warning VK212 the site has no site_url" in log
    assert "content/index.md:1:1: warning VK211" in log
    assert "stories/../" not in log
    assert "stories/people/tenants.yml:" in log and "warning VK209" in log
    assert log.count("warning VK210") == 16 and log.count("warning VK208") == 3
    assert "the site was not built or changed" in log

    make_it_ours(folder)
    caplog.clear()
    site = build_site(folder, strict=True)
    vision = page(site, "vision")
    assert "Northfield Together" in vision and "Our Borough Council" not in vision
    assert "Our shared vision</title>" not in vision
    assert "VK2" not in caplog.text
    assert "What tenants, advisers and councillors want." in page(site, "")
