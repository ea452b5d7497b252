"""Choosing a generated portrait: ``persona.portrait`` traits and ``visionkit portraits``."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeStory, check, only, person, where
from PIL import Image
from sites import build_site

from visionkit import load
from visionkit.cli import cli
from visionkit.images import contact
from visionkit.images.cards import PAPER
from visionkit.images.contact import everyone, sheet_for
from visionkit.images.plan import plan_images
from visionkit.images.portraits import BACKGROUND, draw_portrait
from visionkit.model import Person, Portrait
from visionkit.site.pages import build_pages

PERSONAS = [("Amira", "Single parent", "user"), ("Marek", "Baker", "other"), ("Dylan", "", "staff")]


def _pixels(traits: Portrait | None, persona: tuple[str, str, str] = PERSONAS[0]) -> bytes:
    return draw_portrait(*persona, 192, traits).tobytes()


def _lightness(rgb: tuple[int, int, int]) -> float:
    """CIE L* of an sRGB colour: how light a skin tone looks."""

    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = map(linear, rgb)
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y


def _at(image: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    pixel = image.getpixel((round(x * image.width), round(y * image.height)))
    assert isinstance(pixel, tuple)
    return (pixel[0], pixel[1], pixel[2])


# Drawing --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_trait_set_draws_exactly_what_no_portrait_key_draws(
    persona: tuple[str, str, str],
) -> None:
    without = _pixels(None, persona)
    assert _pixels(Portrait(), persona) == without
    assert _pixels(Portrait(variant=1), persona) == without  # variant 1 is today's drawing


@pytest.mark.parametrize(
    ("trait", "values"),
    [
        ("age", ["child", "young", "adult", "older"]),
        ("skin", [1, 2, 3, 4, 5, 6]),
        ("hair", ["none", "short", "long", "curly", "covered"]),
        ("glasses", [True, False]),
    ],
)
def test_every_value_of_a_trait_draws_a_different_portrait(
    trait: str, values: list[object]
) -> None:
    for persona in PERSONAS:
        drawn = {
            value: _pixels(Portrait.model_validate({trait: value}), persona) for value in values
        }
        for a, b in itertools.combinations(values, 2):
            assert drawn[a] != drawn[b], (persona, trait, a, b)


def test_skin_tones_run_from_light_to_dark_in_even_steps() -> None:
    # The middle of the face, between the eyes and the smile: skin, whatever the hair.
    tones = [
        _lightness(
            _at(draw_portrait("Amira", "Single parent", "user", 384, Portrait(skin=n)), 0.5, 0.49)
        )
        for n in range(1, 7)
    ]
    steps = [a - b for a, b in itertools.pairwise(tones)]
    assert all(step > 0 for step in steps), tones
    assert max(steps) < 1.2 * min(steps), steps


def test_covered_hair_hides_the_ears_and_neck_and_long_hair_does_not() -> None:
    for name, role, kind in PERSONAS:
        for skin in (1, 6):
            traits = Portrait(skin=skin, age="adult")
            shown = draw_portrait(name, role, kind, 384, _with(traits, hair="short"))
            covered = draw_portrait(name, role, kind, 384, _with(traits, hair="covered"))
            face = _at(shown, 0.5, 0.49)
            for ear_or_neck in ((0.285, 0.46), (0.715, 0.46), (0.5, 0.69)):
                assert _at(shown, *ear_or_neck) != _at(covered, *ear_or_neck)
                assert _near(_at(shown, *ear_or_neck), face, 40)  # skin (the neck is shaded)
                assert not _near(_at(covered, *ear_or_neck), face, 40)
            assert _near(_at(covered, 0.5, 0.49), face, 0)  # the face itself shows


def test_a_child_has_narrower_shoulders_and_an_older_person_grey_hair() -> None:
    for name, role, kind in PERSONAS:
        adult = draw_portrait(name, role, kind, 384, Portrait(age="adult", hair="short"))
        child = draw_portrait(name, role, kind, 384, Portrait(age="child", hair="short"))
        older = draw_portrait(name, role, kind, 384, Portrait(age="older", hair="short"))
        background = BACKGROUND[kind]
        assert _at(adult, 0.21, 0.8) != background  # the shoulder
        assert _at(child, 0.21, 0.8) == background
        r, g, b = _at(older, 0.5, 0.2)  # the top of the hair
        assert max(r, g, b) - min(r, g, b) < 12 and r > 100, (r, g, b)


def test_consecutive_variants_differ_even_with_every_other_trait_set() -> None:
    fixed = Portrait(age="adult", skin=3, hair="covered", glasses=False)
    drawn = [_pixels(_with(fixed, variant=n)) for n in range(1, 26)]
    assert all(a != b for a, b in itertools.pairwise(drawn))
    # The same variant is the same drawing on every build.
    assert _pixels(_with(fixed, variant=7)) == drawn[6]


def test_a_trait_left_out_stays_as_the_hash_drew_it() -> None:
    """Setting the hair keeps today's skin: the traits are chosen independently."""
    for persona in PERSONAS:
        today = draw_portrait(*persona, 384)
        covered = draw_portrait(*persona, 384, Portrait(hair="covered"))
        assert _at(today, 0.5, 0.49) == _at(covered, 0.5, 0.49)


