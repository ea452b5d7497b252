"""Generated portraits for personas the group has not drawn yet.

The method says a vision document must have pictures. Until a workgroup adds
its own drawing (which always wins), each persona gets a friendly flat-style
figure. Everything about the figure - skin tone, hair, clothes, glasses - is
chosen from a hash of the persona's name and role, so the same persona gets
the same picture on every build and every machine, and different personas
look different. The background colour says which kind of stakeholder it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from PIL import Image, ImageDraw

Colour = tuple[int, int, int]

SKIN: tuple[Colour, ...] = (
    (255, 224, 196),
    (241, 194, 158),
    (224, 172, 127),
    (198, 134, 90),
    (141, 85, 54),
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
HAIR_STYLES = ("short", "long", "bun", "curly", "bald", "headscarf", "spiky")
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


def look_for(name: str, role: str, kind: str) -> Look:
    """The persona's look: a pure function of who they are."""
    digest = hashlib.sha256(f"{name}\n{role}".encode()).digest()
    style = HAIR_STYLES[digest[2] % len(HAIR_STYLES)]
    hair = HEADSCARF if style == "headscarf" else HAIR
    return Look(
        skin=SKIN[digest[0] % len(SKIN)],
        hair=hair[digest[1] % len(hair)],
        hair_style=style,
        clothes=CLOTHES[digest[3] % len(CLOTHES)],
        glasses=digest[4] % 3 == 0,
        background=BACKGROUND.get(kind, BACKGROUND["other"]),
    )


def _shade(colour: Colour, factor: float) -> Colour:
    r, g, b = (max(0, min(255, round(c * factor))) for c in colour)
    return (r, g, b)


def draw_portrait(name: str, role: str, kind: str, size: int = 384) -> Image.Image:
    """A square RGB portrait of ``size`` pixels, the figure in a circle of its kind's colour."""
    look = look_for(name, role, kind)
    s = size * SUPERSAMPLE
    image = Image.new("RGB", (s, s), (255, 255, 255))
    d = ImageDraw.Draw(image)

    def pt(x: float, y: float) -> tuple[int, int]:
        return (round(x * s), round(y * s))

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return (*pt(x0, y0), *pt(x1, y1))

    line = max(2, s // 90)
    d.ellipse(box(0, 0, 1, 1), fill=look.background)
    # Shoulders and body, then the neck, clipped to the circle afterwards.
    d.rounded_rectangle(box(0.17, 0.70, 0.83, 1.15), radius=s // 6, fill=look.clothes)
    d.polygon([pt(0.43, 0.70), pt(0.57, 0.70), pt(0.5, 0.80)], fill=_shade(look.clothes, 0.8))
    d.rectangle(box(0.44, 0.58, 0.56, 0.72), fill=_shade(look.skin, 0.9))
    back = look.hair_style in ("long", "headscarf")
    if back:
        d.rounded_rectangle(box(0.25, 0.20, 0.75, 0.64), radius=s // 9, fill=look.hair)
    if look.hair_style == "bun":
        d.ellipse(box(0.42, 0.10, 0.58, 0.26), fill=look.hair)
    # Face and ears.
    d.ellipse(box(0.27, 0.40, 0.33, 0.52), fill=look.skin)
    d.ellipse(box(0.67, 0.40, 0.73, 0.52), fill=look.skin)
    d.ellipse(box(0.30, 0.22, 0.70, 0.66), fill=look.skin)
    # Hair on top of the head.
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
            d.polygon([pt(x, 0.26), pt(x + 0.07, 0.26), pt(x + 0.035, 0.14)], fill=look.hair)
    elif look.hair_style != "bald":
        d.chord(box(0.28, 0.18, 0.72, 0.50), 180, 360, fill=look.hair)
        d.pieslice(box(0.28, 0.26, 0.50, 0.46), 180, 270, fill=look.hair)
    # Eyes, cheeks and a smile.
    for x in (0.42, 0.58):
        d.ellipse(box(x - 0.022, 0.42, x + 0.022, 0.465), fill=INK)
    for x in (0.37, 0.63):
        d.ellipse(box(x - 0.035, 0.50, x + 0.035, 0.535), fill=_shade(look.skin, 0.88))
    d.arc(box(0.42, 0.47, 0.58, 0.58), 20, 160, fill=INK, width=line)
    if look.glasses:
        for x in (0.42, 0.58):
            d.ellipse(box(x - 0.055, 0.40, x + 0.055, 0.49), outline=INK, width=line)
        d.line(box(0.475, 0.44, 0.525, 0.44), fill=INK, width=line)
    # Keep only the circle; outside it stays white (also right for the share card).
    # Averaging each block of pixels is the anti-aliasing supersampling asks for
    # (a sixteenth of the cost of a Lanczos resize), and the circle is cut at the
    # final size, with the mask's averaged edge, not at the drawing's.
    mask = Image.new("L", (s, s), 0)
    ImageDraw.Draw(mask).ellipse(box(0, 0, 1, 1), fill=255)
    result = Image.new("RGB", (size, size), (255, 255, 255))
    result.paste(image.reduce(SUPERSAMPLE), (0, 0), mask.reduce(SUPERSAMPLE))
    return result
