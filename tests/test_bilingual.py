"""A bilingual site: one build, every language (the ``languages`` option with the i18n plugin).

The first language's pages are where they always were; each further
language's are the same tree under ``LL/``, built from the story folder
translated by ``stories/translations/LL.po``: visionkit's words in that
language, every story text translated or shown in the story files' language
marked with its ``lang``, twins linked both ways (``hreflang``, Material's
language selector), search in the reader's language, share cards and PDFs
per language.
"""

from __future__ import annotations

import csv
import html
import json
import pickle
import re
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urljoin

import polib
import pytest
from browser import serve, tab_through, wcag_check
from conftest import BASE, EXAMPLE, VISION, check
from mkdocs.exceptions import Abort
from playwright.sync_api import Browser
from pypdf import PdfReader
from sites import EXAMPLE_PAGES, article, build_site, elements, page, search_index
from test_browser import KINDS
from test_labels import ENGLISH_WORDS, english_in, readable, story_text

from visionkit.authoring.translate import plan_export, write_export
from visionkit.images.jobs import CardRecipe, PortraitRecipe
from visionkit.images.plan import plan_images
from visionkit.read.catalogue import translations_for
from visionkit.read.texts import published_texts
from visionkit.site.labels import labels_for
from visionkit.site.markup import render_markdown, render_print_markdown
from visionkit.site.pages import build_pages
from visionkit.site.translate import Translated, Untranslated, folder_in

SITE_URL = "https://x.example.org/"
CY = labels_for("cy")
#: The example's PDFs, in both trees.
HANDOUTS = [
    "amira",
    "bethan",
    "dylan",
    "employers",
    "report-2026-autumn",
    "report-2026-spring",
    "vision",
]


def _translated(root: Path, translate: Callable[[polib.POEntry], str | None]) -> None:
    """Export the catalogue and fill it as a translator's tool would."""
    write_export(plan_export(root, "cy"))
    path = root / "translations" / "cy.po"
    po = polib.pofile(str(path), wrapwidth=78)
    for entry in po:
        found = translate(entry)
        if found is not None:
            entry.msgstr = found
    po.save()


def welsh(entry: polib.POEntry) -> str:
    return f"CY {entry.msgid}"


# The translated model ----------------------------------------------------------------


def test_every_published_text_is_translated_or_marked_and_ids_stay(tmp_path: Path) -> None:
    root = _stories(tmp_path)
    _translated(root, lambda e: None if e.msgid == "I can now tell my story once." else welsh(e))
    folder = check(root).folder
    assert folder is not None
    translated = folder_in(folder, "cy", "en")
    before = {t.context: t for t in published_texts(folder)}
    after = {t.context: t for t in published_texts(translated)}
    assert set(after) == set(before)  # the same texts at the same places
    for context, text in after.items():
        source = before[context].source
        if source == "I can now tell my story once.":
            assert isinstance(text.source, Untranslated) and text.source.lang == "en"
            assert text.source == source
        else:
            assert isinstance(text.source, Translated) and text.source == f"CY {source}"
            assert text.source.source == source
    resident = translated.people["resident"]
    assert (resident.slug, resident.file) == ("resident", "people/resident.yml")
    assert [t.id for t in resident.themes] == ["one-door"]
    assert list(resident.themes[0].resolves) == ["tell-again"]
    # The first language's model is shared by its own build: never changed in place.
    assert type(folder.people["resident"].persona.name) is str
    assert folder_in(folder, "en", "en") is folder


def test_an_untranslated_text_says_its_language_in_html_and_nowhere_else() -> None:
    text = Untranslated('Tom & "Jerry" <b>', "en")
    assert str(html.escape(text)) == "Tom &amp; &quot;Jerry&quot; &lt;b&gt;"  # plain text
    from markupsafe import escape

    assert str(escape(text)) == '<span lang="en">Tom &amp; &#34;Jerry&#34; &lt;b&gt;</span>'
    assert type(text.strip()) is str and type(f"{text}!") is str  # changed: unmarked
    for render in (render_markdown, render_print_markdown):
        out = str(render(Untranslated("One *two*\n\n- three", "en")))
        assert out.startswith('<p lang="en">One <em>two</em></p>') and '<ul lang="en">' in out
        assert "lang" not in str(render("One *two*"))
    # PDFs are made in worker processes: the marks survive the trip.
    back = pickle.loads(pickle.dumps([text, Translated("Helo", "Hello")]))
    assert back[0].lang == "en" and back[1].source == "Hello"


