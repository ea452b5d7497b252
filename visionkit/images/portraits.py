"""Generated portraits for personas the group has not drawn yet.

The method says a vision document must have pictures. Until a workgroup adds
its own drawing (which always wins), each persona gets a friendly flat-style
figure. Everything about the figure - skin tone, hair, clothes, glasses - is
chosen from a hash of the persona's name and role, so the same persona gets
the same picture on every build and every machine, and different personas
look different. The background colour says which kind of stakeholder it is.

A hash can draw a "mum of two" as a bald man, so a people file may set traits
(``persona.portrait``: variant, age, skin, hair, glasses). A trait left out is
chosen from the hash exactly as before: a persona with no trait set keeps its
drawing to the byte, which is why the original choices and palettes below stay
as they are and the traits' own look is drawn by code only they reach.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

from visionkit.model import Portrait

Colour = tuple[int, int, int]

#: The tones the hash chooses from (kept: changing one would change existing portraits).
SKIN: tuple[Colour, ...] = (
    (255, 224, 196),
    (241, 194, 158),
    (224, 172, 127),
    (198, 134, 90),
    (141, 85, 54),
    (96, 58, 36),
)
#: ``skin: 1`` to ``skin: 6``: the same lightest and darkest tone, and between them
#: tones taken along the palette above at even steps of lightness (CIE L* 91, 79,
#: 66, 54, 41, 28), where the hash's palette has a gap of 20 between its 4th and 5th.
SKIN_RAMP: tuple[Colour, ...] = (
    (255, 224, 196),
    (234, 185, 145),
    (207, 148, 103),
    (174, 114, 75),
    (138, 83, 53),
    (96, 58, 36),
)
HAIR: tuple[Colour, ...] = (
    (35, 28, 24),
    (82, 51, 34),
    (150, 96, 52),
    (212, 170, 96),
    (170, 170, 170),
    (120, 40, 30),
)
GREY = (170, 170, 170)
#: ``age: older``: grey hair; a younger age takes the colour the hash chose, unless grey.
GREYS: tuple[Colour, ...] = (GREY, (214, 214, 208), (126, 122, 118))
NOT_GREY = tuple(c for c in HAIR if c != GREY)
CLOTHES: tuple[Colour, ...] = (
    (0, 105, 92),
    (40, 53, 147),
    (173, 20, 87),
    (230, 81, 0),
    (69, 90, 100),
    (106, 27, 154),
    (46, 125, 50),
    (2, 119, 189),
)
HEADSCARF: tuple[Colour, ...] = ((0, 77, 64), (136, 14, 79), (26, 35, 126), (93, 64, 55))
#: Background by stakeholder kind, light enough for the figure to stand out.
BACKGROUND: dict[str, Colour] = {
    "user": (255, 236, 179),
    "staff": (200, 230, 201),
    "decision-maker": (225, 210, 240),
    "other": (207, 228, 245),
}
#: What the hash chooses from when ``hair`` is not set.
HAIR_STYLES = ("short", "long", "bun", "curly", "bald", "headscarf", "spiky")
#: The styles each ``hair`` trait is drawn as (the hash picks one where there are two).
#: ``covered`` is a headscarf that frames the face and hides hair, ears and neck. The
#: hash's "headscarf", a cap with side pieces, reads as a bob haircut: it is drawn only
#: for a persona with no trait set (whose portrait must not change); any other drawing
#: the hash gives a headscarf has this one.
HAIR_KINDS: dict[str, tuple[str, ...]] = {
    "none": ("bald",),
    "short": ("short", "spiky"),
    "long": ("long", "bun"),
    "curly": ("curly",),
    "covered": ("hijab",),
}
INK: Colour = (45, 35, 35)
SUPERSAMPLE = 4


@dataclass(frozen=True)
class Look:
    skin: Colour
    hair: Colour
    hair_style: str
    clothes: Colour
    glasses: bool
    background: Colour
    #: None: drawn as every portrait was before traits existed (as an adult).
    age: str | None = None


def traits_key(traits: Portrait | None) -> str:
    """The traits as a cache key holds them: only those that change the drawing, so
    ``portrait: {}`` or ``variant: 1`` (both today's drawing) remake nothing."""
    if traits is None:
        return ""
    chosen = traits.model_dump(exclude_none=True)
    if chosen.get("variant") == 1:
        del chosen["variant"]
    return ";".join(f"{key}={value}" for key, value in chosen.items())


def _digest(name: str, role: str, variant: int) -> bytes:
    seed = f"{name}\n{role}" if variant == 1 else f"{name}\n{role}\n{variant}"
    return hashlib.sha256(seed.encode()).digest()


def look_for(name: str, role: str, kind: str, traits: Portrait | None = None) -> Look:
    """The persona's look: a pure function of who they are and the traits the file sets.

    Another ``variant`` hashes again for every trait left out; its clothes turn
    through the palette instead, so one variant never looks like the next.
    """
    traits = traits or Portrait()
    variant = traits.variant or 1
    first = _digest(name, role, 1)
    digest = first if variant == 1 else _digest(name, role, variant)
    if traits.hair is None:
        style = HAIR_STYLES[digest[2] % len(HAIR_STYLES)]
        if style == "headscarf" and traits_key(traits):  # a chosen drawing: a clear scarf
            style = "hijab"
    else:
        styles = HAIR_KINDS[traits.hair]
        style = styles[digest[2] % len(styles)]
    if style in ("headscarf", "hijab"):
        hair = HEADSCARF[digest[1] % len(HEADSCARF)]
    elif traits.age == "older":
        hair = GREYS[digest[1] % len(GREYS)]
    else:
        hair = HAIR[digest[1] % len(HAIR)]
        if hair == GREY and traits.age is not None:
            hair = NOT_GREY[digest[1] % len(NOT_GREY)]
    return Look(
        skin=SKIN[digest[0] % len(SKIN)] if traits.skin is None else SKIN_RAMP[traits.skin - 1],
        hair=hair,
        hair_style=style,
        clothes=CLOTHES[(first[3] + variant - 1) % len(CLOTHES)],
        glasses=digest[4] % 3 == 0 if traits.glasses is None else traits.glasses,
        background=BACKGROUND.get(kind, BACKGROUND["other"]),
        age=traits.age,
    )


def _shade(colour: Colour, factor: float) -> Colour:
    r, g, b = (max(0, min(255, round(c * factor))) for c in colour)
    return (r, g, b)


Point = Callable[[float, float], tuple[int, int]]


def _head_transform(s: int, child: bool) -> Point:
    """Where a point of the head is drawn. A child's head is rounder and sits lower,
    on a shorter neck; everyone else's points are the original ones, untouched."""
    if not child:
        return lambda x, y: (round(x * s), round(y * s))
    return lambda x, y: (
        round((0.5 + (x - 0.5) * 0.98) * s),
        round((0.485 + (y - 0.44) * 0.88) * s),
    )


@dataclass(frozen=True)
class _Pen:
    """Draws the head in the portrait's coordinates (0 to 1 across the circle)."""

    draw: ImageDraw.ImageDraw
    size: int
    at: Point
    line: int

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return (*self.at(x0, y0), *self.at(x1, y1))


def _body(d: ImageDraw.ImageDraw, s: int, look: Look, line: int) -> None:
    """Shoulders, neckline and neck (the circle clips them afterwards)."""

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return (round(x0 * s), round(y0 * s), round(x1 * s), round(y1 * s))

    skin = _shade(look.skin, 0.9)
    if look.age == "child":  # narrower shoulders, a shorter neck
        d.ellipse(box(0.235, 0.715, 0.765, 1.315), fill=look.clothes)
        neck, top = box(0.455, 0.62, 0.545, 0.74), 0.715
    else:
        d.rounded_rectangle(box(0.17, 0.70, 0.83, 1.15), radius=s // 6, fill=look.clothes)
        neck, top = box(0.44, 0.58, 0.56, 0.72), 0.70
    if look.age in ("child", "young"):  # a T-shirt's round neck rather than a V
        collar = box(0.425, top - 0.04, 0.575, top + 0.05)
        d.chord(collar, 0, 180, fill=skin)
        d.arc(collar, 0, 180, fill=_shade(look.clothes, 0.75), width=line)
    else:
        d.polygon(
            [
                (round(0.43 * s), round(0.70 * s)),
                (round(0.57 * s), round(0.70 * s)),
                (round(0.5 * s), round(0.80 * s)),
            ],
            fill=_shade(look.clothes, 0.8),
        )
    d.rectangle(neck, fill=skin)


def _hair_and_head(pen: _Pen, look: Look) -> None:
    """Hair behind the head, ears, face, then hair on top."""
    d, s, box = pen.draw, pen.size, pen.box
    if look.hair_style in ("long", "headscarf"):
        d.rounded_rectangle(box(0.25, 0.20, 0.75, 0.64), radius=s // 9, fill=look.hair)
    if look.hair_style == "bun":
        d.ellipse(box(0.42, 0.10, 0.58, 0.26), fill=look.hair)
    d.ellipse(box(0.27, 0.40, 0.33, 0.52), fill=look.skin)
    d.ellipse(box(0.67, 0.40, 0.73, 0.52), fill=look.skin)
    d.ellipse(box(0.30, 0.22, 0.70, 0.66), fill=look.skin)
    if look.hair_style == "headscarf":
        d.chord(box(0.27, 0.17, 0.73, 0.56), 180, 360, fill=look.hair)
        d.rectangle(box(0.27, 0.36, 0.31, 0.62), fill=look.hair)
        d.rectangle(box(0.69, 0.36, 0.73, 0.62), fill=look.hair)
    elif look.hair_style == "curly":
        for i in range(9):
            x = 0.29 + i * 0.0525
            d.ellipse(box(x - 0.05, 0.17, x + 0.06, 0.31), fill=look.hair)
    elif look.hair_style == "spiky":
        d.chord(box(0.29, 0.19, 0.71, 0.47), 180, 360, fill=look.hair)
        for i in range(6):
            x = 0.32 + i * 0.07
            d.polygon(
                [pen.at(x, 0.26), pen.at(x + 0.07, 0.26), pen.at(x + 0.035, 0.14)], fill=look.hair
            )
    elif look.hair_style != "bald":
        d.chord(box(0.28, 0.18, 0.72, 0.50), 180, 360, fill=look.hair)
        d.pieslice(box(0.28, 0.26, 0.50, 0.46), 180, 270, fill=look.hair)


def _covered_head(pen: _Pen, look: Look) -> None:
    """A headscarf wrapped round the face, over the ears and neck, onto the shoulders."""
    d, box = pen.draw, pen.box
    d.polygon(
        [pen.at(0.31, 0.52), pen.at(0.69, 0.52), pen.at(0.80, 0.86), pen.at(0.20, 0.86)],
        fill=look.hair,
    )
    d.ellipse(box(0.255, 0.155, 0.745, 0.715), fill=look.hair)
    d.ellipse(box(0.30, 0.25, 0.70, 0.68), fill=_shade(look.hair, 0.72))  # the folded edge
    d.ellipse(box(0.315, 0.265, 0.685, 0.665), fill=look.skin)


def _face(pen: _Pen, look: Look) -> None:
    """Eyes, cheeks and a smile; a child's eyes are larger and lower, an older face has lines."""
    d, box, line = pen.draw, pen.box, pen.line
    child = look.age == "child"
    low, r = (0.03, 0.029) if child else (0.0, 0.022)
    for x in (0.42, 0.58):
        d.ellipse(box(x - r, 0.42 + low, x + r, 0.465 + low), fill=INK)
    for x in (0.37, 0.63):
        d.ellipse(box(x - 0.035, 0.50 + low, x + 0.035, 0.535 + low), fill=_shade(look.skin, 0.88))
    d.arc(box(0.42, 0.47 + low, 0.58, 0.58 + low), 20, 160, fill=INK, width=line)
    if look.age == "older":
        crease = _shade(look.skin, 0.72)
        for x, out in ((0.42, -1), (0.58, 1)):  # lines at the outer corners of the eyes
            for dy in (-0.012, 0.012):
                d.line(
                    box(x + out * 0.05, 0.4425 + dy * 0.4, x + out * 0.078, 0.4425 + dy * 1.8),
                    fill=crease,
                    width=max(1, line // 2),
                )
        d.arc(box(0.355, 0.46, 0.445, 0.57), 95, 150, fill=crease, width=max(1, line // 2))
        d.arc(box(0.555, 0.46, 0.645, 0.57), 30, 85, fill=crease, width=max(1, line // 2))
    if look.glasses:
        for x in (0.42, 0.58):
            d.ellipse(box(x - 0.055, 0.40 + low, x + 0.055, 0.49 + low), outline=INK, width=line)
        d.line(box(0.475, 0.44 + low, 0.525, 0.44 + low), fill=INK, width=line)


def draw_portrait(
    name: str, role: str, kind: str, size: int = 384, traits: Portrait | None = None
) -> Image.Image:
    """A square RGB portrait of ``size`` pixels, the figure in a circle of its kind's colour."""
    look = look_for(name, role, kind, traits)
    s = size * SUPERSAMPLE
    image = Image.new("RGB", (s, s), (255, 255, 255))
    d = ImageDraw.Draw(image)
    line = max(2, s // 90)
    whole = (0, 0, s, s)
    d.ellipse(whole, fill=look.background)
    _body(d, s, look, line)
    pen = _Pen(d, s, _head_transform(s, look.age == "child"), line)
    if look.hair_style == "hijab":
        _covered_head(pen, look)
    else:
        _hair_and_head(pen, look)
    _face(pen, look)
    # Keep only the circle; outside it stays white (also right for the share card).
    # Averaging each block of pixels is the anti-aliasing supersampling asks for
    # (a sixteenth of the cost of a Lanczos resize), and the circle is cut at the
    # final size, with the mask's averaged edge, not at the drawing's.
    mask = Image.new("L", (s, s), 0)
    ImageDraw.Draw(mask).ellipse(whole, fill=255)
    result = Image.new("RGB", (size, size), (255, 255, 255))
    result.paste(image.reduce(SUPERSAMPLE), (0, 0), mask.reduce(SUPERSAMPLE))
    return result
