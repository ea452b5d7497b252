"""Building MkDocs sites in tests, and reading what they produced."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent


#: Every page visionkit generates for the example site, by URL.
EXAMPLE_PAGES = [
    "vision",
    "stories/amira",
    "stories/bethan",
    "stories/dylan",
    "stories/employers",
    "themes",
    "problems",
    "priorities",
    "log",
    "stakeholders",
    "reports",
    "reports/2026-autumn",
    "reports/2026-spring",
    "accessibility",
]


class _Shared:
    """Where this test run's shared cache lives: set by conftest.py from tmp_path_factory."""

    factory: pytest.TempPathFactory | None = None
    cache: Path | None = None


def use_tmp_path_factory(factory: pytest.TempPathFactory) -> None:
    _Shared.factory, _Shared.cache = factory, None


def shared_cache() -> Path:
    """One image cache for the example builds of a test run: their images are all alike.

    It lives in the run's temporary folder (pytest's basetemp), so nothing is
    left behind in /tmp by a run.
    """
    if _Shared.cache is None:
        if _Shared.factory is None:
            raise RuntimeError("sites.shared_cache() needs conftest.py's session fixture")
        _Shared.cache = _Shared.factory.mktemp("shared-cache", numbered=False)
    return _Shared.cache


#: ``copy_example``'s default: the run's shared cache.
SHARED = Path("<the test run's shared cache>")


def copy_example(
    target: Path, cache: Path | None = SHARED, pdf: bool | None = False, bilingual: bool = False
) -> Path:
    """The example site (mkdocs.yml, content, theme, stories) copied to ``target``.

    By default its builds share the run's image cache (``shared_cache()``);
    with ``cache=None`` the site keeps its own cache (``.cache/visionkit``).
    PDFs are off unless asked for: a changed story remakes the whole-document
    PDF, seconds a test about something else should not spend. ``pdf=None``
    leaves the option unset: the plugin's own default. The example is in
    English and Welsh; unless ``bilingual``, the copy publishes English only
    (no i18n plugin, Welsh pages or catalogue), as a test about something
    else needs.
    """
    for name in ("content", "theme", "stories"):
        shutil.copytree(ROOT / name, target / name)
    config = (ROOT / "mkdocs.yml").read_text()
    if not bilingual:
        config, found = _BILINGUAL.subn(r"\1  - visionkit\n", config)
        assert found == 1, "the example's mkdocs.yml no longer has the bilingual plugins"
        for twin in (target / "content").glob("*.cy.md"):
            twin.unlink()
        shutil.rmtree(target / "stories/translations")  # a test's new text is no warning
    options = "" if pdf is None else f"      pdf: {str(pdf).lower()}\n"
    if cache is SHARED:
        cache = shared_cache()
    if cache is not None:
        options += f"      cache_dir: {cache}\n"
    if options and "  - visionkit\n" in config:
        config = config.replace("  - visionkit\n", f"  - visionkit:\n{options}")
    elif options:  # the bilingual example's visionkit has options already
        config = config.replace("  - visionkit:\n", f"  - visionkit:\n{options}", 1)
    (target / "mkdocs.yml").write_text(config)
    return target


def seed_cache(cache: Path, example_site: Path) -> Path:
    """``cache`` holding every image and PDF of the run's example build (``example_site``).

    A build of the example's stories then makes none of them again (an
    English-only copy's files are among the bilingual example's, by the same
    names): for a test whose subject is not making them, the seconds of a cold
    build saved, the files the same bytes a cold build makes (test_manifest.py).
    Files the cache holds already are kept, with their record in its manifest.
    """
    source = example_site.parent / ".cache/visionkit"
    manifest = cache / "manifest.json"
    if not manifest.exists():
        shutil.copytree(source, cache, dirs_exist_ok=True)
        return cache
    ours = json.loads(manifest.read_text(encoding="utf-8"))
    theirs = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    if not (isinstance(ours, dict) and isinstance(theirs, dict)):
        return cache  # a manifest of another shape: the files are made again, as ever
    for name, entry in theirs.items():
        if name not in ours and not (cache / name).exists():
            shutil.copy2(source / name, cache / name)
            ours[name] = entry
    manifest.write_text(json.dumps(ours), encoding="utf-8")
    return cache


#: The example's i18n plugin and visionkit's languages option (from ``  - search``).
_BILINGUAL = re.compile(r"(  - search\n).*?  - visionkit:\n      languages: \[en, cy\]\n", re.S)


def build_site(folder: Path, strict: bool = False, **overrides: object) -> Path:
    """Build ``folder/mkdocs.yml`` into ``folder/site``; raises as ``mkdocs build`` fails."""
    config = load_config(str(folder / "mkdocs.yml"), strict=strict, **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """The page's main content, without Material's navigation and chrome."""
    start = html.index('<article class="md-content__inner')
    return html[start : html.index("</article>", start)]


def contents_entries(page: str) -> dict[str, int]:
    """Each entry of a PDF's contents page (its text), by title: the page it names.

    An entry reads "Themes 7" (its dots are a picture, not text); the page's
    footer "Page 2 of 13" is not one.
    """
    entries = (re.fullmatch(r"(.+?) (\d+)", line.strip()) for line in page.splitlines())
    return {e[1].strip(): int(e[2]) for e in entries if e and not e[1].startswith("Page ")}


def pdf_pages(pdf: Path) -> tuple[str, ...]:
    """The text of each page of ``pdf``, as pypdf extracts it.

    Extracted once for each version of a file in a test run: a dozen tests read
    the shared example's vision.pdf, and extracting its text was most of the
    time each of them took.
    """
    info = pdf.stat()
    return _pages_text(str(pdf.resolve()), info.st_size, info.st_mtime_ns, info.st_ino)


@functools.lru_cache(maxsize=64)
def _pages_text(path: str, size: int, mtime_ns: int, inode: int) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in PdfReader(path).pages)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def search_index(site: Path) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = json.loads(
        (site / "search/search_index.json").read_text(encoding="utf-8")
    )["docs"]
    return docs


class Elements(HTMLParser):
    """Every element and attribute of a page, with script and text content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser
