"""Every error of the story-file contract (REFERENCE.md): right code, file, line and column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import VISION, MakeStory, check, only, person, save_picture, where


def test_yaml_that_does_not_parse_names_the_line(make_story: MakeStory) -> None:
    root = make_story({"people/adviser.yml": "group: Advisers\nkind: staff\n  persona: x\n"})
    d = only(check(root), "VK001")
    assert where(d)[:2] == ("people/adviser.yml", 3)
    assert "not valid YAML" in d.message


def test_a_tab_for_indenting_is_explained(make_story: MakeStory) -> None:
    root = make_story({"people/adviser.yml": "group: Advisers\npersona:\n\tname: Sam\n"})
    d = only(check(root), "VK001")
    assert where(d)[:2] == ("people/adviser.yml", 3)
    assert "tab" in d.text and "spaces" in d.text


def test_a_key_given_twice_is_an_error_at_the_second(make_story: MakeStory) -> None:
    text = person("staff") + "themes:\n  - id: other\n    title: Lost\n"
    d = only(check(make_story({"people/adviser.yml": text})), "VK004")
    assert where(d) == ("people/adviser.yml", 12, 1)
    assert "'themes' is given twice" in d.message and "first on line 6" in d.message


def test_unknown_key_suggests_the_nearest(make_story: MakeStory) -> None:
    text = person("staff").replace("  name: Sam", "  nmae: Sam")
    result = check(make_story({"people/adviser.yml": text}))
    d = only(result, "VK101")
    assert where(d) == ("people/adviser.yml", 4, 3)
    assert d.text == "unknown key 'nmae' - did you mean 'name'?"


def test_unknown_key_at_top_level_suggests_too(make_story: MakeStory) -> None:
    d = only(check(make_story({"vision.yml": VISION + "strapine: Hello\n"})), "VK101")
    assert where(d) == ("vision.yml", 12, 1)
    assert "did you mean 'strapline'?" in d.text


def test_missing_required_key_points_at_its_mapping(make_story: MakeStory) -> None:
    text = person("staff").replace("  role: Someone who uses the service\n", "")
    d = only(check(make_story({"people/adviser.yml": text})), "VK102")
    assert where(d) == ("people/adviser.yml", 4, 3)
    assert "'persona' is missing the required key 'role'" in d.message


def test_missing_top_level_key(make_story: MakeStory) -> None:
    text = VISION.replace("service: One front door for housing and health\n", "")
    d = only(check(make_story({"vision.yml": text})), "VK102")
    assert where(d) == ("vision.yml", 1, 1)
    assert "'service'" in d.message


def test_picture_without_alt_text_is_a_missing_key(make_story: MakeStory) -> None:
    root = make_story()
    save_picture(root / "pictures/sam.png")
    text = person("staff").replace(
        "  role: Someone", "  picture: pictures/sam.png\n  role: Someone"
    )
    d = only(check(make_story({"people/adviser.yml": text})), "VK102")
    assert where(d) == ("people/adviser.yml", 4, 3)
    assert "'alt'" in d.message


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "words"),
    [
        ("kind: staff", "kind: staf", 2, 7, "did you mean 'staff'?"),
        ("kind: staff", "kind: [staff]", 2, 7, "must be one of user, staff"),
        ("    title: One front door", "    title: [a, b]", 8, 12, "should be text"),
        ("    resolves: [tell-again]", "    resolves: tell-again", 11, 15, "should be a list"),
        ("  - id: one-door", "  - id: One Door", 7, 9, "e.g. 'one-door'"),
        ("    resolves: [tell-again]", "    votes: -2", 11, 12, "0 or more"),
        ("    resolves: [tell-again]", "    votes: lots", 11, 12, "whole number"),
        ("persona:\n", "persona: Sam\n", 3, 10, "should be a mapping"),
    ],
)
def test_wrong_type_or_value(
    make_story: MakeStory, old: str, new: str, line: int, column: int, words: str
) -> None:
    text = person("staff")
    assert old in text
    text = text.replace(old, new)
    if old == "persona:\n":
        text = text.replace("  name: Sam\n  role: Someone who uses the service\n", "")
    d = only(check(make_story({"people/adviser.yml": text})), "VK103")
    assert where(d) == ("people/adviser.yml", line, column)
    assert words in d.text


def test_wrong_date_and_time(make_story: MakeStory) -> None:
    vision = VISION + "date: 12/03/2026\n"
    adviser = person("staff") + "day:\n  - time: 9am\n    text: Coffee.\n"
    result = check(make_story({"vision.yml": vision, "people/adviser.yml": adviser}))
    found = {where(d): d.text for d in result.errors}
    assert "YYYY-MM-DD" in found[("vision.yml", 12, 7)]
    assert "HH:MM" in found[("people/adviser.yml", 13, 11)]


def test_text_is_read_as_typed(make_story: MakeStory) -> None:
    adviser = person("staff").replace("group: Staff group", "group: NO") + (
        "day:\n  - time: 08:30\n    text: 1.10\n"
    )
    result = check(make_story({"people/adviser.yml": adviser}))
    assert result.errors == []
    assert result.folder is not None
    page = result.folder.people["adviser"]
    assert page.group == "NO"
    assert (page.day[0].time, page.day[0].text) == ("08:30", "1.10")


def test_an_empty_file_is_a_clear_error(make_story: MakeStory) -> None:
    d = only(check(make_story({"people/adviser.yml": "# nothing yet\n"})), "VK006")
    assert where(d) == ("people/adviser.yml", 1, 1)
    assert d.message == "the file is empty"


def test_a_top_level_list_where_a_mapping_is_expected(make_story: MakeStory) -> None:
    d = only(check(make_story({"vision.yml": "- title: A\n- service: B\n"})), "VK006")
    assert where(d) == ("vision.yml", 1, 1)
    assert "should be a mapping of keys, but it is a list" in d.message


def test_duplicate_ids(make_story: MakeStory) -> None:
    vision = VISION.replace(
        "confidential:", "  - id: tell-again\n    text: Same id again.\nconfidential:"
    )
    adviser = person("staff") + "  - id: one-door\n    title: Again\n    stories: [I can do it.]\n"
    result = check(make_story({"vision.yml": vision, "people/adviser.yml": adviser}))
    found = sorted(where(d) for d in result.diagnostics if d.code.value == "VK104")
    assert found == [("people/adviser.yml", 12, 9), ("vision.yml", 9, 9)]


def test_duplicate_priority_id(make_story: MakeStory) -> None:
    priorities = "priorities:\n  - id: a\n    text: A\n  - id: a\n    text: B\n"
    d = only(check(make_story({"priorities.yml": priorities})), "VK104")
    assert where(d) == ("priorities.yml", 4, 9)


def test_reference_to_an_unknown_problem(make_story: MakeStory) -> None:
    root = make_story({"people/adviser.yml": person("staff", resolves="tell-agian")})
    d = only(check(root), "VK105")
    assert where(d) == ("people/adviser.yml", 11, 16)
    assert d.text.endswith("did you mean 'tell-again'?")


def test_references_are_checked_even_when_vision_has_other_errors(make_story: MakeStory) -> None:
    root = make_story(
        {
            "vision.yml": VISION + "status: finished\n",
            "people/adviser.yml": person("staff", resolves="nope"),
        }
    )
    result = check(root)
    assert {d.code.value for d in result.errors} == {"VK103", "VK105"}


def test_agenda_refers_to_an_unknown_priority(make_story: MakeStory) -> None:
    priorities = (
        "priorities:\n  - id: one-plan\n    text: One plan\n"
        "agenda:\n  - priority: one-plna\n    goal: Everyone has one plan.\n"
        "    indicators:\n      - text: Fewer repeats\n        measures: outcome\n"
    )
    d = only(check(make_story({"priorities.yml": priorities})), "VK105")
    assert where(d) == ("priorities.yml", 5, 15)
    assert "did you mean 'one-plan'?" in d.text


def _with_picture(make_story: MakeStory, reference: str) -> tuple[Path, str]:
    text = person("staff").replace(
        "  role: Someone", f"  picture: {reference}\n  alt: A drawing of Sam\n  role: Someone"
    )
    return make_story({"people/adviser.yml": text}), text


def test_missing_picture_suggests_a_close_name(make_story: MakeStory) -> None:
    root, _ = _with_picture(make_story, "pictures/Sam.PNG")
    save_picture(root / "pictures/sam.png")
    d = only(check(root), "VK106")
    assert where(d) == ("people/adviser.yml", 5, 12)
    assert "did you mean 'pictures/sam.png'?" in d.text


@pytest.mark.parametrize("reference", ["../outside.png", "/etc/passwd", "C:/pics/sam.png"])
def test_picture_outside_the_story_folder(make_story: MakeStory, reference: str) -> None:
    root, _ = _with_picture(make_story, reference)
    save_picture(root.parent / "outside.png")
    d = only(check(root), "VK107")
    assert where(d) == ("people/adviser.yml", 5, 12)


def test_picture_through_a_symlink_leading_outside(make_story: MakeStory) -> None:
    root, _ = _with_picture(make_story, "pictures/sam.png")
    secret = save_picture(root.parent / "elsewhere" / "secret.png")
    (root / "pictures").mkdir()
    os.symlink(secret, root / "pictures/sam.png")
    d = only(check(root), "VK107")
    assert "through a link" in d.message


def test_a_file_that_is_not_an_image(make_story: MakeStory) -> None:
    root, _ = _with_picture(make_story, "pictures/sam.png")
    (root / "pictures").mkdir()
    (root / "pictures/sam.png").write_text("not a picture")
    d = only(check(root), "VK108")
    assert where(d) == ("people/adviser.yml", 5, 12)


def test_a_gif_is_not_accepted(make_story: MakeStory) -> None:
    root, _ = _with_picture(make_story, "pictures/sam.gif")
    save_picture(root / "pictures/sam.gif", "GIF")
    d = only(check(root), "VK108")
    assert "GIF" in d.message and "JPEG, PNG and WebP" in d.message


def test_a_decompression_bomb_is_too_large_before_decoding(make_story: MakeStory) -> None:
    root, _ = _with_picture(make_story, "pictures/bomb.png")
    # A PNG header declaring 40000x40000 pixels, with almost no data behind it.
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 40000, 40000, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    (root / "pictures").mkdir()
    (root / "pictures/bomb.png").write_bytes(png)
    d = only(check(root), "VK109")
    assert where(d) == ("people/adviser.yml", 5, 12)
    assert "megapixels" in d.message


def test_a_picture_over_the_byte_limit(make_story: MakeStory) -> None:
    from visionkit.read.pictures import PictureLimits

    root, _ = _with_picture(make_story, "pictures/sam.png")
    save_picture(root / "pictures/sam.png", size=(400, 400))
    result = check(root, picture_limits=PictureLimits(max_bytes=100))
    d = only(result, "VK109")
    assert "MB" in d.message


def test_partner_logo_is_checked_too(make_story: MakeStory) -> None:
    vision = VISION.replace(
        "  - name: Northfield Health Trust", "  - name: Northfield Health Trust\n    logo: logo.png"
    )
    d = only(check(make_story({"vision.yml": vision})), "VK106")
    assert where(d) == ("vision.yml", 6, 11)


def test_confidential_name_in_published_text(make_story: MakeStory) -> None:
    text = person("staff").replace("  name: Sam", "  name: Sam, who is really JANE  realperson")
    d = only(check(make_story({"people/adviser.yml": text})), "VK110")
    assert where(d) == ("people/adviser.yml", 4, 9)
    assert d.severity.value == "error"
    assert "Realperson" not in d.text  # the name itself is not echoed into CI logs
    assert "number 1 in confidential.participants" in d.text  # which name, by its number


def test_confidential_name_must_be_a_whole_word(make_story: MakeStory) -> None:
    text = person("staff").replace("  name: Sam", "  name: Janet Realpersons")
    result = check(make_story({"people/adviser.yml": text}))
    assert not [d for d in result.diagnostics if d.code.value == "VK110"]
    assert result.folder is not None  # the name was read and looked at
    assert result.folder.people["adviser"].persona.name == "Janet Realpersons"


def test_confidential_name_as_a_page_address(make_story: MakeStory) -> None:
    result = check(make_story({"people/jane-realperson.yml": person("other")}))
    d = only(result, "VK110")
    assert d.file == "people/jane-realperson.yml"


def test_a_file_name_that_cannot_be_a_web_address(make_story: MakeStory) -> None:
    d = only(check(make_story({"people/Amira Khan.yml": person("other")})), "VK009")
    assert d.file == "people/Amira Khan.yml"
    assert "amira-khan.yml" in d.text


def test_missing_vision_file(make_story: MakeStory) -> None:
    d = only(check(make_story({"vision.yml": None})), "VK008")
    assert d.file == "vision.yml"


def test_every_error_of_every_file_in_one_run(make_story: MakeStory) -> None:
    root = make_story(
        {
            "vision.yml": VISION.replace("title: Better Together", "titel: Better Together"),
            "people/resident.yml": person("user").replace("kind: user", "kind: usr"),
            "people/adviser.yml": "group: [unclosed\n",
            "priorities.yml": "priorities: []\n",
            "logs/one.yml": "project: P\ntool: T\n",
            "logs/two.yml": b"project: \xff\n",
        }
    )
    result = check(root)
    assert sorted((d.file, d.code.value) for d in result.errors) == [
        ("logs/one.yml", "VK102"),
        ("logs/two.yml", "VK002"),
        ("people/adviser.yml", "VK001"),
        ("people/resident.yml", "VK103"),
        ("priorities.yml", "VK102"),
        ("vision.yml", "VK101"),
        ("vision.yml", "VK102"),
    ]
    assert result.summary() == "7 errors, 0 warnings in 7 files"


def test_pictures_are_checked_even_when_vision_has_errors(make_story: MakeStory) -> None:
    root, _ = _with_picture(make_story, "pictures/nobody.png")
    (root / "vision.yml").write_text(VISION + "status: done\n")
    result = check(root)
    assert sorted(d.code.value for d in result.errors) == ["VK103", "VK106"]


def test_a_wrong_key_in_a_votes_mapping_points_at_the_key(make_story: MakeStory) -> None:
    priorities = "priorities:\n  - id: a\n    text: A\n    votes: {usr: 3, staff: 1}\n"
    d = only(check(make_story({"priorities.yml": priorities})), "VK103")
    assert where(d) == ("priorities.yml", 4, 13)
    assert d.text.startswith("the key 'usr' under 'votes' must be one of user, staff")
    assert d.text.endswith("did you mean 'user'?")
