"""Every character a workgroup types: emoji and symbols on pages, share cards and PDFs.

The bundled fonts (visionkit/fonts/, README.md) draw them: Noto Emoji (the
monochrome outline font) for emoji, Noto Sans Math, Noto Sans Symbols 2 and
Noto Sans Symbols for arrows, ticks, stars and the like. A spread of what
people type: plain emoji, a joined family, a skin tone, flags (a country's and
Wales's, spelt with tags), a keycap, symbols, and Latin, Arabic and emoji mixed.
"""

from __future__ import annotations

import html
import re
import zlib
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw
from pypdf import PdfReader
from sites import article, build_site, copy_example, page, search_index

from visionkit.check.lint import sentence_problems
from visionkit.images.cards import (
    SYMBOL_FONTS,
    CardText,
    Face,
    Fitted,
    _runs,
    draw_card,
    draw_text,
    font,
    font_salt,
)
from visionkit.images.jobs import PortraitSource, _identity, _key, card_job
from visionkit.images.portraits import BACKGROUND
from visionkit.resources import FONTS

SPREAD = {
    "smile": "😀",
    "heart": "❤️",
    "thumbs up": "👍",
    "family (joined)": "👩‍👩‍👧",
    "skin tone": "👍🏽",
    "flag": "🇬🇧",
    "flag of Wales (tags)": "🏴󠁧󠁢󠁷󠁬󠁳󠁿",
    "keycap": "1️⃣",
    "tick": "✓",
    "arrow": "→",
    "euro": "€",
    "pound": "£",
    "star": "★",
}
SAMPLES = list(SPREAD.values())
#: What the missing-glyph box looks like: a code point no font has.
NOBODY = "\U0010fffd"


def _box(size: int, bold: bool, face: Face) -> bytes:
    return bytes(font(size, bold, face).getmask(NOBODY))


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("sample", SAMPLES, ids=list(SPREAD))
def test_share_cards_draw_each_emoji_and_symbol_not_a_box(sample: str, bold: bool) -> None:
    runs = _runs(sample)
    assert len(runs) == 1, runs  # one font draws the whole sequence
    run, face = runs[0]
    mask = font(38, bold, face).getmask(run)
    assert mask.getbbox() is not None  # something is drawn
    assert bytes(mask) != _box(38, bold, face)  # not the font's missing-glyph box
    assert bytes(mask) != _box(38, bold, "latin")  # nor Noto Sans's, as before


def test_emoji_sequences_are_one_picture_not_their_parts() -> None:
    emoji = font(38, False, "emoji")
    one = emoji.getlength("😀")

    def mask(text: str) -> bytes:
        return bytes(emoji.getmask(text))

    # The family is one glyph, not three people; the skin tone is drawn on the
    # hand (in outline, the one hand), not as a swatch beside it.
    assert emoji.getlength("👩‍👩‍👧") == one and mask("👩‍👩‍👧") != mask("👩")
    assert emoji.getlength("👍🏽") == one
    # Two regional letters make one flag; tags turn a black flag into Wales's.
    assert emoji.getlength("🇬🇧") == one and mask("🇬🇧") not in (mask("🇬"), mask("🇧"))
    assert emoji.getlength("🏴󠁧󠁢󠁷󠁬󠁳󠁿") == one and mask("🏴󠁧󠁢󠁷󠁬󠁳󠁿") != mask("🏴")
    assert emoji.getlength("1️⃣") == one and mask("1️⃣") != mask("1")


def test_text_symbols_stay_text_and_an_emoji_selector_asks_for_the_emoji() -> None:
    assert _runs("❤") == (("❤", "symbols2"),)
    assert _runs("❤️") == (("❤️", "emoji"),)
    assert _runs("→") == (("→", "math"),)
    assert _runs("≠") == (("≠", "math"),)  # its own glyph, not = with a slash over it
    assert _runs("①") == (("①", "symbols"),)


