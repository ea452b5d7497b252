"""Finding the story folder a command means.

``visionkit check PATH`` takes either the story folder itself or a site folder
holding ``mkdocs.yml``; then the folder configured for the visionkit plugin is
used (``stories_dir``, relative to mkdocs.yml), as ``mkdocs build`` would.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_STORIES_DIR = "stories"
#: MkDocs's own default for ``docs_dir``.
DEFAULT_DOCS_DIR = "docs"
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


class ConfigError(Exception):
    """The site configuration cannot be read: a usage problem, not a story error."""


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (``!!python/name:``, ``!ENV``)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)


class _Tagged:
    """A value set through a tag (``!ENV SITE_URL``): only MkDocs knows what it is."""


class _SiteLoader(_TolerantLoader):
    """As ``_TolerantLoader``, but a tagged value is told apart from an absent one."""


_SiteLoader.add_multi_constructor("", lambda loader, suffix, node: _Tagged())


@dataclass(frozen=True)
class SiteSettings:
    """What the checks read of a site's configuration: its name, pages' folder and address."""

    config_file: Path
    #: The folder of the site's own pages; None when set by a tag (not checked).
    docs_dir: Path | None
    site_url: str | None
    #: False when ``site_url`` is set by a tag such as ``!ENV``: then it is not checked.
    site_url_known: bool = True
    site_name: str | None = None
    #: ``theme.language``: the language of the site's own words.
    language: str | None = None
    #: The plugin's ``languages`` option: the first is the story files' language, the
    #: others those the vision is translated into.
    languages: tuple[str, ...] = ()

    @property
    def source_language(self) -> str:
        """The language the story files are written in (English unless the site says)."""
        return self.languages[0] if self.languages else self.language or "en"


def _plugin_options(config: Any) -> dict[str, Any] | None:
    plugins = config.get("plugins") if isinstance(config, dict) else None
    if isinstance(plugins, dict):
        plugins = [{name: opts} for name, opts in plugins.items()]
    for entry in plugins or []:
        if entry == "visionkit":
            return {}
        if isinstance(entry, dict) and "visionkit" in entry:
            options = entry["visionkit"]
            return options if isinstance(options, dict) else {}
    return None


def site_config(folder: Path) -> Path | None:
    return next((folder / n for n in CONFIG_NAMES if (folder / n).is_file()), None)


def stories_dir(path: Path) -> Path:
    """The story folder for ``path``: itself, or the one its site config names."""
    if path.exists() and not path.is_dir() and path.name not in CONFIG_NAMES:
        raise ConfigError(
            f"{path} is a file: give the story folder, or the site folder holding mkdocs.yml"
        )
    config_file = path if path.is_file() else site_config(path)
    if config_file is None:
        return path
    config = _read(config_file, _TolerantLoader)
    return _stories_of(config_file, config)


def _read(config_file: Path, loader: type[yaml.SafeLoader]) -> Any:
    try:
        return yaml.load(config_file.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{config_file}: cannot be read ({exc})") from exc


def _stories_of(config_file: Path, config: Any) -> Path:
    options = _plugin_options(config) or {}
    return config_file.parent / str(options.get("stories_dir", DEFAULT_STORIES_DIR))


def find_site(path: Path, stories: Path) -> SiteSettings | None:
    """The settings of the site that publishes ``stories``, when its config can be found.

    That is the config ``path`` is or holds, else one beside the story folder
    whose visionkit plugin names that folder; a config that cannot be read, or
    that publishes another folder, is none (the story check goes on without it).
    """
    found = path if path.is_file() else site_config(path)
    for config_file in (found, site_config(stories.parent)):
        if config_file is None:
            continue
        try:
            config = _read(config_file, _SiteLoader)
            same = _stories_of(config_file, config).resolve() == stories.resolve()
        except (ConfigError, OSError, RuntimeError):
            continue
        if same:
            return settings(config_file, config)
    return None


def settings(config_file: Path, config: Any) -> SiteSettings:
    """The checks' settings from ``config``, the site config read from ``config_file``."""
    config = config if isinstance(config, dict) else {}
    docs, url = config.get("docs_dir", DEFAULT_DOCS_DIR), config.get("site_url")
    name = config.get("site_name")
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    languages = (_plugin_options(config) or {}).get("languages")
    return SiteSettings(
        config_file,
        config_file.parent / docs if isinstance(docs, str) else None,
        url if isinstance(url, str) else None,
        site_url_known=not isinstance(url, _Tagged),
        site_name=name if isinstance(name, str) else None,
        language=language if isinstance(language, str) and language else None,
        languages=tuple(
            code
            for code in (languages if isinstance(languages, list) else [])
            if isinstance(code, str) and code
        ),
    )


def read_settings(config_file: Path) -> SiteSettings:
    """The checks' settings of the site config ``config_file`` (ConfigError if unreadable)."""
    return settings(config_file, _read(config_file, _SiteLoader))
