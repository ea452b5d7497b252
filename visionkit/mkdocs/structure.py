"""visionkit's pages and files in MkDocs's structure: files, navigation, front matter."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from jinja2 import Environment, Undefined
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
from visionkit.site.labels import Labels
from visionkit.site.markup import toc_tokens
from visionkit.site.navigation import people_index
from visionkit.site.pages import STORIES_DIR, Page, footer

#: The frame every generated page is rendered in (its body is visionkit/KIND.html).
FRAME = "visionkit/page.html"


def add_files(files: Files, config: MkDocsConfig, build: Build, prefix: str = "") -> list[File]:
    """The build's pages, its images and PDFs from the cache, and visionkit's stylesheet.

    A further language's pages and PDFs are published under ``prefix`` (``cy/``);
    pictures and cards, named by their content's hash, are shared by every language.
    Returns the files added for the build's pages and PDFs.
    """
    ours: list[File] = []
    for src, page in build.pages.items():
        clash = files.get_file_from_path(src)
        if clash is not None and not clash.generated_by:
            raise PluginError(
                f"{config.docs_dir}/{clash.src_uri} has the address visionkit publishes its "
                f"'{page.kind}' page at; rename or remove it"
            )
        ours.append(placed(File.generated(config, src, content=frontmatter(page)), prefix))
        files.append(ours[-1])
    handouts = {handout.src for handout in build.handouts.handouts.values()}
    for src, path in build.files():
        if files.get_file_from_path(src) is not None:
            continue
        file = CachedFile.generated(config, src, abs_src_path=str(path))
        if src in handouts:
            ours.append(placed(file, prefix))
        files.append(file)
    stylesheet = str(PACKAGE / SITE_STYLESHEET)
    files.append(File.generated(config, SITE_STYLESHEET, abs_src_path=stylesheet))
    return ours


def footer_data(files: Files, build: Build) -> dict[str, Any]:
    """What ``partials/copyright.html`` prints on every page (hand-written ones too)."""
    first = next(iter(build.pages.values()), None)
    if first is None:
        return {}
    data = footer(first.site)
    statement = files.get_file_from_path(data.statement)
    url = statement.url if statement is not None else ""
    return {"t": data.t, "partners": data.partners, "contact": data.contact, "url": url}


def web_url(config: MkDocsConfig, prefix: str = "") -> Callable[[str], str] | None:
    """A page's absolute address from its source path, if the site has a ``site_url``
    (in the language whose pages are under ``prefix``)."""
    site_url = config.site_url
    if not site_url:
        return None
    return lambda src: urljoin(
        site_url, placed(File.generated(config, src, content=""), prefix).url
    )


def render_body(
    env: Environment, build: Build, vk_page: Page, page: MkDocsPage, files: Files, config: Any
) -> str:
    """A visionkit page's body, from its template, with its table of contents set."""
    context = build.context(
        vk_page,
        link=lambda src: link(files, page, src),
        image_url=lambda path: get_relative_url(path, page.url),
    )
    template = env.get_template(f"visionkit/{vk_page.kind}.html")
    body = template.render({**context, "page": page, "config": config})
    set_toc(page, body)
    return body


def frame_context(
    context: Any,
    build: Build,
    vk_page: Page,
    labels: Labels,
    config: MkDocsConfig,
    page: MkDocsPage,
) -> None:
    """What the frame (``visionkit/page.html``) reads beside MkDocs's own keys."""
    context["visionkit"] = vk_page.site
    context["visionkit_comments"] = vk_page.comments
    context["t"] = labels
    context["visionkit_card"] = build.card(vk_page, config.site_url, page.url)


def placed(file: File, prefix: str) -> File:
    """``file`` published under ``prefix`` (``cy/``), its source path unchanged: links by
    source path (``stories/amira.md``) find it, as the i18n plugin's files are found."""
    if prefix:
        file.dest_uri = prefix + file.dest_uri
    return file


def _url(config: MkDocsConfig, src: str, prefix: str) -> str:
    return placed(File.generated(config, src, content=""), prefix).url


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

    home = [item for item in nav.items if _is_home(item)]
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


def _is_home(item: Any) -> bool:
    """The site's home page, or a further language's (``index.cy.md``, whose address is
    ``cy/``: MkDocs calls only the site's root the home page)."""
    top_index = getattr(item, "is_index", False) and getattr(item, "is_top_level", False)
    return bool(getattr(item, "is_homepage", False) or top_index)


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