def _with(traits: Portrait, **changes: object) -> Portrait:
    return traits.model_copy(update=changes)


def _near(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


# The story files -------------------------------------------------------------------------


def _with_portrait(line: str, kind: str = "user") -> str:
    return person(kind).replace(
        "  role: Someone who uses the service\n",
        f"  role: Someone who uses the service\n{line}",
    )


@pytest.mark.parametrize(
    ("line", "column", "says"),
    [
        (
            "  portrait: {variant: 0}\n",
            23,
            "'variant': '0' is not a drawing's number: write a whole",
        ),
        (
            "  portrait: {age: elderly}\n",
            19,
            "'age' must be one of child, young, adult, older, not",
        ),
        (
            "  portrait: {skin: 7}\n",
            20,
            "'skin': '7' is not a skin tone: write a whole number from",
        ),
        (
            "  portrait: {hair: bald}\n",
            20,
            "'hair': 'bald' is not one of none, short, long, curly,",
        ),
        ("  portrait: {glasses: yes}\n", 23, "'glasses': 'yes' is neither true nor false"),
        (
            "  portrait: {colour: red}\n",
            14,
            "unknown key 'colour' - the keys allowed here are: vari",
        ),
        ("  portrait: {glases: true}\n", 14, "unknown key 'glases' - did you mean 'glasses'?"),
        ("  portrait: long\n", 13, "'portrait' should be a mapping of keys, but it is 'long'"),
    ],
)
def test_a_wrong_trait_is_an_error_at_its_line_saying_what_to_write(
    make_story: MakeStory, line: str, column: int, says: str
) -> None:
    result = check(make_story({"people/resident.yml": _with_portrait(line)}))
    found = only(result, "VK101" if "unknown key" in says else "VK103")
    assert where(found) == ("people/resident.yml", 6, column)
    assert str(found).startswith(f"people/resident.yml:6:{column}: error ")
    assert says in str(found)


def test_a_huge_or_hidden_trait_value_is_quoted_short_and_visible(make_story: MakeStory) -> None:
    line = f'  portrait:\n    skin: "3\\u202e"\n    variant: {"9" * 100_000}\n'
    result = check(make_story({"people/resident.yml": _with_portrait(line)}))
    messages = sorted(str(d) for d in result.errors)
    assert messages[0].startswith("people/resident.yml:7:11: error VK103 'skin': '3\\u202e' is")
    assert messages[1].startswith("people/resident.yml:8:14: error VK103 'variant': '9999")
    assert "…' is not a drawing's number" in messages[1] and len(messages[1]) < 200


def _portrait_names(root: Path) -> dict[str, tuple[str, ...]]:
    """Each persona's published image files, and each story page's share card."""
    folder = load(root).folder
    assert folder is not None
    plan = plan_images(folder, build_pages(folder))
    names = {slug: tuple(v.name for v in r.fallback) for slug, r in plan.personas.items()}
    return {**names, **{src: (card.name,) for src, card in plan.cards.items()}}


def test_changing_a_trait_changes_only_that_personas_portrait_and_card(
    make_story: MakeStory,
) -> None:
    before = _portrait_names(make_story())
    same = ["  portrait: {}\n", "  portrait:\n", "  portrait: {variant: 1}\n"]
    for line in same:
        assert _portrait_names(make_story({"people/resident.yml": _with_portrait(line)})) == before
    unrelated = person("user").replace("title: One front door", "title: One open door")
    assert _portrait_names(make_story({"people/resident.yml": unrelated})) == before
    after = _portrait_names(
        make_story({"people/resident.yml": _with_portrait("  portrait: {hair: long}\n")})
    )
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"resident", "stories/resident.md"}, changed


