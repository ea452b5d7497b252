"""``visionkit new``: a complete, working vision site in an empty folder.

The workgroup never starts from a blank file. The scaffold (package files
under ``scaffold/``) is a small vision that passes ``visionkit check``, its
comments teaching the method a sentence at a time; what is still the
starter's is reported as a warning (VK208 to VK212, ``visionkit.check.leftovers``),
so a ``--strict`` build never publishes it by mistake. With
``example`` the full example partnership is copied instead. Either way the
folder gets the editors' JSON Schemas (``schemas/``), VS Code settings that
use them, a ``.gitignore``, a README for the workgroup, and workflows that
check and publish the site on every push: GitHub Actions to GitHub Pages
(``.github/workflows/publish.yml``), GitLab CI to GitLab Pages
(``.gitlab-ci.yml``), both installing the visionkit that ``requirements.txt``
pins.

Nothing is ever overwritten: a folder that is not empty is refused unless
``force`` is given, and then only missing files are added. Every file is
written atomically, so an interrupted run leaves no half-written file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from visionkit.authoring.schema import schema_json, schemas
from visionkit.files import write_atomic
from visionkit.resources import CHECKOUT, EXAMPLE, SCAFFOLD
from visionkit.version import __version__

#: Package files whose names cannot be stored as they are written.
RENAMES = {
    "gitignore": ".gitignore",
    "vscode": ".vscode",
    "github": ".github",
    "gitlab-ci.yml": ".gitlab-ci.yml",
}
#: Files in which ``@VERSION@`` becomes this visionkit's version (the pin the
#: publishing workflows install).
VERSIONED = frozenset({"requirements.txt"})
#: What ``example`` copies from the example site (the rest comes from the scaffold).
EXAMPLE_PARTS = ("mkdocs.yml", "content", "theme", "stories")


class ScaffoldError(Exception):
    """The target cannot be written as asked; the message says what to do."""


@dataclass
class NewSite:
    written: list[Path] = field(default_factory=list)
    #: Files that existed already and were left as they were (with ``force``).
    kept: list[Path] = field(default_factory=list)


def example_root() -> Path:
    """The example site: packaged in the wheel, or the source checkout's own."""
    if (EXAMPLE / "mkdocs.yml").is_file():
        return EXAMPLE
    if (CHECKOUT / "mkdocs.yml").is_file() and (CHECKOUT / "stories/vision.yml").is_file():
        return CHECKOUT
    raise ScaffoldError("the example site is not installed with this copy of visionkit")


def _files(root: Path, parts: tuple[str, ...] | None = None) -> Iterator[tuple[Path, str]]:
    """(source file, its path in the new site) for ``root``'s files."""
    for source in sorted(root.rglob("*")):
        rel = source.relative_to(root)
        if not source.is_file() or "__pycache__" in rel.parts:
            continue
        if parts is not None and rel.parts[0] not in parts:
            continue
        yield source, "/".join(RENAMES.get(part, part) for part in rel.parts)


def new_site(target: Path, *, example: bool = False, force: bool = False) -> NewSite:
    """Write a new vision site into ``target``."""
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ScaffoldError(
            f"{target} is not empty. Choose a new folder, or add --force to add only "
            "the files that are missing (nothing is overwritten)"
        )
    planned: dict[str, bytes] = {}
    if example:
        for source, rel in _files(example_root(), EXAMPLE_PARTS):
            planned[rel] = source.read_bytes()
    for source, rel in _files(SCAFFOLD):
        if not (example and rel.split("/")[0] in EXAMPLE_PARTS):
            data = source.read_bytes()
            if rel in VERSIONED:
                data = data.replace(b"@VERSION@", __version__.encode())
            planned[rel] = data
    for name, schema in schemas().items():
        planned[f"schemas/{name}.schema.json"] = schema_json(schema).encode()
    made = NewSite()
    for rel, data in sorted(planned.items()):
        path = target / rel
        if path.exists():
            made.kept.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        made.written.append(path)
    return made
