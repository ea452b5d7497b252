"""Pictures, generated portraits and share cards: safe, upright, cached, on every page."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from conftest import MakeStory, check, only, person, where
from PIL import Image
from sites import EXAMPLE_PAGES, build_site, copy_example, elements, page

from visionkit.cache import Cache
from visionkit.images.cards import TextBox, _covers, _runs, _width, fit
from visionkit.images.jobs import PortraitSource, portrait_job

IMAGES = "assets/visionkit/images"


def _cache_names(folder: Path) -> dict[str, float]:
    """The cache's made files (not its folder of compiled templates) and their times."""
    cache = folder / ".cache/visionkit"
    if not cache.exists():
        return {}
    return {p.name: p.stat().st_mtime_ns for p in cache.iterdir() if p.is_file()}


@pytest.fixture
def example(example_site: Path) -> Path:
    """The example folder with its own cache, built once per run (conftest.py); read only."""
    return example_site.parent


def test_every_page_shows_a_picture_and_has_a_share_card(example: Path) -> None:
    site = example / "site"
    for url in ["", "about", *EXAMPLE_PAGES]:
        html = page(site, url)
        images = [a for tag, a in elements(html).elements if tag == "img"]
        # The accessibility statement is text only: a page of legal parts, no people; a
        # progress report's pictures are its charts (inline SVG) and its stories.
        pictured = images or url == "accessibility" or ("<svg" in html and "reports/" in url)
        assert pictured, f"no picture on {url or 'the home page'}"
        assert all(a.get("alt") is not None for a in images)
        if url not in ("", "about"):
            card = re.search(r'<meta property="og:image" content="([^"]+)"', html)
            assert card and 'name="twitter:card" content="summary_large_image"' in html
            assert card[1].startswith("https://vision.example.org/assets/visionkit/images/card-")
            with Image.open(site / card[1].removeprefix("https://vision.example.org/")) as im:
                assert im.size == (1200, 630)


def test_pictures_are_responsive_with_webp_and_a_fallback(example: Path) -> None:
    html = page(example / "site", "stories/amira")
    assert '<source type="image/webp" srcset="../../assets/visionkit/images/amira-' in html
    assert re.search(r'srcset="[^"]*amira-\w+-320\.png 320w, [^"]*amira-\w+-640\.png 640w"', html)
    assert 'alt="Crayon drawing of Amira smiling' in html


def test_a_persona_without_a_picture_gets_a_generated_portrait(example: Path) -> None:
    html = page(example / "site", "stories/employers")
    assert 'alt="Illustration of Marek"' in html
    assert re.search(r'src="[^"]*portrait-marek-\w+-192\.png"', html)


def _with_metadata(path: Path) -> None:
    """Rewrite a picture with an author, a GPS position and a colour profile in it."""
    from PIL import ImageCms

    exif = Image.Exif()
    exif[0x013B] = "Real Participant"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    with Image.open(path) as image:
        image.load()
        kind = image.format
    image.save(path, kind, exif=exif, icc_profile=icc)


def test_published_pictures_carry_no_metadata(example_copy: Path) -> None:
    # The example's own pictures carry none: give each kind of picture some first.
    for name in ("amira.png", "bethan.webp", "dylan.jpg"):
        source = example_copy / "stories/pictures" / name
        _with_metadata(source)
        with Image.open(source) as image:
            assert image.getexif().get_ifd(0x8825) and "icc_profile" in image.info, name
    build_site(example_copy, plugins={"search": {}, "visionkit": {"pdf": False}})
    published = list((example_copy / "site" / IMAGES).iterdir())
    assert len(published) >= 20
    assert {p.name.split("-")[0] for p in published} >= {"amira", "bethan", "dylan"}
    for path in published:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not {"icc_profile", "xmp", "XML:com.adobe.xmp", "exif"} & set(image.info), path


