"""The example site's output is the one stored in example-site.manifest.json.

A change meant to alter the output updates the manifest on purpose (``make
manifest``); any other change must leave every file as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

from manifest import STORED, differences, take
from sites import ROOT


def test_the_example_site_is_the_stored_manifest(example_site: Path) -> None:
    # ``example_site`` is built as `make site` builds it (mkdocs.yml unchanged,
    # --strict) from a fresh cache: every image and PDF is made by this code.
    config = (example_site.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert config == (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    now = take(example_site)
    files = now["files"]
    assert isinstance(files, dict)
    assert "stories/amira/index.html" in files and "handouts/vision.pdf" in files, sorted(files)
    found = differences(stored, now)
    engine = (
        ""
        if stored["engine"] == now["engine"]
        else (
            f" (stored with {stored['engine']}, installed {now['engine']}: "
            "only visionkit's own files and each page's <article> compared)"
        )
    )
    assert found == [], (
        f"The example site's output differs from {STORED.name}{engine}:\n  "
        + "\n  ".join(found)
        + "\nIf this change is meant to alter the output, run `make manifest` and commit "
        f"{STORED.name} with it; otherwise the change altered what it should not."
    )
