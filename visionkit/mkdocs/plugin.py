"""The MkDocs plugin: wires MkDocs's build events to visionkit's core.

Nothing here knows about stories beyond calling the core: ``check`` validates
the folder before MkDocs touches ``site/``, ``build_pages`` says which pages
exist, and the package's templates (found through the theme's template
folders, after the site's ``custom_dir``) render them. Works unchanged under
ProperDocs, which serves ``mkdocs.*`` imports itself.
"""

from __future__ import annotations

import gc
import html
import logging
import traceback
from pathlib import Path
from typing import Any, cast
from urllib.parse import urljoin

import yaml
from jinja2 import Environment, TemplateError, TemplateSyntaxError, Undefined
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from visionkit.cache import Cache
from visionkit.check.run import check
from visionkit.diagnostics import Code, Severity
from visionkit.images.jobs import SITE_DIR, ImageError, Responsive, Variant
from visionkit.images.plan import ImagePlan, plan_images
from visionkit.mkdocs.config import VisionkitConfig
from visionkit.mkdocs.swap import SiteSwap, link_or_copy
from visionkit.pdf.handouts import HandoutPlan, plan_handouts
from visionkit.read.folder import StoryFolder
from visionkit.resources import PACKAGE, SITE_STYLESHEET, TEMPLATES
from visionkit.site.labels import ENGLISH, available, labels_for, resolve
from visionkit.site.markup import headings, render_markdown
from visionkit.site.pages import STORIES_DIR, Page, build_pages

log = get_plugin_logger(__name__)

FRAME = "visionkit/page.html"
#: Log each PDF made when there are more than this many to make.
PROGRESS_FROM = 3
#: A PDF takes long enough that two of them pay for starting worker processes.
PARALLEL_PDFS = 2