def test_a_persona_with_a_picture_and_traits_shows_the_picture(make_story: MakeStory) -> None:
    from conftest import save_picture

    root = make_story()
    save_picture(root / "pictures/sam.png")
    text = _with_portrait("  picture: pictures/sam.png\n  alt: Sam\n  portrait: {hair: long}\n")
    root = make_story({"people/resident.yml": text})
    assert not check(root).diagnostics  # allowed, and no warning: the picture wins
    assert _portrait_names(root)["resident"][0].startswith("sam-")


@pytest.mark.slow  # remakes two PDFs
def test_choosing_a_trait_remakes_only_that_personas_images_and_handouts(
    example_copy: Path,
) -> None:
    cache = example_copy / ".cache/visionkit"
    before = set(p.name for p in cache.iterdir())
    marek = example_copy / "stories/people/employers.yml"
    text = marek.read_text()
    marek.write_text(text.replace("  role: Owner", "  portrait: {age: older}\n  role: Owner", 1))
    build_site(example_copy)
    new = sorted(set(p.name for p in cache.iterdir()) - before)
    # The example is in English and Welsh: each language remakes its own card, handout and
    # vision.pdf (Marek's part of it, and its cover, which shows every face); the portrait
    # is one face in both.
    per_language = [
        "card-employers.png",
        "handout-employers.pdf",
        "handout-vision.pdf",
        "handout-vision-employers.pdf",
        "vision-front.pdf",
    ]
    assert sorted(re.sub(r"-[0-9a-f]{12}", "", n) for n in new) == sorted(
        per_language * 2 + ["portrait-marek-192.png", "portrait-marek-384.png"]
    )


# visionkit portraits ---------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["portraits", *args])
    return result.exit_code, result.output


