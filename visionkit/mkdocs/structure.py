"""visionkit's pages and files in MkDocs's structure: files, navigation, front matter."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from jinja2 import Undefined
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from visionkit.build import Build
from visionkit.mkdocs.swap import link_or_copy
from visionkit.resources import PACKAGE, SITE_STYLESHEET
from visionkit.site.markup import toc_tokens
from visionkit.site.navigation import people_index
from visionkit.site.pages import STORIES_DIR, Page, footer

#: The frame every generated page is rendered in (its body is visionkit/KIND.html).
FRAME = "visionkit/page.html"


def add_files(files: Files, config: MkDocsConfig, build: Build) -> None:
    """The build's pages, its images and PDFs from the cache, and visionkit's stylesheet."""
    for src, page in build.pages.items():
        clash = files.get_file_from_path(src)
        if clash is not None and not clash.generated_by:
            raise PluginError(
                f"{config.docs_dir}/{src} has the address visionkit publishes its "
                f"'{page.kind}' page at; rename or remove it"
            )
        files.append(File.generated(config, src, content=frontmatter(page)))
    for src, path in build.files():
        if files.get_file_from_path(src) is None:
            files.append(CachedFile.generated(config, src, abs_src_path=str(path)))
    stylesheet = str(PACKAGE / SITE_STYLESHEET)
    files.append(File.generated(config, SITE_STYLESHEET, abs_src_path=stylesheet))


def footer_data(files: Files, build: Build) -> dict[str, Any]:
    """What ``partials/copyright.html`` prints on every page (hand-written ones too)."""
    first = next(iter(build.pages.values()), None)
    if first is None:
        return {}
    data = footer(first.site)
    statement = files.get_file_from_path(data.statement)
    url = statement.url if statement is not None else ""
    return {"t": data.t, "partners": data.partners, "contact": data.contact, "url": url}


def web_url(config: MkDocsConfig) -> Callable[[str], str] | None:
    """A page's absolute address from its source path, if the site has a ``site_url``."""
    site_url = config.site_url
    if not site_url:
        return None
    return lambda src: urljoin(site_url, File.generated(config, src, content="").url)


def set_toc(page: MkDocsPage, body: str) -> None:
    """The page's table of contents, from the headings visionkit's template wrote."""
    tokens = toc_tokens(body)
    page.toc = get_toc(tokens)  # type: ignore[arg-type]
    page.present_anchor_ids = {
        str(t["id"]) for token in tokens for t in (token, *token["children"])
    }


class CachedFile(File):
    """A picture, card or PDF from visionkit's cache: linked into the site, not copied."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        link_or_copy(Path(self.abs_src_path), Path(self.abs_dest_path))


def frontmatter(page: Page) -> str:
    """The generated file's Markdown: only front matter, its text is escaped for MkDocs.

    MkDocs and Material print ``page.title`` and ``description`` into the HTML
    unescaped (navigation, ``<title>``, meta tags), so the text is escaped here.
    """
    meta = {
        "title": html.escape(page.title),
        "description": html.escape(page.description),
        "template": FRAME,
    }
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


def link(files: Files, page: MkDocsPage, src: str) -> str:
    """The address of the file at ``src`` from ``page``; ``#`` if there is none."""
    target = files.get_file_from_path(src)
    if target is None:
        return "#"
    return get_relative_url(target.url, page.url) or "./"


def order_nav(nav: Navigation, order: Mapping[str, Page], stories_title: str) -> None:
    """The vision's pages first, in reading order (``order``: by source path).

    The home page stays first; the folder of days in the life gets its title in
    the site's language and its place after the first page.
    """
    rank_of = {src: i for i, src in enumerate(order)}

    def rank(item: Any) -> int:
        if isinstance(item, Section) and item.title.lower() == STORIES_DIR:
            item.title = stories_title
            return 1
        # A folder of visionkit's pages with an index of its own (reports/): named and
        # placed by its index, its pages in reading order.
        children = getattr(item, "children", None) or ()
        index = next((c for c in children if _index_src(c) in rank_of), None)
        if isinstance(item, Section) and index is not None:
            item.title = order[_index_src(index)].title
            item.children.sort(key=lambda child: rank_of.get(_src(child) or "", len(rank_of)))
            return rank_of[_index_src(index)]
        src = _src(item)
        return rank_of.get(src, -1) if src in rank_of else len(rank_of) + 1

    home = [item for item in nav.items if getattr(item, "is_homepage", False)]
    rest = [item for item in nav.items if item not in home]
    nav.items = home + sorted(rest, key=rank)


def index_people(nav: Navigation, files: Files, pages: Mapping[str, Page], title: str) -> None:
    """A large vision's people out of the navigation, one entry to the overview's list instead.

    The core decides when (:func:`visionkit.site.navigation.people_index`).
    Only visionkit's own pages go: a hand-written page in the same folder stays,
    after the entry. The entry is each person's parent, so it is marked as the
    reader's place on their page (and is their breadcrumb); the pages keep their
    place in ``nav.pages``, so previous and next links still go through everyone.
    """
    index = people_index(pages)
    overview = files.get_file_from_path(index.src) if index is not None else None
    if index is None or overview is None:
        return
    for at, item in enumerate(nav.items):
        if not isinstance(item, Section) or not any(_src(c) in index.people for c in item.children):
            continue
        entry = Link(title, f"{overview.url}#{index.anchor}")
        kept = [child for child in item.children if _src(child) not in index.people]
        for person in item.children:
            if _src(person) in index.people:
                person.parent = entry  # type: ignore[assignment]  # its active, title, url are read
        if kept:
            entry.parent, item.children = item, [entry, *kept]
        else:
            nav.items[at] = entry
        return


def _src(item: Any) -> str | None:
    return getattr(getattr(item, "file", None), "src_uri", None)


def _index_src(item: Any) -> str:
    """The source path of a folder's index page (``reports/index.md``), else ""."""
    src = _src(item) or ""
    return src if src.endswith("/index.md") else ""


def quiet_meta(page: MkDocsPage) -> None:
    """Let Material ask a generated page's front matter for what it lacks, cheaply.

    Material's navigation asks every page in it, on every page it renders, for
    ``meta.icon``, ``meta.subtitle`` and ``meta.status`` whenever its front
    matter is not empty, and ``page.encrypted`` (for a plugin that encrypts
    pages); through Jinja each missing one costs caught exceptions. At 1000
    people files that was about 3 s of a build that a plain site never paid.
    """
    page.meta = _Meta(page.meta)
    if not hasattr(page, "encrypted"):
        page.encrypted = False  # type: ignore[attr-defined]


class _Meta(dict[str, Any]):
    """Front matter whose missing keys read as Jinja's Undefined, without an exception.

    A missing private or special name stays an AttributeError, so that Python's
    own protocols (``copy.deepcopy`` asking for ``__deepcopy__``) see a dict.
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name, _ABSENT)


_ABSENT = Undefined()  # one for every missing key: it prints nothing and is false
