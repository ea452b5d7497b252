"""Comments during consultation: every page and handout invites them, until the vision is agreed."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from conftest import MakeStory, only, where
from jinja2 import Environment, FileSystemLoader
from pypdf import PdfReader
from sites import page, pdf_pages
from test_qr import scan

from visionkit import StoryPage, build_pages, check
from visionkit.fields import ADDRESS as ADDRESS_LENGTH
from visionkit.pdf.qr import qr_svg
from visionkit.pdf.render import render_pdf
from visionkit.resources import TEMPLATES
from visionkit.site.labels import labels_for

ADDRESS = "workingwell@tamesford.gov.uk"
PEOPLE = ["amira", "bethan", "dylan", "employers"]


def _subject(page_title: str) -> str:
    return quote(f"Comments on {page_title} - Working Well Tamesford")


@pytest.mark.parametrize("url", ["vision", "stories/amira", "themes", "priorities", "log"])
def test_every_page_of_a_consultation_draft_invites_comments(example_site: Path, url: str) -> None:
    html = page(example_site, url)
    assert "Out for consultation." in html
    assert f'href="mailto:{ADDRESS}?subject=Comments%20on%20' in html
    assert "Send your comments on this page</a> (until 30 June 2026)." in html


def test_the_mail_names_the_page_it_is_about(example_site: Path) -> None:
    html = page(example_site, "stories/dylan")
    assert f"mailto:{ADDRESS}?subject={_subject('Dylan')}" in html


@pytest.mark.parametrize("slug", PEOPLE)
def test_every_handout_invites_comments_with_a_code_to_scan(
    example_site: Path, tmp_path: Path, slug: str
) -> None:
    pdf = example_site / f"handouts/{slug}.pdf"
    reader = PdfReader(pdf)
    text = " ".join(reader.pages[0].extract_text().split())
    assert f"Send your comments to {ADDRESS} (until 30 June 2026)." in text
    assert "Scan to comment" in text
    mail = [code for code in scan(pdf, tmp_path) if code.startswith("mailto:")]
    assert len(mail) == 1 and mail[0].startswith(f"mailto:{ADDRESS}?subject=Comments%20on%20")
    assert len(reader.pages) == 1  # still one page


def test_the_whole_documents_cover_invites_comments_once(
    example_site: Path, tmp_path: Path
) -> None:
    pdf = example_site / "handouts/vision.pdf"
    texts = pdf_pages(pdf)
    assert f"Send your comments to {ADDRESS}" in texts[0]
    assert sum("Scan to comment" in " ".join(t.split()) for t in texts) == 1
    mail = [code for code in scan(pdf, tmp_path) if code.startswith("mailto:")]
    assert mail == [f"mailto:{ADDRESS}?subject={_subject('The vision')}"]


def _pages(root: Path) -> list[StoryPage]:
    result = check(root)
    assert result.folder is not None, result.summary()
    return [p for p in build_pages(result.folder) if isinstance(p, StoryPage)]


VISION_WITH_FEEDBACK = """\
title: Better Together
service: One front door for housing and health
partners: [Northfield Council]
status: {status}
feedback: {feedback}
"""


def test_an_agreed_vision_invites_no_comments(make_story: MakeStory) -> None:
    agreed = VISION_WITH_FEEDBACK.format(status="agreed", feedback="a@b.example")
    pages = _pages(make_story({"vision.yml": agreed}))
    assert pages and all(p.comments is None for p in pages)
    draft = VISION_WITH_FEEDBACK.format(status="draft", feedback="a@b.example")
    assert all(p.comments is not None for p in _pages(make_story({"vision.yml": draft})))


def test_a_form_and_a_groups_own_address_are_used_as_given(make_story: MakeStory) -> None:
    form = VISION_WITH_FEEDBACK.format(status="consultation", feedback="https://forms.example/v")
    root = make_story({"vision.yml": form})
    people = root / "people/resident.yml"
    people.write_text(people.read_text() + "feedback: panel@northfield.example\n")
    by_slug = {p.person.slug: p for p in _pages(root)}
    assert by_slug["adviser"].comments is not None
    assert by_slug["adviser"].comments.url == "https://forms.example/v"
    own = by_slug["resident"].comments
    assert own is not None and own.url.startswith("mailto:panel@northfield.example?subject=")


@pytest.mark.parametrize("bad", ["ftp://files.example/x", "call us", "http://insecure.example"])
def test_feedback_that_is_neither_email_nor_https_is_an_error_with_its_line(
    make_story: MakeStory, bad: str
) -> None:
    vision = VISION_WITH_FEEDBACK.format(status="consultation", feedback=f'"{bad}"')
    result = check(make_story({"vision.yml": vision}))
    found = only(result, "VK103")
    assert where(found)[:2] == ("vision.yml", 5)
    assert "neither an email address nor an https:// address" in found.message


def test_welsh_pages_invite_comments_in_welsh() -> None:
    cy = labels_for("cy")
    assert cy("comments_send") == "Anfonwch eich sylwadau ar y dudalen hon"
    assert cy("comments_until", date="30 Mehefin 2026") == "tan 30 Mehefin 2026"


def test_a_long_form_address_wraps_on_the_handout_beside_its_code(tmp_path: Path) -> None:
    head = "https://forms.example.org/"
    form = head + "a" * (ADDRESS_LENGTH.limit - len(head))  # as long as an address may be
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    aside = env.get_template("visionkit/handout/comments.html").render(
        t=labels_for("en"),
        qr_code=qr_svg,
        comments=SimpleNamespace(url=form, address=form, until="30 June 2026"),
    )
    render_pdf(
        f'<html lang="en"><body>{aside}</body></html>', tmp_path, tmp_path / "c.pdf", fit=False
    )
    pdf = PdfReader(tmp_path / "c.pdf").pages[0]
    lines = pdf.extract_text().splitlines()
    # The address is cut into lines that fit the page (it ran off its right edge).
    pieces = [line.strip() for line in lines if set(line.strip()) == {"a"}]
    assert sum(map(len, pieces)) >= 400 and max(map(len, pieces)) < 100
    # The code to scan stays on the page, beside the address.
    starts: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if "Scan" in text:  # where the caption starts on the page, in points
            starts.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    pdf.extract_text(visitor_text=visit)
    assert starts and all(0 < x < float(pdf.mediabox.width) - 30 for x in starts)