class VisionkitPlugin(BasePlugin[VisionkitConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.stories = Path("stories")
        self.folder: StoryFolder | None = None
        self.pages: dict[str, Page] = {}
        self.images = ImagePlan()
        self.handouts = HandoutPlan()
        self.cache = Cache(Path(".cache/visionkit"))
        self.env: Environment | None = None
        self.labels = ENGLISH
        self.language = "en"
        self.swap: SiteSwap | None = None
        self.warnings = _Count()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Nothing lost: `mkdocs build` writes into a fresh folder that replaces site/
    # only once every plugin's post-build work is done and no --strict warning was
    # logged (MkDocs checks those after on_post_build, so they are counted here).

    def _start_swap(self, config: MkDocsConfig) -> None:
        if self.serving:
            return
        self.swap = SiteSwap(Path(config.site_dir))
        self.warnings = _Count()
        logging.getLogger("mkdocs").addHandler(self.warnings)
        config.site_dir = str(self.swap.prepare())

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()  # see on_pre_build
        if self.swap is None:
            return
        swap, self.swap = self.swap, None
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        config.site_dir = str(swap.target)  # `mkdocs gh-deploy` publishes from here next
        if config.strict and self.warnings.count:
            swap.discard()  # MkDocs aborts next; the last good site stays
            return
        swap.commit()

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        if self.swap is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.swap.discard()
            self.swap = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._start_swap(config)
        base = Path(config.config_file_path).parent
        self.stories = base / self.config.stories_dir
        self.cache = Cache(base / self.config.cache_dir)
        config.theme.dirs.append(str(TEMPLATES))
        self.language = language = config.theme.get("language") or "en"
        if resolve(language) is None:
            log.warning(
                f"visionkit has no labels for theme.language '{language}' (it has "
                f"{', '.join(available())}): its pages, cards and PDFs use English words; "
                "see 'Languages' in visionkit's README to add yours"
            )
        self.labels = labels_for(language)
        if SITE_STYLESHEET not in config.extra_css:
            config.extra_css.append(SITE_STYLESHEET)
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
        gc.freeze()  # the stories: see below
        pages = build_pages(result.folder, self.config.drafts, self.labels)
        plan = plan_images(result.folder, pages, self.labels)
        try:
            run = self.cache.run(plan.jobs)
        except ImageError as exc:
            for file, pos in result.folder.uses_of(exc.path):
                log.error(
                    f"{self.config.stories_dir}/{file}:{pos.line}:{pos.column}: error "
                    f"{Code.PICTURE_NOT_IMAGE.value} {exc}"
                )
            raise PluginError(f"{exc}; the site was not built or changed") from exc
        log.info(f"{run.made} images made, {run.reused} taken from the cache ({run.files} files)")
        handouts = self._make_handouts(config, result.folder, pages, plan)
        self.folder, self.images, self.handouts = result.folder, plan, handouts
        self.pages = {page.src: page for page in pages}
        # The stories, their positions and pages live until the build ends, and hold
        # no garbage: set them aside from the cyclic collector, whose full runs
        # during the rest of the build would otherwise walk them every time (at
        # 1000 people files, 0.9 s of a warm build). on_post_build undoes it, so a
        # `mkdocs serve` rebuild can collect the last build's.
        gc.freeze()

    def _make_handouts(
        self, config: MkDocsConfig, folder: StoryFolder, pages: list[Page], images: ImagePlan
    ) -> HandoutPlan:
        enabled = self.config.pdf if self.config.pdf is not None else not self.serving
        if not enabled:
            return HandoutPlan()
        web_urls = {
            page.src: urljoin(config.site_url, File.generated(config, page.src, content="").url)
            for page in pages
            if config.site_url
        }

        def progress(made: int, todo: int, key: str) -> None:
            if todo > PROGRESS_FROM and (made == todo or made % max(1, todo // 10) == 0):
                log.info(f"{made} of {todo} PDFs made")

        try:
            plan = plan_handouts(
                folder,
                pages,
                images,
                template_dirs=config.theme.dirs,
                language=self.language,
                web_urls=web_urls,
            )
            run = self.cache.run(plan.jobs, parallel_from=PARALLEL_PDFS, progress=progress)
        except TemplateError as exc:  # most likely an overridden handout template
            raise PluginError(
                f"a handout template failed{_template_place(exc)}: {exc.message}; "
                "the site was not built or changed"
            ) from exc
        except Exception as exc:  # WeasyPrint failing is a bug, not the story's fault
            raise PluginError(
                f"the PDF handouts could not be made ({type(exc).__name__}: {exc}); "
                "the site was not built or changed. Set 'pdf: false' to build without them."
            ) from exc
        for note in run.notes:
            log.warning(f"PDF {note}")
        log.info(f"{run.made} PDFs made, {run.reused} taken from the cache")
        return plan

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for src, page in self.pages.items():
            clash = files.get_file_from_path(src)
            if clash is not None and not clash.generated_by:
                raise PluginError(
                    f"{config.docs_dir}/{src} has the address visionkit publishes its "
                    f"'{page.kind}' page at; rename or remove it"
                )
            files.append(File.generated(config, src, content=_source(page)))
        for job in self.images.jobs:
            for name in job.names:
                src = f"{SITE_DIR}/{name}"
                if files.get_file_from_path(src) is None:
                    files.append(
                        _CachedFile.generated(config, src, abs_src_path=str(self.cache.path(name)))
                    )
        for handout in self.handouts.handouts.values():
            files.append(
                _CachedFile.generated(
                    config, handout.src, abs_src_path=str(self.cache.path(handout.name))
                )
            )
        files.append(
            File.generated(config, SITE_STYLESHEET, abs_src_path=str(PACKAGE / SITE_STYLESHEET))
        )
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
                item.title = self.labels("day_in_the_life")
                return order.get(next(iter(self.pages)), 0) + 1
            src = getattr(getattr(item, "file", None), "src_uri", None)
            return order.get(src, -1) if src in order else len(order) + 1

        home = [item for item in nav.items if getattr(item, "is_homepage", False)]
        rest = [item for item in nav.items if item not in home]
        nav.items = home + sorted(rest, key=rank)
        return nav

    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        if page.file.src_uri in self.pages:
            page.meta = _Meta(page.meta)
            # Asked of every page with front matter in Material's navigation (for
            # a plugin that encrypts pages): answered here, it costs no exception.
            if not hasattr(page, "encrypted"):
                page.encrypted = False  # type: ignore[attr-defined]
        return markdown

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
                "persona_image": lambda person: self._image(
                    page, self.images.personas.get(person.slug), self.images.persona_alt(person)
                ),
                "logo": lambda ref: self._image(page, self.images.logos.get(ref), ""),
                "handout": self._handout(files, page, vk_page),
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
            card = self.images.cards[vk_page.src]
            url = f"{SITE_DIR}/{card.name}"
            # The templates' own keys: TemplateContext does not declare plugin keys.
            extra = cast(dict[str, Any], context)
            extra["visionkit"] = vk_page.data
            extra["t"] = self.labels
            extra["visionkit_card"] = {
                "url": urljoin(config.site_url, url) if config.site_url else "/" + url,
                "width": card.width,
                "height": card.height,
                "alt": f"{vk_page.title}: {vk_page.description}",
                "page_url": urljoin(config.site_url, page.url) if config.site_url else None,
            }
        return context

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.stories))
        return server

    def _handout(self, files: Files, page: MkDocsPage, vk_page: Page) -> dict[str, str] | None:
        """The link to the PDF that prints ``vk_page``, with its size, if there is one."""
        handout = self.handouts.handouts.get(vk_page.src)
        if handout is None:
            return None
        size = self.cache.path(handout.name).stat().st_size
        return {"url": _link(files, page, handout.src), "size": _file_size(size)}

    def _image(self, page: MkDocsPage, image: Responsive | None, alt: str) -> dict[str, Any] | None:
        """What ``<picture>`` needs, with addresses relative to ``page``."""
        if image is None:
            return None

        def srcset(variants: tuple[Variant, ...]) -> str:
            return ", ".join(
                f"{get_relative_url(f'{SITE_DIR}/{v.name}', page.url)} {v.width}w" for v in variants
            )

        largest, smallest = image.largest, image.fallback[0]
        return {
            "src": get_relative_url(f"{SITE_DIR}/{smallest.name}", page.url),
            "srcset": srcset(image.fallback),
            "webp": srcset(image.webp),
            "webp_src": (
                get_relative_url(f"{SITE_DIR}/{image.webp[0].name}", page.url) if image.webp else ""
            ),
            "width": largest.width,
            "height": largest.height,
            "small_width": smallest.width,
            "small_height": smallest.height,
            "alt": alt,
        }


class _CachedFile(File):
    """A picture, card or PDF from visionkit's cache: linked into the site, not copied."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None
        link_or_copy(Path(self.abs_src_path), Path(self.abs_dest_path))


class _Count(logging.Handler):
    """Counts warnings, as MkDocs does to abort a --strict build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _Meta(dict[str, Any]):
    """A generated page's front matter that templates can read missing keys of cheaply.

    Material's navigation asks every page in it, on every page it renders, for
    ``meta.icon``, ``meta.subtitle`` and ``meta.status`` whenever its front
    matter is not empty; through Jinja each missing key costs two caught
    exceptions. visionkit's pages all have front matter, so at 1000 people
    files that was 4 million lookups, about 3 s of a build that a plain site
    (no front matter) never paid. A missing key is still Jinja's Undefined;
    a missing private or special name stays an AttributeError, so that Python's
    own protocols (``copy.deepcopy`` asking for ``__deepcopy__``) see a dict.
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name, _ABSENT)


_ABSENT = Undefined()  # one for every missing key: it prints nothing and is false


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


def _template_place(exc: TemplateError) -> str:
    """`` in FILE, line N`` of the template where Jinja failed, when it is known."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f" in {exc.filename}, line {exc.lineno}"
    frames = [
        (frame.f_code.co_filename, line)
        for frame, line in traceback.walk_tb(exc.__traceback__)
        if frame.f_code.co_filename.endswith(".html")
    ]
    return f" in {frames[-1][0]}, line {frames[-1][1]}" if frames else ""


def _file_size(size: int) -> str:
    """``85 KB``, ``1.2 MB``: what a reader on a phone needs before downloading."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


def _nest(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """h3 entries go under the h2 before them, as MkDocs's own table of contents does."""
    nested: list[dict[str, Any]] = []
    for token in tokens:
        if token["level"] > 2 and nested:
            nested[-1]["children"].append(token)
        else:
            nested.append(token)
    return nested
