"""Share cards: the 1200x630 picture a chat or email app shows for a pasted link.

A card carries the persona (or the people of the vision), a name, the pull
quote, the vision's title and its status. Story text is drawn as text, never
interpreted. Text shrinks to fit its box and wraps by words; what still does
not fit ends in an ellipsis, so nothing ever runs off the card. Fonts are
bundled (Noto Sans, Noto Sans Arabic for Urdu or Arabic names, and Noto Emoji
and three symbol fonts for the rest, visionkit/fonts/README.md) so every
machine draws the same card.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from visionkit.palette import VISIONKIT, WHITE, Colour, Palette, on_fill
from visionkit.resources import FONTS

WIDTH, HEIGHT = 1200, 630
PANEL = 430
MARGIN = 56
PAPER = (255, 248, 236)
INK = (31, 31, 31)
MUTED = (74, 74, 74)
#: Status badge colours; white text on each is at least 7:1. A vision out for
#: consultation wears the site's main colour (:func:`badge_colours`).
STATUS_COLOURS: dict[str, Colour] = {"draft": (142, 27, 27), "agreed": (27, 94, 32)}
ELLIPSIS = "…"


#: The bundled fonts a card draws with, by face. A face whose family has no bold
#: file draws bold text in its regular one.
Face = Literal["latin", "arabic", "math", "symbols2", "symbols", "emoji"]
_FILES: dict[Face, tuple[str, str]] = {
    "latin": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "arabic": ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "math": ("NotoSansMath-Regular.ttf",) * 2,
    "symbols2": ("NotoSansSymbols2-Regular.ttf",) * 2,
    "symbols": ("NotoSansSymbols-Regular.ttf",) * 2,
    "emoji": ("NotoEmoji-Regular.ttf",) * 2,
}
#: Where a character neither script font has is looked for, in this order (the
#: PDFs' stylesheet lists the same fonts in the same order): arrows and maths,
#: then symbols, then emoji.
_FALLBACK: tuple[Face, ...] = ("math", "symbols2", "symbols", "emoji")
#: What makes a character an emoji even where a symbol font also has it: the
#: emoji variation selector, the keycap, the joiner of a sequence (👩‍👩‍👧).
_EMOJI_MARKS = frozenset("\ufe0f\u20e3\u200d")


def _is_arabic(ch: str) -> bool:
    code = ord(ch)
    return 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def _is_regional(ch: str) -> bool:
    """A regional indicator: two of them make a flag (🇬🇧)."""
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _is_modifier(ch: str) -> bool:
    """A skin tone (👍🏽) or a tag, which spells a subdivision's flag (Wales, Scotland)."""
    code = ord(ch)
    return 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


def _is_invisible(ch: str) -> bool:
    """Drawn as nothing by the font that draws its cluster: selectors, joiners, tags."""
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0x200B <= code <= 0x200F or 0xE0000 <= code <= 0xE0FFF


@functools.cache
def font(size: int, bold: bool = False, face: Face = "latin") -> ImageFont.FreeTypeFont:
    regular, heavy = _FILES[face]
    return ImageFont.truetype(str(FONTS / (heavy if bold else regular)), size)


@functools.cache
def _plain(face: Face) -> tuple[ImageFont.FreeTypeFont, bytes]:
    """The face without text shaping, which would draw a character it lacks from
    others it has (≠ as = and a slash), and its missing-glyph box."""
    path = str(FONTS / _FILES[face][0])
    plain = ImageFont.truetype(path, 32, layout_engine=ImageFont.Layout.BASIC)
    return plain, bytes(plain.getmask("\U0010fffd"))


@functools.cache
def _covers(face: Face, ch: str) -> bool:
    """Whether the font has a glyph for ``ch`` (its drawing differs from the missing-glyph box)."""
    if ch.isspace():
        return True
    plain, box = _plain(face)
    return bytes(plain.getmask(ch)) != box


def _clusters(word: str) -> list[str]:
    """The word cut into what one font must draw whole: a letter with its marks,
    an emoji with its selector, skin tone, keycap or tags, a joined sequence, a flag."""
    clusters: list[list[str]] = []
    for ch in word:
        last = clusters[-1] if clusters else []
        if last and (
            unicodedata.category(ch) in ("Mn", "Mc", "Me")  # marks, selectors, the keycap
            or _is_modifier(ch)
            or ch in "\u200c\u200d"
            or last[-1] == "\u200d"
            or (_is_regional(ch) and len(last) == 1 and _is_regional(last[0]))
        ):
            last.append(ch)
        else:
            clusters.append([ch])
    return ["".join(cluster) for cluster in clusters]


