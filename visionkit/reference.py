"""The workgroups' reference (REFERENCE.md), for ``visionkit explain CODE``.

Error messages name a code; the reference says what triggers it and how to
fix it. The file ships inside the wheel and is read from the source checkout
in a development install, so the command works offline either way.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).parent


def reference_text() -> str | None:
    for path in (PACKAGE / "REFERENCE.md", PACKAGE.parent / "REFERENCE.md"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def explain(code: str) -> str | None:
    """The reference's section about ``code`` (``VK101``), or None if there is none."""
    text = reference_text()
    if text is None:
        return None
    match = re.search(
        rf"^### {re.escape(code.upper())}\b.*?(?=^##|\Z)", text, re.MULTILINE | re.DOTALL
    )
    return match[0].strip().removeprefix("### ") if match else None
