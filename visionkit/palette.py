"""The site's colours, carried as plain values to the share cards and the PDF handouts.

A site engine's adapter reads them from the site's theme (the MkDocs adapter:
Material's ``theme.palette``) so that what is printed and shared looks like
the site, not like visionkit. A theme colour is chosen for a header bar, not
for reading: Material's yellow, lime or white are light, and its
mid-tones are too pale for white text and too dark for black. So every colour
here that text is set in or on passes through :func:`readable` or
:func:`on_fill`, which keep the WCAG 2.2 AA contrast of 4.5:1 for body text
(checked with :func:`contrast`, WCAG's own formula).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Colour = tuple[int, int, int]

WHITE: Colour = (255, 255, 255)
#: WCAG 2.2 AA for body text (1.4.3).
AA = 4.5


@dataclass(frozen=True)
class Palette:
    """A site's main colour and its accent, as the site shows them (not yet made readable)."""

    primary: Colour
    accent: Colour


#: visionkit's own teal, for a site whose colours are unknown: the colour its
#: stylesheet and cards were designed in (white text on it is 7.1:1).
TEAL: Colour = (0, 105, 92)
VISIONKIT = Palette(primary=TEAL, accent=TEAL)


def _linear(channel: int) -> float:
    s = channel / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def luminance(colour: Colour) -> float:
    """WCAG's relative luminance: 0 for black, 1 for white."""
    r, g, b = map(_linear, colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    """WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(colour: Colour, other: Colour, share: float) -> Colour:
    """``colour`` with ``share`` (0 to 1) of ``other`` mixed in."""
    return (
        round(colour[0] + (other[0] - colour[0]) * share),
        round(colour[1] + (other[1] - colour[1]) * share),
        round(colour[2] + (other[2] - colour[2]) * share),
    )


def readable(colour: Colour, backgrounds: Iterable[Colour], minimum: float = AA) -> Colour:
    """``colour`` as text on every one of ``backgrounds``: darkened just enough for ``minimum``.

    The hue stays, so a light brand colour still reads as itself; black ends
    the search (it reaches 4.5:1 on any background lighter than mid grey,
    which every background of a card or handout is).
    """
    grounds = tuple(backgrounds)
    steps = 50
    for step in range(steps + 1):
        darker = mix(colour, (0, 0, 0), step / steps)
        if all(contrast(darker, ground) >= minimum for ground in grounds):
            return darker
    return (0, 0, 0)


def on_fill(fill: Colour, dark: Colour, minimum: float = AA) -> tuple[Colour, Colour]:
    """(fill, text) for text set on ``fill``: white or ``dark`` text, whichever reaches
    ``minimum`` (white first, as on visionkit's own badges); if neither does (a
    mid-tone), the fill is darkened until white does."""
    for text in (WHITE, dark):
        if contrast(text, fill) >= minimum:
            return fill, text
    return readable(fill, (WHITE,), minimum), WHITE


def tint(colour: Colour) -> Colour:
    """A pale wash of ``colour`` to print large areas in (the handouts' cover).

    visionkit's teal keeps the wash its stylesheet was designed with, so the
    handouts of a site in visionkit's colours do not change.
    """
    if colour == TEAL:
        return (224, 242, 239)
    return mix(colour, WHITE, 0.88)


def css_hex(colour: Colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)
