"""Workshop pictures as published: re-encoded, resized, with every metadata field gone.

A phone photo of a drawing can carry the GPS position of the room and the
name of whoever took it. Nothing of the original file is published: the pixels
are decoded (already checked as safe to decode by :mod:`visionkit.pictures`),
turned upright by their EXIF orientation, bounded in size, and written afresh
with no EXIF, XMP, ICC or text chunks.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from PIL import Image, ImageOps

from .pictures import Picture

SITE_DIR = "assets/visionkit/pictures"
MAX_SIDE = 1600
_SAVE: dict[str, tuple[str, dict[str, Any]]] = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WebP": ("webp", {"quality": 85}),
}


@dataclass(frozen=True)
class PublishedPicture:
    #: Path inside the built site, with a content hash so browsers never show a stale copy.
    path: str
    content: bytes
    width: int
    height: int


def publish(reference: str, picture: Picture) -> PublishedPicture:
    suffix, options = _SAVE[picture.format]
    with Image.open(picture.path) as source:
        image = ImageOps.exif_transpose(source)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        if picture.format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        fresh = Image.new(image.mode, image.size)  # no info dict: nothing to carry over
        fresh.paste(image)
        if image.mode == "P":
            fresh.putpalette(image.getpalette() or [])
        buffer = io.BytesIO()
        fresh.save(buffer, "WEBP" if picture.format == "WebP" else picture.format, **options)
    content = buffer.getvalue()
    digest = hashlib.sha256(content).hexdigest()[:10]
    stem = re.sub(r"[^a-z0-9]+", "-", PurePosixPath(reference).stem.lower()).strip("-")
    return PublishedPicture(
        f"{SITE_DIR}/{stem or 'picture'}-{digest}.{suffix}", content, *fresh.size
    )