def test_latin_arabic_and_emoji_mixed_each_in_its_font() -> None:
    assert _runs("Amira😀") == (("Amira", "latin"), ("😀", "emoji"))
    assert _runs("أميرة👍🏽") == (("أميرة", "arabic"), ("👍🏽", "emoji"))
    assert _runs("(✓)") == (("(", "latin"), ("✓", "symbols2"), (")", "latin"))
    # A line that starts in Arabic runs right to left, emoji included: the
    # Arabic word at the right edge, the emoji to its left.
    image = Image.new("RGB", (600, 80))
    line = Fitted(38, [["أميرة", "😀"]], False, (255, 255, 255))
    draw_text(ImageDraw.Draw(image), line, 0, 0, 600)
    ink = [x for x in range(600) if any(image.getpixel((x, y)) != (0, 0, 0) for y in range(80))]
    arabic = round(font(38, False, "arabic").getlength("أميرة"))
    assert ink[-1] >= 595 and 600 - arabic - 60 < ink[0] < 600 - arabic - 20


def test_a_whole_card_with_emoji_draws_them() -> None:
    text = CardText(
        kicker="A day in the life 🌞",
        title="Amira 🌻 أميرة",
        subtitle="Single parent 👍🏽 back at work → ✓",
        quote="😀 ❤️ 👍 I told my story once 🇬🇧 🏴󠁧󠁢󠁷󠁬󠁳󠁿 1️⃣ and everyone knew it ★ £5 €3",
        footer="Our shared vision 👩‍👩‍👧",
        status="consultation",
        status_label="Consultation",
    )
    card = draw_card(text, [Image.new("RGB", (64, 64), (200, 120, 80))], (0, 105, 92))
    assert card.size == (1200, 630)
    for field in (text.kicker, text.title, text.subtitle, text.quote, text.footer):
        for word in field.split():
            for run, face in _runs(word):
                assert bytes(font(38, False, face).getmask(run)) != _box(38, False, face), run


def test_cards_drawn_by_the_script_fonts_keep_their_names_and_emoji_cards_get_new_ones() -> None:
    """The example's cards are the same files; a card drawn with boxes before the
    emoji fonts were bundled is not taken from the cache."""
    assert font_salt(["Amira", "Gwŷneth ap Dafydd", "عائشہ خان", "“Tell it once” — £5, €3…"]) == ""
    assert font_salt(["Amira", "Tell it once 😀"]) == font_salt(["✓"]) == SYMBOL_FONTS
    assert font_salt(["1️⃣"]) == font_salt(["日本"]) == SYMBOL_FONTS  # drawn differently now
    source = PortraitSource("Amira", "Single parent", "user")

    def keys(quote: str) -> tuple[str, str]:
        """The card's key, and what it was before the emoji fonts."""
        text = CardText("Day", "Amira", "Single parent", quote, "Vision", "draft", "Draft")
        job, _ = card_job("amira", text, [source], "user")
        return job.key, _key("card", text, BACKGROUND["user"], _identity(source))

    now, before = keys("I told my story once.")
    assert now == before
    now, before = keys("I told my story once. 😀")
    assert now != before


@pytest.mark.parametrize(
    "text",
    [
        "I can now see my plan. 😀",
        "I can now see my plan! 👩‍👩‍👧 🇬🇧",
        "“I can now breathe,” I tell my sister. ❤️",
        "I can now see my plan. 1️⃣",
        "I can now see my plan 👍🏽.",
    ],
)
def test_an_emoji_after_a_mini_storys_full_stop_is_a_full_sentence(text: str) -> None:
    assert sentence_problems(text) == []


def test_an_emoji_is_not_a_full_stop() -> None:
    assert sentence_problems("I can now see my plan 😀") == ["end with a full stop, '!' or '?'"]
    assert sentence_problems("I can now see my plan 1️⃣") == ["end with a full stop, '!' or '?'"]


# A story folder with emoji in every field, built as a workgroup would.

#: The post-it that carries the whole spread, Latin, Arabic and emoji mixed.
POST_IT = "One form not six " + " ".join(SAMPLES) + " أميرة"
NAME = "Amira 🌻"
QUOTE = "😀 ❤️ 👍 I told my story once, and everyone who helped me already knew it."
MINI_STORY = "I can now tell my story once and every service I meet already knows it. 👩‍👩‍👧"
#: Fields that name something else in the folder, or hold a date or a choice.
REFERENCES = {"id", "kind", "status", "resolves", "picture", "logo", "date", "time", "priority"}
REFERENCES |= {"influence", "interest", "measures"}
#: An email or web address holds no spaces: the emoji could only make it invalid (VK103);
#: consultation_ends is a date.
REFERENCES |= {"contact", "feedback", "consultation_ends"}
#: An indicator's direction is a choice; a report's evidence names theme and indicator ids.
REFERENCES |= {"direction"}
REPORT_REFERENCES = REFERENCES | {"themes", "indicators"}