def test_a_second_build_makes_no_image(
    example_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``example_copy`` holds the cache of a first build (the shared one)."""
    caplog.set_level(logging.INFO)
    before = _cache_names(example_copy)
    assert len([name for name in before if name.endswith(".png")]) >= 17
    build_site(example_copy)
    assert _cache_names(example_copy) == before
    assert "visionkit: 0 images made, 20 taken from the cache" in caplog.text


@pytest.mark.slow  # builds the example twice
def test_the_site_links_the_cache_files_and_deleting_it_keeps_the_cache(
    example_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Linked, not copied: nothing to copy on each build, nothing to delete on the next."""
    build_site(example_copy)
    pictures = list((example_copy / "site" / IMAGES).iterdir())
    assert pictures and all(p.stat().st_nlink >= 2 for p in pictures)
    before = _cache_names(example_copy)
    shutil.rmtree(example_copy / "site")
    assert _cache_names(example_copy) == before
    caplog.set_level(logging.INFO)
    caplog.clear()  # only what the build after the deletion logs
    build_site(example_copy)
    assert "visionkit: 0 images made, 20 taken from the cache" in caplog.text
    assert sorted(p.name for p in (example_copy / "site" / IMAGES).iterdir()) == sorted(
        p.name for p in pictures
    )


@pytest.mark.slow  # remakes two PDFs
def test_editing_one_persona_remakes_only_its_images_and_handouts(example_copy: Path) -> None:
    """``example_copy`` holds the cache of a whole first build, PDFs included."""
    folder = example_copy
    before = _cache_names(folder)
    assert {n.split("-")[0] for n in before} >= {"card", "handout", "portrait", "amira"}
    marek = folder / "stories/people/employers.yml"
    marek.write_text(marek.read_text().replace("Owner of a bakery", "Owner of a corner bakery"))
    build_site(folder)
    new = sorted(set(_cache_names(folder)) - set(before))
    # The example is in English and Welsh: each language remakes its own card, handout and
    # vision.pdf (Marek's part of it, and its cover, which shows every face); the generated
    # portrait is one face in both.
    per_language = [
        "card-employers.png",
        "handout-employers.pdf",
        "handout-vision.pdf",
        "handout-vision-employers.pdf",
        "vision-front.pdf",
    ]
    assert sorted(re.sub(r"-[0-9a-f]{12}", "", n) for n in new) == sorted(
        per_language * 2 + ["portrait-marek-192.png", "portrait-marek-384.png"]
    )


def _exif_photo(path: Path) -> None:
    """A 400x300 JPEG stored sideways (orientation 6) with a GPS position and an author."""
    image = Image.new("RGB", (400, 300), (30, 120, 200))
    image.paste((255, 0, 0), (0, 0, 40, 40))  # a red mark in the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x013B] = "Real Participant"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    image.save(path, "JPEG", exif=exif, quality=95)


def test_a_sideways_photo_is_published_upright_without_gps(tmp_path: Path) -> None:
    folder = copy_example(tmp_path)  # the run's cache: only Marek's photo is new
    _exif_photo(folder / "stories/pictures/marek.jpg")
    with Image.open(folder / "stories/pictures/marek.jpg") as original:
        assert original.getexif().get_ifd(0x8825)  # the fixture really has GPS
    assert b"Real Participant" in (folder / "stories/pictures/marek.jpg").read_bytes()
    marek = folder / "stories/people/employers.yml"
    marek.write_text(
        marek.read_text().replace(
            "  role: Owner of a bakery with fourteen staff\n",
            "  role: Owner of a bakery with fourteen staff\n  picture: pictures/marek.jpg\n"
            "  alt: Photo of Marek outside his bakery\n",
        )
    )
    site = build_site(folder)
    html = page(site, "stories/employers")
    assert 'alt="Photo of Marek outside his bakery"' in html
    published = sorted((site / IMAGES).glob("marek-*-300.jpg"))
    assert published, sorted(p.name for p in (site / IMAGES).iterdir())
    with Image.open(published[0]) as image:
        assert image.size == (300, 400)  # turned upright
        assert not image.getexif() and "exif" not in image.info
        red = image.convert("RGB").getpixel((image.width - 10, 10))
        assert red[0] > 200 and red[2] < 80  # the mark is now at the top right
    raw = published[0].read_bytes()
    assert b"Real Participant" not in raw and b"GPS" not in raw


def test_portraits_are_deterministic_and_differ_between_personas(tmp_path: Path) -> None:
    amira = PortraitSource("Amira", "Single parent", "user")
    job, _ = portrait_job(amira)
    other, _ = portrait_job(PortraitSource("Marek", "Baker", "other"))
    first, second = Cache(tmp_path / "a"), Cache(tmp_path / "b")
    first.run([job, other], workers=1)
    second.run([job], workers=2)
    for name in job.names:
        assert first.path(name).read_bytes() == second.path(name).read_bytes()
    assert first.path(job.names[0]).read_bytes() != first.path(other.names[0]).read_bytes()


def test_many_images_are_made_in_parallel_with_the_same_result(tmp_path: Path) -> None:
    jobs = [portrait_job(PortraitSource(f"Person {i}", "Role", "staff"))[0] for i in range(8)]
    serial, parallel = Cache(tmp_path / "serial"), Cache(tmp_path / "parallel")
    assert serial.run(jobs, workers=1).made == 8
    assert parallel.run(jobs, workers=2).made == 8
    for job in jobs:
        for name in job.names:
            assert serial.path(name).read_bytes() == parallel.path(name).read_bytes()


@pytest.mark.parametrize(
    "text",
    [
        "Wolfeschlegelsteinhausenbergerdorff " * 6,
        "I can now tell my story once, and every service already knows it. " * 12,
        "Gwŷneth ap Dafydd, Żaneta Łukasiewicz-Wójcik and عائشہ خان",
    ],
)
def test_card_text_always_fits_its_box(text: str) -> None:
    box = TextBox(text, 64, 36, 2, bold=True)
    fitted = fit(box, 600, 170)
    assert len(fitted.lines) <= 2 and fitted.height <= 170
    assert all(_width(line, fitted.size, True) <= 600 for line in fitted.lines)
    if _width(text.split(), 36, True) > 2 * 600:
        assert fitted.lines[-1][-1].endswith("…")


def test_welsh_polish_and_urdu_names_have_every_glyph() -> None:
    for word in ["Gwŷneth", "ŵyr", "Żaneta", "Łódź", "عائشہ", "ہوں۔", "“quoted”"]:
        for run, arabic in _runs(word):
            assert all(_covers(arabic, ch) for ch in run), (word, run)


def _with_picture(make_story: MakeStory, name: str, content: bytes) -> Path:
    text = person("staff").replace(
        "  role: Someone", f"  picture: pictures/{name}\n  alt: A drawing\n  role: Someone"
    )
    root = make_story({"people/adviser.yml": text})
    (root / "pictures").mkdir()
    (root / "pictures" / name).write_bytes(content)
    return root


def test_a_truncated_jpeg_is_a_clean_error(make_story: MakeStory, tmp_path: Path) -> None:
    Image.new("RGB", (200, 200), (10, 200, 30)).save(tmp_path / "full.jpg", "JPEG")
    whole = (tmp_path / "full.jpg").read_bytes()
    d = only(check(_with_picture(make_story, "cut.jpg", whole[: len(whole) // 2])), "VK108")
    assert where(d) == ("people/adviser.yml", 5, 12) and "cut short" in d.message


def test_a_text_file_named_jpg_is_a_clean_error(make_story: MakeStory) -> None:
    d = only(check(_with_picture(make_story, "notes.jpg", b"Meeting notes\n" * 20)), "VK108")
    assert where(d) == ("people/adviser.yml", 5, 12)


def test_a_picture_that_cannot_be_decoded_names_its_uses(make_story: MakeStory) -> None:
    from visionkit.images.jobs import ImageError, ImageJob, PictureRecipe, Variant

    root = _with_picture(make_story, "sam.png", b"")
    Image.new("RGB", (50, 40), (1, 2, 3)).save(root / "pictures/sam.png")
    result = check(root)
    assert result.folder is not None and result.errors == []
    (root / "pictures/sam.png").write_bytes(b"\x89PNG\r\n\x1a\n broken after the check")
    job = ImageJob(
        "k", PictureRecipe(root / "pictures/sam.png", (Variant("x.png", 50, 40),)), ("x.png",)
    )
    with pytest.raises(ImageError) as caught:
        Cache(root / "cache").run([job], workers=1)
    assert "sam.png cannot be read" in str(caught.value)
    assert [(f, p.line, p.column) for f, p in result.folder.uses_of(caught.value.path)] == [
        ("people/adviser.yml", 5, 12)
    ]


def test_share_card_text_has_at_least_4_5_to_1_contrast() -> None:
    from visionkit.images.cards import INK, MUTED, PAPER, badge_colours
    from visionkit.palette import contrast

    pairs = [(INK, PAPER), (MUTED, PAPER)]
    pairs += [badge_colours(status)[::-1] for status in ("draft", "consultation", "agreed")]
    for text, background in pairs:
        assert contrast(text, background) >= 4.5, (text, background)
