"""A bilingual site in MkDocs: visionkit's pages in every language of the i18n plugin.

The site's own pages (``index.md`` and ``index.cy.md``, ...) are the
ecosystem's i18n plugin's, mkdocs-static-i18n (1.x), so a site has one
mechanism for both kinds of page. That plugin builds the first language as
MkDocs always does, then, from its ``on_post_build``, runs the whole build
again for each further language into ``LL/`` of the same site folder, with
``theme.language`` set to it. visionkit follows: each build asks which
language it is in (:meth:`SiteLanguages.current`), builds its pages, share
cards and PDFs from the story folder translated into it, and puts its pages
and PDFs under ``LL/`` (pictures and cards, named by their content's hash,
are shared). Its files carry the plugin's marks (``alternates``, ``locale``),
so the plugin's language selector, ``hreflang`` links and sitemap find each
page's twin.

Material searches one index, ``search/search_index.json`` at the root of
``base``; the plugin puts every language's pages in it. At the end of the
last build :func:`split_search` keeps each language's pages in an index of
its own (``LL/search/search_index.json``), and :func:`search_base` points the
pages of a further language at theirs, so a reader searches the language of
the page they are on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from visionkit.build import Log, Options, site_labels
from visionkit.files import write_atomic
from visionkit.mkdocs.palette import site_palette
from visionkit.mkdocs.structure import placed, web_url
from visionkit.read.catalogue import catalogue_path, language_name
from visionkit.read.folder import StoryFolder
from visionkit.site.labels import Labels
from visionkit.site.translate import folder_in

#: The i18n plugin's name in mkdocs.yml.
I18N = "i18n"
#: The base address in Material's configuration script, where search reads its index.
_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base":\s*")([^"]*)(")')
#: The page's text in Material's frame.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
#: Written to the site's root by every language's build: the first language's is kept.
ROOT_TEMPLATES = ("404.html",)
SEARCH_INDEX = "search/search_index.json"
_README = "see 'Languages' in visionkit's README"


@dataclass(frozen=True)
class LanguageBuild:
    """One language's build: its words, where its pages go, the stories in it."""

    language: str
    labels: Labels
    #: ``cy/``: where its pages and PDFs are inside the site (nothing for the first).
    prefix: str
    folder: StoryFolder

    def options(
        self, config: MkDocsConfig, cache: Path, drafts: bool, pdf: bool, info: Log
    ) -> Options:
        """The core's options for this language's build (its PDFs link to its pages)."""
        return Options(
            cache=cache,
            labels=self.labels,
            language=self.language,
            drafts=drafts,
            pdf=pdf,
            template_dirs=config.theme.dirs,
            web_url=web_url(config, self.prefix),
            palette=site_palette(config, info),
        )


class SiteLanguages:
    """The languages a site publishes the vision in: the first is the story files'."""

    def __init__(self, codes: Sequence[str]) -> None:
        self.codes = tuple(codes)
        self.first: dict[str, str] = {}

    @property
    def source(self) -> str:
        return self.codes[0] if self.codes else ""

    @property
    def several(self) -> bool:
        return len(self.codes) > 1

    def validate(self, config: MkDocsConfig) -> None:
        """Stop with what to change when the option and the i18n plugin disagree."""
        for code in self.codes:
            if language_name(code) is None:
                raise PluginError(
                    f"visionkit: '{code}' in the languages option is not a language code; "
                    f"write codes such as en or cy ({_README})"
                )
        if len(set(self.codes)) < len(self.codes):
            raise PluginError("visionkit: the languages option names a language twice")
        plugin = config.plugins.get(I18N)
        built = _i18n_languages(plugin)
        if not self.several and len(built) > 1:
            raise PluginError(
                f"visionkit: the i18n plugin builds the site in {', '.join(built)}, but "
                "visionkit's languages option does not say so: add "
                f"'languages: [{', '.join(built)}]' under visionkit (the first, the language "
                "the story files are written in)"
            )
        if not self.several:
            return
        wanted = ", ".join(self.codes)
        if plugin is None:
            raise PluginError(
                f"visionkit: the languages option ({wanted}) needs the i18n plugin "
                "(mkdocs-static-i18n), which builds the site's own pages in each language: add "
                f"'- i18n' to plugins in mkdocs.yml with the same languages ({_README})"
            )
        default = getattr(plugin, "default_language", None)
        if set(built) != set(self.codes) or default != self.source:
            raise PluginError(
                f"visionkit: its languages option ({wanted}) and the i18n plugin's languages "
                f"({', '.join(built)}; default {default}) must be the same, the story files' "
                f"language ({self.source}) the i18n plugin's default"
            )

    def current(self, config: MkDocsConfig) -> str:
        """The language this build is in: the i18n plugin's, else the one of a site in one
        language (``theme.language``; a one-item ``languages`` only says which language the
        story files are in, for ``visionkit translate export``)."""
        plugin = config.plugins.get(I18N) if self.several else None
        found = getattr(plugin, "current_language", None)
        if isinstance(found, str) and found in self.codes:
            return found
        if self.several:
            return self.source
        return str(config.theme.get("language") or "en")  # its words as ever: theme.language

    def begin(self, config: MkDocsConfig, folder: StoryFolder, warn: Log) -> LanguageBuild:
        """What this build publishes in its language; ``warn`` is told what is missing."""
        language = self.current(config)
        labels, warning = site_labels(language)
        for note in (warning, self.missing_catalogue(folder.root, language)):
            if note:
                warn(note)
        if self.several:  # a site in one language shows its story files as they are
            folder = folder_in(folder, language, self.source)
        return LanguageBuild(language, labels, self.prefix(language), folder)

    def root_template(self, name: str, output: str, language: str) -> str:
        """What a build writes to ``name`` at the site's root: the first language's 404
        page, not the last language's (each build writes it)."""
        if name not in ROOT_TEMPLATES:
            return output
        if language == self.source or not self.several:
            self.first[name] = output
        return self.first.get(name, output)

    def prefix(self, language: str) -> str:
        """Where a language's pages are inside the site: ``cy/``, or nothing for the first."""
        return "" if not self.several or language == self.source else f"{language}/"

    def missing_catalogue(self, stories: Path, language: str) -> str | None:
        """A warning when a further language has no catalogue, so every page of it would be
        in the story files' language."""
        if not self.several or language == self.source:
            return None
        if catalogue_path(stories, language).exists():
            return None
        name = language_name(language) or language
        return (
            f"the site is published in {name} ({language}), but the story folder "
            f"has no translations/{language}.po: every {name} page shows the story texts "
            f"untranslated. Run `visionkit translate export {language}` and have it translated"
        )


