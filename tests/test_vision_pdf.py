"""handouts/vision.pdf made of parts cached on their own, then put together."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from sites import build_site, contents_entries, pdf_pages

from visionkit.pdf import assemble
from visionkit.resources import TEMPLATES

PEOPLE = ["Amira", "Councillor Bethan Rees", "Dylan", "Marek"]
CHAPTERS = ["Themes", "Problems", "Priorities day, 2 May 2026", "User log", "Stakeholders"]


@pytest.fixture
def vision(example_site: Path) -> PdfReader:
    return PdfReader(example_site / "handouts/vision.pdf")


@pytest.fixture
def texts(example_site: Path) -> tuple[str, ...]:
    """The text of each page of vision.pdf."""
    return pdf_pages(example_site / "handouts/vision.pdf")


def language(pdf: Path) -> str:
    return str(PdfReader(pdf).trailer["/Root"]["/Lang"])


def parts(cache: Path, lang: str = "en") -> dict[str, Path]:
    """The cached parts of one language's vision.pdf by name (``vision-amira``).

    A bilingual build caches every part once per language, under the same name
    with a different key; each part says its language (``/Lang``).
    """
    found = {}
    for pdf in cache.glob("handout-vision-*-*.pdf"):
        if language(pdf) == lang:
            name = pdf.name.removeprefix("handout-").rsplit("-", 1)[0]
            assert name not in found, name  # one part of each name a language
            found[name] = pdf
    return found


def test_every_page_but_the_cover_is_numbered_across_the_parts(texts: tuple[str, ...]) -> None:
    total = len(texts)
    assert "Page 1 of" not in texts[0]
    for number, page in enumerate(texts[1:], start=2):
        assert f"Page {number} of {total}" in page, number


@pytest.mark.parametrize("lang, url", [("en", "handouts"), ("cy", "cy/handouts")])
def test_the_document_is_its_parts_pages_after_a_cover_and_contents(
    example_site: Path, lang: str, url: str
) -> None:
    found = parts(example_site.parent / ".cache/visionkit", lang)
    assert sorted(found) == [
        "vision-amira",
        "vision-bethan",
        "vision-chapters",
        "vision-dylan",
        "vision-employers",
    ]
    vision = example_site / url / "vision.pdf"
    assert language(vision) == lang
    in_parts = sum(len(PdfReader(pdf).pages) for pdf in found.values())
    assert len(PdfReader(vision).pages) == in_parts + 2  # the cover, contents with the summary


def test_the_contents_name_the_page_each_chapter_starts_on(
    vision: PdfReader, texts: tuple[str, ...]
) -> None:
    starts = contents_entries(texts[1])
    for title in [*PEOPLE, *CHAPTERS]:
        first_word = title.split()[0].rstrip(",")
        [number] = [n for entry, n in starts.items() if entry.startswith(first_word)]
        page = " ".join(texts[number - 1].split())
        assert title in page, (title, number)
    # The contents' links lead to those pages, across the parts.
    targets = {
        vision.get_destination_page_number(vision.named_destinations[str(a["/Dest"])]) + 1
        for a in (annotation.get_object() for annotation in vision.pages[1]["/Annots"])
    }
    assert targets == set(starts.values())


def test_the_outline_has_every_chapter_at_its_page(
    vision: PdfReader, texts: tuple[str, ...]
) -> None:
    outline = {
        item.title: vision.get_destination_page_number(item) + 1
        for item in vision.outline
        if not isinstance(item, list)
    }
    for title in ["Contents", "Summary", *PEOPLE, *CHAPTERS]:
        assert title in outline, title
        page = " ".join(texts[outline[title] - 1].split())
        assert title in page, title


def test_the_document_keeps_title_language_and_every_parts_tags(vision: PdfReader) -> None:
    root = vision.trailer["/Root"]
    assert root["/Lang"] == "en" and root["/MarkInfo"]["/Marked"]
    assert vision.metadata is not None
    assert vision.metadata.title == "Working Well Tamesford: our shared vision"
    document = root["/StructTreeRoot"]["/K"]
    assert document["/S"] == "/Document"
    assert [part["/S"] for part in document["/K"]] == ["/Part"] * 6  # cover and 5 parts
    # Every page's marked content is found in the one parent tree, none twice.
    keys = [page["/StructParents"] for page in vision.pages if "/StructParents" in page]
    assert len(keys) >= len(vision.pages) - 1
    assert len(set(keys)) == len(keys)
    found = number_tree_keys(root["/StructTreeRoot"]["/ParentTree"])
    assert set(keys) <= set(found) and len(found) == len(set(found))


def test_every_run_of_text_is_found_from_its_page_and_its_tag(example_site: Path) -> None:
    """A screen reader goes from the text on a page to its tag and from the tag to the text.

    The parts' tags are lighter than WeasyPrint makes them (a run of text is
    marked in its paragraph, heading or list item, not in an element of its
    own): every run found from the document's tags is the one the parent tree
    gives for its page, and those are nearly all the page's runs (the rest are
    the running footer's, which WeasyPrint leaves out of the tags).
    """
    with pikepdf.open(example_site / "handouts/vision.pdf") as pdf:
        root = pdf.Root.StructTreeRoot
        parents = dict(pikepdf.NumberTree(root.ParentTree).items())
        reached, runs_alone = 0, 0
        todo = [root.K]
        while todo:
            element = todo.pop()
            if element.get("/S") == "/Span" and len(element.get("/K", [])) == 1:
                runs_alone += isinstance(element.K[0], int)
            for kid in element.get("/K", []):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    todo.append(kid)
                elif isinstance(kid, int):
                    on_page = parents[int(element.Pg.StructParents)]
                    assert on_page[kid].objgen == element.objgen, (element.S, kid)
                    reached += 1
        runs = sum(len(parents[int(page.StructParents)]) for page in pdf.pages)
        assert reached > 0.9 * runs and runs > 1000
        # The runs are in their elements: the few Spans of one run left are the HTML's
        # own <span>s (a name on the cover, a contents entry); unfolded, nearly all are.
        assert runs_alone < 0.15 * reached


def number_tree_keys(node: object) -> list[int]:
    """Every key of a PDF number tree: a node's /Nums, then its /Kids' in order."""
    node = node.get_object()  # type: ignore[attr-defined]
    keys = [int(key) for key in node.get("/Nums", [])[::2]]
    for kid in node.get("/Kids", []):
        kid_keys = number_tree_keys(kid)
        low, high = kid.get_object()["/Limits"]
        assert (low, high) == (min(kid_keys), max(kid_keys))
        keys += kid_keys
    return keys


@pytest.mark.slow  # remakes one part and the document
def test_an_edit_to_one_person_remakes_their_part_alone(
    example_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    cache = example_copy / ".cache/visionkit"
    before = set(cache.glob("handout-vision-*-*.pdf"))
    numbers = set(cache.glob(f"{assemble.NUMBERS.prefix}*.pdf"))
    fronts = set(cache.glob(f"{assemble.FRONT.prefix}*.pdf"))
    assert numbers  # "Page N of M" drawn once for each language's length...
    assert len(fronts) == 2  # the cover and contents, in each language
    dylan = example_copy / "stories/people/dylan.yml"
    text = dylan.read_text(encoding="utf-8")
    # The role is printed in Dylan's part only (his mini-stories also in the themes').
    dylan.write_text(text.replace("at the Riverside hub", "at the Hillside hub"))
    site = build_site(example_copy)
    made = set(cache.glob("handout-vision-*-*.pdf")) - before
    # His part in each language: the Welsh one shows the new role untranslated.
    assert sorted((pdf.name.rsplit("-", 1)[0], language(pdf)) for pdf in made) == [
        ("handout-vision-dylan", "cy"),
        ("handout-vision-dylan", "en"),
    ]
    assert caplog.text.count("(1 of the 5 parts of vision.pdf made)") == 2  # en, cy
    # ...and not again for an edit that leaves the document as long as it was; nor
    # the cover and contents, for one that moves no part's first page.
    assert set(cache.glob(f"{assemble.NUMBERS.prefix}*.pdf")) == numbers
    assert set(cache.glob(f"{assemble.FRONT.prefix}*.pdf")) == fronts
    text = " ".join(p.extract_text() for p in PdfReader(site / "handouts/vision.pdf").pages)
    assert "Employment and health adviser at the Hillside hub" in " ".join(text.split())


@pytest.mark.slow  # puts vision.pdf together again in each language
def test_a_change_to_the_assembly_code_makes_the_document_again_not_its_parts(
    example_copy: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document's cache key holds a hash of the code that assembles it: an
    upgrade that changes only that code still remakes an old cached vision.pdf."""
    caplog.set_level(logging.INFO)
    cache = example_copy / ".cache/visionkit"
    before = set(cache.glob("*.pdf"))
    monkeypatch.setattr(assemble, "SOURCE_HASH", "the assembly code, changed")
    site = build_site(example_copy)
    made = set(cache.glob("*.pdf")) - before
    assert sorted(language(pdf) for pdf in made) == ["cy", "en"]
    assert {pdf.name.rsplit("-", 1)[0] for pdf in made} == {"handout-vision"}
    assert caplog.text.count("(0 of the 5 parts of vision.pdf made)") == 2
    assert {(site / "handouts/vision.pdf").read_bytes()} <= {pdf.read_bytes() for pdf in made}


