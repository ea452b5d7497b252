"""Every image a vision site publishes: what to make, and how to make it.

Three kinds, each a :class:`ImageJob` whose key hashes every input that changes its
pixels (and the image code's version), so a cache can skip it when nothing
changed and redo exactly the images of an edited persona:

* workshop pictures: decoded, turned upright by their EXIF orientation,
  written afresh with no metadata at all (no EXIF, GPS, XMP, ICC: nobody may be
  located from a published photo), at a few widths, as WebP plus a JPEG or PNG
  fallback for older browsers;
* generated portraits for personas without a picture (a real drawing always wins);
* share cards, one 1200x630 image per page for link previews.

Rendering functions are top-level and take only plain values, so a process
pool can run them; they write their files atomically into the cache folder.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image, ImageFile, ImageOps

from visionkit.files import file_digest, write_atomic
from visionkit.images.cards import CardText, badge_colours, draw_card, font_salt
from visionkit.images.portraits import BACKGROUND, draw_portrait, traits_key
from visionkit.model import Portrait
from visionkit.palette import VISIONKIT, Palette
from visionkit.read.pictures import Picture
from visionkit.slugs import slugify
from visionkit.version import __version__

#: Part of every key: a new visionkit version (or a change here) remakes every image.
SALT = f"visionkit {__version__} images 2"
SITE_DIR = "assets/visionkit/images"
PICTURE_WIDTHS = (320, 640, 1280)
MAX_SIDE = 1600
PORTRAIT_SIZES = (192, 384)
CARD_PORTRAIT = 400
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 85, "optimize": True},
    # zlib's default level: a quarter of the time of optimize=True, for files
    # within 3% of its size (measured on portraits and share cards).
    "PNG": {"compress_level": 6},
    "WEBP": {"quality": 82, "method": 4},
}


class ImageError(Exception):
    """A picture passed the header checks but its pixels cannot be decoded."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)  # both in args, so the error crosses process pools
        self.path, self.reason = path, reason

    def __str__(self) -> str:
        return f"the picture {self.path.name} cannot be read: {self.reason}"


@dataclass(frozen=True)
class Variant:
    """One published file: its name (in the cache and under ``SITE_DIR``) and size."""

    name: str
    width: int
    height: int


@dataclass(frozen=True)
class Responsive:
    """An image at several widths, for ``srcset``; ``webp`` is empty when not needed."""

    fallback: tuple[Variant, ...]
    webp: tuple[Variant, ...] = ()

    @property
    def largest(self) -> Variant:
        return self.fallback[-1]


@dataclass(frozen=True)
class PortraitSource:
    name: str
    role: str
    kind: str
    traits: Portrait | None = None

    def identity(self) -> tuple[str, ...]:
        """What the drawing depends on; without traits, the parts every key always had."""
        chosen = traits_key(self.traits)
        return (self.name, self.role, self.kind, *([chosen] if chosen else []))


@dataclass(frozen=True)
class PictureSource:
    path: Path
    digest: str


Source = PortraitSource | PictureSource


@dataclass(frozen=True)
class ImageJob:
    key: str
    recipe: PictureRecipe | PortraitRecipe | CardRecipe
    names: tuple[str, ...]

    def make(self, folder: Path) -> list[str]:
        render(self, folder)
        return []


@dataclass(frozen=True)
class PictureRecipe:
    path: Path
    variants: tuple[Variant, ...]


@dataclass(frozen=True)
class PortraitRecipe:
    source: PortraitSource
    variants: tuple[Variant, ...]


@dataclass(frozen=True)
class CardRecipe:
    text: CardText
    sources: tuple[Source, ...]
    panel: tuple[int, int, int]
    name: str
    palette: Palette = VISIONKIT


def _identity(source: Source) -> str:
    """What a source's pixels depend on (a picture's bytes, not where the folder is)."""
    if isinstance(source, PictureSource):
        return source.digest
    return "\x1f".join(source.identity())


def _key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, (SALT, *parts))).encode()).hexdigest()


def _slug(text: str) -> str:
    return slugify(text, limit=40) or "image"


