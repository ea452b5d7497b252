"""``visionkit import``'s optional columns: persona, role, resolves, theme id.

Each test imports a spreadsheet as a note-taker would type it and asserts what
they see: the report's lines (a row number, or a FILE:LINE whose line holds
what the message says), the people files, and `visionkit check` afterwards.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import VISION, MakeStory
from sites import tree_digest

from visionkit import check, load
from visionkit.cli import cli

#: The conftest vision with a second problem, so a theme can resolve one by its text.
TWO_PROBLEMS = VISION.replace(
    "confidential:",
    "  - id: no-news\n    text: Nobody tells me what is happening while I wait.\nconfidential:",
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def imported(root: Path, csv: str, *extra: str) -> tuple[int, list[str]]:
    path = root.parent / "notes.csv"
    path.write_text(textwrap.dedent(csv), encoding="utf-8")
    code, out = run("import", str(path), "--stories", str(root), *extra)
    return code, out.splitlines()


def line(root: Path, where: str) -> str:
    """The text at FILE:LINE as a message names it (a path in the story folder)."""
    name, number = where.rsplit(":", 1)
    return (root / name).read_text(encoding="utf-8").splitlines()[int(number) - 1]


def themes(root: Path, name: str) -> list[tuple[str, str, list[str]]]:
    loaded = load(root)
    assert loaded.folder is not None
    return [(t.id, t.title, list(t.resolves)) for t in loaded.folder.people[name].themes]


FULL = """\
    group,kind,persona,role,theme,theme id,type,text,resolves
    Tenants,user,Amira,Single parent,Tell it once,one-story,post-it,Stop asking me again,tell-again
    Tenants,user,,,Tell it once,,mini-story,I can now tell my story once.,
    Tenants,user,,,Keep me posted,,mini-story,I now get a text within two days.,NOBODY tells me what is happening   while I wait
    Tenants,user,,,Fix it fast,,mini-story,I can now get a repair within a week.,tell-agian
    Advisers,staff,Dylan,Housing adviser,One record,one-story,mini-story,I can now see the whole plan before we meet.,
    """  # noqa: E501


def test_persona_role_resolves_and_a_shared_theme_id_import_and_check_clean(
    make_story: MakeStory,
) -> None:
    root = make_story({"vision.yml": TWO_PROBLEMS})
    code, out = imported(root, FULL)
    assert code == 0, out
    assert out[:2] == [
        "people/tenants.yml (new): 3 themes, 1 post-it, 3 mini-stories; the persona is "
        "'Amira', 'Single parent'",
        "people/advisers.yml (new): 1 theme, 1 mini-story; the persona is 'Dylan', "
        "'Housing adviser'",
    ]
    assert (
        "  row 5: resolves 'tell-agian' is not quite a problem in vision.yml - did you mean "
        "'tell-again'? It is not written: correct the cell and import again"
    ) in out
    assert themes(root, "tenants") == [
        ("one-story", "Tell it once", ["tell-again"]),  # by id
        ("keep-me-posted", "Keep me posted", ["no-news"]),  # by its text
        ("fix-it-fast", "Fix it fast", []),  # nearly right: suggested, not written
    ]
    assert themes(root, "advisers") == [("one-story", "One record", [])]  # one shared theme
    loaded = load(root)
    assert loaded.folder is not None
    persona = loaded.folder.people["tenants"].persona
    assert (persona.name, persona.role) == ("Amira", "Single parent")
    text = (root / "people/tenants.yml").read_text(encoding="utf-8")
    assert "Name the persona" not in text and "resolves: [no-news]\n" in text
    result = check(root)
    assert not result.errors, "\n".join(map(str, result.errors))
    assert not [d for d in result.warnings if d.code.value == "VK209"]  # no placeholder left
    assert run("check", str(root))[0] == 0


def test_a_problem_nobody_listed_is_a_row_problem(make_story: MakeStory) -> None:
    root = make_story({"vision.yml": TWO_PROBLEMS})
    code, out = imported(
        root,
        """\
        group,kind,theme,type,text,resolves
        Tenants,user,Parking,story,I can now park near my flat.,Parking is a nightmare
        Tenants,user,Tell it once,story,I can now tell my story once.,tell-again; no-news
        Tenants,user,Keep me posted,story,I now know who has my case.,"tell-again, no-news"
        """,
    )
    assert code == 1
    assert (
        "  row 2: resolves 'Parking is a nightmare' is neither the id nor the text of a "
        "problem in vision.yml - write one of its ids (tell-again, no-news), or leave the cell "
        "empty"
    ) in out
    assert themes(root, "tenants") == [
        ("tell-it-once", "Tell it once", ["tell-again", "no-news"]),
        ("keep-me-posted", "Keep me posted", ["tell-again", "no-news"]),  # ids by commas
    ]


EXISTING = """\
# The residents' pad, typed up on the night.
group: Residents
kind: user
persona:
  name: Name the persona   # the group will choose one
  role: What they do
themes:
  - id: tell-it-once
    title: 'Tell it once'
    notes:
      - Stop asking me the same questions
    stories:
      - I can now tell my story once.
    resolves: [tell-again]   # from the complaints file
    votes: 4