def _face(cluster: str, script: tuple[Face, Face]) -> Face:
    """The first face with every visible character of the cluster; an emoji
    sequence tries the emoji font first, and ``\\ufe0e`` asks for text."""
    visible = [ch for ch in cluster if not _is_invisible(ch)] or [cluster[0]]
    emoji = "\ufe0e" not in cluster and (
        not _EMOJI_MARKS.isdisjoint(cluster)
        or any(_is_modifier(ch) or _is_regional(ch) for ch in cluster)
    )
    order = ("emoji", *script, *_FALLBACK) if emoji else (*script, *_FALLBACK)
    for face in order:
        if all(_covers(face, ch) for ch in visible):
            return face
    # No font has it all: the one with its first character, else a box in the script's font.
    return next((face for face in order if _covers(face, visible[0])), script[0])


@functools.lru_cache(maxsize=4096)
def _runs(word: str) -> tuple[tuple[str, Face], ...]:
    """The word cut where the font must change: (text, face)."""
    arabic = any(_is_arabic(ch) for ch in word)
    script: tuple[Face, Face] = ("arabic", "latin") if arabic else ("latin", "arabic")
    runs: list[tuple[list[str], Face]] = []
    for cluster in _clusters(word):
        face = _face(cluster, script)
        if runs and runs[-1][1] == face:
            runs[-1][0].append(cluster)
        else:
            runs.append(([cluster], face))
    return tuple(("".join(clusters), face) for clusters, face in runs)


#: Part of the cache key of a card with a character beyond the script fonts (an
#: emoji, a symbol): change it when the fonts for those, or their choice, change.
SYMBOL_FONTS = "symbol and emoji fonts 1"


def font_salt(texts: Iterable[str]) -> str:
    """``SYMBOL_FONTS`` if any of ``texts`` has a character beyond Noto Sans and
    Noto Sans Arabic, or an emoji sequence, else nothing: the cards those two
    fonts draw alone keep their keys. Each distinct character is looked at once."""
    for ch in set().union(*map(set, texts)):
        if (
            ch in _EMOJI_MARKS
            or _is_modifier(ch)
            or _is_regional(ch)
            or not (_is_invisible(ch) or _covers("latin", ch) or _covers("arabic", ch))
        ):
            return SYMBOL_FONTS
    return ""


def _measure(text: str, size: int, bold: bool) -> float:
    """The width of ``text`` (no spaces) at ``size``: each run in its own font."""
    return sum(font(size, bold, face).getlength(run) for run, face in _runs(text))


@functools.lru_cache(maxsize=4096)
def _word_width(word: str, size: int, bold: bool) -> float:
    # Fitting wraps the text again at each size: each word is measured once per size.
    return _measure(word, size, bold)


@functools.cache
def _space(size: int, bold: bool) -> float:
    return font(size, bold).getlength(" ")


def _width(words: list[str], size: int, bold: bool) -> float:
    return sum(_word_width(w, size, bold) for w in words) + _space(size, bold) * (len(words) - 1)


def _split_long(word: str, size: int, bold: bool, width: int) -> Iterator[str]:
    """A word wider than the box (a long URL, a name without spaces) broken by characters.

    Each piece is the longest start of the rest that fits (at least one
    character), found by doubling its length until it overflows and then
    halving the difference: a piece of n characters costs about 2 log n
    measurements of at most 2n characters, and pieces are made only as the
    caller asks for them.
    """
    if _word_width(word, size, bold) <= width:
        yield word
        return
    start = 0
    while start < len(word):
        rest = len(word) - start
        fits, over = 1, 2  # a length known to fit (one character always goes), one to test
        while over <= rest and _measure(word[start : start + over], size, bold) <= width:
            fits, over = over, 2 * over
        if over > rest:
            if _measure(word[start:], size, bold) <= width:
                yield word[start:]
                return
            over = rest
        while over - fits > 1:
            middle = (fits + over) // 2
            if _measure(word[start : start + middle], size, bold) <= width:
                fits = middle
            else:
                over = middle
        yield word[start : start + fits]
        start += fits


#: The words of ``str.split()`` (the same whitespace), found one by one.
_WORD = re.compile(r"\S+")
#: The narrowest character the bundled fonts draw is 0.13 em wide (many marks are
#: 0 em); text beyond what fits at this width could never be shown.
MIN_ADVANCE_EM = 0.1


