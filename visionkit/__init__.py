"""visionkit: co-design workshop stories to a shared-vision site and PDF handouts.

The public API, for a script or another site engine's adapter:

* :func:`check` reads and checks a story folder (``CheckResult.folder`` is the
  loaded :class:`StoryFolder` when it can be built); :func:`load` only reads it;
* :func:`build_pages` gives the pages a folder publishes, one typed class per
  page kind (:class:`Page` and its subclasses), whose fields are what its
  template reads;
* :func:`prepare` makes a whole build (pages, images, PDFs) for a site engine
  to publish.

The core knows nothing about MkDocs; ``visionkit.mkdocs`` is a thin adapter
over it. The names of the site layers load on first use, so ``visionkit
check`` does not pay for the image and template libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from visionkit.check.run import CheckResult, check
from visionkit.diagnostics import Code, Diagnostic, Position, Severity
from visionkit.read.folder import StoryFolder
from visionkit.read.loader import load
from visionkit.version import __version__

if TYPE_CHECKING:
    from visionkit.build import Build, BuildError, Options, prepare
    from visionkit.site.labels import Labels, labels_for
    from visionkit.site.pages import (
        LogPage,
        Page,
        PrioritiesPage,
        ProblemsPage,
        Site,
        StakeholdersPage,
        StoryPage,
        ThemesPage,
        VisionPage,
        build_pages,
    )

_LAZY = {
    **dict.fromkeys(("Build", "BuildError", "Options", "prepare"), "visionkit.build"),
    **dict.fromkeys(("Labels", "labels_for"), "visionkit.site.labels"),
    **dict.fromkeys(
        (
            "LogPage",
            "Page",
            "PrioritiesPage",
            "ProblemsPage",
            "Site",
            "StakeholdersPage",
            "StoryPage",
            "ThemesPage",
            "VisionPage",
            "build_pages",
        ),
        "visionkit.site.pages",
    ),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'visionkit' has no attribute {name!r}")


__all__ = [
    "Build",
    "BuildError",
    "CheckResult",
    "Code",
    "Diagnostic",
    "Labels",
    "LogPage",
    "Options",
    "Page",
    "Position",
    "PrioritiesPage",
    "ProblemsPage",
    "Severity",
    "Site",
    "StakeholdersPage",
    "StoryFolder",
    "StoryPage",
    "ThemesPage",
    "VisionPage",
    "__version__",
    "build_pages",
    "check",
    "labels_for",
    "load",
    "prepare",
]
