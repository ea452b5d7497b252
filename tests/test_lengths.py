"""Text lengths: every text has a limit (VK111) and a length that reads well (VK207),
and share-card fitting does work bounded by the card, not by the text."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BASE, MakeStory, only, person, where
from maxfields import write_max_fields
from PIL import Image, ImageFont
from pydantic import BaseModel
from sites import build_site, page

from visionkit import check
from visionkit.authoring.reference import explain
from visionkit.authoring.schema import schemas
from visionkit.fields import LENGTHS, LONG, NAME, SAYING, described, text_length
from visionkit.images import cards
from visionkit.images.cards import ELLIPSIS, CardText, TextBox, _width, draw_card, fit
from visionkit.model import LogEntry, Person, Priorities, Report, Vision
from visionkit.read.yamlsource import Limits

# --- share cards: bounded work ----------------------------------------------------------


def _measured(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, cards.Fitted]:
    """How many characters fitting ``text`` as a card's quote measures, and the result."""
    measured = 0
    original = ImageFont.FreeTypeFont.getlength

    def counting(self: ImageFont.FreeTypeFont, text: str, *args: Any, **kwargs: Any) -> float:
        nonlocal measured
        measured += len(text)
        return original(self, text, *args, **kwargs)

    cards._word_width.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(ImageFont.FreeTypeFont, "getlength", counting)
        fitted = fit(TextBox(text, 38, 24, 6), 658, 400)
    return measured, fitted


