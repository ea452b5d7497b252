"""``visionkit import``: a note-taker's spreadsheet becomes people files.

Each test uses a CSV as Excel writes it and asserts what the note-taker sees:
the lines printed, the exit code and the files in the story folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeStory
from sites import tree_digest

from visionkit import check, load
from visionkit.authoring.new import new_site
from visionkit.cli import cli
from visionkit.slugs import slugify

BOM = b"\xef\xbb\xbf"

#: Saved from Excel (Germany) as "CSV UTF-8": BOM, semicolons, an empty row.
EUROPEAN = (
    BOM
    + textwrap.dedent("""\
    Group;Kind;Theme;Type;Text;Votes
    Tenants;user;Tell it once;post-it;Stop asking me the same questions;2
    Tenants;User;Tell it once;mini-story;I can now tell my story once.;3
    Tenants;users;Keep me posted;Post-it;Text me when something happens;
    ;;;;;
    Cyngor Môn;Decision makers;Un drws;story;We can now open one door for everyone.;1
    Advisers;staf;One record;note;Shared notes;
    Tenants;user;Keep me posted;story;I now know who is dealing with me.;lots
    Cyngor Môn;decision-maker;Un drws;note;"One door; not six";
    """).encode()
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def notes_file(tmp_path: Path, content: bytes | str, name: str = "notes.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def person_of(root: Path, name: str) -> dict[str, object]:
    loaded = load(root)
    assert loaded.folder is not None
    person = loaded.folder.people[name]
    return {
        "group": person.group,
        "kind": person.kind,
        "themes": [(t.id, t.title, list(t.notes), list(t.stories), t.votes) for t in person.themes],
    }


def test_a_european_excel_csv_imports_its_good_rows_and_names_the_bad_ones(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story()
    code, out = run("import", str(notes_file(tmp_path, EUROPEAN)), "--stories", str(root))
    assert code == 1, out
    lines = out.splitlines()
    assert "people/tenants.yml (new): 2 themes, 2 post-its, 1 mini-story" in lines
    assert "people/cyngor-mon.yml (new): 1 theme, 1 post-it, 1 mini-story" in lines
    assert (
        "  row 7: kind 'staf' is not one of user, staff, decision-maker, other"
        " - did you mean 'staff'?"
    ) in lines
    assert (
        "  row 8: votes 'lots' is not a whole number - write a number such as 3, "
        "or leave the cell empty"
    ) in lines
    assert lines[-1].startswith(
        "Imported 5 of 7 rows into 2 files. 2 rows could not be used: fix them in the "
        "spreadsheet and import it again"
    )
    assert person_of(root, "tenants") == {
        "group": "Tenants",
        "kind": "user",
        "themes": [
            (
                "tell-it-once",
                "Tell it once",
                ["Stop asking me the same questions"],
                ["I can now tell my story once."],
                5,
            ),
            ("keep-me-posted", "Keep me posted", ["Text me when something happens"], [], None),
        ],
    }
    assert person_of(root, "cyngor-mon")["themes"] == [
        ("un-drws", "Un drws", ["One door; not six"], ["We can now open one door for everyone."], 1)
    ]
    assert not (root / "people/advisers.yml").exists()
    result = check(root)
    assert not result.errors, "\n".join(map(str, result.diagnostics))
    assert run("check", str(root))[0] == 0


def test_a_new_file_asks_the_group_to_name_and_draw_its_persona(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story()
    run("import", str(notes_file(tmp_path, EUROPEAN)), "--stories", str(root))
    text = (root / "people/tenants.yml").read_text(encoding="utf-8")
    assert text.startswith("# Made by visionkit import from notes.csv")
    assert "# The group names a fictional person and draws them" in text
    assert "persona:\n  name: Name the persona\n  role: What they do\n" in text
    assert "themes:\n  - id: tell-it-once\n    title: Tell it once\n    notes:\n      - " in text


EXISTING = """\
# The residents' pad, typed up on the night.
group: Residents
kind: user
persona:
    name: Amira      # named by the group
    role: "Single parent"
