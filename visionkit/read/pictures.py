"""Checking a picture a story file refers to, without decoding its pixels.

Pictures come from scanners and phones and are referenced by hand-typed paths,
so each is checked before anything trusts it: inside the story folder (no
``..``, no absolute path, no symlink leading out), present, a regular file (a
named pipe is named as one, never opened), a JPEG, PNG or WebP by its content
rather than its name, and within size bounds. Only the header
is read: a decompression bomb (a small file declaring 40000x40000 pixels) is
refused here, before any pixel data is decoded.
"""

from __future__ import annotations

import difflib
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

from visionkit.diagnostics import Code, excerpt
from visionkit.files import kind_of

FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
ORIENTATION = 0x0112
PNG_END = b"IEND\xaeB`\x82"
JPEG_END = b"\xff\xd9"


@dataclass(frozen=True)
class PictureLimits:
    max_bytes: int = 15 * 1024 * 1024
    max_pixels: int = 50_000_000  # a 50-megapixel phone photo is the largest sensible


@dataclass(frozen=True)
class Picture:
    """A picture that passed every check: where it is and what it is."""

    path: Path
    format: str
    #: The size as shown: EXIF orientation already applied (a phone photo taken upright).
    width: int
    height: int
    has_alpha: bool = False


@dataclass(frozen=True)
class PictureProblem:
    code: Code
    message: str
    fix: str | None = None


def _suggest(root: Path, wanted: PurePosixPath) -> str | None:
    folder = root / wanted.parent
    if not folder.is_dir():
        return None
    names = [p.name for p in folder.iterdir() if p.is_file()]
    lower = {name.lower(): name for name in names}
    near = lower.get(wanted.name.lower()) or next(
        iter(difflib.get_close_matches(wanted.name, names, n=1, cutoff=0.6)), None
    )
    return excerpt(str(wanted.parent / near)) if near else None


def check_picture(
    root: Path, reference: str, limits: PictureLimits | None = None
) -> Picture | PictureProblem:
    """Check the picture at ``reference`` (relative to the story folder ``root``)."""
    limits = limits or PictureLimits()
    shown = excerpt(reference)
    wanted = PurePosixPath(reference.replace("\\", "/"))
    if (
        wanted.is_absolute()
        or ".." in wanted.parts
        or ":" in reference
        or reference.startswith("~")
    ):
        return PictureProblem(
            Code.PICTURE_OUTSIDE,
            f"the picture '{shown}' is not inside the story folder",
            "copy the picture into the story folder's pictures/ folder and write its path "
            "from there, e.g. pictures/amira.jpg",
        )
    base = root.resolve()
    path = root / wanted
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        near = _suggest(root, wanted)
        return PictureProblem(
            Code.PICTURE_MISSING,
            f"the picture '{shown}' does not exist in the story folder",
            f"did you mean '{near}'?" if near else "check the file name and folder",
        )
    if not resolved.is_relative_to(base):
        return PictureProblem(
            Code.PICTURE_OUTSIDE,
            f"the picture '{shown}' leads outside the story folder (through a link)",
            "copy the picture itself into the story folder",
        )
    status = resolved.stat()
    if stat.S_ISDIR(status.st_mode):
        return PictureProblem(Code.PICTURE_MISSING, f"'{shown}' is a folder, not a picture", None)
    if not stat.S_ISREG(status.st_mode):  # never opened: a named pipe would wait for ever
        return PictureProblem(
            Code.PICTURE_NOT_IMAGE,
            f"'{shown}' is {kind_of(status.st_mode)}, not a picture",
            "give the path of the picture file itself",
        )
    size = status.st_size
    if size > limits.max_bytes:
        return PictureProblem(
            Code.PICTURE_TOO_LARGE,
            f"the picture '{shown}' is {size / 1048576:.1f} MB; pictures may be at most "
            f"{limits.max_bytes / 1048576:g} MB",
            "save a smaller copy (2000 pixels across is plenty)",
        )
    return _check_header(resolved, shown, limits)


def _check_header(path: Path, shown: str, limits: PictureLimits) -> Picture | PictureProblem:
    too_large = PictureProblem(
        Code.PICTURE_TOO_LARGE,
        f"the picture '{shown}' declares more than the "
        f"{limits.max_pixels // 1_000_000} megapixels allowed",
        "save a smaller copy (2000 pixels across is plenty)",
    )
    not_image = PictureProblem(
        Code.PICTURE_NOT_IMAGE,
        f"'{shown}' is not a picture visionkit can read",
        "save it as a JPEG, PNG or WebP file",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=None) as image:
                fmt, (width, height) = image.format or "", image.size
                # EXIF orientations 5 to 8 turn the picture a quarter: its shown size swaps.
                if image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8):
                    width, height = height, width
                alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return too_large
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return not_image
    if fmt not in FORMATS:
        return PictureProblem(
            Code.PICTURE_NOT_IMAGE,
            f"'{shown}' is a {excerpt(fmt)} picture; only JPEG, PNG and WebP are accepted",
            "save it again as JPEG (photos) or PNG (drawings)",
        )
    if width * height > limits.max_pixels:
        return too_large
    if not _complete(path, fmt):
        return PictureProblem(
            Code.PICTURE_NOT_IMAGE,
            f"the picture '{shown}' is cut short: the file ends before the picture does",
            "copy or export the picture again",
        )
    return Picture(path, FORMATS[fmt], width, height, alpha)


def _complete(path: Path, fmt: str) -> bool:
    """Whether the file reaches its format's end marker, judged from its last bytes only."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        if fmt == "WEBP":
            handle.seek(4)
            return int.from_bytes(handle.read(4), "little") + 8 <= size
        handle.seek(max(0, size - 64))
        tail = handle.read()
    if fmt == "PNG":
        return tail.endswith(PNG_END)
    return tail.rstrip(b"\x00\r\n\t ").endswith(JPEG_END)
