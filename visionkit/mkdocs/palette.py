"""The site's colours from Material's ``theme.palette``, for the share cards and PDFs.

Read as Material reads them (its ``base.html``): a list of schemes is taken
by its first light one (paper is light), a missing ``primary`` or ``accent``
is ``indigo``, and a name is looked up with its spaces as hyphens. The
colours are the exact ones Material's palette stylesheet gives each name in
its light scheme. ``custom`` means the site sets ``--md-primary-fg-color``
(``--md-accent-fg-color``) in its own ``extra_css``: that declaration is
read; without one, visionkit's own teal is used. What visionkit cannot read
is said in one line of the build log (information: it is not a mistake in
the stories, and must not fail a strict build).
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from visionkit.files import read_regular
from visionkit.palette import VISIONKIT, Colour, Palette

#: Material 9's ``--md-primary-fg-color`` by name, light scheme (its palette
#: stylesheet; ``black`` is ``hsl(225, 15%, 9%)``, with Material's default hue).
PRIMARY: dict[str, str] = {
    "red": "#ef5552",
    "pink": "#e92063",
    "purple": "#ab47bd",
    "deep-purple": "#7e56c2",
    "indigo": "#4051b5",
    "blue": "#2094f3",
    "light-blue": "#02a6f2",
    "cyan": "#00bdd6",
    "teal": "#009485",
    "green": "#4cae4f",
    "light-green": "#8bc34b",
    "lime": "#cbdc38",
    "yellow": "#ffec3d",
    "amber": "#ffc105",
    "orange": "#ffa724",
    "deep-orange": "#ff6e42",
    "brown": "#795649",
    "grey": "#757575",
    "blue-grey": "#546d78",
    "white": "#ffffff",
    "black": "#14151a",
}
#: Material 9's ``--md-accent-fg-color`` by name (``yellow`` is ``hsl(50, 100%, 50%)``,
#: ``orange`` ``hsl(34, 100%, 50%)``).
ACCENT: dict[str, str] = {
    "red": "#ff1a47",
    "pink": "#f50056",
    "purple": "#df41fb",
    "deep-purple": "#7c4dff",
    "indigo": "#526cfe",
    "blue": "#4287ff",
    "light-blue": "#0091eb",
    "cyan": "#00bad6",
    "teal": "#00bda4",
    "green": "#00c753",
    "light-green": "#63de17",
    "lime": "#b0eb00",
    "yellow": "#ffd400",
    "amber": "#ffaa00",
    "orange": "#ff9000",
    "deep-orange": "#ff6e42",
}
#: What Material shows for a name it does not know: its stylesheet's defaults.
DEFAULT = "indigo"
#: A stylesheet is read up to this size; a site's colours come first in practice.
MAX_CSS = 1_000_000

Log = Callable[[str], None]


def site_palette(config: MkDocsConfig, info: Log) -> Palette:
    """The colours of ``config``'s site; visionkit's own for a theme that is not Material."""
    theme = config.theme
    if theme.name != "material":
        return VISIONKIT
    scheme = _light_scheme(theme.get("palette"))
    colours = []
    for role, names in (("primary", PRIMARY), ("accent", ACCENT)):
        name = scheme.get(role) or DEFAULT
        if name == "custom":
            colours.append(_custom(config, role, info))
        elif not isinstance(name, str) or name.replace(" ", "-") not in names:
            shown = " ".join(str(name).split())[:40]  # one line, whatever it holds
            info(
                f"theme.palette {role} '{shown}' in mkdocs.yml is not one of "
                f"Material's colour names, so the site, its share cards and its handouts "
                f"show Material's default ({DEFAULT}). Use a name such as "
                f"'deep orange', or 'custom' with your own stylesheet"
            )
            colours.append(_hex(names[DEFAULT]))
        else:
            colours.append(_hex(names[name.replace(" ", "-")]))
    return Palette(primary=colours[0], accent=colours[1])


def _light_scheme(palette: Any) -> Mapping[str, Any]:
    """The scheme Material starts in, preferring a light one; ``{}`` for none."""
    if isinstance(palette, Mapping):
        return palette
    schemes = [s for s in palette if isinstance(s, Mapping)] if isinstance(palette, list) else []
    light = [s for s in schemes if s.get("scheme") != "slate"]
    return (light or schemes or [{}])[0]


def _custom(config: MkDocsConfig, role: str, info: Log) -> Colour:
    """The colour the site's own stylesheets give ``--md-ROLE-fg-color``; else visionkit's."""
    prop = f"--md-{role}-fg-color"
    found: tuple[Path, int, str] | None = None
    for path in _stylesheets(config):
        found = _last_declaration(path, prop) or found  # the last one wins, as in the cascade
    fallback: Colour = getattr(VISIONKIT, role)
    if found is None:
        info(
            f"theme.palette {role} is 'custom' in mkdocs.yml but no extra_css file sets "
            f"{prop}, so the share cards and handouts use visionkit's teal. Set it in "
            f"one, such as ':root > * {{ {prop}: #00695c; }}'"
        )
        return fallback
    path, line, value = found
    colour = parse_colour(value)
    if colour is None:
        info(
            f"{path}:{line}: visionkit cannot read {prop}: {value[:60]}, so the share "
            "cards and handouts use visionkit's teal. Write the colour as #rrggbb, "
            "rgb(r, g, b) or hsl(h, s%, l%)"
        )
        return fallback
    return colour


def _stylesheets(config: MkDocsConfig) -> list[Path]:
    """The site's ``extra_css`` files found in ``docs_dir`` or the theme's ``custom_dir``."""
    folders = [Path(config.docs_dir).resolve()]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir).resolve())
    found = []
    for entry in map(str, config.extra_css):
        if "://" in entry or entry.startswith("//"):
            continue  # on another server: not read at build time
        for folder in folders:
            try:
                path = (folder / entry.split("?")[0]).resolve()
                if path.is_relative_to(folder) and path.is_file():
                    found.append(path)
                    break
            except (OSError, ValueError):  # a name no file can have (a NUL byte)
                continue
    return found


#: The text between braces, and the braces: a stylesheet in one pass.
_TOKEN = re.compile(r"[^{}]+|[{}]")


def _last_declaration(path: Path, prop: str) -> tuple[Path, int, str] | None:
    """(file, line, value) of the last declaration of ``prop`` outside a dark scheme's rules.

    A rule's selector that names Material's dark scheme (``slate``) is skipped:
    paper is light. Only the first ``MAX_CSS`` bytes are read, in one pass.
    """
    try:
        text = read_regular(path, MAX_CSS)[:MAX_CSS].decode("utf-8", "replace")
    except OSError:
        return None
    text = _without_comments(text)
    declaration = re.compile(rf"(?<![\w-]){re.escape(prop)}\s*:\s*([^;]+)")
    tokens = [(m.start(), m[0]) for m in _TOKEN.finditer(text)]
    last: tuple[int, str] | None = None
    for i, (start, chunk) in enumerate(tokens):
        opened = i >= 1 and tokens[i - 1][1] == "{"
        selector = tokens[i - 2][1] if i >= 2 and tokens[i - 2][1] not in "{}" else ""
        if chunk in "{}" or not opened or "slate" in selector:
            continue
        for match in declaration.finditer(chunk):
            last = (start + match.start(), match[1])
    if last is None:
        return None
    value = last[1].strip().removesuffix("!important").strip()
    return path, text.count("\n", 0, last[0]) + 1, value


def _without_comments(text: str) -> str:
    """``text`` with each ``/* comment */`` blanked, its newlines kept (line numbers stay)."""
    parts, at = [], 0
    while (start := text.find("/*", at)) >= 0:
        end = text.find("*/", start + 2)
        end = len(text) if end < 0 else end + 2
        parts += [text[at:start], re.sub(r"[^\n]", " ", text[start:end])]
        at = end
    return "".join([*parts, text[at:]])


_HEX = re.compile(r"#([0-9a-f]{3}|[0-9a-f]{6})", re.I)
_NUMBER = r"\s*(-?[\d.]+)(%|deg)?\s*"
_FUNCTION = re.compile(rf"(rgba?|hsla?)\({_NUMBER},{_NUMBER},{_NUMBER}(?:,[^)]*)?\)", re.I)


def parse_colour(value: str) -> Colour | None:
    """A CSS colour written as ``#rgb``, ``#rrggbb``, ``rgb()`` or ``hsl()`` (alpha ignored)."""
    value = value.strip()
    if _HEX.fullmatch(value):
        return _hex(value)
    match = _FUNCTION.fullmatch(value)
    if match is None:
        return None
    try:
        numbers = [float(match[i]) for i in (2, 4, 6)]
    except ValueError:
        return None
    if match[1].lower().startswith("rgb"):
        scaled = [
            n * 2.55 if match[i] == "%" else n for n, i in zip(numbers, (3, 5, 7), strict=True)
        ]
        red, green, blue = (min(255, max(0, round(n))) for n in scaled)
        return (red, green, blue)
    hue, saturation, lightness = numbers[0] % 360 / 360, numbers[1] / 100, numbers[2] / 100
    rgb = colorsys.hls_to_rgb(hue, min(1, max(0, lightness)), min(1, max(0, saturation)))
    red, green, blue = (round(c * 255) for c in rgb)
    return (red, green, blue)


def _hex(value: str) -> Colour:
    digits = value.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
