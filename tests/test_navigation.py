"""A large vision's pages stay light: past a number of people the navigation
stops listing each of them on every page, and every person is still reached."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import BASE, person
from sites import article, build_site, search_index

from visionkit.site.navigation import LIST_PEOPLE_UP_TO

ROOT_URL = "https://x.example.org/"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One image cache for this module's builds: their people are the same."""
    return tmp_path_factory.mktemp("navigation-cache")


def _build(folder: Path, people: int, cache: Path, nav: str = "") -> tuple[Path, dict[str, str]]:
    """A site of ``people`` people files, a home page and a hand-written page among
    the stories: the built site, and each page's HTML by its address (``stories/p000/``)."""
    files = {"vision.yml": BASE["vision.yml"]}
    kinds = ["user", "staff", "decision-maker"]
    for n in range(people):
        files[f"people/p{n:03}.yml"] = person(kinds[n % 3]).replace(
            "name: Sam", f"name: Person {n:03}"
        )
    for name, text in files.items():
        (folder / "stories" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "stories" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (folder / "docs/stories").mkdir(parents=True)
    (folder / "docs/index.md").write_text("# Home\n")
    (folder / "docs/stories/how-we-wrote-them.md").write_text("# How we wrote them\n")
    (folder / "mkdocs.yml").write_text(
        f"site_name: X\nsite_url: {ROOT_URL}\ntheme: material\n{nav}"
        f"plugins:\n  - search\n  - visionkit:\n      pdf: false\n      cache_dir: {cache}\n"
    )
    site = build_site(folder, strict=True)
    pages = {}
    for path in site.rglob("index.html"):
        where = path.parent.relative_to(site).as_posix()
        pages["" if where == "." else where + "/"] = path.read_text(encoding="utf-8")
    return site, pages


def _links(html: str, url: str) -> list[str]:
    """Every link's address in ``html``, as a path from the site's root."""
    return [
        urljoin(ROOT_URL + url, href).removeprefix(ROOT_URL)
        for href in re.findall(r'<a [^>]*href="([^"]*)"', html)
    ]


def _nav(html: str) -> str:
    """The site navigation Material writes into the page (the primary sidebar)."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start : html.index('<div class="md-sidebar md-sidebar--secondary"', start)]


@pytest.mark.slow  # builds sites of 60 and 61 people
@pytest.mark.parametrize("people", [LIST_PEOPLE_UP_TO, LIST_PEOPLE_UP_TO + 1])
def test_past_the_limit_no_page_carries_every_persons_link_and_all_are_reached(
    tmp_path: Path, cache: Path, people: int
) -> None:
    site, pages = _build(tmp_path, people, cache)
    everyone = {f"stories/p{n:03}/" for n in range(people)}
    assert everyone <= set(pages)
    for url, html in pages.items():
        nav = set(_links(_nav(html), url))
        assert "stories/how-we-wrote-them/" in nav  # a hand-written page keeps its place
        if people <= LIST_PEOPLE_UP_TO:  # as before: everyone, on every page
            assert everyone <= nav, url
        else:  # nobody: one entry to the overview's list of people instead
            assert not nav & everyone, (url, sorted(nav & everyone)[:3])
            assert "vision/#people" in nav, url
    if people > LIST_PEOPLE_UP_TO:  # on a person's page the entry is marked as their place
        active = re.findall(r'md-nav__item--active">\s*(<a [^>]*>)', _nav(pages["stories/p007/"]))
        assert _links("".join(active), "stories/p007/") == ["vision/#people"]
    # Every person is a link away, from the overview's list, and found by search.
    assert 'id="people"' in pages["vision/"]
    assert everyone <= set(_links(article(pages["vision/"]), "vision/"))
    found = {entry["location"].split("#")[0] for entry in search_index(site)}
    assert everyone <= found


@pytest.mark.slow  # builds a site of 61 people
def test_a_navigation_written_in_mkdocs_yml_is_left_as_written(tmp_path: Path, cache: Path) -> None:
    nav = "nav:\n  - index.md\n  - stories/p000.md\n  - stories/p001.md\n"
    _, pages = _build(tmp_path, LIST_PEOPLE_UP_TO + 1, cache, nav=nav)
    links = set(_links(_nav(pages["stories/p042/"]), "stories/p042/"))
    assert {"stories/p000/", "stories/p001/"} <= links
    assert "vision/#people" not in links