def _with_emoji(text: str) -> str:
    """The text with one of the spread added: after it, or before its full stop
    for a symbol that is not an emoji (a sentence may end in an emoji, not in £)."""
    mark = SAMPLES[zlib.crc32(text.encode()) % len(SAMPLES)]
    stripped = text.rstrip()
    if stripped.endswith((".", "!", "?")) and mark in {"✓", "→", "€", "£", "★"}:
        return f"{stripped[:-1]} {mark}{stripped[-1]}"
    return f"{text} {mark}"


def _everywhere(node: Any, references: set[str] = REFERENCES) -> Any:
    if isinstance(node, dict):
        return {k: v if k in references else _everywhere(v, references) for k, v in node.items()}
    if isinstance(node, list):
        return [_everywhere(v, references) for v in node]
    return _with_emoji(node) if isinstance(node, str) else node


def _emoji_story_folder(stories: Path) -> None:
    """Every text field of every story file gets an emoji or symbol; Amira's
    name, quote, a post-it and a mini-story get the ones the tests look for."""
    for path in sorted(stories.rglob("*.yml")):
        references = REPORT_REFERENCES if path.parent.name == "reports" else REFERENCES
        data = _everywhere(yaml.safe_load(path.read_text(encoding="utf-8")), references)
        if path.name == "amira.yml":
            data["persona"]["name"] = NAME
            data["quote"] = QUOTE
            data["themes"][0]["notes"][1] = POST_IT
            data["themes"][0]["stories"][0] = MINI_STORY
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture(scope="module")
def emoji_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with emoji in every field, built with --strict and its PDFs."""
    folder = copy_example(tmp_path_factory.mktemp("emoji"), pdf=True)
    _emoji_story_folder(folder / "stories")
    return build_site(folder, strict=True)  # a warning (a .notdef glyph) would fail it


def _plain(text: str) -> str:
    """Text as a PDF's text layer gives it back, spaces as one. WeasyPrint gives
    each glyph one text: the outline font draws 👍 and 👍🏽 with one glyph (no
    colour, no tone), so both copy as whichever came first; the emoji selector
    is a glyph of no text."""
    return " ".join(re.sub("[\ufe0f\U0001f3fb-\U0001f3ff]", "", text).split())


def _pdf_text(pdf: Path) -> str:
    return _plain(" ".join(p.extract_text() for p in PdfReader(pdf).pages))


def _embedded(pdf: Path) -> list[tuple[str, TTFont, dict[int, str]]]:
    """Each font embedded in the PDF: its name, the font and its glyphs' text (ToUnicode).

    vision.pdf is put together from parts, each with its own subset of a font under
    the same name: every embedded font object is read on its own.
    """
    fonts: dict[int, tuple[str, TTFont, dict[int, str]]] = {}
    for pdf_page in PdfReader(pdf).pages:
        for ref in pdf_page["/Resources"]["/Font"].values():
            pdf_font = ref.get_object()
            name = str(pdf_font["/BaseFont"]).split("+", 1)[-1]
            descriptor = pdf_font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            data = descriptor.get_object()["/FontFile2"].get_object().get_data()
            cmap = pdf_font["/ToUnicode"].get_object().get_data().decode()
            texts = {  # but the entry every font has for the .notdef glyph, 0 as U+FFFF
                int(cid, 16): bytes.fromhex(text).decode("utf-16-be")
                for cid, text in re.findall(r"<([0-9a-f]+)> <([0-9a-f]*)>", cmap)
                if (cid, text) != ("0000", "ffff")
            }
            fonts[ref.idnum] = (name, TTFont(BytesIO(data)), texts)
    return list(fonts.values())


@pytest.mark.slow
def test_emoji_in_every_field_build_with_strict_and_pdfs(emoji_site: Path) -> None:
    amira = html.unescape(article(page(emoji_site, "stories/amira")))
    for text in (NAME, QUOTE, MINI_STORY):
        assert text in amira
    assert POST_IT in html.unescape(article(page(emoji_site, "themes")))
    # Every field got one: the vision's title and the people's names on the overview.
    vision = yaml.safe_load((emoji_site.parent / "stories/vision.yml").read_text("utf-8"))
    overview = html.unescape(article(page(emoji_site, "vision")))
    assert vision["title"] in html.unescape(page(emoji_site, "vision"))
    assert vision["strapline"] in overview
    assert any(POST_IT in doc["text"] for doc in map(dict, search_index(emoji_site)))
    card = re.search(
        r'property="og:image" content="[^"]*/([^"/]+\.png)"', page(emoji_site, "stories/amira")
    )
    assert card is not None
    with Image.open(next(emoji_site.rglob(card[1]))) as image:
        assert image.size == (1200, 630)


@pytest.mark.slow
def test_the_pdfs_text_holds_the_emoji(emoji_site: Path) -> None:
    story = _pdf_text(emoji_site / "handouts/amira.pdf")
    assert _plain(NAME) in story and _plain(QUOTE) in story and _plain(MINI_STORY) in story
    document = _pdf_text(emoji_site / "handouts/vision.pdf")
    # WeasyPrint gives the keycap's glyph no text: it is drawn, but not copied.
    assert _plain(POST_IT.replace(" 1️⃣", "")) in document


@pytest.mark.slow
@pytest.mark.parametrize("name", ["amira", "vision"])
def test_the_pdfs_draw_the_emoji_with_real_glyphs_of_the_bundled_fonts(
    emoji_site: Path, name: str
) -> None:
    fonts = _embedded(emoji_site / f"handouts/{name}.pdf")
    # Only the bundled fonts: no font of the machine stands in for a character.
    assert all(font_name.startswith("Noto-") for font_name, _, _ in fonts), fonts
    drawn: dict[str, str] = {}  # each text drawn, and the font that drew it
    for font_name, embedded, texts in fonts:
        order = embedded.getGlyphOrder()
        for cid, text in texts.items():
            if text.strip():
                # A glyph of the font's own, with an outline: not the missing-glyph box.
                assert cid != 0 and embedded["glyf"][order[cid]].numberOfContours != 0, text
                drawn[_plain(text)] = font_name.replace("-Bold", "").rstrip(",")
    source = TTFont(FONTS / "NotoEmoji-Regular.ttf")
    emoji = [texts for font_name, _, texts in fonts if "Emoji" in font_name]
    for sample in ("😀", "❤", "👍", "🌻"):
        assert drawn[sample] == "Noto-Emoji"
        # The bundled font's glyph for that emoji (glyph numbers are kept in the PDF).
        glyph = source.getGlyphID(source.getBestCmap()[ord(sample)])
        assert any(_plain(texts.get(glyph, "")) == sample for texts in emoji)
    if name == "vision":  # the post-it: each sequence one glyph, each symbol its font's
        for sequence in ("👩‍👩‍👧", "🇬🇧", "🏴󠁧󠁢󠁷󠁬󠁳󠁿"):
            assert drawn[sequence] == "Noto-Emoji"
        assert [drawn[symbol] for symbol in ("✓", "★", "→", "€", "£")] == [
            "Noto-Sans-Symbols-2",
            "Noto-Sans-Symbols-2",
            "Noto-Sans-Math",
            "Noto-Sans",
            "Noto-Sans",
        ]


def test_the_example_pdfs_use_only_the_bundled_fonts(example_site: Path) -> None:
    """The nested lists' ◦ bullet, which Noto Sans lacks, was the machine's DejaVu Sans:
    a machine without it printed a box. Noto Sans Symbols2 draws it now."""
    for pdf in sorted((example_site / "handouts").glob("*.pdf")):
        fonts = _embedded(pdf)
        names = [font_name for font_name, _, _ in fonts]
        assert all(name.startswith("Noto-") for name in names), (pdf.name, names)
    symbols = [
        texts
        for font_name, _, texts in _embedded(example_site / "handouts/vision.pdf")
        if font_name == "Noto-Sans-Symbols-2,"
    ]
    assert any("◦" in texts.values() for texts in symbols)
