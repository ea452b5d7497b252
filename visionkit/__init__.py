"""visionkit: co-design workshop stories to a shared-vision site and PDF handouts.

The core (model, loading, checks) knows nothing about MkDocs; the site plugin
is a thin adapter over it.
"""

from .check import CheckResult, check
from .diagnostics import Code, Diagnostic, Position, Severity
from .folder import StoryFolder
from .loader import load

__version__ = "0.1.0"

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
