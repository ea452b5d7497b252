"""Finding the story folder a command means.

``visionkit check PATH`` takes either the story folder itself or a site folder
holding ``mkdocs.yml``; then the folder configured for the visionkit plugin is
used (``stories_dir``, relative to mkdocs.yml), as ``mkdocs build`` would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DEFAULT_STORIES_DIR = "stories"
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


class ConfigError(Exception):
    """The site configuration cannot be read: a usage problem, not a story error."""


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (``!!python/name:``, ``!ENV``)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)


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
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{config_file}: cannot be read ({exc})") from exc
    options = _plugin_options(config) or {}
    return config_file.parent / str(options.get("stories_dir", DEFAULT_STORIES_DIR))