def test_the_front_is_laid_out_at_its_last_length_kept_safely(tmp_path: Path) -> None:
    lengths = assemble.FrontLengths(tmp_path)
    assert lengths.get("cover", 2) == 2 and lengths.newest() is None
    for n in range(assemble.FrontLengths.KEPT + 5):
        lengths.keep(f"front {n}", 3)
    lengths.keep("front 0", 4)  # used again: the newest
    again = assemble.FrontLengths(tmp_path)
    assert len(again) == assemble.FrontLengths.KEPT
    assert again["front 0"] == 4 and "front 1" not in again
    assert again.newest() == 4  # a front not seen before starts at the last one's length
    lengths.path.write_text('{"front 0": "not a length", "front 9": -1, [', encoding="utf-8")
    assert dict(assemble.FrontLengths(tmp_path)) == {}
    lengths.path.write_text('{"front 0": "many", "front 9": 5}', encoding="utf-8")
    assert dict(assemble.FrontLengths(tmp_path)) == {"front 9": 5}


@pytest.mark.slow  # builds the example twice
def test_a_cover_that_warned_warns_again_at_the_next_build(
    example_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The cover and contents are kept in the cache for the next edit, but not one
    whose making warned: kept, the next build would not say it (and pass --strict)."""
    front = TEMPLATES / "visionkit/handout/vision.html"
    override = example_copy / "theme/visionkit/handout/vision.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(
        front.read_text(encoding="utf-8").replace(
            '<p class="vk-service">',
            '<img src="file:///etc/hostname" alt=""><p class="vk-service">',
        ),
        encoding="utf-8",
    )
    dylan = example_copy / "stories/people/dylan.yml"
    for role in ("Riverside", "Hillside"):  # an edit remakes a part: the cover is put again
        text = dylan.read_text(encoding="utf-8")
        dylan.write_text(text.replace("at the Riverside hub", f"at the {role} hub"))
        caplog.clear()
        build_site(example_copy)  # not strict: the new role is not yet in Welsh
        assert re.search(r"WARNING.*vision\.pdf: .*read no file outside the site", caplog.text)
