"""Fixed phrases in the site's language: English and Welsh ship, complete and alike.

A Welsh site (``theme.language: cy``) must show no English word of visionkit's
own on any page, share card or PDF; only the story text, which is never
translated, stays as the room wrote it (the example's stories are English, so
the checks below take the story text out before they look).
"""

from __future__ import annotations

import csv
import html
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from markupsafe import Markup
from pypdf import PdfReader
from sites import EXAMPLE_PAGES, article, build_site, copy_example, elements, page

from visionkit import check
from visionkit.images.jobs import CardRecipe
from visionkit.images.plan import plan_images
from visionkit.pdf.handouts import plan_handouts
from visionkit.site import labels as labels_module
from visionkit.site.labels import ENGLISH, Labels, available, fields, labels_for, read
from visionkit.site.pages import build_pages

CLDR = {"zero", "one", "two", "few", "many", "other"}
PAGES = EXAMPLE_PAGES
#: Attributes whose values people read or hear (the rest are addresses and names).
READ_ATTRIBUTES = (
    "alt",
    "aria-label",
    "title",
    "data-label",
    "data-continued-before",
    "data-continued-after",
)
PUNCTUATION = " .,:;()“”’'·%\n"


def forms(value: str | dict[str, str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value.values())


def placeholders(value: str | dict[str, str]) -> set[str]:
    return {name for form in forms(value) for _, name in fields(form) if name is not None}


def test_every_language_has_every_english_key_with_the_same_placeholders() -> None:
    english = read("en")
    assert {"en", "cy"} <= set(available())
    for language in available():
        phrases = read(language)
        assert set(phrases) == set(english), language
        for key, value in english.items():
            theirs = phrases[key]
            assert isinstance(theirs, str) == isinstance(value, str), (language, key)
            assert placeholders(theirs) == placeholders(value), (language, key)
            if isinstance(theirs, dict):
                assert "other" in theirs and set(theirs) <= CLDR, (language, key)


def test_english_and_welsh_plurals_and_dates() -> None:
    welsh = labels_for("cy")
    assert [ENGLISH.plural("votes", n) for n in (0, 1, 3)] == ["0 votes", "1 vote", "3 votes"]
    assert [welsh.plural("votes", n) for n in (1, 2, 26)] == [
        "1 bleidlais",
        "2 bleidlais",
        "26 o bleidleisiau",
    ]
    assert ENGLISH.date(date(2026, 3, 12)) == "12 March 2026"
    assert [welsh.date(date(2026, m, 1)).split()[1] for m in range(1, 13)] == [
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ]
    assert welsh.date(None) == ""
    assert welsh.kind("decision-maker") == "Penderfynwyr"


def test_a_language_without_labels_is_english_and_a_region_uses_its_language() -> None:
    assert labels_for("fr").language == "en"
    assert labels_for(None).language == "en"
    assert labels_for("cy-GB").language == "cy"
    assert labels_for("fr")("what_changes") == "What changes"


def test_a_key_missing_from_a_language_is_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "en.yml").write_text((labels_module.FOLDER / "en.yml").read_text("utf-8"))
    (tmp_path / "xx.yml").write_text("today: Aujourd'hui\n", encoding="utf-8")
    monkeypatch.setattr(labels_module, "FOLDER", tmp_path)
    labels_module.read.cache_clear()
    try:
        french = labels_for("xx")
        assert french.language == "xx"
        assert french("today") == "Aujourd'hui" and french("what_changes") == "What changes"
        with pytest.raises(KeyError):
            french("no_such_label")
    finally:
        labels_module.read.cache_clear()


