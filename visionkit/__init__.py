"""visionkit: co-design workshop stories to a shared-vision site and PDF handouts.

The core (model, loading, checks) knows nothing about MkDocs; the site plugin
is a thin adapter over it.
"""

from visionkit.check.run import CheckResult, check
from visionkit.diagnostics import Code, Diagnostic, Position, Severity
from visionkit.read.folder import StoryFolder
from visionkit.read.loader import load
from visionkit.version import __version__

__all__ = [
    "CheckResult",
    "Code",
    "Diagnostic",
    "Position",
    "Severity",
    "StoryFolder",
    "__version__",
    "check",
    "load",
]