def _tiles_on(path: Path, kind: str) -> int:
    """How many portraits of ``kind``'s colour the sheet shows, reading left to right."""
    with Image.open(path) as image:
        sheet = image.convert("RGB")
    for i in itertools.count():
        x = contact.MARGIN + (i % contact.COLUMNS) * contact.TILE_WIDTH + contact.TILE_WIDTH // 2
        y = contact.HEADER + (i // contact.COLUMNS) * contact.TILE_HEIGHT + 6  # circle's top
        if y >= sheet.height or sheet.getpixel((x, y)) != BACKGROUND[kind]:
            return i
    raise AssertionError("unreachable")


def test_portraits_name_writes_sixteen_captioned_drawings_to_choose_from(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story({"people/resident.yml": _with_portrait("  portrait: {hair: long}\n")})
    out = tmp_path / "choose.png"
    code, text = _run("resident.yml", "--stories", str(root), "--out", str(out))
    assert code == 0, text
    with Image.open(out) as image:
        assert image.format == "PNG"
        assert image.size == (
            2 * contact.MARGIN + 4 * contact.TILE_WIDTH,
            contact.HEADER + 4 * contact.TILE_HEIGHT + contact.MARGIN,
        )
    assert _tiles_on(out, "user") == 16
    lines = text.splitlines()
    assert lines[0] == f"Wrote {out} (16 portraits)."
    assert lines[1].split() == ["1.", "as", "now", "portrait:", "{variant:", "1,", "hair:", "long}"]
    assert lines[2].endswith("  portrait: {variant: 2, hair: long}")
    assert any(line.endswith("portrait: {variant: 1, age: older, hair: long}") for line in lines)
    assert lines[-1].startswith("Next: choose one and copy its line into people/resident.yml")
    # Each caption is a line the checker takes, and draws what its tile shows.
    for line in lines[1:17]:
        chosen = line.split("  ")[-1].strip()
        folder = make_story({"people/resident.yml": _with_portrait(f"  {chosen}\n")})
        assert not check(folder).errors, chosen


def test_portraits_without_a_name_shows_everyone_drawn_and_says_who_is_not(
    make_story: MakeStory, tmp_path: Path
) -> None:
    from conftest import save_picture

    root = make_story(
        {
            "people/leader.yml": person("decision-maker").replace(
                "  role:", "  picture: p.png\n  alt: A\n  role:"
            )
        }
    )
    save_picture(root / "p.png")
    code, text = _run("--stories", str(root), "--out", str(tmp_path / "all.png"))
    assert code == 0, text
    assert _tiles_on(tmp_path / "all.png", "staff") == 1  # adviser.yml: files in name order
    assert re.findall(r"^  (\S+\.yml)  ", text, re.M) == ["adviser.yml", "resident.yml"]
    assert "Not shown, they have their own picture: people/leader.yml" in text
    with Image.open(tmp_path / "all.png") as image:
        assert image.size[1] == contact.HEADER + contact.TILE_HEIGHT + contact.MARGIN


def test_portraits_of_an_unknown_name_suggests_one_and_of_a_broken_file_lists_its_errors(
    make_story: MakeStory, tmp_path: Path
) -> None:
    root = make_story({"people/resident.yml": _with_portrait("  portrait: {skin: 9}\n")})
    code, text = _run("advisr", "--stories", str(root), "--out", str(tmp_path / "x.png"))
    assert code == 2 and "there is no people file 'advisr': did you mean 'adviser'?" in text
    code, text = _run("\x1b[31mresident", "--stories", str(root), "--out", str(tmp_path / "x.png"))
    assert code == 2 and "'\\x1b[31mresident'" in text and "\x1b" not in text
    code, text = _run("resident", "--stories", str(root), "--out", str(tmp_path / "x.png"))
    assert code == 1
    assert text.splitlines()[0].startswith("people/resident.yml:6:20: error VK103 'skin'")
    assert not (tmp_path / "x.png").exists()
    # The whole-folder sheet still shows everyone else, and says who is missing.
    code, text = _run("--stories", str(root), "--out", str(tmp_path / "all.png"))
    assert (
        code == 0
        and "Not shown, their files have errors (visionkit check): people/resident.yml" in text
    )


def test_a_sheet_of_hostile_names_is_drawn_within_its_size_and_prints_them_escaped() -> None:
    def someone(i: int, name: str, role: str, file: str) -> Person:
        found = Person.model_validate(
            {
                "group": "G",
                "kind": "user",
                "persona": {"name": name, "role": role},
                "themes": [{"id": "t", "title": "T"}],
            }
        )
        found._slug, found._file = f"p{i}", file
        return found

    people = [
        someone(0, "Zoë 👩‍👧‍👦 عائشہ", "x" * 1_000, "people/\u202eevil\x1b[2J.yml"),
        someone(1, "W" * 200, "Mum of two " * 90, "people/" + "long-" * 40 + ".yml"),
        *(someone(i, f"P{i}", "R", f"people/p{i}.yml") for i in range(2, 60)),
    ]
    sheet = everyone(people)
    assert len(sheet.tiles) == contact.MAX_TILES and "  ...and 12 more." in sheet.notes
    image = sheet.image()
    assert image.size == sheet.size() and image.getpixel((5, 5)) == PAPER
    report = sheet.report("out.png")
    assert "\x1b" not in report and "\u202e" not in report
    assert "\\u202eevil\\x1b[2J.yml" in report
    assert max(len(line) for line in report.splitlines()) < 400


def test_a_folder_whose_vision_has_errors_makes_no_sheet_and_says_why(
    make_story: MakeStory,
) -> None:
    root = make_story({"vision.yml": "title: [\n"})
    with pytest.raises(contact.NoSheet) as caught:
        sheet_for(load(root), None)
    assert caught.value.problems and caught.value.problems[0].file == "vision.yml"