def _words(text: str, budget: int | None = None) -> tuple[list[str], bool]:
    """The words of ``text``, up to ``budget`` characters (a space counting one).

    Also whether the text went on beyond the budget (the last word may be cut).
    """
    words: list[str] = []
    used = 0
    for match in _WORD.finditer(text):
        word = match[0]
        if budget is not None and used + len(word) > budget:
            if budget > used:
                words.append(word[: budget - used])
            return words, True
        words.append(word)
        used += len(word) + 1
    return words, False


def _wrap(
    words: Iterable[str], size: int, bold: bool, width: int, limit: int | None = None
) -> list[list[str]]:
    space = _space(size, bold)
    lines: list[list[str]] = []
    current: list[str] = []
    total = 0.0  # the width of the words of ``current``, without spaces
    for word in words:
        for piece in _split_long(word, size, bold, width):
            piece_width = _word_width(piece, size, bold)
            if current and total + piece_width + space * len(current) > width:
                lines.append(current)
                if len(lines) == limit:
                    return lines
                current, total = [], 0.0
            current.append(piece)
            total += piece_width
    if current:
        lines.append(current)
    return lines


def wrap(text: str, size: int, bold: bool, width: int, limit: int | None = None) -> list[list[str]]:
    """Lines of words that each fit ``width`` pixels at ``size``; only the first ``limit``.

    Lines are filled greedily, so the first ``limit`` lines are the same
    whatever follows them, and the wrapping stops there.
    """
    return _wrap(_words(text)[0], size, bold, width, limit)


@dataclass(frozen=True)
class TextBox:
    text: str
    max_size: int
    min_size: int
    max_lines: int
    bold: bool = False
    colour: Colour = INK


@dataclass(frozen=True)
class Fitted:
    size: int
    lines: list[list[str]]
    bold: bool
    colour: Colour

    @property
    def height(self) -> int:
        return round(len(self.lines) * self.size * 1.3)


def _ellipsised(last: list[str], size: int, bold: bool, width: int) -> list[str]:
    """The line's words with an ellipsis after the last that still leaves room for it."""
    space, dots = _space(size, bold), _word_width(ELLIPSIS, size, bold)
    totals = list(itertools.accumulate(_word_width(word, size, bold) for word in last))
    n = len(last)
    while n > 1 and totals[n - 1] + dots + space * n > width:
        n -= 1
    word = last[n - 1]
    if _measure(word + ELLIPSIS, size, bold) > width:  # one word filling the line
        fits, over = 0, len(word)
        while over - fits > 1:
            middle = (fits + over) // 2
            if _measure(word[:middle] + ELLIPSIS, size, bold) <= width:
                fits = middle
            else:
                over = middle
        word = word[:fits]
    return [*last[: n - 1], word + ELLIPSIS]