def test_a_new_language_takes_its_plural_rule_and_month_names_from_babel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "en.yml").write_text((labels_module.FOLDER / "en.yml").read_text("utf-8"))
    (tmp_path / "fr.yml").write_text(
        'date_format: "d MMMM y"\nvotes:\n  one: "{count} vote"\n  other: "{count} votes"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(labels_module, "FOLDER", tmp_path)
    labels_module.read.cache_clear()
    try:
        french = labels_for("fr")
        assert [french.plural("votes", n) for n in (0, 1, 2)] == ["0 vote", "1 vote", "2 votes"]
        assert french.date(date(2026, 3, 12)) == "12 mars 2026"
    finally:
        labels_module.read.cache_clear()


def test_html_phrases_escape_story_text_but_keep_visionkits_markup() -> None:
    link = Markup('<a href="../amira/">Amira’s story</a>')
    made = ENGLISH.html("who_in_story", group="<script>x</script>", story=link)
    assert made == '(&lt;script&gt;x&lt;/script&gt;, in <a href="../amira/">Amira’s story</a>)'
    assert ENGLISH("we_asked", group="<b>") == "We asked <b>:"  # plain: escaped later
    assert ENGLISH.around("page_of", "pages") == ("Page {page} of ", "")
    assert labels_for("cy").around("continued", "chapter") == ("", " (parhad)")


# What a Welsh site shows.


#: Keys whose values are ids, choices or paths: never printed as they are written.
NOT_PRINTED = {"id", "kind", "status", "interest", "influence", "measures", "resolves"}
NOT_PRINTED |= {"picture", "logo", "priority", "date", "confidential"}


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_PRINTED:
                yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _plain(text: str) -> str:
    """Story Markdown as it reads on a page: no emphasis marks, link text only."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(text.replace("**", "").replace("__", "").replace("`", "").split())


def story_text(folder: Path) -> list[str]:
    """Every string of the story files and of measures.csv's sources and notes, longest first."""
    found = {
        _plain(s)
        for path in (folder / "stories").rglob("*.yml")
        for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    }
    measures = folder / "stories/measures.csv"
    if measures.exists():
        rows = csv.DictReader(measures.read_text(encoding="utf-8-sig").splitlines())
        found |= {row[key] for row in rows for key in ("source", "note")}
    return sorted((s for s in found if s), key=len, reverse=True)


def fragments(english: Labels, other: Labels) -> set[str]:
    """The words of every English phrase the other language translates, cut at placeholders."""
    found = set()
    for key in read(english.language):
        if read(english.language)[key] == read(other.language)[key]:
            continue  # "{votes}, {percent}%": nothing to translate
        for form in forms(read(english.language)[key]):
            for literal, _ in fields(form):
                literal = literal.strip(PUNCTUATION)
                if re.search(r"[A-Za-z]", literal):
                    found.add(literal)
    return found


def found_in(text: str, words: Iterable[str]) -> list[str]:
    # ``w in text`` first: the same answer, without a search for each of hundreds of words.
    return [
        w for w in words if w in text and re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", text)
    ]


def english_in(
    texts: Iterable[str], stories: list[str], words: set[str]
) -> list[tuple[str, list[str]]]:
    """(text, English words) for each text that shows visionkit's English.

    A text that is part of a story is the story's; a text mixing phrase and
    story (``Gofynnwyd i'r Residents:``) is looked at with the story taken out.
    """
    bad = []
    for raw in texts:
        text = " ".join(html.unescape(raw).split())
        if not text or (text in words and text not in stories):
            if text:
                bad.append((text, [text]))
            continue
        if any(text in story for story in stories):
            continue
        for story in stories:
            if story in text:  # (a search for each story text in every text took seconds)
                text = re.sub(rf"(?<!\w){re.escape(story)}(?!\w)", " ", text)
        hits = found_in(text, words)
        if hits:
            bad.append((raw, hits))
    return bad


def readable(markup: str) -> list[str]:
    """Every text and read-out attribute of some HTML."""
    parsed = elements(markup)
    return parsed.text + [
        attrs[name] for _, attrs in parsed.elements for name in READ_ATTRIBUTES if name in attrs
    ]


def welsh_copy(folder: Path, pdf: bool) -> Path:
    copy_example(folder, pdf=pdf)
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  language: en\n" in config
    (folder / "mkdocs.yml").write_text(config.replace("  language: en\n", "  language: cy\n"))
    return folder


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as a Welsh site, built with its PDFs (seconds: its tests are slow)."""
    folder = welsh_copy(tmp_path_factory.mktemp("cymraeg"), pdf=True)
    build_site(folder, strict=True)
    return folder


CY = labels_for("cy")
ENGLISH_WORDS = fragments(ENGLISH, CY)
WELSH_WORDS = fragments(CY, ENGLISH)


@pytest.mark.slow  # builds the Welsh site
@pytest.mark.parametrize("url", PAGES)
def test_a_welsh_page_has_no_english_word_of_visionkits(welsh: Path, url: str) -> None:
    body = article(page(welsh / "site", url))
    assert english_in(readable(body), story_text(welsh), ENGLISH_WORDS) == []
    assert found_in(" ".join(readable(body)), WELSH_WORDS)  # the page, in Welsh


@pytest.mark.slow  # builds the Welsh site
def test_welsh_pages_read_in_welsh(welsh: Path) -> None:
    site = welsh / "site"
    overview = page(site, "vision")
    assert "Ein gweledigaeth gyffredin" in overview and "Ymgynghoriad." in overview
    assert "Cynhaliwyd y sesiwn weledigaeth ar 12 Mawrth 2026." in overview
    assert re.search(r">\s*Diwrnod ym mywyd\s*<", overview)  # the navigation's section
    amira = article(page(site, "stories/amira"))
    for phrase in ["O dan y gwasanaeth newydd, gwell", "Beth sy&#39;n newid", "Heddiw"]:
        assert phrase in amira
    assert re.search(r">Argraffu stori Amira: taflen un dudalen</a> \(PDF, \d+ KB\)", amira)
    # The prize question: the story file's own, else the method's, in Welsh.
    assert "Gofynnwyd i&#39;r grŵp Residents:" in amira
    assert "Beth ydych chi&#39;n ei ddweud am y gwasanaeth newydd" in amira
    assert "26 o bleidleisiau" in article(page(site, "themes"))
    marek = article(page(site, "stories/employers"))
    assert 'alt="Darlun o Marek"' in marek


def test_welsh_share_cards_have_no_english_word_of_visionkits(tmp_path: Path) -> None:
    welsh = welsh_copy(tmp_path, pdf=True)  # what the cards and PDFs are made of; not built
    result = check(welsh / "stories")
    assert result.folder is not None
    pages = build_pages(result.folder, labels=CY)
    plan = plan_images(result.folder, pages, CY)
    cards = [job.recipe.text for job in plan.jobs if isinstance(job.recipe, CardRecipe)]
    assert len(cards) == len(pages)
    texts = [
        value
        for card in cards
        for value in (card.kicker, card.title, card.subtitle, card.quote, card.footer)
    ] + [card.status_label for card in cards]
    assert english_in(texts, story_text(welsh), ENGLISH_WORDS) == []
    assert {card.status_label for card in cards} == {"Ymgynghoriad"}
    assert "Diwrnod ym mywyd · Residents" in {card.kicker for card in cards}
    # The HTML of every PDF, margins included, before WeasyPrint sets it.
    handouts = plan_handouts(result.folder, pages, plan, language="cy")
    # Four stories, two progress reports and the parts of vision.pdf (one a person, one
    # the other chapters); its cover and contents, and its page numbers, made last.
    assert len(handouts.jobs) == 4 + 2 + 5
    [vision] = handouts.assembly
    htmls = [(job.name, job.html) for job in handouts.jobs]
    htmls += [(vision.name, vision.front({})[0]), (vision.name, vision.numbers([2], 9))]
    for name, source in htmls:
        assert english_in(readable(source), story_text(welsh), ENGLISH_WORDS) == [], name


def pdf_text(pdf: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())


@pytest.mark.slow  # builds the Welsh site
def test_welsh_pdfs_have_no_english_word_of_visionkits(welsh: Path) -> None:
    # Columns interleave in a PDF's text, so story text cannot be taken out
    # exactly: look for the English words no story uses (the HTML test above
    # covers the rest, the words as WeasyPrint is given them).
    stories = " ".join(story_text(welsh))
    words = {w for w in ENGLISH_WORDS if not found_in(stories, [w])}
    assert len(words) > 100
    pdfs = sorted((welsh / "site/handouts").glob("*.pdf"))
    assert len(pdfs) == 7
    for pdf in pdfs:
        text = pdf_text(pdf)
        assert found_in(text, words) == [], pdf.name
        assert re.search(r"Tudalen \d+ o \d+", text), pdf.name
        assert "YMGYNGHORIAD · Sesiwn weledigaeth 12 Mawrth 2026" in text, pdf.name
        assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "cy"
    document = pdf_text(welsh / "site/handouts/vision.pdf")
    for heading in ["EIN GWELEDIGAETH GYFFREDIN", "Cynnwys", "Crynodeb", "Y partneriaid"]:
        assert heading in document
    assert str(PdfReader(welsh / "site/handouts/amira.pdf").metadata.title).startswith(
        "Diwrnod ym mywyd Amira · "
    )


@pytest.mark.slow  # remakes the story's and the whole document's PDFs
def test_a_long_welsh_story_says_it_continues_in_welsh(tmp_path: Path) -> None:
    folder = welsh_copy(tmp_path, pdf=True)
    dylan = folder / "stories/people/dylan.yml"
    data = yaml.safe_load(dylan.read_text(encoding="utf-8"))
    sentences = [f"On day {n} Dylan rang resident number {n} back." for n in range(1, 91)]
    data["story"] = "\n\n".join(" ".join(sentences[i : i + 6]) for i in range(0, 90, 6))
    dylan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build_site(folder)
    reader = PdfReader(folder / "site/handouts/dylan.pdf")
    assert len(reader.pages) == 2
    assert "Dylan (parhad)" in reader.pages[1].extract_text()
    assert "Tudalen 2 o 2" in reader.pages[1].extract_text()
    assert "parhad" not in reader.pages[0].extract_text()
    assert "On day 1 Dylan rang" in " ".join(reader.pages[0].extract_text().split())


def test_an_english_site_has_no_welsh_word_of_visionkits(example_site: Path) -> None:
    site = example_site  # the example, built once per run (conftest.py)
    words = fragments(CY, ENGLISH)
    for url in PAGES:
        body = article(page(site, url))
        assert english_in(readable(body), story_text(site.parent), words) == [], url
        assert found_in(" ".join(readable(body)), ENGLISH_WORDS), url  # in English
    assert "Visioning session held 12 March 2026." in page(site, "vision")


def test_a_language_visionkit_lacks_builds_in_english_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = copy_example(tmp_path)
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config.replace("  language: en\n", "  language: fr\n"))
    caplog.set_level(logging.WARNING)
    site = build_site(folder)
    assert "no labels for theme.language 'fr'" in caplog.text
    assert '<html lang="fr"' in page(site, "vision")  # Material's own French
    assert "Under the new, better service" in article(page(site, "stories/amira"))