def _i18n_languages(plugin: Any) -> list[str]:
    """The languages the i18n plugin builds, the default first."""
    if plugin is None:
        return []
    built = [str(code) for code in getattr(plugin, "build_languages", []) if code != "null"]
    default = getattr(plugin, "default_language", None)
    return sorted(built, key=lambda code: code != default)


def mark_twins(
    ours: Sequence[File], config: MkDocsConfig, site: SiteLanguages, language: str
) -> None:
    """Give visionkit's pages the i18n plugin's marks: each page's twin in every language
    (its language selector and ``hreflang`` links read them) and a place in its sitemap."""
    plugin = config.plugins.get(I18N)
    if plugin is None or not site.several:
        return
    built = _i18n_languages(plugin)
    for file in ours:
        twins: dict[str, File] = {}
        for code in built:
            if code == language:
                twins[code] = file
            else:
                twin = File.generated(config, file.src_uri, content="")
                twins[code] = placed(twin, site.prefix(code))
        file.alternates = twins  # type: ignore[attr-defined]
        file.locale = language  # type: ignore[attr-defined]
        file.locale_alternate_of = language  # type: ignore[attr-defined]
    pages = getattr(plugin, "i18n_files_per_language", {}).get(language)
    if isinstance(pages, list):
        pages.extend(file for file in ours if file.is_documentation_page())


def finish_page(html: str, prefix: str, language: str, written_in: str | None) -> str:
    """A page of ``language`` as published: Material's search (and its base) in ``prefix``,
    and a hand-written page that is not translated yet (the i18n plugin shows the first
    language's) marked as in the language it is ``written_in``."""
    if prefix:
        html = _BASE.sub(lambda m: f"{m[1]}{_folder(m[2])}{prefix}{m[3]}", html, count=1)
    if written_in and written_in != language:
        html = _ARTICLE.sub(lambda m: f'{m[0]} lang="{escape(written_in)}"', html, count=1)
    return html


def _folder(base: str) -> str:
    return base.rstrip("/") + "/" if base else ""


def split_search(site_dir: Path, site: SiteLanguages) -> None:
    """Each language's pages in a search index of their own (see the module's docstring)."""
    index = site_dir / SEARCH_INDEX
    if not site.several or not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    docs = data.get("docs") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        return
    prefixes = [site.prefix(code) for code in site.codes[1:]]
    by_prefix: dict[str, list[Any]] = {prefix: [] for prefix in ["", *prefixes]}
    for doc in docs:
        location = str(doc.get("location", "")) if isinstance(doc, dict) else ""
        prefix = next((p for p in prefixes if location.startswith(p)), "")
        by_prefix[prefix].append({**doc, "location": location[len(prefix) :]})
    for prefix, found in by_prefix.items():
        text = json.dumps({**data, "docs": found}, ensure_ascii=False, separators=(",", ":"))
        target = site_dir / prefix / SEARCH_INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode())
