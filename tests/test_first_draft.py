"""First drafts that read well (FORMAT.md: a people file with neither ``day`` nor ``story``).

A first-draft page and its handout say each thing once, show the group's
post-its, ask the prize question in words that fit any group's name (English
and Welsh), and the handout uses its A4 page without spilling onto a second.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import serve
from conftest import MakeStory
from first_draft import BIG, FIVE_THEMES, TYPICAL, add_people, filled
from playwright.sync_api import Browser
from pypdf import PdfReader
from sites import article, build_site, copy_example, page

from visionkit import StoryPage, build_pages, check
from visionkit.images.plan import plan_images
from visionkit.pdf.handouts import plan_handouts
from visionkit.site.labels import ENGLISH, labels_for

EXAMPLE_PEOPLE = ["amira", "bethan", "dylan", "employers"]
#: The text blocks of a page a reader reads as sentences and items.
BLOCKS = {"p", "li", "blockquote", "q", "summary", "td", "th", "h1", "h2", "h3", "dd", "dt"}


class _Blocks(HTMLParser):
    """The text of each innermost block of some HTML, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS and self._open:
            text = " ".join("".join(self._open.pop()).split())
            if text:
                self.blocks.append(text)

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1].append(data)


def blocks(markup: str) -> list[str]:
    parser = _Blocks()
    parser.feed(markup)
    return parser.blocks


def sentences(texts: list[str]) -> list[str]:
    """Every sentence of four words or more in ``texts`` (split after . ! ? and …)."""
    found = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?…])[”\"’]?\s+", text):
            sentence = sentence.strip(' “”"')
            if len(sentence.split()) >= 4 and re.search(r"[.!?…]$", sentence):
                found.append(sentence)
    return found


def repeated(texts: list[str]) -> list[str]:
    return [s for s, n in Counter(sentences(texts)).items() if n > 1]


