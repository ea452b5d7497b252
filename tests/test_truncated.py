"""A picture cut short is refused however the process that makes the images began."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from visionkit.cache import Cache
from visionkit.images.jobs import ImageError, ImageJob, PictureRecipe, Variant


def test_a_cut_picture_is_refused_after_weasyprint_was_imported(tmp_path: Path) -> None:
    """WeasyPrint tells Pillow to read truncated pictures when it is imported: a build
    that made PDFs, then another in the same process (`mkdocs serve` with PDFs), would
    publish the picture with its missing part grey."""
    import weasyprint  # noqa: F401  (what a build that made PDFs has done)
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as importing it does, whatever ran first
    Image.new("RGB", (400, 300), (200, 120, 80)).save(tmp_path / "whole.png")
    whole = (tmp_path / "whole.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(whole[: len(whole) * 2 // 3])
    job = ImageJob(
        "k", PictureRecipe(tmp_path / "cut.png", (Variant("x.png", 400, 300),)), ("x.png",)
    )
    try:
        with pytest.raises(ImageError):
            Cache(tmp_path / "cache").run([job], workers=1)
        assert not (tmp_path / "cache/x.png").exists()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
