"""Contact sheets of generated portraits, to choose one by eye.

A portrait drawn from a hash can clash with its persona (a "mum of two" drawn
as a bald man) and nobody should have to draw one to fix that. A sheet shows,
for one persona, other drawings each captioned with the exact line to put in
the people file; or, for the whole folder, everyone's current portrait beside
their name and role, so a clash is easy to spot. ``visionkit portraits`` writes
them; the drawings are the site's own (:func:`~visionkit.images.portraits.draw_portrait`).
"""

from __future__ import annotations

import difflib
import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import Image, ImageDraw

from visionkit.diagnostics import Diagnostic, Severity, excerpt
from visionkit.images.cards import INK, MUTED, PAPER, TextBox, circle, draw_text, fit
from visionkit.images.portraits import SKIN, draw_portrait, look_for
from visionkit.model import Person, Portrait
from visionkit.read.loader import LoadResult
from visionkit.slugs import slugify

COLUMNS = 4
PORTRAIT = 220
TILE_WIDTH, TILE_HEIGHT = 280, 320
MARGIN = 24
HEADER = 96
#: The drawings of one persona: the current one, then the next variants.
VARIANTS = 12
#: A folder of hundreds of people makes a sheet nobody scrolls; name one to see it.
MAX_TILES = 48
#: The hair trait each drawn style belongs to.
_HAIR_OF_STYLE = {
    "bald": "none",
    "short": "short",
    "spiky": "short",
    "long": "long",
    "bun": "long",
    "curly": "curly",
    "headscarf": "covered",
    "hijab": "covered",
}


@dataclass(frozen=True)
class Tile:
    """One drawing on a sheet, with a bold heading and a line of text under it."""

    name: str
    role: str
    kind: str
    traits: Portrait | None
    heading: str
    text: str


