"""The example site's output as content hashes, to prove a change changed nothing.

``make manifest`` stores it in ``tests/example-site.manifest.json`` (only on
purpose: after a change meant to alter the output); ``test_manifest.py``
builds the example site and compares. Two things vary by day or by engine and
are normalised or narrowed, never skipped silently:

* the sitemap's ``<lastmod>`` dates are blanked (the build date);
* files that MkDocs and Material write themselves (their scripts, styles,
  search index, and the page frame around visionkit's content) depend on the
  installed engine's version. The manifest records those versions; when they
  differ from the installed ones, only visionkit's own outputs are compared
  in full, and each HTML page by its ``<article>``, the content visionkit
  renders.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORED = HERE / "example-site.manifest.json"
ENGINE = ("mkdocs", "mkdocs-material")
#: Outputs written by visionkit itself, byte for byte whatever the engine.
OWN = ("assets/visionkit/", "handouts/")
_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")
_ARTICLE = re.compile(rb"<article\b.*?</article>", re.S)


def engine() -> dict[str, str]:
    return {name: version(name) for name in ENGINE}


def _normalised(name: str, data: bytes) -> bytes:
    if name.endswith("sitemap.xml.gz"):
        data = gzip.decompress(data)
    if "sitemap.xml" in name:
        data = _LASTMOD.sub(b"<lastmod></lastmod>", data)
    return data


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def take(site: Path) -> dict[str, object]:
    """Every file of ``site`` by its path: its hash, and for pages their article's."""
    files: dict[str, str] = {}
    articles: dict[str, str] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        data = _normalised(name, path.read_bytes())
        files[name] = _digest(data)
        if name.endswith(".html"):
            found = _ARTICLE.search(data)
            articles[name] = _digest(found.group(0) if found else b"")
    return {"engine": engine(), "files": files, "articles": articles}


def differences(stored: dict[str, object], now: dict[str, object]) -> list[str]:
    """What differs, one line per file; with another engine, visionkit's share only."""
    same_engine = stored["engine"] == now["engine"]
    old_files, new_files = stored["files"], now["files"]
    old_articles, new_articles = stored["articles"], now["articles"]
    assert isinstance(old_files, dict) and isinstance(new_files, dict)
    assert isinstance(old_articles, dict) and isinstance(new_articles, dict)

    def compared(name: str) -> bool:
        return same_engine or name.startswith(OWN) or name.endswith(".html")

    found = []
    for name in sorted(set(old_files) | set(new_files)):
        if not compared(name):
            continue
        if name not in new_files:
            found.append(f"missing: {name}")
        elif name not in old_files:
            found.append(f"new: {name}")
        elif name.endswith(".html") and not same_engine:
            if old_articles[name] != new_articles[name]:
                found.append(f"article differs: {name}")
        elif old_files[name] != new_files[name]:
            found.append(f"differs: {name}")
    return found


def main(site: str) -> None:
    STORED.write_text(json.dumps(take(Path(site)), indent=1, sort_keys=True) + "\n")
    print(f"{STORED.name}: {site} as it is now")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "site")
