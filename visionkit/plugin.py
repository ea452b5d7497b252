"""The MkDocs plugin: wires MkDocs's build events to visionkit's core.

Nothing here knows about stories beyond calling the core: ``check`` validates
the folder before MkDocs touches ``site/``, ``build_pages`` says which pages
exist, and the package's templates (found through the theme's template
folders, after the site's ``custom_dir``) render them. Works unchanged under
ProperDocs, which serves ``mkdocs.*`` imports itself.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, cast

import yaml
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from .check import check
from .config import VisionkitConfig
from .diagnostics import Severity
from .folder import StoryFolder
from .images import PublishedPicture, publish
from .markup import headings, render_markdown
from .pages import STORIES_DIR, Page, build_pages

log = get_plugin_logger(__name__)

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"
STYLESHEET = "assets/visionkit/visionkit.css"
FRAME = "visionkit/page.html"


class VisionkitPlugin(BasePlugin[VisionkitConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.stories = Path("stories")
        self.folder: StoryFolder | None = None
        self.pages: dict[str, Page] = {}
        self.pictures: dict[str, PublishedPicture] = {}
        self.env: Environment | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.stories = Path(config.config_file_path).parent / self.config.stories_dir
        config.theme.dirs.append(str(TEMPLATES))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Check the stories before MkDocs cleans ``site/``: a bad file changes nothing."""
        result = check(self.stories)
        for diagnostic in result.diagnostics:
            where = f"{self.config.stories_dir}/{diagnostic}"
            (log.error if diagnostic.severity is Severity.ERROR else log.warning)(where)
        if result.failed(strict=bool(config.strict)) or result.folder is None:
            problem = f"{result.summary()} in the story folder {self.stories}"
            if self.serving and self.folder is not None:
                log.error(f"{problem}; still serving the last good version of the stories")
                return
            raise PluginError(f"{problem}; the site was not built or changed")
        self.folder = result.folder
        published = self.folder.published(self.config.drafts)
        wanted = {p.persona.picture for p in published if p.persona.picture} | {
            partner.logo for partner in self.folder.vision.partners if partner.logo
        }
        self.pictures = {
            ref: publish(ref, picture)
            for ref, picture in self.folder.pictures.items()
            if ref in wanted
        }
        self.pages = {page.src: page for page in build_pages(self.folder, self.config.drafts)}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for src, page in self.pages.items():
            clash = files.get_file_from_path(src)
            if clash is not None and not clash.generated_by:
                raise PluginError(
                    f"{config.docs_dir}/{src} has the address visionkit publishes its "
                    f"'{page.kind}' page at; rename or remove it"
                )
            files.append(File.generated(config, src, content=_source(page)))
        for picture in self.pictures.values():
            files.append(File.generated(config, picture.path, content=picture.content))
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(PACKAGE / STYLESHEET)))
        self.env = config.theme.get_env()
        self.env.filters["visionkit_markdown"] = render_markdown
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Without an explicit ``nav``, put the vision first, in reading order."""
        if config.nav is not None:
            return nav
        order = {src: i for i, src in enumerate(self.pages)}

        def rank(item: Any) -> int:
            if isinstance(item, Section) and item.title.lower() == STORIES_DIR:
                item.title = "A day in the life"
                return order.get(next(iter(self.pages)), 0) + 1
            src = getattr(getattr(item, "file", None), "src_uri", None)
            return order.get(src, -1) if src in order else len(order) + 1

        home = [item for item in nav.items if getattr(item, "is_homepage", False)]
        rest = [item for item in nav.items if item not in home]
        nav.items = home + sorted(rest, key=rank)
        return nav

    def on_page_content(
        self, html_text: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        vk_page = self.pages.get(page.file.src_uri)
        if vk_page is None or self.env is None:
            return html_text
        template = self.env.get_template(f"visionkit/{vk_page.kind}.html")
        body = template.render(
            {
                **vk_page.data,
                "page": page,
                "config": config,
                "link": lambda src: _link(files, page, src),
                "picture": lambda ref: self._picture(page, ref),
            }
        )
        tokens = [
            {"level": level, "id": ident, "name": html.escape(text), "children": []}
            for level, ident, text in headings(body)
        ]
        page.toc = get_toc(_nest(tokens))  # type: ignore[arg-type]
        page.present_anchor_ids = {str(t["id"]) for t in tokens}
        return body

    def on_page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        vk_page = self.pages.get(page.file.src_uri)
        if vk_page is not None:
            # The templates' own key: TemplateContext does not declare plugin keys.
            cast(dict[str, Any], context)["visionkit"] = vk_page.data
        return context

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.stories))
        return server

    def _picture(self, page: MkDocsPage, reference: str) -> dict[str, Any] | None:
        """What an ``<img>`` needs: the picture's address from this page, and its size."""
        picture = self.pictures.get(reference)
        if picture is None:
            return None
        return {
            "src": get_relative_url(picture.path, page.url),
            "width": picture.width,
            "height": picture.height,
        }


def _source(page: Page) -> str:
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


def _link(files: Files, page: MkDocsPage, src: str) -> str:
    target = files.get_file_from_path(src)
    if target is None:
        return "#"
    return get_relative_url(target.url, page.url) or "./"


def _nest(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """h3 entries go under the h2 before them, as MkDocs's own table of contents does."""
    nested: list[dict[str, Any]] = []
    for token in tokens:
        if token["level"] > 2 and nested:
            nested[-1]["children"].append(token)
        else:
            nested.append(token)
    return nested