@dataclass(frozen=True)
class Sheet:
    title: str
    subtitle: str
    tiles: tuple[Tile, ...]
    #: What to do with the sheet, once it is open.
    next_step: str = ""
    #: What is not on the sheet and why (people with their own picture...).
    notes: tuple[str, ...] = ()
    #: The file name a sheet is written to unless told otherwise.
    default_name: str = "portraits.png"

    def size(self) -> tuple[int, int]:
        rows = max(1, -(-len(self.tiles) // COLUMNS))
        return (2 * MARGIN + COLUMNS * TILE_WIDTH, HEADER + rows * TILE_HEIGHT + MARGIN)

    def image(self) -> Image.Image:
        sheet = Image.new("RGB", self.size(), PAPER)
        draw = ImageDraw.Draw(sheet)
        width = COLUMNS * TILE_WIDTH
        title = fit(TextBox(self.title, 30, 18, 1, bold=True), width, 40)
        draw_text(draw, title, MARGIN, MARGIN, width)
        subtitle = fit(TextBox(self.subtitle, 20, 14, 1, colour=MUTED), width, 28)
        draw_text(draw, subtitle, MARGIN, MARGIN + 40, width)
        for i, tile in enumerate(self.tiles):
            x = MARGIN + (i % COLUMNS) * TILE_WIDTH
            y = HEADER + (i // COLUMNS) * TILE_HEIGHT
            drawn = draw_portrait(tile.name, tile.role, tile.kind, PORTRAIT, tile.traits)
            disc = circle(drawn, PORTRAIT)  # on the sheet's paper, not the portrait's white
            sheet.paste(disc, (x + (TILE_WIDTH - PORTRAIT) // 2, y), disc)
            inner = TILE_WIDTH - 16
            heading = fit(TextBox(tile.heading, 18, 13, 1, bold=True, colour=INK), inner, 24)
            bottom = draw_text(draw, heading, x + 8, y + PORTRAIT + 6, inner)
            text = fit(TextBox(tile.text, 16, 12, 3, colour=MUTED), inner, 66)
            draw_text(draw, text, x + 8, bottom, inner)
        return sheet

    def report(self, written_to: str) -> str:
        """What the command line says: where the sheet is, its captions, what next."""
        width = max((len(tile.heading) for tile in self.tiles), default=0)
        return "\n".join(
            [
                f"Wrote {written_to} ({len(self.tiles)} portraits).",
                *(f"  {tile.heading:<{width}}  {tile.text}" for tile in self.tiles),
                *self.notes,
                self.next_step,
            ]
        )

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image().save(buffer, "PNG", compress_level=6)
        return buffer.getvalue()


def portrait_line(traits: Portrait) -> str:
    """The people file's line that asks for these traits, as YAML writes it."""
    chosen = traits.model_dump(exclude_none=True)
    values = (
        f"{key}: {str(value).lower() if isinstance(value, bool) else value}"
        for key, value in chosen.items()
    )
    return f"portrait: {{{', '.join(values)}}}"


def _with(traits: Portrait, **changes: object) -> Portrait:
    return traits.model_copy(update=changes)


def _contrasts(person: Person, traits: Portrait) -> list[tuple[str, Portrait]]:
    """The current drawing with one trait changed: two other ages, other hair, other skin."""
    persona = person.persona
    look = look_for(persona.name, persona.role, person.kind, traits)
    ages = [age for age in ("older", "child", "young", "adult") if age != traits.age][:2]
    hair = "long" if _HAIR_OF_STYLE[look.hair_style] == "covered" else "covered"
    skin = traits.skin or SKIN.index(look.skin) + 1  # unset: the hash's tone, same order
    other_skin = skin + 3 if skin <= 3 else skin - 3
    return [
        *((age, _with(traits, age=age)) for age in ages),
        (f"hair {hair}", _with(traits, hair=hair)),
        (f"skin {other_skin}", _with(traits, skin=other_skin)),
    ]


def choices(person: Person) -> Sheet:
    """The persona as drawn now, the next variants with the same traits, and contrasts."""
    persona = person.persona
    traits = persona.portrait or Portrait()
    current = traits.variant or 1
    others = (n for n in itertools.count(1) if n != current)
    options = [("as now", _with(traits, variant=current))]
    options += [
        (f"variant {n}", _with(traits, variant=n)) for n in itertools.islice(others, VARIANTS - 1)
    ]
    options += [
        (what, _with(chosen, variant=current)) for what, chosen in _contrasts(person, traits)
    ]
    tiles = tuple(
        Tile(persona.name, persona.role, person.kind, chosen, f"{i}. {what}", portrait_line(chosen))
        for i, (what, chosen) in enumerate(options, 1)
    )
    file = excerpt(person.file, None)
    notes = []
    if persona.picture:
        notes.append(
            f"{file} has its own picture, which is shown instead: remove picture and alt to "
            "use one of these."
        )
    return Sheet(
        f"Portraits for {excerpt(persona.name, 60)} ({file})",
        excerpt(persona.role, 200),
        tiles,
        f"Next: choose one and copy its line into {file}, under persona: and indented "
        "like its name: line, e.g.  portrait: {variant: 3}",
        tuple(notes),
        f"portraits-{slugify(person.slug) or 'person'}.png",
    )


def everyone(people: Iterable[Person], unread: Iterable[str] = ()) -> Sheet:
    """Every persona without a picture as drawn now, captioned with file, name and role;
    ``unread`` are the people files that could not be read."""
    people = list(people)
    drawn = [person for person in people if not person.persona.picture]
    tiles = tuple(
        Tile(
            person.persona.name,
            person.persona.role,
            person.kind,
            person.persona.portrait,
            excerpt(PurePosixPath(person.file).name, None),
            f"{excerpt(person.persona.name, 60)}: {excerpt(person.persona.role, 80)}",
        )
        for person in drawn[:MAX_TILES]
    )
    notes = [f"  ...and {len(drawn) - MAX_TILES} more."] if len(drawn) > MAX_TILES else []
    for why, files in (
        ("they have their own picture", [p.file for p in people if p.persona.picture]),
        ("their files have errors (visionkit check)", sorted(unread)),
    ):
        if files:
            notes.append(f"Not shown, {why}: {', '.join(excerpt(f, None) for f in files)}")
    return Sheet(
        "Every generated portrait",
        "Does one not fit its person? visionkit portraits NAME shows others to choose from.",
        tiles,
        "Next: where a portrait does not fit its person, run visionkit portraits NAME "
        "(NAME is the file's name without .yml) to choose another.",
        tuple(notes),
    )


def _some(names: Iterable[str], most: int = 8) -> str:
    names = list(names)
    shown = ", ".join(excerpt(n) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


class NoSheet(Exception):
    """The sheet asked for cannot be made: an unknown name (``problems`` empty), or
    story files with errors (``problems`` lists them)."""

    def __init__(self, message: str, problems: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


def sheet_for(result: LoadResult, name: str | None) -> Sheet:
    """The sheet ``visionkit portraits [NAME]`` makes of a loaded story folder.

    ``name`` is a people file's name, with or without ``.yml``. A folder whose
    vision.yml has errors has no people to show; a person whose own file has
    errors cannot be drawn; the rest of the folder's errors do not matter here.
    """
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if result.folder is None:
        raise NoSheet("the story files have errors: fix these first", errors)
    people = result.folder.people
    if name is None:
        return everyone(people.values(), {d.file for d in errors if d.file.startswith("people/")})
    path = PurePosixPath(name)
    slug = path.stem if path.suffix in (".yml", ".yaml") else name
    if slug in people:
        return choices(people[slug])
    own = [d for d in errors if PurePosixPath(d.file).stem == slug]
    if own:
        raise NoSheet(f"{excerpt(own[0].file, None)} has errors: fix these first", own)
    near = difflib.get_close_matches(slug, list(people), n=1)
    raise NoSheet(
        f"there is no people file '{excerpt(slug)}'"
        + (f": did you mean '{near[0]}'?" if near else f"; the files are: {_some(people)}")
    )