def fit(box: TextBox, width: int, height: int) -> Fitted:
    """The largest size at which the text fits; at the smallest, cut with an ellipsis.

    The work is bounded whatever the text's length: at each size the wrapping
    stops one line past the box, and no text beyond twice what could fit at
    the smallest size is looked at (such a text fits at no size: it is set at
    the smallest and ends in an ellipsis).
    """
    budget = 2 * box.max_lines * math.ceil(width / (MIN_ADVANCE_EM * box.min_size))
    words, cut = _words(box.text, budget)
    size = box.min_size if cut else box.max_size
    while True:
        lines = _wrap(words, size, box.bold, width, box.max_lines + 1)
        fitted = Fitted(size, lines, box.bold, box.colour)
        if (len(lines) <= box.max_lines and fitted.height <= height) or size <= box.min_size:
            break
        size = max(box.min_size, size - 2)
    keep = max(1, min(box.max_lines, int(height // (size * 1.3))))
    if len(lines) > keep or (cut and lines):
        kept = min(keep, len(lines))
        lines = [*lines[: kept - 1], _ellipsised(lines[kept - 1], size, box.bold, width)]
    return Fitted(size, lines, box.bold, box.colour)


def draw_text(draw: ImageDraw.ImageDraw, fitted: Fitted, x: int, y: int, width: int) -> int:
    """Draw the lines; a line starting in Arabic script runs right to left. Returns the bottom."""
    step = round(fitted.size * 1.3)
    space = font(fitted.size, fitted.bold).getlength(" ")
    # Both fonts sit on one baseline, so Latin punctuation lines up with Arabic letters.
    ascent = font(fitted.size, fitted.bold).getmetrics()[0]
    for words in fitted.lines:
        rtl = next((_is_arabic(ch) for w in words for ch in w if ch.isalpha()), False)
        cursor = float(x + width) if rtl else float(x)
        for word in words:
            length = _word_width(word, fitted.size, fitted.bold)
            left = cursor - length if rtl else cursor
            # Runs of one word go in reading order: right to left on a right-to-left line.
            run_x = left + length if rtl else left
            for run, arabic in _runs(word):
                face = font(fitted.size, fitted.bold, arabic)
                run_width = face.getlength(run)
                run_x -= run_width if rtl else 0
                draw.text((run_x, y + ascent), run, font=face, fill=fitted.colour, anchor="ls")
                run_x += 0 if rtl else run_width
            cursor = left - space if rtl else cursor + length + space
        y += step
    return y


def circle(picture: Image.Image, diameter: int) -> Image.Image:
    """The picture cropped to its centre square, scaled, in a circle (RGBA)."""
    side = min(picture.size)
    left, top = (picture.width - side) // 2, (picture.height - side) // 2
    square = picture.convert("RGB").crop((left, top, left + side, top + side))
    square = square.resize((diameter, diameter), Image.Resampling.LANCZOS)
    mask = Image.new("L", (diameter * 4, diameter * 4), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, diameter * 4 - 1, diameter * 4 - 1), fill=255)
    result = square.convert("RGBA")
    result.putalpha(mask.reduce(4))  # a smooth edge: each pixel averages 4x4 samples
    return result


@dataclass(frozen=True)
class CardText:
    kicker: str
    title: str
    subtitle: str
    quote: str
    footer: str
    status: str
    status_label: str


def badge_colours(status: str, palette: Palette = VISIONKIT) -> tuple[Colour, Colour]:
    """(fill, text) of the status badge: draft red, agreed green, and while out for
    consultation the site's main colour, with text that reads on it (WCAG AA)."""
    if status == "consultation":
        return on_fill(palette.primary, INK)
    return STATUS_COLOURS.get(status, STATUS_COLOURS["draft"]), WHITE


def draw_card(
    text: CardText, pictures: list[Image.Image], panel: Colour, palette: Palette = VISIONKIT
) -> Image.Image:
    """One card: pictures on a coloured panel at the left, the text on paper at the right."""
    card = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, PANEL, HEIGHT), fill=panel)
    if len(pictures) == 1:
        disc = circle(pictures[0], 330)
        card.paste(disc, ((PANEL - 330) // 2, (HEIGHT - 330) // 2), disc)
    elif pictures:  # up to four people of the vision, two by two
        rows = 1 if len(pictures) <= 2 else 2
        top = (HEIGHT - rows * 170 - (rows - 1) * 40) // 2
        for i, picture in enumerate(pictures[:4]):
            disc = circle(picture, 170)
            card.paste(disc, (35 + (i % 2) * 190, top + (i // 2) * 210), disc)
    left, width = PANEL + MARGIN, WIDTH - PANEL - 2 * MARGIN
    badge = font(24, bold=True)
    label_width = round(badge.getlength(text.status_label)) + 32
    footer_top = HEIGHT - MARGIN - 44
    fill, ink = badge_colours(text.status, palette)
    draw.rounded_rectangle(
        (left + width - label_width, footer_top, left + width, footer_top + 44),
        radius=22,
        fill=fill,
    )
    draw.text(
        (left + width - label_width + 16, footer_top + 8), text.status_label, font=badge, fill=ink
    )
    footer = fit(
        TextBox(text.footer, 26, 20, 1, bold=True, colour=MUTED), width - label_width - 24, 44
    )
    draw_text(draw, footer, left, footer_top + 6, width - label_width - 24)
    y = MARGIN
    available = footer_top - 24 - y
    for box in (
        TextBox(text.kicker.upper(), 24, 18, 1, bold=True, colour=MUTED),
        TextBox(text.title, 64, 36, 2, bold=True),
        TextBox(text.subtitle, 30, 22, 2, colour=MUTED),
        TextBox(f"“{text.quote}”" if text.quote else "", 38, 24, 6),
    ):
        if not box.text or available < box.min_size * 1.3:
            continue
        fitted = fit(box, width, available)
        bottom = draw_text(draw, fitted, left, y, width) + 14
        available -= bottom - y
        y = bottom
    return card