def story_texts(data: dict[str, Any]) -> list[str]:
    """What a people file asks its page to print: mini-stories and post-its."""
    return [t for theme in data["themes"] for t in (*theme["stories"], *theme.get("notes", []))]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with three first-draft groups more (typical, one theme more, big),
    built with its PDFs, ``--strict``; returns the folder."""
    folder = copy_example(tmp_path_factory.mktemp("drafts"), pdf=True)
    add_people(folder / "stories", kai=TYPICAL, mo=FIVE_THEMES, gwen=BIG)
    build_site(folder, strict=True)
    return folder


# A first-draft page says each thing once and shows the post-its.


@pytest.mark.slow  # builds the example with more people and their PDFs
def test_a_first_draft_page_prints_no_sentence_twice(drafts: Path) -> None:
    body = article(page(drafts / "site", "stories/kai"))
    texts = blocks(body)
    assert repeated(texts) == []
    readable = html.unescape(re.sub(r"<[^>]+>", " ", body))
    readable = " ".join(readable.split())
    for text in story_texts(TYPICAL):
        assert readable.count(text) == 1, text
    # No pull quote repeats the first mini-story (the quote's default)...
    assert 'class="vk-quote"' not in body
    # ... and What changes names each problem beside the theme that resolves it, linked.
    assert readable.count("I have to tell my story again to every service I am sent to.") == 1
    assert '<a href="#theme-one-conversation">Someone who gets it</a>' in body


@pytest.mark.parametrize("slug", EXAMPLE_PEOPLE)
def test_no_story_page_of_the_example_prints_a_sentence_twice(
    example_site: Path, slug: str
) -> None:
    body = article(page(example_site, f"stories/{slug}"))
    assert repeated(blocks(body)) == []
    # A quote of the file's own is the pull quote; without one (Dylan, Marek) the
    # first mini-story is not printed again above its theme.
    data = yaml.safe_load((example_site.parent / f"stories/people/{slug}.yml").read_text())
    own = data.get("quote")
    assert own is None or own not in story_texts(data)
    assert ('class="vk-quote"' in body) == (own is not None)


@pytest.mark.slow  # builds the example with more people and their PDFs
def test_each_themes_post_its_are_folded_under_it(drafts: Path) -> None:
    body = article(page(drafts / "site", "stories/kai"))
    for theme, after in zip(TYPICAL["themes"], [*TYPICAL["themes"][1:], None], strict=True):
        start = body.index(f'id="theme-{theme["id"]}"')
        end = body.index(f'id="theme-{after["id"]}"') if after else body.index('id="what-changes"')
        section = body[start:end]
        folded = re.fullmatch(
            r'.*<details class="vk-pad">\s*<summary>([^<]*)</summary>(.*)</details>.*',
            section,
            re.S,
        )
        assert folded, section
        count = len(theme["notes"])
        assert folded[1] == f"What the group wrote on the pad ({count} post-its)"
        notes = [html.unescape(n) for n in re.findall(r"<li>([^<]*)</li>", folded[2])]
        assert notes == theme["notes"]


def test_the_summary_says_how_many_post_its_in_english_and_welsh() -> None:
    welsh = labels_for("cy")
    assert [ENGLISH.plural("pad_postits", n) for n in (1, 4)] == [
        "What the group wrote on the pad (one post-it)",
        "What the group wrote on the pad (4 post-its)",
    ]
    assert [welsh.plural("pad_postits", n) for n in (1, 2, 5)] == [
        "Yr hyn a ysgrifennodd y grŵp ar ei bad (un nodyn post-it)",
        "Yr hyn a ysgrifennodd y grŵp ar ei bad (2 nodyn post-it)",
        "Yr hyn a ysgrifennodd y grŵp ar ei bad (5 o nodiadau post-it)",
    ]


@pytest.mark.browser
def test_post_its_open_from_the_keyboard_and_print_open_without_javascript(
    browser: Browser, example_site: Path
) -> None:
    with serve(example_site) as url:
        for scripts in (True, False):
            context = browser.new_context(java_script_enabled=scripts)
            tab = context.new_page()
            tab.goto(f"{url}stories/employers/")
            note = tab.get_by_text("Help with adjustments", exact=True)
            assert not note.is_visible()
            tab.locator("details.vk-pad summary").first.focus()
            tab.keyboard.press("Enter")
            assert note.is_visible()
            tab.reload()
            assert not note.is_visible()
            tab.emulate_media(media="print")
            assert note.is_visible(), f"post-its hidden in print (scripts {scripts})"
            context.close()


# The prize question, for any group name.

TRICKY = [
    "Young people",
    "Residents (sample)",
    "NHS staff",
    "Carers group",
    "People who use the service",
    "Parents and carers of children who need extra support at school",
    "Pobl ifanc",
]


def _person(**keys: Any) -> str:
    """A first-draft people file for conftest's base vision, with ``keys`` set."""
    data: dict[str, Any] = {
        "group": "Local employers",
        "kind": "other",
        "persona": {"name": "Marek", "role": "Owner of a bakery"},
        "themes": [
            {
                "id": "one-door",
                "title": "A contact when things wobble",
                "notes": ["Who do I ring?"],
                "stories": [
                    "I can now ring one named adviser when a new starter is struggling, "
                    "and they call back the same day.",
                    "I am able to offer a trial without filling in a single form myself.",
                ],
                "resolves": ["tell-again"],
            }
        ],
        **keys,
    }
    return yaml.safe_dump(data, allow_unicode=True)


def _asked(make_story: MakeStory, language: str, **keys: str) -> list[str]:
    """The prize question line of each tricky group's handout, as read."""
    people = {f"people/group-{n}.yml": _person(group=g, **keys) for n, g in enumerate(TRICKY)}
    result = check(make_story(people))
    assert result.folder is not None, result.diagnostics
    labels = labels_for(language)
    pages = build_pages(result.folder, labels=labels)
    plan = plan_handouts(result.folder, pages, plan_images(result.folder, pages, labels))
    lines = []
    for n in range(len(TRICKY)):
        job = next(j for j in plan.jobs if j.name.startswith(f"handout-group-{n}-"))
        line = re.search(r'<p class="vk-question">(.*?)</p>', job.html, re.S)
        assert line, job.html
        lines.append(" ".join(html.unescape(line[1]).split()))
    return lines


def test_the_prize_question_reads_for_any_group_name(make_story: MakeStory) -> None:
    question = (
        "“What are you saying about the new service that made the judges give it the prize "
        "for the best experience for people like you?”"
    )
    for group, line in zip(TRICKY, _asked(make_story, "en"), strict=True):
        assert line == f"We asked {group}: {question}"
        # The room's name stands alone: never after "the", never inside a phrase.
        assert line.count(group) == 1
        assert f"the {group}" not in line and f"{group} experience" not in line