def picture_job(reference: str, picture: Picture) -> tuple[ImageJob, Responsive, PictureSource]:
    source = PictureSource(picture.path, file_digest(picture.path))
    key = _key("picture", source.digest)
    widest = min(picture.width, MAX_SIDE)
    widths = sorted({w for w in PICTURE_WIDTHS if w < widest} | {widest})
    fallback_ext = "png" if picture.format == "PNG" or picture.has_alpha else "jpg"
    stem = f"{_slug(PurePosixPath(reference).stem)}-{key[:12]}"

    def variants(ext: str) -> tuple[Variant, ...]:
        return tuple(
            Variant(f"{stem}-{w}.{ext}", w, max(1, round(picture.height * w / picture.width)))
            for w in widths
        )

    responsive = Responsive(variants(fallback_ext), variants("webp"))
    every = responsive.fallback + responsive.webp
    return (
        ImageJob(key, PictureRecipe(picture.path, every), tuple(v.name for v in every)),
        responsive,
        source,
    )


def portrait_job(source: PortraitSource) -> tuple[ImageJob, Responsive]:
    key = _key("portrait", *source.identity())
    variants = tuple(
        Variant(f"portrait-{_slug(source.name)}-{key[:12]}-{s}.png", s, s) for s in PORTRAIT_SIZES
    )
    return ImageJob(
        key, PortraitRecipe(source, variants), tuple(v.name for v in variants)
    ), Responsive(variants)


def card_job(
    slug: str, text: CardText, sources: Iterable[Source], kind: str, palette: Palette = VISIONKIT
) -> tuple[ImageJob, Variant]:
    sources = tuple(sources)[:4]
    panel = BACKGROUND.get(kind, BACKGROUND["other"])
    # A card with an emoji or a symbol has a key of its own, so one drawn with
    # boxes before the emoji and symbol fonts were bundled is not reused.
    fonts = font_salt((text.kicker, text.title, text.subtitle, text.quote, text.footer))
    # So has a card whose badge the site's colours change (out for consultation):
    # the others, and those in visionkit's own colours, keep their keys.
    badge = badge_colours(text.status, palette)
    colours = [f"badge {badge}"] if badge != badge_colours(text.status) else []
    ids = (_identity(source) for source in sources)
    key = _key("card", text, panel, *ids, *([fonts] if fonts else []), *colours)
    name = f"card-{_slug(slug)}-{key[:12]}.png"
    variant = Variant(name, 1200, 630)
    return ImageJob(key, CardRecipe(text, sources, panel, name, palette), (name,)), variant


# Rendering: runs in worker processes.


def _write(folder: Path, name: str, image: Image.Image, fmt: str) -> None:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **SAVE_OPTIONS[fmt])
    write_atomic(folder / name, buffer.getvalue())


def _upright(path: Path) -> Image.Image:
    """The picture's pixels only, turned upright, as a new image with no metadata.

    A picture cut short is refused, never published with its missing part
    grey: WeasyPrint, once imported in the same process (a build that made
    PDFs, then `mkdocs serve` building again), tells Pillow to accept them.
    """
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(path) as source:
            alpha = source.mode in ("RGBA", "LA", "PA") or "transparency" in source.info
            turned = ImageOps.exif_transpose(source)
            mode = "RGBA" if alpha else "RGB"
            clean = Image.new(mode, turned.size)
            clean.paste(turned.convert(mode))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageError(path, str(exc)) from None
    return clean


def _load(source: Source, size: int) -> Image.Image:
    if isinstance(source, PictureSource):
        return _upright(source.path)
    return draw_portrait(source.name, source.role, source.kind, size, source.traits)


def render(job: ImageJob, folder: Path) -> None:
    """Make every file of ``job`` in ``folder``."""
    recipe = job.recipe
    if isinstance(recipe, CardRecipe):
        pictures = [_load(source, CARD_PORTRAIT) for source in recipe.sources]
        card = draw_card(recipe.text, pictures, recipe.panel, recipe.palette)
        _write(folder, recipe.name, card, "PNG")
        return
    if isinstance(recipe, PortraitRecipe):
        largest = _load(recipe.source, max(v.width for v in recipe.variants))
        for variant in recipe.variants:
            resized = largest.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
            _write(folder, variant.name, resized, "PNG")
        return
    upright = _upright(recipe.path)
    for variant in recipe.variants:
        resized = upright.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        fmt = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[variant.name.rsplit(".", 1)[1]]
        _write(folder, variant.name, resized if fmt != "JPEG" else resized.convert("RGB"), fmt)
