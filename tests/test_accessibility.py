"""The accessibility statement (accessibility/) and the footer link to it on every page."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

import pytest
from conftest import VISION, MakeStory, check, only, where
from sites import article, build_site, copy_example, elements, page, pdf_pages

from visionkit.site.labels import ENGLISH, labels_for

PARTNERS = [
    "Tamesford Borough Council",
    "Tamesford and Wyre NHS Foundation Trust",
    "Tamesford College",
    "Riverside Homes",
    "Tamesford Jobcentre",
]
CONTACT = "workingwell@tamesford.gov.uk"
#: The parts of GOV.UK's model statement, by their headings' ids.
SECTIONS = [
    "accessibility",
    "how-accessible",
    "known-issues",
    "feedback",
    "enforcement",
    "technical",
    "compliance",
    "pdfs",
    "testing",
    "preparation",
]


def ids(html: str) -> list[str]:
    return [
        attrs["id"] for tag, attrs in elements(html).elements if tag[0] == "h" and "id" in attrs
    ]


def text(html: str) -> str:
    return " ".join(" ".join(elements(html).text).split())


def footer(html: str) -> str:
    start = html.index('<p class="vk-footer">')
    return html[start : html.index("</p>", start)]


def test_the_statement_has_every_part_names_the_partners_the_contact_and_the_standard(
    example_site: Path,
) -> None:
    body = article(page(example_site, "accessibility"))
    assert ids(body) == SECTIONS
    words = text(body)
    assert ", ".join(PARTNERS[:-1]) + " and " + PARTNERS[-1] in words
    assert f'<a href="mailto:{CONTACT}">{CONTACT}</a>' in body
    assert "Web Content Accessibility Guidelines (WCAG) 2.2 at level AA" in words
    assert "fully compliant with the Web Content Accessibility Guidelines version 2.2 AA" in words
    assert "Accessibility Regulations 2018" in words
    assert "Equality Advisory and Support Service (EASS)" in words
    assert 'href="https://www.equalityadvisoryservice.com/"' in body
    assert "Equality Commission for Northern Ireland" in words
    assert "axe-core" in words and "360 and 1,280 pixels" in words and "keyboard" in words
    assert "pages the partners write themselves" in words
    assert "PDF/UA-1" in words
    # No known issues in the example: said so at the vision's date, which dates the statement.
    assert "On 12 March 2026 we knew of no part of this website that is not accessible." in words
    assert "This statement was prepared on 12 March 2026." in words


def test_every_page_links_to_the_statement_from_its_footer(example_site: Path) -> None:
    pages = sorted(example_site.rglob("index.html"))
    urls = {p.parent.relative_to(example_site).as_posix() for p in pages}
    assert {".", "about", "accessibility", "vision", "stories/amira"} <= urls
    for path in pages:
        bottom = footer(path.read_text(encoding="utf-8"))
        links = [a["href"] for tag, a in elements(bottom).elements if tag == "a"]
        here = path.parent.relative_to(example_site).as_posix()
        assert f"mailto:{CONTACT}" in links, here
        target = [posixpath.normpath(posixpath.join(here, h)) for h in links if "mailto" not in h]
        if here == "cy" or here.startswith("cy/"):  # the Welsh pages: the Welsh statement
            assert target == ["cy/accessibility"], (here, links)
            assert "Cyngor Bwrdeistref Tamesford" in text(bottom), here
            continue
        assert target == ["accessibility"], (here, links)
        assert "Run by " + ", ".join(PARTNERS[:-1]) in text(bottom), here
    assert 'href="/accessibility/"' in footer((example_site / "404.html").read_text())


def test_the_statement_is_not_a_chapter_of_the_vision_pdf(example_site: Path) -> None:
    everything = " ".join(pdf_pages(example_site / "handouts" / "vision.pdf"))
    assert "Enforcement procedure" not in everything


@pytest.fixture(scope="module")
def welsh_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_example(tmp_path_factory.mktemp("cymraeg-hygyrchedd"))
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config.replace("  language: en\n", "  language: cy\n"))
    return build_site(folder, strict=True)


@pytest.mark.slow  # builds the example as a Welsh site
def test_a_welsh_sites_statement_and_footer_are_welsh(welsh_site: Path) -> None:
    cy = labels_for("cy")
    html = page(welsh_site, "accessibility")
    body = article(html)
    assert ids(body) == SECTIONS
    words = text(body)
    assert cy("title_accessibility") in words and cy("accessibility_enforcement") in words
    assert "Gwasanaeth Cynghori a Chymorth Cydraddoldeb (EASS)" in words
    assert "Paratowyd y datganiad hwn ar 12 Mawrth 2026." in words
    for key in ("accessibility_compliance", "accessibility_enforcement", "accessibility_testing"):
        assert ENGLISH(key) not in words
    bottom = text(footer(page(welsh_site, "about")))
    assert bottom.startswith("Yn cael ei rhedeg gan Tamesford Borough Council")
    assert "Datganiad hygyrchedd" in bottom and "Run by" not in bottom


def test_without_contact_or_date_it_names_the_partners_and_lists_known_issues(
    tmp_path: Path,
) -> None:
    folder = copy_example(tmp_path / "site")
    vision = folder / "stories/vision.yml"
    original = vision.read_text(encoding="utf-8")
    assert f"contact: {CONTACT}\n" in original and "date: 2026-03-12\n" in original
    changed = original.replace(f"contact: {CONTACT}\n", "").replace("date: 2026-03-12\n", "")
    issue = "The map on the 'About' page has no text alternative yet."
    vision.write_text(changed + f'known_issues:\n  - "{issue}"\n', encoding="utf-8")
    site = build_site(folder, strict=True)
    body = article(page(site, "accessibility"))
    assert ids(body) == SECTIONS
    words = text(body)
    assert f'href="mailto:{CONTACT}"' not in body  # (the banner's invitation to comment stays)
    assert (
        "contact one of the partners that run this website: "
        + ", ".join(PARTNERS[:-1])
        + " and "
        + PARTNERS[-1]
    ) in words
    assert "We know some parts of this website are not fully accessible: " + issue in words
    assert "partially compliant" in words and "'What we know is not accessible'" in words
    today = ENGLISH.date(dt.date.today())
    assert f"This statement was prepared on {today}." in words
    bottom = footer(page(site, "about"))
    assert "mailto:" not in bottom and "Contact:" not in bottom
    assert "Accessibility statement" in bottom


@pytest.mark.parametrize(
    "value",
    ["not-an-address", "two@at@example.org", "someone@example", "a b@example.org", "<a@b.org>"],
)
def test_a_contact_that_is_not_an_email_address_is_vk103_with_its_line(
    make_story: MakeStory, value: str
) -> None:
    line = VISION.count("\n") + 1
    d = only(check(make_story({"vision.yml": VISION + f'contact: "{value}"\n'})), "VK103")
    assert where(d) == ("vision.yml", line, 10)
    assert "is not an email address" in d.text and value in d.text


def test_a_contact_and_known_issues_are_valid_vision_keys(make_story: MakeStory) -> None:
    extra = 'contact: access@northfield.gov.uk\nknown_issues:\n  - "Videos have no captions."\n'
    result = check(make_story({"vision.yml": VISION + extra}))
    assert not result.diagnostics
    assert result.folder is not None
    assert result.folder.vision.contact == "access@northfield.gov.uk"
    assert result.folder.vision.known_issues == ["Videos have no captions."]