def test_a_persona_keeps_their_face_and_cards_speak_the_language(tmp_path: Path) -> None:
    root = _stories(tmp_path)
    _translated(root, welsh)
    folder = check(root).folder
    assert folder is not None
    plans = {}
    for language, labels in (("en", labels_for("en")), ("cy", CY)):
        shown = folder_in(folder, language, "en")
        plans[language] = plan_images(shown, build_pages(shown, labels=labels), labels)
    portraits = {
        language: sorted(j.names[0] for j in plan.jobs if isinstance(j.recipe, PortraitRecipe))
        for language, plan in plans.items()
    }
    assert portraits["en"] and portraits["en"] == portraits["cy"]
    cards = {
        language: {j.names[0] for j in plan.jobs if isinstance(j.recipe, CardRecipe)}
        for language, plan in plans.items()
    }
    assert cards["en"] and not cards["en"] & cards["cy"]
    alt = plans["cy"].persona_alt(folder_in(folder, "cy", "en").people["resident"])
    assert alt == "Darlun o CY Sam" and type(alt) is str


# Configuration -------------------------------------------------------------------------

I18N = """\
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: en, default: true, name: English}
        - {locale: cy, name: Cymraeg}
"""


def _site(tmp_path: Path, i18n: str = I18N, languages: str = "[en, cy]", **options: str) -> Path:
    """A small site in English and Welsh (the home page in both, about.md in English only)."""
    folder = tmp_path / "site-folder"
    _stories(folder)
    docs = folder / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nMeet [Sam](stories/resident.md).\n")
    (docs / "index.cy.md").write_text("# Hafan\n\nDewch i gwrdd â [Sam](stories/resident.md).\n")
    (docs / "about.md").write_text("# About\n\nWritten in English only.\n")
    extra = "".join(f"      {key}: {value}\n" for key, value in options.items())
    (folder / "mkdocs.yml").write_text(
        f"site_name: X\nsite_url: {SITE_URL}\ntheme:\n  name: material\n  language: en\n"
        f"plugins:\n  - search\n{i18n}  - visionkit:\n      languages: {languages}\n"
        f"      cache_dir: {tmp_path.parent / 'bilingual-cache'}\n{extra}"
    )
    return folder


def _stories(folder: Path) -> Path:
    root = folder / "stories"
    for name, content in BASE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("i18n", "languages", "said"),
    [
        ("", "[en, cy]", "needs the i18n plugin (mkdocs-static-i18n)"),
        (I18N, "[en]", "add 'languages: [en, cy]' under visionkit"),
        (I18N, "[cy, en]", "must be the same, the story files' language (cy) the i18n"),
        (I18N, "[en, fr]", "and the i18n plugin's languages (en, cy; default en)"),
        (I18N, "[en, Welsh]", "'Welsh' in the languages option is not a language code"),
        (I18N, "[en, cy, cy]", "names a language twice"),
    ],
)
def test_languages_the_i18n_plugin_does_not_build_stop_with_what_to_change(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, i18n: str, languages: str, said: str
) -> None:
    folder = _site(tmp_path, i18n=i18n, languages=languages)
    with pytest.raises(Abort):
        build_site(folder)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and said in errors[0], errors
    assert "Traceback" not in caplog.text
    assert sorted(p.name for p in folder.iterdir()) == ["docs", "mkdocs.yml", "stories"]


@pytest.mark.slow  # builds a site
def test_one_language_only_names_the_story_files_language(tmp_path: Path) -> None:
    """``languages: [cy]`` without the i18n plugin: one site, as ever, in theme.language."""
    folder = _site(tmp_path, i18n="", languages="[cy]", pdf="false")
    (folder / "docs/index.cy.md").unlink()
    site = build_site(folder, strict=True)
    assert not (site / "cy").exists()
    story = page(site, "stories/resident")
    assert _lang(story) == "en" and "lang=" not in article(story)
    assert "One front door" in story
    assert labels_for("en")("new_service") in story  # visionkit's words: theme.language's