@pytest.mark.parametrize(
    "make",
    [lambda n: "x" * n, lambda n: "ab " * (n // 3), lambda n: "Gwŷneth" + "ab-" * (n // 3)],
    ids=["one word", "short words", "long words"],
)
def test_fitting_a_card_measures_no_more_for_ten_times_the_text(
    make: typing.Callable[[int], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    small, fitted_small = _measured(make(10_000), monkeypatch)
    large, fitted_large = _measured(make(100_000), monkeypatch)
    assert fitted_small == fitted_large  # the card shows the same
    # Beyond what the card can show, nothing is measured: the same work for 10x the text,
    # and only a few times the characters the card shows.
    assert large <= small * 1.1
    shown = sum(len(word) + 1 for line in fitted_large.lines for word in line)
    assert large < 200 * shown, (large, shown)


def test_600000_short_words_and_a_100000_character_word_make_a_card(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for quote in ("word " * 600_000, "x" * 100_000):
        measured, _ = _measured(quote, monkeypatch)
        assert measured < 50_000
        card = draw_card(
            CardText("A day in the life", "Amira", "Parent", quote, "Vision", "draft", "Draft"),
            [Image.new("RGB", (60, 60), (200, 120, 80))],
            (255, 224, 178),
        )
        assert card.size == (1200, 630)


@pytest.mark.parametrize(
    "text",
    ["x" * 100_000, "word " * 20_000, "Zażółć " + "gęślą" * 5000],
    ids=["one word", "many words", "a long word after a short one"],
)
def test_text_cut_from_a_card_ends_in_an_ellipsis_inside_its_box(text: str) -> None:
    for box, width, height in [
        (TextBox(text, 38, 24, 6), 658, 300),
        (TextBox(text, 64, 36, 2, bold=True), 600, 170),
        (TextBox(text, 24, 18, 1, bold=True), 400, 40),
    ]:
        fitted = fit(box, width, height)
        assert fitted.size == box.min_size
        assert 1 <= len(fitted.lines) <= box.max_lines and fitted.height <= height
        assert all(_width(line, fitted.size, box.bold) <= width for line in fitted.lines)
        assert fitted.lines[-1][-1].endswith(ELLIPSIS)


def test_a_short_text_is_set_large_and_whole() -> None:
    fitted = fit(TextBox("I told my story once.", 38, 24, 6), 658, 400)
    assert fitted.size == 38 and fitted.lines == [["I", "told", "my", "story", "once."]]


def test_the_bundled_fonts_draw_no_visible_character_narrower_than_the_budget_assumes() -> None:
    """fit() looks at no text beyond what could fit if every character were this narrow."""
    from fontTools.ttLib import TTFont

    from visionkit.resources import FONTS

    fonts = sorted(FONTS.glob("*.ttf"))
    assert fonts
    for path in fonts:
        font = TTFont(path)
        em = font["head"].unitsPerEm
        advances = [font["hmtx"][glyph][0] for glyph in font.getBestCmap().values()]
        narrowest = min(advance for advance in advances if advance > 0) / em
        assert narrowest >= cards.MIN_ADVANCE_EM, (path.name, narrowest)


# --- every text field has a length -----------------------------------------------------


def _models(model: Any, seen: set[type[BaseModel]]) -> Iterator[type[BaseModel]]:
    if isinstance(model, type) and issubclass(model, BaseModel) and model not in seen:
        seen.add(model)
        yield model
        for info in model.model_fields.values():
            yield from _models(info.annotation, seen)
    for arg in typing.get_args(model):
        yield from _models(arg, seen)


def _holds_text(annotation: Any) -> bool:
    return annotation is str or any(_holds_text(arg) for arg in typing.get_args(annotation))


def test_every_text_field_has_a_documented_length() -> None:
    seen: set[type[BaseModel]] = set()
    roots = (Vision, Person, Priorities, LogEntry, Report)
    models = [m for root in roots for m in _models(root, seen)]
    texts = 0
    for model in models:
        for name, info in model.model_fields.items():
            if not _holds_text(info.annotation) or typing.get_origin(info.annotation) is dict:
                continue
            texts += 1
            length = text_length(info.annotation, info.metadata)
            assert length is not None, f"{model.__name__}.{name} has no Length (fields.py)"
            assert f"at most {length.limit:,}" in described(info)
    assert texts > 40


def test_the_lengths_are_in_the_reference_and_the_schemas() -> None:
    people = schemas()["people"]
    quote = people["properties"]["quote"]
    assert quote["anyOf"][0]["maxLength"] == SAYING.limit
    assert "reads best within 300 characters and may have at most 2,000" in quote["description"]
    reference = explain("VK111")
    assert reference is not None and "text too long" in reference
    assert "20,000" in reference
    hard_to_read = explain("VK207")
    assert hard_to_read is not None and "300" in hard_to_read
    for length in LENGTHS:
        assert f"| {length.kind} |" in (Path(__file__).parent.parent / "REFERENCE.md").read_text()


def test_every_limit_is_far_below_what_a_story_file_may_hold() -> None:
    """A value at its limit fits a story file with room to spare, in any script: the file
    limit (VK003) is never what a long text meets first."""
    assert max(length.limit for length in LENGTHS) * 4 * 10 < Limits().max_bytes


# --- check: VK111 and VK207, with line and column ---------------------------------------


def _with_quote(make_story: MakeStory, quote: str) -> Path:
    text = person("user").replace("themes:", f"quote: {quote}\nthemes:")
    return make_story({"people/resident.yml": text})


def test_a_quote_of_100000_characters_in_one_word_is_an_error_with_its_place(
    make_story: MakeStory,
) -> None:
    d = only(check(_with_quote(make_story, "x" * 100_000)), "VK111")
    assert where(d) == ("people/resident.yml", 6, 8)
    assert d.severity.value == "error"
    assert str(d).endswith(
        "error VK111 'quote' is too long: a quote, mini-story, post-it or postcard may have "
        "at most 2,000 characters - shorten it to 2,000 characters or fewer; it has 100,000"
    )


def test_600000_short_words_are_an_error_and_the_most_allowed_passes(
    make_story: MakeStory,
) -> None:
    d = only(check(_with_quote(make_story, "ab " * 600_000)), "VK111")
    assert where(d) == ("people/resident.yml", 6, 8)
    assert "it has 1,799,999" in d.text  # the spaces at the end are not counted
    words = ("ab " * 1000)[: SAYING.limit - 1] + "."
    result = check(_with_quote(make_story, words))
    assert not result.errors
    assert {d.code.value for d in result.warnings} == {"VK207"}


def test_a_text_over_what_reads_well_is_a_warning_with_its_place(make_story: MakeStory) -> None:
    long_story = "I can now say it once. " * 20  # 460 characters
    text = person("user").replace(
        "      - I can now tell my story once.",
        f"      - I can now tell my story once.\n      - {long_story}",
    )
    logs = yaml.safe_dump(
        [
            {"project": "P", "date": "2026-01-01", "tool": "T"},
            {"project": "P", "date": "2026-01-02", "tool": "T", "next_time": "x " * 600},
        ],
        sort_keys=False,
    )
    result = check(make_story({"people/resident.yml": text, "logs/spring.yml": logs}))
    assert not result.errors
    found = {d.file: d for d in result.warnings if d.code.value == "VK207"}
    assert set(found) == {"people/resident.yml", "logs/spring.yml"}
    story, log = found["people/resident.yml"], found["logs/spring.yml"]
    assert where(story) == ("people/resident.yml", 11, 9)
    assert str(story).endswith(
        "warning VK207 item 2 of 'stories' is too long to read well: a share card shows about "
        "300 characters of a quote, and a mini-story or post-it is a sentence or two - shorten "
        "it to 300 characters or fewer; it has 459"
    )
    assert where(log) == ("logs/spring.yml", 7, 14)  # the second entry's next_time
    assert "'next_time'" in log.text and "it has 1,199" in log.text


@pytest.mark.parametrize("length", [NAME, SAYING, LONG], ids=lambda length: length.kind)
def test_a_text_at_its_limit_passes_and_one_character_more_is_an_error(
    make_story: MakeStory, length: Any
) -> None:
    key = {NAME: "title", SAYING: "quote", LONG: "story"}[length]
    for size, codes in [(length.limit, {"VK207"}), (length.limit + 1, {"VK111"})]:
        value = "a" * (size - 1) + "."
        if key == "title":
            vision = BASE["vision.yml"].replace("title: Better Together", f"title: {value}")
            root = make_story({"vision.yml": vision})
        else:
            text = person("user").replace("themes:", f"{key}: {value}\nthemes:")
            root = make_story({"people/resident.yml": text})
        found = {d.code.value for d in check(root).diagnostics}
        assert found == codes, (size, found)


# --- a folder with every text at its limit ----------------------------------------------


def _texts(value: Any, length: Any = None) -> Iterator[tuple[str, Any]]:
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            inner = text_length(info.annotation, info.metadata)
            yield from _texts(getattr(value, name), inner)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, length)
    elif isinstance(value, str) and length is not None:
        yield value, length


def test_the_max_fields_folder_has_every_text_at_its_limit_and_passes_check(
    tmp_path: Path,
) -> None:
    result = check(write_max_fields(tmp_path / "stories"))
    assert not result.errors, "\n".join(map(str, result.errors))
    folder = result.folder
    assert folder is not None
    models: list[BaseModel] = [folder.vision, *folder.people.values(), *folder.logs]
    models += folder.reports.values()
    assert folder.priorities is not None
    models.append(folder.priorities)
    found = list(itertools.chain.from_iterable(_texts(model) for model in models))
    assert {length for _, length in found} == set(LENGTHS)
    short = [(len(text), length.limit) for text, length in found if len(text) != length.limit]
    assert not short
    # Every key that holds text is there (counted by key, not by item).
    keys = set()
    for model in models:
        for name, info in type(model).model_fields.items():
            if text_length(info.annotation, info.metadata) is not None:
                keys.add((type(model).__name__, name))
    assert {"title", "summary", "quote", "story", "project", "next_time"} <= {k for _, k in keys}
    assert {("Report", "title"), ("Report", "next")} <= keys
    # The readings and the report are read, and only their lengths are warned about.
    assert len(folder.readings) == 2 and len(folder.reports) == 1
    assert {d.code.value for d in result.warnings} == {"VK207"}


@pytest.mark.slow  # three people, each text at its limit: PDFs of many pages
def test_the_max_fields_folder_builds_with_pdfs(tmp_path: Path) -> None:
    write_max_fields(tmp_path / "stories")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Max fields\nsite_url: https://example.org/\ntheme: material\n"
        "plugins:\n  - search\n  - visionkit:\n      pdf: true\n"
    )
    site = build_site(tmp_path)
    for kind in ("user", "staff", "decision-maker"):
        assert "I told my story once." in page(site, f"stories/{kind}")
        assert (site / f"handouts/{kind}.pdf").stat().st_size > 0
    assert (site / "handouts/vision.pdf").stat().st_size > 0
    cards_made = list((site / "assets/visionkit/images").glob("card-*.png"))
    assert len(cards_made) >= 9
    if shutil.which("pdftotext"):  # poppler's: the words' places on the page
        _page_numbers_stand_clear(site / "handouts/vision.pdf")


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


def _page_numbers_stand_clear(pdf: Path) -> None:
    """No word of a page's footer (the longest vision title, status...) runs under its number.

    vision.pdf's numbers are drawn over its pages after they are laid out.
    """
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True)
    pages = out.stdout.split("<page ")[2:]  # the cover has no number
    assert pages
    for number, text in enumerate(pages, start=2):
        words = [
            (tuple(float(v) for v in m.groups()), text[m.end() :].split("<", 1)[0])
            for m in _WORD.finditer(text)
        ]
        at = [box for box, word in words if word == "Page" and box[1] > 780]
        assert len(at) == 1, (number, at)
        x0, y0, _, y1 = at[0]
        for (a, b, c, d), word in words:
            overlaps = c > x0 and a < 596 and d > y0 and b < y1
            assert not overlaps or word in ("Page", "of") or word.isdigit(), (number, word)


def test_aliases_cannot_publish_more_text_than_a_story_file_holds(make_story: MakeStory) -> None:
    story = "I can now tell my story once. " * 60
    many = "\n".join(["      - *story"] * 2_000)  # 2,001 mini-stories of 1,799 characters
    text = person("user").replace(
        "      - I can now tell my story once.", f"      - &story {story.strip()}\n{many}"
    )
    result = check(make_story({"people/resident.yml": text}))
    d = only(result, "VK005")
    assert where(d) == ("people/resident.yml", 10, 9)  # the anchor: every alias is its text
    assert "add up to more than 2,097,152 characters" in d.text
    # One warning for the text, not one per alias.
    assert len([w for w in result.warnings if w.code.value == "VK207"]) == 1
    # As many aliases as a 2 MB file could hold written out are fine.
    fewer = text.replace(many, "\n".join(["      - *story"] * 1_000))
    assert not check(make_story({"people/resident.yml": fewer})).errors