"""


def test_re_import_fills_placeholders_and_extends_resolves_keeping_every_other_line(
    make_story: MakeStory,
) -> None:
    root = make_story({"vision.yml": TWO_PROBLEMS, "people/resident.yml": EXISTING})
    code, out = imported(
        root,
        """\
        group,kind,persona,role,theme,type,text,resolves
        Residents,user,Amira,Single parent,Tell it once,post-it,One form not six,no-news
        Residents,user,Amina,Carer,Tell it once,post-it,Same questions,
        """,
    )
    assert code == 0, out
    assert out[0] == (
        "people/resident.yml: added 2 post-its to 'Tell it once'; 'Tell it once' now also "
        "resolves no-news; the persona is now 'Amira', 'Single parent'"
    )
    assert (
        "  row 3: the persona 'Amina' is not used: row 2 already gives 'Residents' the persona "
        "'Amira' (a group's first is used) - make the two cells the same"
    ) in out
    assert "  row 3: the role 'Carer' is not used" in "\n".join(out)
    new = (root / "people/resident.yml").read_text(encoding="utf-8")
    assert new == EXISTING.replace(
        "  name: Name the persona   # the group will choose one\n  role: What they do\n",
        # The comment stays where it was, at column 28.
        "  name: Amira".ljust(27) + "# the group will choose one\n  role: Single parent\n",
    ).replace(
        "      - Stop asking me the same questions\n",
        "      - Stop asking me the same questions\n      - One form not six\n"
        "      - Same questions\n",
    ).replace(
        "resolves: [tell-again]   # from", "resolves: [tell-again, no-news] # from"
    )  # the one-line list is the only other line rewritten; its comment stays with it
    assert not check(root).errors


def test_a_name_the_workgroup_typed_is_kept_and_its_line_named(make_story: MakeStory) -> None:
    typed = EXISTING.replace("Name the persona   # the group will choose one", "Amira")
    root = make_story({"people/resident.yml": typed})
    code, out = imported(
        root,
        """\
        group,kind,persona,theme,type,text
        Residents,user,Bethan,Tell it once,post-it,A new post-it
        """,
    )
    assert code == 0, out
    message = next(x for x in out if "stays 'Amira'" in x)
    where, said = message.strip().split(": ", 1)
    assert said == (
        "the persona's name stays 'Amira'; row 2 gives 'Bethan', which is not written - if it "
        "is right, change that line to it"
    )
    assert line(root, where) == "  name: Amira"
    assert "Bethan" not in (root / "people/resident.yml").read_text(encoding="utf-8")


def test_a_corrected_text_names_the_line_of_the_old_one(make_story: MakeStory) -> None:
    root = make_story()
    first = """\
        group,kind,theme,type,text,votes
        Tenants,user,Tell it once,post-it,Stop asking me the same questoins,3
        Tenants,user,Tell it once,mini-story,I can now tell my story once.,
        Tenants,user,Keep me posted,mini-story,I now know who has my case.,
        """
    assert imported(root, first)[0] == 0
    fixed = first.replace("questoins,3", "questions,5")
    code, out = imported(root, fixed)
    assert code == 0, out
    corrected = next(x for x in out if "corrected" in x).strip()
    prefix = "row 2: 'Stop asking me the same questions' looks like a corrected version of "
    assert corrected.startswith(prefix + "'Stop asking me the same questoins' at people/")
    where = corrected.split(" at ", 1)[1].split(";", 1)[0]
    assert corrected.endswith(
        "; the import keeps both - delete that line if the new one replaces it"
    )
    assert line(root, where) == "      - Stop asking me the same questoins"
    votes = next(x for x in out if "keeps its votes" in x).strip()
    where, said = votes.split(": ", 1)
    assert said == (
        "'Tell it once' keeps its votes (3); the spreadsheet's add up to 5 (row 2) - if the "
        "spreadsheet is right, change that line to 'votes: 5'"
    )
    assert line(root, where) == "    votes: 3"


def test_two_groups_nearly_equal_phrases_are_suggested_as_one_shared_theme(
    make_story: MakeStory,
) -> None:
    root = make_story()
    code, out = imported(
        root,
        """\
        group,kind,theme,type,text
        Tenants,user,Keep me posted,mini-story,I now know who has my case.
        Tenants,user,Keep me posted,post-it,Text me
        Advisers,staff,Keep me posted please,mini-story,I can now tell people what happens next.
        Advisers,staff,Keep me posted please,mini-story,I now hear back from the GP.
        """,
    )
    assert code == 0, out
    hint = next(x for x in out if "shared theme" in x).strip()
    assert hint == (
        "'Tenants' has the theme 'Keep me posted' (rows 2, 3; people/tenants.yml:12) and "
        "'Advisers' has 'Keep me posted please' (rows 4, 5; people/advisers.yml:12): if they "
        "are one shared theme, give both the same id, such as 'keep-me-posted' - in the "
        "spreadsheet's theme id column for their rows before they are imported, or at those "
        "id lines once they are"
    )
    assert line(root, "people/tenants.yml:12") == "  - id: keep-me-posted"
    assert line(root, "people/advisers.yml:12") == "  - id: keep-me-posted-please"
    # Given one theme id, two such clusters are one shared theme and nothing is suggested.
    code, out = imported(
        root,
        """\
        group,kind,theme,theme id,type,text
        Carers,user,Breathing space,breathing-space,mini-story,I can now take a day off.
        Nurses,staff,Breathing space please,breathing-space,mini-story,I can now plan respite.
        """,
    )
    assert code == 0 and not any("Breathing" in x for x in out if "shared" in x), out
    assert themes(root, "nurses") == [("breathing-space", "Breathing space please", [])]


def test_theme_ids_are_checked(make_story: MakeStory) -> None:
    root = make_story({"people/resident.yml": EXISTING})
    code, out = imported(
        root,
        """\
        group,kind,theme,theme id,type,text
        Tenants,user,Tell it once,Tell It Once!,story,I can now tell my story once.
        Tenants,user,Keep me posted,posted,story,I now know who has my case.
        Tenants,user,Keep me posted,updates,story,I now hear back.
        Residents,user,Tell it once,one-story,post-it,Fewer forms
        """,
    )
    assert code == 1
    assert (
        "  row 2: theme id 'Tell It Once!' is not an id - write lower-case letters, digits and "
        "hyphens only, such as 'tell-it-once', the same in the rows of every group that shares "
        "the theme"
    ) in out
    assert (
        "  row 4: theme id 'updates' differs from 'posted', which row 3 gives the same theme "
        "'Keep me posted' of 'Tenants' - a theme has one id: write the same in both rows"
    ) in out
    other = next(x for x in out if "has the id 'tell-it-once'" in x).strip()
    where, said = other.split(": ", 1)
    assert said == (
        "the theme 'Tell it once' has the id 'tell-it-once', so row 5 (theme id 'one-story') "
        "was added to it - to share it as 'one-story', change that id to 'one-story' (and "
        "wherever it is referred to)"
    )
    assert line(root, where) == "  - id: tell-it-once"


def test_role_is_still_the_kind_in_an_old_spreadsheet(make_story: MakeStory) -> None:
    root = make_story()
    code, out = imported(
        root,
        """\
        Group,Role,Theme,Type,Text
        Tenants,User,Tell it once,story,I can now tell my story once.
        Advisers,staff,One record,story,I can now see the whole plan.
        Advisers,,One record,note,Shared notes
        """,
    )
    assert code == 0, out
    loaded = load(root)
    assert loaded.folder is not None
    assert loaded.folder.people["tenants"].kind == "user"
    assert loaded.folder.people["advisers"].kind == "staff"
    assert loaded.folder.people["advisers"].persona.role == "What they do"  # not "staff"


def test_role_beside_a_kind_column_is_the_personas(make_story: MakeStory) -> None:
    root = make_story()
    code, out = imported(
        root,
        """\
        group,kind,role,theme,type,text
        Tenants,user,Staff nurse on nights,Tell it once,story,I can now tell my story once.
        """,
    )
    assert code == 0, out
    loaded = load(root)
    assert loaded.folder is not None
    person = loaded.folder.people["tenants"]
    assert (person.kind, person.persona.role) == ("user", "Staff nurse on nights")


def test_role_holding_roles_and_no_kind_column_says_which_row_shows_it(
    make_story: MakeStory,
) -> None:
    root = make_story()
    before = tree_digest(root)
    code, out = imported(
        root,
        """\
        group,role,theme,type,text
        Tenants,user,Tell it once,story,I can now tell my story once.
        Tenants,Single parent,Tell it once,story,I can now rest.
        """,
    )
    assert code == 2
    text = " ".join(out)
    assert "notes.csv has no column for 'kind' (or stakeholder kind / kind of group)." in text
    assert (
        "Its 'role' column is read as what the persona does, because row 3 says 'Single "
        "parent', which is not a kind: add a column for the kind, or, if that column is the "
        "kind, correct row 3"
    ) in text
    assert tree_digest(root) == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("Tom\x1b[31m", "row 2: the persona has an invisible control character, ESC"),
        ("\u200b\u200b", "row 2: the persona holds only invisible characters"),
        ("A" * 100_000, "row 2: 'name' is too long: a name or title may have at most 200"),
        ("Jane\u200bRealperson", "row 2: this text contains the real name of a workshop"),
    ],
)
def test_a_hostile_persona_cell_writes_nothing_of_it(
    make_story: MakeStory, persona: str, expected: str
) -> None:
    root = make_story()
    path = root.parent / "notes.csv"
    path.write_text(
        "group,kind,persona,theme,type,text\n"
        f"Tenants,user,{persona},Tell it once,story,I can now tell my story once.\n",
        encoding="utf-8",
    )
    code, out = run("import", str(path), "--stories", str(root))
    assert code == 1, out
    assert expected in out
    assert all(len(x) < 600 for x in out.splitlines())  # a cell is quoted as an excerpt
    people = root / "people/tenants.yml"
    assert not people.exists() or persona not in people.read_text(encoding="utf-8")