themes:
  - id: tell-it-once
    title: 'Tell it once'
    notes:
      - Stop asking me the same questions
      # more post-its were photographed
    stories:
      - I can now tell my story once.
    resolves: [tell-again]
    votes: 4
  - id: keep-me-posted
    title: Keep me posted
    stories:
      - "I now get a text within two days."

# The day in the life, written after the workshop.
day:
  - time: 08:30   # before school
    text: Amira's phone shows one appointment.
"""

MORE = """\
group,kind,theme,type,text,votes
 residents ,,TELL IT ONCE,post-it,One form not six,
Residents,user,keep-me-posted,mini-story,I know the name of the person to ring.,
Residents,user,Safe to try work,post-it,Trial shifts without risk,3
Residents,user,Safe to try work,mini-story,I can now try a few hours of work.,
Residents,user,Tell it once,post-it,Stop asking me the same questions,
"""


def test_importing_into_a_written_file_keeps_every_line_and_appends(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story({"people/resident.yml": EXISTING})
    path = root / "people/resident.yml"
    code, out = run("import", str(notes_file(tmp_path, MORE)), "--stories", str(root))
    assert code == 0, out
    assert out.splitlines()[0] == (
        "people/resident.yml: added 1 post-it to 'Tell it once'; 1 mini-story to "
        "'Keep me posted'; a new theme 'Safe to try work' (1 post-it, 1 mini-story, 3 votes)"
    )
    assert "1 row added nothing new (already there)" in out
    new = path.read_text(encoding="utf-8")
    lines = iter(new.splitlines())
    assert all(old in lines for old in EXISTING.splitlines()), new  # every line, in order
    assert new == EXISTING.replace(
        "      - Stop asking me the same questions\n",
        "      - Stop asking me the same questions\n      - One form not six\n",
    ).replace(
        '      - "I now get a text within two days."\n',
        '      - "I now get a text within two days."\n'
        "      - I know the name of the person to ring.\n"
        "  - id: safe-to-try-work\n"
        "    title: Safe to try work\n"
        "    notes:\n"
        "      - Trial shifts without risk\n"
        "    stories:\n"
        "      - I can now try a few hours of work.\n"
        "    votes: 3\n",
    )
    assert not check(root).errors


def test_a_file_indented_its_own_way_keeps_its_style(make_story: MakeStory, tmp_path: Path) -> None:
    own_way = textwrap.dedent("""\
        ---
        group: Residents
        kind: user
        persona:
            name: Amira
            role: Single parent
        themes:
        - id: tell-it-once
          title: Tell it once
          stories:
          - I can now tell my story
            once, and it is written down.
        """)
    root = make_story({"people/resident.yml": own_way})
    csv = "group,kind,theme,type,text\nResidents,user,Tell it once,story,I can now rest.\n"
    assert run("import", str(notes_file(tmp_path, csv)), "--stories", str(root))[0] == 0
    assert (root / "people/resident.yml").read_text() == own_way + "  - I can now rest.\n"


def test_windows_line_endings_and_a_bom_in_a_story_file_are_kept(
    make_story: MakeStory, tmp_path: Path
) -> None:
    original = BOM + EXISTING.replace("\n", "\r\n").encode()
    root = make_story({"people/resident.yml": original})
    csv = "group,kind,theme,type,text\nResidents,user,Keep me posted,post-it,Ring me back\n"
    assert run("import", str(notes_file(tmp_path, csv)), "--stories", str(root))[0] == 0
    new = (root / "people/resident.yml").read_bytes()
    assert new.startswith(BOM) and new.count(b"\n") == new.count(b"\r\n")
    lines = iter(new.split(b"\r\n"))
    assert all(old in lines for old in original.split(b"\r\n"))
    assert b"    notes:\r\n      - Ring me back\r\n    stories:\r\n" in new


def test_importing_the_same_csv_twice_adds_nothing(make_story: MakeStory, tmp_path: Path) -> None:
    root = make_story({"people/resident.yml": EXISTING})
    csv = notes_file(tmp_path, MORE)
    assert run("import", str(csv), "--stories", str(root))[0] == 0
    after_first = tree_digest(root)
    code, out = run("import", str(csv), "--stories", str(root))
    assert code == 0, out
    assert out.strip() == "Nothing new to add: all 5 usable rows are already in the story files."
    assert tree_digest(root) == after_first


def test_a_dry_run_writes_nothing_and_shows_what_it_would_add(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story({"people/resident.yml": EXISTING})
    before = tree_digest(root)
    code, out = run("import", str(notes_file(tmp_path, MORE)), "--stories", str(root), "--dry-run")
    assert code == 0, out
    assert tree_digest(root) == before
    assert "people/resident.yml: would add 1 post-it to 'Tell it once';" in out
    assert "--- a/people/resident.yml\n+++ b/people/resident.yml\n" in out
    assert "\n+      - One form not six\n" in out
    assert "\n+  - id: safe-to-try-work\n" in out
    assert out.splitlines()[-1].startswith("Dry run: nothing was written. Would import 4 of 5 rows")
    new_group = notes_file(tmp_path, EUROPEAN, "more.csv")
    code, out = run("import", str(new_group), "--stories", str(root), "--dry-run")
    assert code == 1
    assert "people/tenants.yml (new): would add 2 themes, 2 post-its, 1 mini-story" in out
    assert "--- /dev/null\n+++ b/people/tenants.yml\n" in out
    assert tree_digest(root) == before


def test_a_file_not_saved_as_utf8_is_a_clear_error(make_story: MakeStory, tmp_path: Path) -> None:
    root = make_story()
    before = tree_digest(root)
    cp1252 = "Group,Kind,Theme,Type,Text\nCafé users,user,Tell it once,note,“Fair” prices\n"
    path = notes_file(tmp_path, cp1252.encode("cp1252"))
    code, out = run("import", str(path), "--stories", str(root))
    assert code == 2
    assert "notes.csv is not saved as UTF-8 (line 2" in out
    assert "'CSV UTF-8 (Comma delimited) (*.csv)'" in out
    assert tree_digest(root) == before
    utf16 = notes_file(tmp_path, "\ufeffGroup\tKind\n".encode("utf-16-le"), "unicode.txt")
    code, out = run("import", str(utf16), "--stories", str(root))
    assert code == 2 and "Unicode text (UTF-16)" in out


@pytest.mark.parametrize(
    "header",
    [
        "group,kind,theme,type,text,votes",
        "Stakeholder group,Stakeholder kind,Theme phrase,Note or story,Post-it text,Dots",
        "PAD,Role,Cluster,TYPE,Post-it,votes",
        "stakeholder_group,stakeholder-kind,theme_phrase,note or story,Note,dots",
        "Votes,Text,Type,Theme,Kind,Group",  # any order
    ],
)
def test_header_spellings(make_story: MakeStory, tmp_path: Path, header: str) -> None:
    cells = {"group": "Tenants", "kind": "user", "theme": "Tell it once", "type": "note"}
    cells |= {"text": "One form not six", "votes": "2"}
    order = ["group", "kind", "theme", "type", "text", "votes"]
    if header.startswith("Votes"):
        order.reverse()
    csv = header + "\n" + ",".join(cells[c] for c in order) + "\n"
    root = make_story()
    code, out = run("import", str(notes_file(tmp_path, csv)), "--stories", str(root))
    assert code == 0, out
    assert person_of(root, "tenants")["themes"] == [
        ("tell-it-once", "Tell it once", ["One form not six"], [], 2)
    ]


def test_a_missing_column_is_named_with_the_columns_found(
    make_story: MakeStory, tmp_path: Path
) -> None:
    csv = "Group,Kind,Cluster,Post-it,Table\nTenants,user,Tell it once,One form,3\n"
    code, out = run("import", str(notes_file(tmp_path, csv)), "--stories", str(make_story()))
    assert code == 2
    assert "notes.csv has no column for 'type' (or note or story / post-it or story)." in out
    assert "Its columns are: 'Group', 'Kind', 'Cluster', 'Post-it', 'Table'" in out


def test_a_comma_csv_from_excel_uk(make_story: MakeStory, tmp_path: Path) -> None:
    """CRLF rows, quoted commas and quotes, a cell with a line break, trailing empty columns."""
    csv = (
        "Group,Kind,Theme,Type,Text,Votes,,\r\n"
        'Tenants,user,Tell it once,Post-it,"Stop asking, please",1,,\r\n'
        'Tenants,user,Tell it once,Post-it,"She said ""one form"",\nnot six",,,\r\n'
        ",,,,,,,\r\n"
        "Tenants,user,Tell it once,Idea,Something else,,,\r\n"
        "Tenants,user,Tell it once,Mini-story,I can now fill in one form.,2,,\r\n"
    )
    root = make_story()
    code, out = run("import", str(notes_file(tmp_path, csv)), "--stories", str(root))
    assert code == 1, out
    assert (
        "  row 5: type 'Idea' is not post-it or mini-story - write 'post-it' (or 'note') "
        "or 'mini-story' (or 'story')"
    ) in out.splitlines()
    assert person_of(root, "tenants")["themes"] == [
        (
            "tell-it-once",
            "Tell it once",
            ["Stop asking, please", 'She said "one form", not six'],
            ["I can now fill in one form."],
            3,
        )
    ]
    assert "Columns not used" not in out


def test_rows_for_an_existing_group_must_agree_with_its_kind(
    make_story: MakeStory, tmp_path: Path
) -> None:
    csv = (
        "group,kind,theme,type,text\n"
        "User group,staff,One front door,note,Wrong kind\n"
        "User group,,One front door,note,Kind from the file\n"
        "Newcomers,,Somewhere,note,No kind anywhere\n"
    )
    root = make_story()
    code, out = run("import", str(notes_file(tmp_path, csv)), "--stories", str(root))
    assert code == 1
    assert (
        "  row 2: kind 'staff' does not match people/resident.yml, which gives 'User group' "
        "the kind 'user'"
    ) in out
    assert "  row 4: the kind is empty - write one of user, staff, decision-maker, other" in out
    assert person_of(root, "resident")["themes"][0][2] == ["Kind from the file"]


def test_votes_already_written_are_kept(make_story: MakeStory, tmp_path: Path) -> None:
    root = make_story({"people/resident.yml": EXISTING})
    csv = "group,kind,theme,type,text,votes\nResidents,user,Tell it once,note,New,7\n"
    code, out = run("import", str(notes_file(tmp_path, csv)), "--stories", str(root))
    assert code == 0
    assert (
        "  people/resident.yml:17: 'Tell it once' keeps its votes (4); the spreadsheet's add up "
        "to 7 (row 2) - if the spreadsheet is right, change that line to 'votes: 7'"
    ) in out.splitlines()
    # Line 17 of the file as it is after the import (a post-it was added above it).
    assert (root / "people/resident.yml").read_text().splitlines()[16] == "    votes: 4"
    assert person_of(root, "resident")["themes"][0][4] == 4


def test_an_import_that_would_break_the_stories_writes_nothing(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story()
    before = tree_digest(root)
    csv = (
        "group,kind,theme,type,text\n"
        "Tenants,user,Tell it once,note,Ask Jane Realperson about it\n"
        "Tenants,user,Tell it once,story,I can now tell my story once.\n"
    )
    code, out = run("import", str(notes_file(tmp_path, csv)), "--stories", str(root))
    assert code == 1
    assert "  row 2: this text contains the real name of a workshop participant" in out
    assert out.splitlines()[-1].startswith("Nothing was written.")
    assert tree_digest(root) == before


def test_a_file_that_cannot_keep_its_lines_is_left_alone(
    make_story: MakeStory, tmp_path: Path
) -> None:
    flow = EXISTING.replace('    stories:\n      - "I now get a text within two days."\n', "")
    flow = flow.replace("    title: Keep me posted\n", "    title: Keep me posted\n    notes: []\n")
    root = make_story({"people/resident.yml": flow})
    csv = (
        "group,kind,theme,type,text\n"
        "Residents,user,Keep me posted,note,Ring me\n"
        "Others,other,Jobs,story,We can now hire locally.\n"
    )
    code, out = run("import", str(notes_file(tmp_path, csv)), "--stories", str(root))
    assert code == 1
    assert (
        "  row 2: people/resident.yml cannot be added to without rewriting its line 19 "
        "('notes: []')"
    ) in out
    assert (root / "people/resident.yml").read_text() == flow
    assert (root / "people/others.yml").is_file()


def test_the_site_folder_names_the_story_folder(
    make_story: MakeStory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_story()
    site = tmp_path / "site-folder"
    (site / "workshop").mkdir(parents=True)
    root.rename(site / "workshop" / "stories")
    (site / "mkdocs.yml").write_text(
        "site_name: X\nplugins:\n  - visionkit:\n      stories_dir: workshop/stories\n"
    )
    csv = notes_file(tmp_path, "group,kind,theme,type,text\nTenants,user,A,note,B\n")
    monkeypatch.chdir(site)
    assert run("import", str(csv))[0] == 0
    assert (site / "workshop/stories/people/tenants.yml").is_file()
    monkeypatch.chdir(tmp_path)
    code, out = run("import", str(csv))
    assert code == 2 and "there is no story folder at stories" in out


def test_group_names_become_web_addresses() -> None:
    assert slugify("Cyngor Môn") == "cyngor-mon"
    assert slugify("Residents' forum & carers") == "residents-forum-and-carers"
    assert slugify("Straße") == "strasse"
    assert slugify("طلاب") == ""


def test_the_installed_command_never_shows_a_traceback(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story({"people/broken.yml": b"group: [unclosed\n"})
    csv = notes_file(tmp_path, b"\x00\x01\x02garbage;;\n\xff")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for notes in (csv, notes_file(tmp_path, "group,kind,theme,type,text\n", "ok.csv")):
        command = ["import", str(notes), "--stories", str(root)]
        done = subprocess.run(
            [sys.executable, "-c", "from visionkit.cli import main; main()", *command],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 2, done.stdout + done.stderr
        assert "Traceback" not in done.stdout + done.stderr
    assert "people/broken.yml cannot be read" in done.stderr


def test_the_readme_example_imports_cleanly_into_a_new_site(tmp_path: Path) -> None:
    """The README's spreadsheet, into what `visionkit new` makes, as the README says."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Importing workshop notes", 1)[1].split("```csv\n", 1)[1]
    csv = notes_file(tmp_path, example.split("```", 1)[0])
    new_site(tmp_path / "site")
    root = tmp_path / "site/stories"
    code, out = run("import", str(csv), "--stories", str(root))
    assert code == 0, out
    assert out.splitlines()[:2] == [
        "people/residents.yml (new): 2 themes, 3 post-its, 2 mini-stories; the persona is "
        "'Amira', 'Single parent, back at work'",
        "people/frontline-advisers.yml (new): 1 theme, 1 post-it, 1 mini-story; the persona is "
        "'Dylan', 'Housing adviser'",
    ]
    assert "To look at" not in out
    loaded = load(root)
    assert loaded.folder is not None
    residents, advisers = (
        loaded.folder.people["residents"],
        loaded.folder.people["frontline-advisers"],
    )
    assert (residents.persona.name, advisers.persona.role) == ("Amira", "Housing adviser")
    assert [(t.id, t.title, t.resolves) for t in residents.themes] == [
        ("tell-it-once", "Tell it once", ["tell-again"]),
        ("keep-me-posted", "Keep me posted", ["no-news"]),
    ]
    assert [(t.id, t.title) for t in advisers.themes] == [("tell-it-once", "One record")]
    result = check(root)
    assert not result.errors, "\n".join(map(str, result.errors))
    mine = [str(d) for d in result.diagnostics if d.file in (residents.file, advisers.file)]
    assert not mine  # not even a warning: persona named, every theme with a mini-story
