"""The MkDocs plugin: wires MkDocs's build events to visionkit's core, nothing more.

``on_pre_build`` checks the stories before MkDocs touches ``site/`` and asks
the core (:func:`visionkit.build.prepare`) for the pages, images and PDFs;
the other hooks publish them: generated pages in ``on_files``, each page's
body rendered from the package's templates (found through the theme's
template folders, after the site's ``custom_dir``) in ``on_page_content``.
Works unchanged under ProperDocs, which serves ``mkdocs.*`` imports itself.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from visionkit.build import Build, BuildError, cache_problem, prepare
from visionkit.bytecode import keep_compiled
from visionkit.check.run import check
from visionkit.diagnostics import Diagnostic, Severity
from visionkit.machine import machine_problem
from visionkit.mkdocs import structure
from visionkit.mkdocs.config import VisionkitConfig, site_settings
from visionkit.mkdocs.drawings import Drawings
from visionkit.mkdocs.languages import SiteLanguages, finish_page, mark_twins, split_search
from visionkit.mkdocs.structure import add_files, order_nav, quiet_meta
from visionkit.mkdocs.swap import SiteSwap
from visionkit.read.folder import StoryFolder
from visionkit.resources import SITE_STYLESHEET, TEMPLATES
from visionkit.site.labels import ENGLISH
from visionkit.site.markup import render_markdown

log = get_plugin_logger(__name__)


class VisionkitPlugin(BasePlugin[VisionkitConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.stories = Path("stories")
        self.cache_dir = Path(".cache/visionkit")
        self.build: Build | None = None
        self.env: Environment | None = None
        self.labels = ENGLISH
        self.language = "en"
        self.swap: SiteSwap | None = None
        self.languages = SiteLanguages(())
        self.checked: StoryFolder | None = None  # the stories, checked once for every language
        self.depth = 0  # builds under way: the i18n plugin runs one per further language
        self.drawings = Drawings()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.depth += 1
        if self.depth > 1:  # a further language's build, inside the first: set up already
            return config
        self.languages = SiteLanguages(self.config.languages)
        self.languages.validate(config)
        site = Path(config.site_dir)
        if not self.serving:  # nothing lost: build beside site/, swap it in at the end
            self.swap = SiteSwap(site)
            config.site_dir = str(self.swap.prepare())
        base = Path(config.config_file_path).parent
        self.stories = base / self.config.stories_dir
        self.cache_dir = base / self.config.cache_dir
        places = {"docs_dir": Path(config.docs_dir), "stories_dir": self.stories, "site_dir": site}
        if problem := cache_problem(self.cache_dir, places, self.config.cache_dir):
            raise PluginError(f"visionkit: cache_dir {problem}; the site was not built or changed")
        # Before Material's, so its partials/copyright.html (the footer) wins; after custom_dir.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        if SITE_STYLESHEET not in config.extra_css:
            config.extra_css.append(SITE_STYLESHEET)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Check the stories before MkDocs cleans ``site/``: a bad file changes nothing."""
        if self.depth == 1:
            result = check(self.stories, site=site_settings(config, self.languages.codes))
            self._log(result.diagnostics)
            if result.failed(strict=bool(config.strict)) or result.folder is None:
                problem = f"{result.summary()} in the story folder {self.stories}"
                if self.serving and self.build is not None:
                    log.error(f"{problem}; still serving the last good version of the stories")
                    return
                raise PluginError(f"{problem}; the site was not built or changed")
            self.checked = result.folder
        assert self.checked is not None
        now = self.languages.begin(config, self.checked, log.warning)
        self.language, self.labels = now.language, now.labels
        pdf = self.config.pdf if self.config.pdf is not None else not self.serving
        options = now.options(config, self.cache_dir, self.config.drafts, pdf, log.info)
        try:
            self.build = prepare(now.folder, options, log.info)
        except BuildError as exc:
            self._log(exc.diagnostics)
            raise PluginError(str(exc)) from exc
        except OSError as exc:  # the machine, not the stories
            raise PluginError(f"{machine_problem(exc)}; the site was not built or changed") from exc
        for note in self.build.notes:
            log.warning(note)
        # The stories and pages live until the build ends and hold no garbage: set
        # aside from the cyclic collector, whose full runs would walk them again and
        # again (0.9 s of a 1000-person build). on_post_build undoes it.
        gc.freeze()

    @event_priority(-110)  # after the i18n plugin's, which would take its files for its own
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        ours = add_files(files, config, self.build, self.languages.prefix(self.language))
        mark_twins(ours, config, self.languages, self.language)
        # once a build: it caches compiled templates, kept between builds in the cache
        self.env = keep_compiled(config.theme.get_env(), self.cache_dir)
        self.env.filters["visionkit_markdown"] = render_markdown
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.build is not None:  # every page's footer (and the 404 page's)
            env.globals["visionkit_footer"] = structure.footer_data(files, self.build)
        return keep_compiled(env, self.cache_dir)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if config.nav is None and self.build is not None:  # no explicit nav: reading order
            order_nav(nav, self.build.pages, self.labels("day_in_the_life"))
            structure.index_people(nav, files, self.build.pages, self.labels("day_in_the_life"))
        return nav

    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.build is not None and page.file.src_uri in self.build.pages:
            quiet_meta(page)
        return markdown

    def on_page_content(
        self, html_text: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        vk_page = self.build.pages.get(page.file.src_uri) if self.build is not None else None
        if self.build is None or vk_page is None or self.env is None:
            return html_text
        return structure.render_body(self.env, self.build, vk_page, page, files, config)

    @event_priority(100)  # before the search plugin reads the page
    def _page_context(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        vk_page = self.build.pages.get(page.file.src_uri) if self.build is not None else None
        if self.build is not None and vk_page is not None:
            structure.frame_context(context, self.build, vk_page, self.labels, config, page)
            self.drawings.set_aside(page)
        return context

    @event_priority(-100)  # after it, before the page's template
    def _page_context_read(
        self, context: TemplateContext, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        self.drawings.put_back(page)
        return context

    on_page_context = CombinedEvent(_page_context, _page_context_read)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.stories))
        return server

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        written_in = getattr(page.file, "locale", None)  # the i18n plugin's mark
        return finish_page(output, self.languages.prefix(self.language), self.language, written_in)

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self.languages.root_template(template_name, output, self.language)

    @event_priority(-110)  # after every other plugin (the i18n plugin too) has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()  # see on_pre_build
        self.depth -= 1
        if self.depth > 0:  # a further language's build: the first ends last
            return
        split_search(Path(config.site_dir), self.languages)
        if self.swap is not None:
            config.site_dir = str(self.swap.target)  # `mkdocs gh-deploy` publishes from here
            self.swap.finish(strict=bool(config.strict))
            self.swap = None

    @event_priority(-100)  # last: it may end the build with a message
    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self.depth = 0
        if self.swap is not None:
            self.swap.discard()
            self.swap = None
        if isinstance(error, OSError) and error.errno is not None:  # no traceback for this
            raise Abort(f"{machine_problem(error)}; the site was not built or changed")

    def _log(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            where = str(diagnostic.seen_from(self.config.stories_dir))
            (log.error if diagnostic.severity is Severity.ERROR else log.warning)(where)