def test_the_welsh_prize_question_never_mutates_the_group_name(make_story: MakeStory) -> None:
    question = (
        "“Beth ydych chi'n ei ddweud am y gwasanaeth newydd a wnaeth i'r beirniaid roi'r "
        "wobr iddo am y profiad gorau i bobl fel chi?”"
    )
    for group, line in zip(TRICKY, _asked(make_story, "cy"), strict=True):
        # After "y grŵp" (masculine: nothing after it mutates), never after a preposition.
        assert line == f"Gofynnwyd i'r grŵp {group}: {question}"
        assert not re.search(rf"\b(i|i'r|am|o|ar|gan|at|yn)\s+{re.escape(group)}", line)


def test_a_groups_own_question_still_wins(make_story: MakeStory) -> None:
    own = "What would make you tell a friend to use the new service?"
    for group, line in zip(TRICKY, _asked(make_story, "en", question=own), strict=True):
        assert line == f"We asked {group}: “{own}”"


# The pull quote, once.


def test_the_pull_quote_is_shown_only_when_the_page_does_not_print_it_anyway(
    make_story: MakeStory,
) -> None:
    typed_again = (  # in lower case, with a zero-width space pasted in, no full stop
        "i can now ring one named\u200b adviser when a new starter is struggling, and they "
        "call back the same day"
    )
    own = "I never feel on my own with a new starter now."
    result = check(
        make_story(
            {
                "people/none.yml": _person(),  # the quote defaults to the first mini-story
                "people/same.yml": _person(quote=typed_again),  # one of them, typed again
                "people/own.yml": _person(quote=own),
            }
        )
    )
    assert result.folder is not None, result.diagnostics
    pages = {p.person.slug: p for p in build_pages(result.folder) if isinstance(p, StoryPage)}
    assert pages["none"].quote is None and pages["same"].quote is None
    assert pages["own"].quote == own
    # The share card and the page's description still carry a quote.
    assert pages["none"].description.startswith("I can now ring one named adviser")


# The handout uses its page, and one page only.


@pytest.mark.slow  # builds the example with more people and their PDFs
@pytest.mark.parametrize(
    ("slug", "least"),
    [
        ("kai", 2 / 3),  # a typical group, its post-its included
        ("employers", 0.8),  # a small group's type grows to use the page (was 0.68)
    ],
)
def test_a_first_draft_handout_is_one_well_used_page(
    drafts: Path, tmp_path: Path, slug: str, least: float
) -> None:
    pdf = drafts / f"site/handouts/{slug}.pdf"
    assert len(PdfReader(pdf).pages) == 1
    assert filled(pdf, tmp_path) >= least


@pytest.mark.slow  # builds the example with more people and their PDFs
def test_a_typical_groups_handout_prints_its_post_its_and_each_text_once(drafts: Path) -> None:
    text = " ".join(PdfReader(drafts / "site/handouts/kai.pdf").pages[0].extract_text().split())
    for item in story_texts(TYPICAL):
        assert text.count(item) == 1, item
    assert "We asked Young people:" in text


@pytest.mark.slow  # builds the example with more people and their PDFs
def test_a_handout_short_of_room_gives_up_the_last_themes_post_its_first(drafts: Path) -> None:
    reader = PdfReader(drafts / "site/handouts/mo.pdf")
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    shown = [all(n in text for n in t["notes"]) for t in FIVE_THEMES["themes"]]
    hidden = [not any(n in text for n in t["notes"]) for t in FIVE_THEMES["themes"]]
    assert shown[0] and hidden[-1]  # some kept, not all
    kept = shown.index(False)
    assert shown[:kept] == [True] * kept and hidden[kept:] == [True] * (len(shown) - kept)
    for theme in FIVE_THEMES["themes"]:
        for story in theme["stories"]:
            assert story in text


@pytest.mark.slow  # builds the example with more people and their PDFs
def test_a_big_groups_handout_leaves_out_its_post_its_to_stay_on_one_page(drafts: Path) -> None:
    reader = PdfReader(drafts / "site/handouts/gwen.pdf")
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for theme in BIG["themes"]:
        for story in theme["stories"]:
            assert story in text
        for note in theme["notes"]:
            assert note not in text
    # The whole document's chapter for the group leaves its post-its to the themes chapter.
    document = PdfReader(drafts / "site/handouts/vision.pdf")
    assert sum("Post-it 1 of theme 1" in p.extract_text() for p in document.pages) == 1
