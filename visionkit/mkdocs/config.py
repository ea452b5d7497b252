"""The plugin's options, declared with MkDocs's config API (unknown options are rejected),
and what the core's checks read of the site's own configuration."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from visionkit.read.locate import SiteSettings


class VisionkitConfig(Config):
    #: The story folder, relative to mkdocs.yml.
    stories_dir = c.Type(str, default="stories")
    #: Publish people files with ``status: draft`` too (marked as drafts).
    drafts = c.Type(bool, default=False)
    #: Where generated and resized images are kept between builds, relative to mkdocs.yml.
    cache_dir = c.Type(str, default=".cache/visionkit")
    #: Make the PDF handouts; unset, they are made by `mkdocs build` and skipped by
    #: `mkdocs serve`, whose rebuilds should be quick.
    pdf = c.Optional(c.Type(bool))
    #: The languages the vision is published in, the story files' first (``[en, cy]``);
    #: more than one needs the i18n plugin (mkdocs-static-i18n) with the same languages.
    languages = c.ListOfItems(c.Type(str), default=[])


def site_settings(config: MkDocsConfig, languages: Sequence[str] = ()) -> SiteSettings:
    """The site's name, pages' folder, address and languages as the checks read them."""
    return SiteSettings(
        Path(config.config_file_path),
        Path(config.docs_dir),
        config.site_url,
        site_name=config.site_name,
        language=config.theme.get("language") or None,
        languages=tuple(languages),
    )
