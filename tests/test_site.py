"""The example site as a partner sees it: every page at its address, with its stories."""

from __future__ import annotations

import copy
import pickle
import re
from pathlib import Path

import pytest
from sites import article, elements, page, search_index


@pytest.fixture
def site(example_site: Path) -> Path:
    """The example site as ``make site`` builds it, built once per run (conftest.py)."""
    return example_site


@pytest.mark.parametrize(
    "url",
    [
        "vision",
        "stories/amira",
        "stories/dylan",
        "stories/bethan",
        "stories/employers",
        "themes",
        "problems",
    ],
)
def test_every_page_is_at_its_stable_address(site: Path, url: str) -> None:
    assert (site / url / "index.html").is_file()


def test_the_overview_has_title_status_partners_summary_and_a_card_per_person(site: Path) -> None:
    body = article(page(site, "vision"))
    assert "Working Well Tamesford" in body
    assert "One conversation, one plan" in body
    assert "Out for consultation." in body and "12 March 2026" in body
    assert "Tamesford and Wyre NHS Foundation Trust" in body
    assert "<strong>six different services</strong>" in body  # the summary's Markdown
    for name, href in [
        ("Amira", "../stories/amira/"),
        ("Dylan", "../stories/dylan/"),
        ("Councillor Bethan Rees", "../stories/bethan/"),
        ("Marek", "../stories/employers/"),
    ]:
        assert f'href="{href}">{name}</a>' in body
    logos = [a for tag, a in elements(body).elements if tag == "img" and "logo" in a["src"]]
    assert len(logos) == 2


def test_a_day_in_the_life_page(site: Path) -> None:
    body = article(page(site, "stories/amira"))
    assert '<h1 id="top">Amira</h1>' in body
    assert "I told my story once, and everyone who helped me already knew it." in body
    assert 'alt="Crayon drawing of Amira smiling' in body
    assert "Lunchtime" in body and "<strong>Dylan</strong>" in body  # timeline Markdown
    assert "Under the new, better service" in body
    assert '<h3 id="theme-one-conversation">Tell it once</h3>' in body
    assert "I can now tell my story once and every service I meet already knows it." in body
    assert "What changes" in body
    assert "I have to tell my story again to every service I am sent to." in body


def test_a_narrative_page_and_a_first_draft_page(site: Path) -> None:
    assert "nine years" in article(page(site, "stories/dylan"))
    draft = article(page(site, "stories/employers"))
    assert "First draft for you to react to" in draft
    assert "I am able to offer a two-week trial without filling in a single form myself." in draft
    assert 'id="day"' not in draft and 'id="story"' not in draft
    # ... the sections a first draft leaves out, as the other pages show them:
    assert 'id="day"' in article(page(site, "stories/amira"))
    assert 'id="story"' in article(page(site, "stories/dylan"))


def test_drafts_are_left_out(site: Path) -> None:
    draft = (site.parent / "stories/people/practice-nurse.yml").read_text(encoding="utf-8")
    assert "status: draft" in draft and "Priya" in draft  # the draft is in the stories
    assert not (site / "stories/practice-nurse").exists()
    assert (site / "stories/amira/index.html").is_file()
    assert "Priya" not in page(site, "vision") and "Amira" in page(site, "vision")
    sitemap = (site / "sitemap.xml").read_text()
    assert "practice-nurse" not in sitemap and "stories/amira/" in sitemap


def test_a_shared_theme_is_shown_once_with_each_groups_phrase(site: Path) -> None:
    body = article(page(site, "themes"))
    assert body.count('<h2 id="theme-one-conversation">') == 1
    assert "Shared by 3 groups" in body
    for phrase in ("Tell it once", "One record, one plan", "Partners who share what they know"):
        assert phrase in body
    assert "Five systems, five passwords" in body  # a post-it
    assert "26 votes" in body


def test_each_pads_mini_stories_are_credited_once_to_its_group_and_story(site: Path) -> None:
    body = article(page(site, "themes"))
    pad = body[body.index('id="theme-one-conversation-dylan"') :]
    pad = pad[: pad.index("</div>")]
    assert pad.count('class="vk-who"') == 1
    stories, credit = pad.split('<p class="vk-who">')
    assert "so our first hour is about them and not about forms." in stories
    assert "Frontline advisers" in credit and 'href="../stories/dylan/"' in credit


def test_problems_show_what_resolves_them(site: Path) -> None:
    body = article(page(site, "problems"))
    assert '<h2 id="problem-benefits-fear">' in body
    assert "Open gap" not in body  # test_plugin.py shows the words where one is open
    assert "Trial shifts without red tape" in body


def test_pages_are_in_navigation_search_and_sitemap(site: Path) -> None:
    nav = page(site, "about")
    for href in ("../vision/", "../stories/amira/", "../themes/", "../problems/"):
        assert f'href="{href}"' in nav
    locations = {doc["location"] for doc in search_index(site)}
    assert {"vision/", "stories/amira/", "themes/", "problems/"} <= locations
    texts = " ".join(doc["text"] for doc in search_index(site))
    assert "every service I meet already knows it" in texts
    sitemap = (site / "sitemap.xml").read_text()
    assert "stories/dylan/" in sitemap and "themes/" in sitemap


def test_confidential_names_appear_in_no_output_file(site: Path) -> None:
    names = ["Joanne Whitfield", "Samuel Okoro", "Halina Zielinska", "Terry Blount"]
    vision = (site.parent / "stories/vision.yml").read_text(encoding="utf-8")
    assert all(name in vision for name in names)  # the names are in the stories
    searched = 0
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".css", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not any(name in text for name in names), path
            searched += "I told my story once" in text  # the stories are published
    assert searched >= 2  # Amira's page and the search index at least


def test_each_page_has_its_own_title_and_description_in_the_head(site: Path) -> None:
    html = page(site, "stories/dylan")
    head = html[: html.index("</head>")]
    description = "I can now see a resident&#x27;s whole plan before we meet"
    assert "<title>Dylan - Working Well Tamesford</title>" in head
    assert re.search(rf'<meta name="description" content="{description}', head)
    assert re.search(r'<meta property="og:description" content="I can now see', head)
    nav = html[html.index('class="md-nav md-nav--primary"') :]
    assert ">None<" not in nav and "Undefined" not in nav
    shown = re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', nav)
    assert {"The vision", "Amira", "Dylan", "Marek", "Themes", "Problems"} <= set(shown), shown


def test_a_generated_pages_front_matter_still_copies_and_pickles_as_a_dict() -> None:
    """Other plugins copy ``page.meta``; the faster lookups must not change what it is."""
    from visionkit.mkdocs.structure import _Meta

    meta = _Meta(title="Dylan", description="I can now see the plan.")
    assert copy.deepcopy(meta) == {"title": "Dylan", "description": "I can now see the plan."}
    assert pickle.loads(pickle.dumps(meta)) == meta
    assert not meta.icon and str(meta.icon) == "" and meta.title == "Dylan"
