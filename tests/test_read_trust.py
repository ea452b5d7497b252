"""Story files from many hands (issue 16): what the reader refuses, and what the user sees.

Each test breaks a story folder or a workshop spreadsheet one way and asserts the
message as a workgroup reads it: the code, the file, the line and column, and
the words of the fix. Anything that could hang (a named pipe) runs the
installed command in a subprocess with a timeout.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import VISION, MakeStory, check, only, person, save_picture, where

from visionkit import diagnostics
from visionkit.cli import cli

ESC = "\x1b"


def _run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The installed command, as a workgroup runs it; a hang fails the test, not the run."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-c", "from visionkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


# 1. Files outside the story folder -------------------------------------------------


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="needs /etc/passwd")
def test_a_people_file_linked_to_etc_passwd_is_refused_unread(make_story: MakeStory) -> None:
    root = make_story()
    os.symlink("/etc/passwd", root / "people/passwd.yml")
    result = check(root)
    d = only(result, "VK107")
    assert where(d) == ("people/passwd.yml", 1, 1)
    assert "outside the story folder" in d.message
    assert d.fix is not None and "copy the file itself into the story folder" in d.fix
    shown = "\n".join(str(x) for x in result.diagnostics)
    assert "root:" not in shown and "VK006" not in shown
    assert len(result.errors) == 1


@pytest.mark.parametrize(
    "name", ["vision.yml", "people/adviser.yml", "priorities.yml", "logs/workshop.yml"]
)
def test_a_valid_story_file_linked_from_outside_is_not_published(
    make_story: MakeStory, tmp_path: Path, name: str
) -> None:
    root = make_story()
    contents = {
        "vision.yml": VISION,
        "people/adviser.yml": person("staff"),
        "priorities.yml": "priorities:\n  - id: a\n    text: A\n",
        "logs/workshop.yml": "project: P\ndate: 2026-01-01\ntool: T\n",
    }
    elsewhere = tmp_path / "elsewhere" / Path(name).name
    elsewhere.parent.mkdir()
    elsewhere.write_text(contents[name], encoding="utf-8")
    (root / name).unlink(missing_ok=True)
    (root / name).parent.mkdir(exist_ok=True)
    os.symlink(elsewhere, root / name)
    result = check(root)
    d = only(result, "VK107")
    assert where(d) == (name, 1, 1)
    assert "links to a file outside the story folder" in d.message
    if name == "people/adviser.yml":
        assert result.folder is not None and "adviser" not in result.folder.people


def test_a_people_folder_linked_from_outside_is_refused(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story()
    outside = tmp_path / "other-people"
    (root / "people").rename(outside)
    os.symlink(outside, root / "people")
    result = check(root)
    assert sorted(d.file for d in result.errors if d.code.value == "VK107") == [
        "people/adviser.yml",
        "people/leader.yml",
        "people/resident.yml",
    ]


def test_a_link_inside_the_folder_to_a_file_inside_it_is_allowed(make_story: MakeStory) -> None:
    root = make_story()
    (root / "shared").mkdir()
    (root / "people/adviser.yml").rename(root / "shared/adviser.yml")
    os.symlink("../shared/adviser.yml", root / "people/adviser.yml")
    result = check(root)
    assert result.errors == [], "\n".join(map(str, result.errors))
    assert result.folder is not None and "adviser" in result.folder.people


def test_the_excerpt_helper_bounds_and_escapes() -> None:
    excerpt = diagnostics.excerpt
    assert excerpt("Tell it once") == "Tell it once"
    assert excerpt("a\nb\tc\x1b[31md\x7f\x85") == "a\\nb\\tc\\x1b[31md\\x7f\\x85"
    long = excerpt("x" * 5000)
    assert len(long) == 40 and long.endswith("…")
    assert len(excerpt("\x00" * 100)) <= 40
    assert excerpt("right\u202eleft") == "right\\u202eleft"


_QUOTED = re.compile(r"'([^']*)'")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # WRONG_SHAPE: the whole file is a long, several-line text
        ("people/adviser.yml", "root:x:0:0:root:/root:/bin/bash\n" * 40),
        # WRONG_VALUE: a text where a list is expected
        ("people/adviser.yml", person("staff").replace("[tell-again]", '"' + "y" * 300 + '"')),
        # a key nobody knows, long and with a newline in it
        ("people/adviser.yml", person("staff") + '"' + "k" * 200 + '\\nk": 1\n'),
        # a key given twice
        ("people/adviser.yml", person("staff") + ("q" * 200 + ": 1\n") * 2),
        # an id that is not a slug, a date that is not a date, a time that is not a time
        ("people/adviser.yml", person("staff").replace("id: one-door", "id: " + "A " * 200)),
        ("vision.yml", VISION + "date: " + "2" * 300 + "\n"),
        (
            "people/adviser.yml",
            person("staff") + "day:\n  - time: 9am" + "9" * 300 + "\n    text: Up\n",
        ),
        # a kind that is not one of its words
        ("people/adviser.yml", person("staff").replace("kind: staff", "kind: " + "s" * 300)),
        # a picture path
        (
            "people/adviser.yml",
            person("staff").replace(
                "  role:", "  picture: pictures/" + "p" * 300 + ".png\n  alt: A\n  role:"
            ),
        ),
        # an alias and a tag
        ("people/adviser.yml", person("staff") + "x: *" + "a" * 300 + "\n"),
        ("people/adviser.yml", person("staff") + "x: !" + "t" * 300 + " y\n"),
    ],
)
def test_no_message_quotes_more_than_a_short_escaped_excerpt(
    make_story: MakeStory, name: str, text: str
) -> None:
    result = check(make_story({name: text}))
    assert result.errors, "the broken file was accepted"
    for d in result.diagnostics:
        shown = str(d)
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", shown), shown
        assert len(shown) < 400, shown
        for quoted in _QUOTED.findall(d.text):
            assert len(quoted.lstrip("*&!")) <= 40, shown


# 2. Control characters --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "column", "shown"),
    [
        (f"Advisers {ESC}[31mred", 17, "ESC (escape, U+001B)"),
        ("Advisers \x07", 17, "BEL (bell, U+0007)"),
        ("Advisers \x7f", 17, "DEL (delete, U+007F)"),
        ("Advisers \x85", 17, "NEL (next line, U+0085)"),
        ("Advisers \x9b", 17, "U+009B"),
    ],
)
def test_a_control_character_in_a_value_is_refused_where_it_is(
    make_story: MakeStory, value: str, column: int, shown: str
) -> None:
    text = person("staff").replace("group: Staff group", f"group: {value}")
    d = only(check(make_story({"people/adviser.yml": text})), "VK010")
    assert where(d) == ("people/adviser.yml", 1, column)
    assert shown in d.message
    assert d.fix is not None and d.fix.startswith("delete it")


@pytest.mark.parametrize(
    ("escape", "shown"),
    [
        ("\\e", "ESC (escape, U+001B)"),
        ("\\x1b", "ESC (escape, U+001B)"),
        ("\\u001B", "ESC (escape, U+001B)"),
        ("\\a", "BEL (bell, U+0007)"),
        ("\\0", "NUL (null, U+0000)"),
        ("\\x7f", "DEL (delete, U+007F)"),
        ("\\N", "NEL (next line, U+0085)"),
        ("\\r", "CR (carriage return, U+000D)"),
    ],
)
def test_a_control_character_written_as_an_escape_is_refused_at_the_escape(
    make_story: MakeStory, escape: str, shown: str
) -> None:
    title = f'    title: "One \\\\ {escape}door"'
    text = person("staff").replace("    title: One front door", title)
    d = only(check(make_story({"people/adviser.yml": text})), "VK010")
    assert where(d) == ("people/adviser.yml", 8, 20)
    assert shown in d.message and "backslash" in d.message
    assert d.fix is not None and escape in d.fix


def test_a_tab_and_a_newline_stay_allowed(make_story: MakeStory) -> None:
    text = person("staff").replace(
        "    title: One front door", '    title: "One\\tfront\\ndoor"\n    notes: ["a\tb"]'
    )
    result = check(make_story({"people/adviser.yml": text}))
    assert result.errors == [], "\n".join(map(str, result.errors))


def test_a_control_character_hides_no_other_mistake(make_story: MakeStory) -> None:
    text = person("staff").replace("group: Staff group", f"group: A{ESC}B")
    text = text.replace("kind: staff", "kind: staf")
    result = check(make_story({"people/adviser.yml": text}))
    assert sorted(d.code.value for d in result.errors) == ["VK010", "VK103"]


def test_explain_vk010() -> None:
    result = CliRunner().invoke(cli, ["explain", "VK010"])
    assert result.exit_code == 0
    assert "control character" in result.output


# 3. A quote or bracket never closed ----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "opener", "closing"),
    [
        ('    title: "One front door', 'the quote " opened here', 'add the closing "'),
        ("    title: 'One front door", "the quote ' opened here", "add the closing '"),
        ("    resolves: [tell-again", "the [ opened here", "add the closing ]"),
        ("    resolves: {tell-again: 1", "the { opened here", "add the closing }"),
    ],
)
def test_a_quote_or_bracket_never_closed_is_reported_where_it_opens(
    make_story: MakeStory, line: str, opener: str, closing: str
) -> None:
    text = person("staff")
    old = "    title: One front door" if "title" in line else "    resolves: [tell-again]"
    text = text.replace(old, line)
    d = only(check(make_story({"people/adviser.yml": text})), "VK001")
    number = text.split("\n").index(line) + 1
    column = len(line) - len(line.lstrip(" ")) + line.strip().index(" ") + 2
    assert where(d) == ("people/adviser.yml", number, column)
    assert f"{opener} is never closed" in d.message
    assert d.fix is not None and d.fix.startswith(closing)


# 4. UTF-16, and numbers too long to be counts ---------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_with_or_without_a_byte_order_mark_is_named(
    make_story: MakeStory, encoding: str
) -> None:
    root = make_story({"people/adviser.yml": person("staff").encode(encoding)})
    d = only(check(root), "VK002")
    assert where(d) == ("people/adviser.yml", 1, 1)
    assert "UTF-16" in d.message
    assert d.fix is not None and "UTF-8" in d.fix


@pytest.mark.parametrize("digits", [5000, 4000, 12])
def test_a_huge_number_of_votes_is_a_value_error_with_a_fix(
    make_story: MakeStory, digits: int
) -> None:
    text = person("staff").replace("    resolves: [tell-again]", "    votes: " + "9" * digits)
    done = _run("check", str(make_story({"people/adviser.yml": text})))
    assert done.returncode == 1
    assert "people/adviser.yml:11:12: error VK103" in done.stdout
    assert "1,000,000" in done.stdout and "count of dots" in done.stdout


def test_a_huge_number_of_votes_in_a_spreadsheet_is_a_row_problem(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story()
    csv = tmp_path / "notes.csv"
    csv.write_text(
        "group,kind,theme,type,text,votes\n"
        "Tenants,user,Tell it once,post-it,Stop asking,2\n"
        f"Tenants,user,Tell it once,post-it,One form,{'9' * 5000}\n",
        encoding="utf-8",
    )
    done = _run("import", str(csv), "--stories", str(root))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "internal error" not in done.stdout + done.stderr
    assert "row 3: votes '999" in done.stdout and "1,000,000" in done.stdout


# 5. One run, every mistake ------------------------------------------------------------------


def test_a_picture_without_alt_whose_path_is_wrong_gets_both_messages(
    make_story: MakeStory,
) -> None:
    root = make_story()
    save_picture(root / "pictures/sam.png")
    text = person("staff").replace(
        "  role: Someone", "  picture: pictures/Sam.PNG\n  role: Someone"
    )
    result = check(make_story({"people/adviser.yml": text}))
    assert where(only(result, "VK102")) == ("people/adviser.yml", 4, 3)
    d = only(result, "VK106")
    assert where(d) == ("people/adviser.yml", 5, 12)
    assert d.fix == "did you mean 'pictures/sam.png'?"


def test_a_logo_of_a_vision_with_errors_is_checked_too(make_story: MakeStory) -> None:
    vision = VISION.replace("  - name: Northfield Health Trust", "  - name: N\n    logo: x.png")
    result = check(make_story({"vision.yml": vision.replace("title:", "titel:")}))
    assert sorted(d.code.value for d in result.errors) == ["VK101", "VK102", "VK106"]


# 6. Small messages: pipes, odd file names, a NUL in a spreadsheet ------------------------------


def test_a_named_pipe_as_a_picture_is_named_as_one(make_story: MakeStory) -> None:
    text = person("staff").replace(
        "  role: Someone", "  picture: pictures/pipe.png\n  alt: A drawing\n  role: Someone"
    )
    root = make_story({"people/adviser.yml": text})
    (root / "pictures").mkdir()
    os.mkfifo(root / "pictures/pipe.png")
    done = _run("check", str(root))
    assert done.returncode == 1
    line = next(x for x in done.stdout.splitlines() if "pipe.png" in x)
    assert line.startswith("people/adviser.yml:5:12: error VK108")
    assert "named pipe (FIFO)" in line and "folder" not in line


@pytest.mark.parametrize("name", ["vision.yml", "people/pipe.yml", "logs/pipe.yml"])
def test_a_named_pipe_as_a_story_file_is_never_opened(make_story: MakeStory, name: str) -> None:
    root = make_story({"vision.yml": None} if name == "vision.yml" else {})
    (root / name).parent.mkdir(exist_ok=True)
    os.mkfifo(root / name)
    done = _run("check", str(root))
    assert done.returncode == 1
    assert f"{name}:1:1: error VK008 {name} is a named pipe (FIFO), not a file" in done.stdout


def test_a_named_pipe_as_a_spreadsheet_is_never_opened(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story()
    os.mkfifo(tmp_path / "notes.csv")
    done = _run("import", str(tmp_path / "notes.csv"), "--stories", str(root))
    assert done.returncode == 2
    assert "notes.csv is a named pipe (FIFO), not a file" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("name", "shown"), [("Sam\nKhan.yml", "Sam\\nKhan.yml"), (f"Sam{ESC}.yml", "Sam\\x1b.yml")]
)
def test_a_file_name_with_a_control_character_is_shown_escaped(
    make_story: MakeStory, name: str, shown: str
) -> None:
    root = make_story({f"people/{name}": person("other")})
    d = only(check(root), "VK009")
    assert where(d) == (f"people/{shown}", 1, 1)
    assert f"the file name '{shown}' cannot be a web address" in d.message
    assert not re.search(r"[\x00-\x1f]", str(d))


def test_a_nul_in_a_spreadsheet_cell_is_a_row_problem(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story()
    csv = tmp_path / "notes.csv"
    csv.write_bytes(
        b"group,kind,theme,type,text\n"
        b"Tenants,user,Tell it once,post-it,Stop asking\n"
        b"Tenants,user,Tell it once,post-it,One\x00form\n"
    )
    result = CliRunner().invoke(cli, ["import", str(csv), "--stories", str(root)])
    assert result.exit_code == 1, result.output
    assert (
        "row 3: the text has an invisible control character, NUL (null, U+0000), "
        "after 'One' - retype the cell" in result.output
    )
    assert "One form" not in (root / "people/tenants.yml").read_text(encoding="utf-8")
    assert "Stop asking" in (root / "people/tenants.yml").read_text(encoding="utf-8")


def _tenants_notes(tmp_path: Path) -> Path:
    """A spreadsheet that adds one mini-story for a new group, Tenants."""
    csv = tmp_path / "notes.csv"
    csv.write_text(
        "group,kind,theme,type,text\nTenants,user,Tell it once,mini-story,I can now rest.\n",
        encoding="utf-8",
    )
    return csv


def test_an_import_into_a_folder_holding_a_named_pipe_never_opens_it(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story()
    os.mkfifo(root / "people/pipe.yml")
    csv = _tenants_notes(tmp_path)
    done = _run("import", str(csv), "--stories", str(root))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "people/tenants.yml (new): 1 theme, 1 mini-story" in done.stdout


def test_an_import_whose_new_file_is_a_named_pipe_writes_nothing_and_never_waits(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story()
    os.mkfifo(root / "people/tenants.yml")
    csv = _tenants_notes(tmp_path)
    done = _run("import", str(csv), "--stories", str(root))
    assert done.returncode == 2
    assert "people/tenants.yml is a named pipe (FIFO), not a file; nothing was written" in (
        done.stdout + done.stderr
    )


def test_a_link_that_leads_nowhere_is_named_and_a_large_file_read_only_to_its_limit(
    make_story: MakeStory, tmp_path: Path
) -> None:
    from visionkit.read.yamlsource import Limits

    root = make_story({"people/long.yml": person("other") + "# " + "x" * 5000 + "\n"})
    os.symlink(tmp_path / "gone.yml", root / "people/gone.yml")
    result = check(root, limits=Limits(max_bytes=2000))
    d = only(result, "VK008")
    assert where(d) == ("people/gone.yml", 1, 1)
    assert d.text == (
        "people/gone.yml is a link to a file that does not exist - "
        "replace the link with the story file itself"
    )
    big = only(result, "VK003")
    assert where(big) == ("people/long.yml", 1, 1) and "0.0 MB" in big.message


def test_an_import_never_reads_or_adds_to_a_people_file_outside_the_folder(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story()
    elsewhere = tmp_path / "elsewhere.yml"
    elsewhere.write_text(person("user").replace("User group", "Tenants"), encoding="utf-8")
    os.symlink(elsewhere, root / "people/tenants.yml")
    csv = _tenants_notes(tmp_path)
    done = _run("import", str(csv), "--stories", str(root))
    assert done.returncode == 2
    assert "people/tenants.yml links to a file outside the story folder" in done.stdout + (
        done.stderr
    )
    assert (root / "people/tenants.yml").is_symlink()
    assert "I can now rest" not in elsewhere.read_text(encoding="utf-8")


def test_an_import_into_a_people_file_with_a_5000_digit_number_says_so(
    make_story: MakeStory, tmp_path: Path
) -> None:
    text = person("user").replace("    resolves: [tell-again]", "    votes: " + "9" * 5000)
    root = make_story({"people/resident.yml": text})
    csv = tmp_path / "notes.csv"
    csv.write_text(
        "group,kind,theme,type,text\nUser group,user,One front door,post-it,Rest\n",
        encoding="utf-8",
    )
    done = _run("import", str(csv), "--stories", str(root))
    assert done.returncode == 2
    assert (
        "people/resident.yml cannot be read, so visionkit cannot tell which group it holds "
        "(it holds a number too long to read, or a date that does not exist): fix it first "
        "(visionkit check says where)" in done.stdout + done.stderr
    )