# A small bilingual site ----------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site with everything translated but one mini-story, and its PDFs."""
    folder = _site(tmp_path_factory.mktemp("small"), pdf="true")
    _translated(
        folder / "stories",
        lambda e: None if e.msgid == "I can now tell my story once." else welsh(e),
    )
    return build_site(folder)


def _pages(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("index.html")):
        where = path.parent.relative_to(site).as_posix()
        yield ("" if where == "." else where + "/"), path.read_text(encoding="utf-8")


def _lang(html_text: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', html_text)
    assert found is not None
    return found[1]


@pytest.mark.slow  # builds a site twice over, with its PDFs
def test_every_page_and_pdf_has_its_twin_in_its_language(small: Path) -> None:
    pages = dict(_pages(small))
    english = {url for url in pages if not url.startswith("cy/")}
    assert {"", "about/", "vision/", "stories/resident/", "themes/"} <= english
    assert {url for url in pages if url.startswith("cy/")} == {f"cy/{url}" for url in english}
    for url, text in pages.items():
        assert _lang(text) == ("cy" if url.startswith("cy/") else "en"), url
    for pdf in sorted((small / "handouts").glob("*.pdf")):
        twin = small / "cy/handouts" / pdf.name
        assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "en"
        assert PdfReader(twin).trailer["/Root"]["/Lang"] == "cy", twin
    story = article(pages["cy/stories/resident/"])
    assert "CY One front door" in story and "One front door" not in story.replace("CY One", "")
    # The one text without a translation: in English, marked as English.
    assert '<span lang="en">I can now tell my story once.</span>' in story
    assert "Y gwasanaeth newydd" in story or "gwasanaeth newydd" in story  # Welsh labels
    # The hand-written page without a Welsh twin: English, and marked so.
    assert '<article class="md-content__inner md-typeset" lang="en">' in pages["cy/about/"]
    assert 'lang="en"' not in pages["about/"].split("<article", 1)[1].split(">", 1)[0]
    assert "Dewch i gwrdd" in pages["cy/"] and 'href="stories/resident/"' in pages["cy/"]


def _twins(text: str, url: str) -> tuple[dict[str, str], dict[str, str]]:
    """The page's ``hreflang`` links in <head> and its language selector's links, by
    language, as addresses from the site's root."""
    found = elements(text).elements
    head = {
        attrs["hreflang"]: urljoin(SITE_URL + url, attrs["href"])
        for tag, attrs in found
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs
    }
    selector = {
        attrs["hreflang"]: urljoin(SITE_URL + url, attrs["href"])
        for tag, attrs in found
        if tag == "a" and "md-select__link" in attrs.get("class", "")
    }
    return head, selector


@pytest.mark.slow
def test_twins_link_to_each_other_in_head_and_language_selector(small: Path) -> None:
    for url, text in _pages(small):
        twin = url.removeprefix("cy/") if url.startswith("cy/") else f"cy/{url}"
        mine, other = ("cy", "en") if url.startswith("cy/") else ("en", "cy")
        head, selector = _twins(text, url)
        assert head == selector == {mine: SITE_URL + url, other: SITE_URL + twin}, url
    sitemap = (small / "sitemap.xml").read_text(encoding="utf-8")
    assert f'hreflang="cy" href="{SITE_URL}cy/stories/resident/"' in sitemap


@pytest.mark.slow
def test_search_covers_the_language_of_the_page(small: Path) -> None:
    english, welsh_index = search_index(small), search_index(small / "cy")
    assert english and welsh_index
    assert not [d for d in english if d["location"].startswith("cy/")]
    assert {d["location"] for d in welsh_index} >= {"", "stories/resident/", "vision/"}
    assert any("CY One front door" in d["text"] for d in welsh_index)
    assert not any("CY One front door" in d["text"] for d in english)
    # Welsh pages read their own index: Material's search base is the Welsh tree's root.
    assert '"base": "../../../cy/"' in page(small, "cy/stories/resident")
    assert '"base": "../.."' in page(small, "stories/resident")
    assert _lang((small / "404.html").read_text(encoding="utf-8")) == "en"


@pytest.mark.slow
def test_no_english_visionkit_words_on_welsh_pages(small: Path) -> None:
    stories = story_text(small.parent)
    for url, text in _pages(small):
        if url.startswith("cy/") and url != "cy/about/":
            body = text.split('<div class="md-main__inner', 1)[1]  # nav, page and footer
            assert english_in(readable(body), stories, ENGLISH_WORDS) == [], url


# Mistakes and attacks ------------------------------------------------------------------


@pytest.mark.slow
def test_a_fuzzy_translation_fails_a_strict_build_and_is_warned(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _site(tmp_path, pdf="false")
    _translated(folder / "stories", welsh)
    catalogue = folder / "stories/translations/cy.po"
    po = polib.pofile(str(catalogue))
    po.find("One front door", msgctxt="people/resident.yml:themes[one-door].title").flags.append(
        "fuzzy"
    )
    po.save()
    with pytest.raises(Abort):
        build_site(folder, strict=True)
    said = [r.getMessage() for r in caplog.records if "VK217" in r.getMessage()]
    assert len(said) == 1 and "translations/cy.po:" in said[0]
    site = build_site(folder)  # not strict: built, the text shown in English
    assert '<span lang="en">One front door</span>' in page(site, "cy/stories/resident")


@pytest.mark.slow
def test_a_participants_name_in_a_translation_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _site(tmp_path, pdf="false")
    name = VISION.split("participants:\n    - ")[1].strip()
    _translated(folder / "stories", lambda e: f"{e.msgid} ({name})")
    with pytest.raises(Abort):
        build_site(folder)
    assert any("VK110" in r.getMessage() for r in caplog.records)
    assert not (folder / "site").exists()


@pytest.mark.slow
def test_hostile_translations_and_untranslated_texts_stay_text(tmp_path: Path) -> None:
    """Every text untranslated but one, whose translation is markup: escaped everywhere,
    and no language mark inside an attribute, a title or a drawing."""
    folder = _site(tmp_path, pdf="true")
    attack = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    _translated(folder / "stories", lambda e: attack if e.msgid == "One front door" else None)
    site = build_site(folder)
    for url, text in _pages(site):
        parsed = elements(text)
        assert not [s for s in parsed.scripts if "alert" in s], url
        assert not [attrs for _, attrs in parsed.elements if "onerror" in attrs], url
        for _, attrs in parsed.elements:
            assert not [v for v in attrs.values() if "<span" in v], (url, attrs)
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        assert title is not None and "<span" not in title[1], url
        for svg in re.findall(r"<svg.*?</svg>", text, re.S):
            assert "<span" not in svg, url
    story = page(site, "cy/stories/resident")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in story
    for pdf in (site / "cy/handouts").glob("*.pdf"):
        metadata = PdfReader(pdf).metadata
        assert metadata is not None and "<span" not in str(metadata.title), pdf
    assert json.loads((site / "cy/search/search_index.json").read_text())["docs"]


# The example -----------------------------------------------------------------------------


def _measures_words() -> set[str]:
    rows = csv.DictReader((EXAMPLE / "measures.csv").read_text(encoding="utf-8-sig").splitlines())
    return {row[key] for row in rows for key in ("source", "note") if row[key]}


MEASURES_WORDS = _measures_words()


def test_the_example_is_translated_completely() -> None:
    result = check(EXAMPLE)
    assert list(result.diagnostics) == []
    assert result.folder is not None
    found = translations_for(result.folder, "cy")
    assert found and all(found.values())


@pytest.mark.slow
def test_the_example_publishes_every_page_and_pdf_in_welsh(example_site: Path) -> None:
    for url in ["", *EXAMPLE_PAGES, "about"]:
        english = (example_site / url / "index.html").read_text(encoding="utf-8")
        cymraeg = (example_site / "cy" / url / "index.html").read_text(encoding="utf-8")
        assert (_lang(english), _lang(cymraeg)) == ("en", "cy"), url
        # Everything is translated but measures.csv's words, which no catalogue holds.
        for words in re.findall(r'<span lang="en">([^<]*)</span>', cymraeg):
            assert html.unescape(words) in MEASURES_WORDS, (url, words)
        english_url = url + "/" if url else ""
        for shown, at in ((english, english_url), (cymraeg, "cy/" + english_url)):
            head, selector = _twins(shown, at)
            want = {"en": SITE_URL + english_url, "cy": SITE_URL + "cy/" + english_url}
            assert head == selector == want, at
    for name in HANDOUTS:
        assert PdfReader(example_site / f"cy/handouts/{name}.pdf").trailer["/Root"]["/Lang"] == "cy"
        assert PdfReader(example_site / f"handouts/{name}.pdf").trailer["/Root"]["/Lang"] == "en"
    amira = article(page(example_site, "cy/stories/amira"))
    assert "Rhiant sengl, yn ôl yn y gwaith ar ôl salwch hir" in amira
    assert "Argraffu stori Amira: taflen un dudalen" in amira


@pytest.mark.slow
def test_the_example_welsh_pages_have_no_english_words_of_visionkits(example_site: Path) -> None:
    stories = story_text(example_site.parent)
    for url in ["", *EXAMPLE_PAGES, "about"]:
        text = (example_site / "cy" / url / "index.html").read_text(encoding="utf-8")
        body = text.split('<div class="md-main__inner', 1)[1]
        assert english_in(readable(body), stories, ENGLISH_WORDS) == [], url


# In a browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("url", list(KINDS), ids=[k or "home" for k in KINDS])
def test_no_wcag_a_or_aa_violation_on_welsh_pages(browser: Browser, served: str, url: str) -> None:
    """Each Welsh page at one width, the two taken in turn: the English twin is checked at
    both, in both schemes (test_browser.py); what Welsh changes is the words."""
    width = (360, 1280)[list(KINDS).index(url) % 2]
    context = browser.new_context(viewport={"width": width, "height": 900})
    shown = context.new_page()
    shown.goto(f"{served}cy/{url}", wait_until="load")
    assert shown.evaluate("document.documentElement.lang") == "cy"
    violations, passed = wcag_check(shown)
    assert passed >= 10, (url, width)  # axe looked
    context.close()
    failures = [
        f"{width}px {v['id']}: {v['help']} (e.g. {v['nodes'][0]['target']})" for v in violations
    ]
    assert failures == [], "\n".join(failures)


#: Material's search has read its index: it invites a query ("Type to start searching").
READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const config = JSON.parse(document.getElementById('__config').textContent);
  return meta && meta.textContent.trim() === config.translations['search.result.placeholder'];
}"""


def _search(browser: Browser, url: str, words: str) -> list[str]:
    """The addresses Material's search finds for ``words`` on the page at ``url``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    shown = context.new_page()
    shown.goto(url, wait_until="load")
    shown.focus("input.md-search__input")
    shown.wait_for_function(READY)  # the index is read: a query now finds what it should
    shown.locator("input.md-search__input").press_sequentially(words)  # it reads keyup
    shown.wait_for_selector(".md-search-result__item", state="attached", timeout=15_000)
    links: list[str] = shown.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => a.href)"
    )
    context.close()
    return links


@pytest.mark.browser
def test_searching_a_page_finds_pages_in_its_language_and_the_selector_leads_to_the_twin(
    browser: Browser, served: str
) -> None:
    welsh_found = _search(browser, f"{served}cy/stories/amira/", "cynllun")
    assert welsh_found and all(link.startswith(f"{served}cy/") for link in welsh_found)
    english_found = _search(browser, f"{served}stories/amira/", "plan")
    assert english_found and not [x for x in english_found if x.startswith(f"{served}cy/")]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    shown = context.new_page()
    shown.goto(f"{served}stories/amira/", wait_until="load")
    shown.click(".md-header__option .md-select .md-icon")
    shown.click('a.md-select__link[hreflang="cy"]')
    shown.wait_for_url(f"{served}cy/stories/amira/")
    assert shown.evaluate("document.documentElement.lang") == "cy"
    context.close()


@pytest.mark.browser
def test_a_welsh_page_is_reached_by_tab_in_order_languages_included(
    browser: Browser, served: str
) -> None:
    expected, reached, no_ring = tab_through(browser, f"{served}cy/stories/amira/")
    assert [e for e in expected if "md-select__link" in e]  # English and Cymraeg
    assert reached == [str(i) for i in range(len(expected))]
    assert no_ring == []
