"""QR codes on paper: each story's handout and the document's cover scan to the page online."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sites import build_site, copy_example, pdf_pages

from visionkit.pdf.qr import qr_svg

PEOPLE = ["amira", "bethan", "dylan", "employers"]
SITE_URL = "https://vision.example.org/"


def scan(pdf: Path, tmp_path: Path, page: int = 1) -> list[str]:
    """The QR codes a reader finds on ``page`` of ``pdf`` printed at 150 dpi."""
    out = tmp_path / f"{pdf.stem}-{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "150",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(out),
        ],
        check=True,
    )
    with Image.open(out.with_suffix(".png")) as image:
        found = zxingcpp.read_barcodes(image)
    return [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize("slug", PEOPLE)
def test_each_story_handout_scans_to_its_page_online(
    example_site: Path, tmp_path: Path, slug: str
) -> None:
    pdf = example_site / f"handouts/{slug}.pdf"
    web = [code for code in scan(pdf, tmp_path) if code.startswith("https:")]
    assert web == [f"{SITE_URL}stories/{slug}/"]  # and the invitation's: tests/test_comments.py
    # The same address is printed under it, the caption beside it, and the
    # code is vector graphics (the page's one image is the persona's picture).
    reader = PdfReader(pdf)
    text = reader.pages[0].extract_text()
    assert "Scan to read online" in text
    assert f"{SITE_URL}stories/{slug}/" in " ".join(text.split())
    assert len(reader.pages[0].images) == 1
    assert len(reader.pages) == 1


def test_the_vision_documents_cover_scans_to_the_vision_page(
    example_site: Path, tmp_path: Path
) -> None:
    pdf = example_site / "handouts/vision.pdf"
    web = [code for code in scan(pdf, tmp_path) if code.startswith("https:")]
    assert web == [f"{SITE_URL}vision/"]
    # The story chapters inside the document carry none: one code, on the cover.
    assert sum("Scan to read online" in text for text in pdf_pages(pdf)) == 1


def test_the_qr_code_is_about_26_mm_with_its_quiet_zone() -> None:
    css = (Path(__file__).parent.parent / "visionkit/assets/visionkit/handout.css").read_text()
    assert re.search(r"\.vk-qr svg \{[^}]*width: 26mm; height: 26mm;", css)
    svg = qr_svg(f"{SITE_URL}stories/amira/")
    assert svg is not None and svg.startswith('<svg viewBox="0 0 37 37"')  # 29 modules + 2x4


@pytest.mark.parametrize(
    "url",
    [
        "",
        "javascript:alert(1)",
        "data:text/html,x",
        "/stories/amira/",
        "https://",
        'https://a.example/"><script>',
        "https://a.example/a b",
        "https://a.example/\x00",
    ],
)
def test_only_an_absolute_web_address_becomes_a_qr_code(url: str) -> None:
    svg = qr_svg(url)
    if url.startswith('https://a.example/"'):
        # Encoded as data only: the markup holds path numbers, never the address.
        assert svg is not None and "script" not in svg and "a.example" not in svg
    else:
        assert svg is None


@pytest.mark.slow  # remakes every PDF
def test_a_site_without_site_url_prints_no_qr_code_and_says_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = copy_example(tmp_path / "example", pdf=True)  # in English: half the PDFs
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"site_url: {SITE_URL}\n", ""))
    caplog.set_level(logging.INFO)
    site = build_site(folder)  # not strict: no site_url is a warning (VK212)
    for pdf in ("amira", "vision"):  # the invitation to comment's code is not a page's
        codes = scan(site / f"handouts/{pdf}.pdf", tmp_path)
        assert [code for code in codes if code.startswith("mailto:")], codes
        assert not [code for code in codes if code.startswith("http")], codes
    assert (
        "Scan to read online" not in PdfReader(site / "handouts/amira.pdf").pages[0].extract_text()
    )
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [w for w in warnings if "mkdocs.yml:1:1: warning VK212" in w], warnings
