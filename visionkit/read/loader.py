"""Loading a story folder: find the files, read, validate, cross-reference.

The loader keeps going after an error so that one run reports every problem of
every file; a file that fails validation is simply left out of the folder it
returns. ``complete`` tells later checks whether the folder is whole, so that
folder-wide rules ("no theme resolves this problem") never fire just because a
broken file could not be read.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, TypeVar

from visionkit.diagnostics import Code, Diagnostic, Position, Severity
from visionkit.model import LogEntry, Person, Priorities, Vision
from visionkit.read.folder import StoryFolder
from visionkit.read.messages import validate
from visionkit.read.pictures import Picture, PictureLimits, check_picture
from visionkit.read.yamlsource import Limits, Node, parse, too_large
from visionkit.slugs import SLUG_PATTERN, slugify

M = TypeVar("M")

SUFFIXES = (".yml", ".yaml")
VISION = "vision"
PRIORITIES = "priorities"
PEOPLE_DIR = "people"
LOGS_DIR = "logs"


@dataclass
class LoadResult:
    folder: StoryFolder | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every file was read and validated without an error."""
        return self.folder is not None and not any(
            d.severity is Severity.ERROR for d in self.diagnostics
        )


class _Files:
    """Reads files of the story folder, collecting diagnostics as it goes."""

    def __init__(self, root: Path, limits: Limits) -> None:
        self.root = root
        self.limits = limits
        self.diagnostics: list[Diagnostic] = []
        self.nodes: dict[str, Node] = {}
        self.read: list[str] = []

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def error(
        self, file: str, pos: Position | None, code: Code, message: str, fix: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic(file, pos, code, message, fix))

    def parse(self, path: Path) -> tuple[Any, Node | None]:
        rel = self.rel(path)
        self.read.append(rel)
        try:
            size = path.stat().st_size
            if size > self.limits.max_bytes:  # judged without reading a huge file
                self.diagnostics.append(too_large(rel, size, self.limits))
                return None, None
            raw = path.read_bytes()
        except OSError as exc:
            self.error(rel, None, Code.MISSING_FILE, f"the file cannot be read ({exc.strerror})")
            return None, None
        parsed = parse(raw, rel, self.limits)
        self.diagnostics += parsed.errors
        if parsed.node is not None:
            self.nodes[rel] = parsed.node
        return parsed.data, parsed.node

    def load(self, path: Path, root_type: type[M]) -> tuple[Any, M | None]:
        """The file's raw data and, when it is valid, its model."""
        data, node = self.parse(path)
        if node is None:
            return data, None
        result, errors = validate(root_type, data, self.rel(path), node)
        self.diagnostics += errors
        return data, result

    def find_one(self, stem: str, required: bool) -> Path | None:
        found = [self.root / f"{stem}{suffix}" for suffix in SUFFIXES]
        found = [path for path in found if path.is_file()]
        if len(found) > 1:
            self.error(
                self.rel(found[1]),
                None,
                Code.DUPLICATE_ID,
                f"both {found[0].name} and {found[1].name} exist",
                "keep one of them",
            )
        if not found and required:
            self.error(
                f"{stem}.yml",
                None,
                Code.MISSING_FILE,
                f"the story folder has no {stem}.yml",
                f"create {stem}.yml with at least title, service and partners",
            )
        return found[0] if found else None

    def list_dir(self, name: str) -> list[Path]:
        folder = self.root / name
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def is_page_file_name(name: str) -> bool:
    """Whether a people file's name can be its page's web address (else VK009)."""
    path = PurePath(name)
    return path.suffix in SUFFIXES and SLUG_PATTERN.fullmatch(path.stem) is not None


def page_file_name(name: str) -> str:
    """The name VK009 suggests for a people file: always one :func:`is_page_file_name` takes."""
    path = PurePath(name)
    suffix = path.suffix if path.suffix in SUFFIXES else SUFFIXES[0]
    return f"{slugify(path.stem) or 'person'}{suffix}"


def _read_people(files: _Files) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for path in files.list_dir(PEOPLE_DIR):
        rel = files.rel(path)
        slug = path.stem
        if not is_page_file_name(path.name):
            files.error(
                rel,
                Position(1, 1),
                Code.BAD_FILE_NAME,
                f"the file name '{path.name}' cannot be a web address",
                f"rename it to '{page_file_name(path.name)}' (lower-case letters, "
                "digits and hyphens)",
            )
        person = files.load(path, Person)[1]
        if person is None:
            continue
        if slug in people:
            files.error(
                rel,
                Position(1, 1),
                Code.DUPLICATE_ID,
                f"{people[slug].file} and {path.name} would both be the page stories/{slug}/",
                "keep one of them",
            )
            continue
        person._slug, person._file = slug, rel
        people[slug] = person
    return people


def _read_logs(files: _Files) -> list[LogEntry]:
    entries: list[LogEntry] = []
    for path in files.list_dir(LOGS_DIR):
        data, node = files.parse(path)
        if node is None:
            continue
        rel = files.rel(path)
        found: list[LogEntry] | LogEntry | None
        if isinstance(data, list):
            found, errors = validate(list[LogEntry], data, rel, node)
        else:
            found, errors = validate(LogEntry, data, rel, node)
        files.diagnostics += errors
        for entry in found if isinstance(found, list) else [found] if found else []:
            entry._file = rel
            entries.append(entry)
    return entries


def _duplicates(ids: Iterable[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for index, ident in enumerate(ids):
        if ident in seen:
            yield index, ident
        seen.add(ident)


def _unknown(ident: str, known: Iterable[str]) -> str:
    near = difflib.get_close_matches(ident, list(known), n=1, cutoff=0.6)
    return f"did you mean '{near[0]}'?" if near else f"known ids are: {', '.join(known)}"


def _problem_ids(vision: Vision | None, data: Any) -> list[str] | None:
    """The complaints file's ids, even from a vision.yml that failed validation.

    References from people files can then still be checked in the same run; None
    when not even the raw list can be made out.
    """
    if vision is not None:
        return [problem.id for problem in vision.problems]
    problems = data.get("problems", []) if isinstance(data, dict) else None
    if not isinstance(problems, list):
        return None
    return [p["id"] for p in problems if isinstance(p, dict) and isinstance(p.get("id"), str)]


def _check_ids(
    files: _Files,
    vision_file: str,
    problems: list[str] | None,
    people: Iterable[Person],
    priorities: tuple[str, Priorities] | None,
) -> None:
    """Duplicate ids and references to ids that do not exist."""
    if problems is not None:
        for index, ident in _duplicates(problems):
            files.error(
                vision_file,
                files.nodes[vision_file].find(("problems", index, "id")),
                Code.DUPLICATE_ID,
                f"the problem id '{ident}' is used twice",
                "give each problem its own id",
            )
    for person in people:
        node = files.nodes[person.file]
        for index, ident in _duplicates(t.id for t in person.themes):
            files.error(
                person.file,
                node.find(("themes", index, "id")),
                Code.DUPLICATE_ID,
                f"the theme id '{ident}' is used twice in this file",
                "merge the two clusters, or give one its own id",
            )
        for t_index, theme in enumerate(person.themes):
            for r_index, pid in enumerate(theme.resolves):
                if problems is not None and pid not in problems:
                    files.error(
                        person.file,
                        node.find(("themes", t_index, "resolves", r_index)),
                        Code.UNKNOWN_ID,
                        f"'{pid}' is not the id of a problem in {vision_file}",
                        _unknown(pid, problems),
                    )
    if priorities is not None:
        pfile, found = priorities
        pnode = files.nodes[pfile]
        known = [p.id for p in found.priorities]
        for index, ident in _duplicates(known):
            files.error(
                pfile,
                pnode.find(("priorities", index, "id")),
                Code.DUPLICATE_ID,
                f"the priority id '{ident}' is used twice",
                "give each priority its own id",
            )
        for index, item in enumerate(found.agenda):
            if item.priority not in known:
                files.error(
                    pfile,
                    pnode.find(("agenda", index, "priority")),
                    Code.UNKNOWN_ID,
                    f"'{item.priority}' is not the id of a priority in this file",
                    _unknown(item.priority, known),
                )


def _check_pictures(
    files: _Files, wanted: Iterable[tuple[str, tuple[str | int, ...], str]], limits: PictureLimits
) -> dict[str, Picture]:
    """Check each (file, place in file, picture path); report each bad use where it is."""
    checked: dict[str, Picture] = {}
    for file, loc, reference in wanted:
        outcome = checked.get(reference) or check_picture(files.root, reference, limits)
        if isinstance(outcome, Picture):
            checked[reference] = outcome
        else:
            files.error(
                file, files.nodes[file].find(loc), outcome.code, outcome.message, outcome.fix
            )
    return checked


def load(
    root: Path, limits: Limits | None = None, picture_limits: PictureLimits | None = None
) -> LoadResult:
    """Load the story folder at ``root``. Never raises for anything in the folder."""
    files = _Files(root, limits or Limits())
    if not root.is_dir():
        files.error(
            str(root),
            None,
            Code.MISSING_FILE,
            f"there is no story folder at {root}",
            "give the folder that holds vision.yml",
        )
        return LoadResult(None, files.diagnostics)
    vision_path = files.find_one(VISION, required=True)
    vision_data, vision = None, None
    if vision_path is not None:
        vision_data, vision = files.load(vision_path, Vision)
    people = _read_people(files)
    priorities_path = files.find_one(PRIORITIES, required=False)
    priorities = files.load(priorities_path, Priorities)[1] if priorities_path else None
    logs = _read_logs(files)
    vision_file = files.rel(vision_path) if vision_path else f"{VISION}.yml"
    priorities_file = files.rel(priorities_path) if priorities_path else None
    _check_ids(
        files,
        vision_file,
        _problem_ids(vision, vision_data),
        people.values(),
        (priorities_file, priorities) if priorities_file and priorities else None,
    )
    logos = enumerate(vision.partners if vision else [])
    pictures = _check_pictures(
        files,
        [
            *((vision_file, ("partners", i, "logo"), p.logo) for i, p in logos if p.logo),
            *(
                (p.file, ("persona", "picture"), p.persona.picture)
                for p in people.values()
                if p.persona.picture
            ),
        ],
        picture_limits or PictureLimits(),
    )
    if vision is None:
        return LoadResult(None, files.diagnostics, files.read)
    folder = StoryFolder(
        root,
        vision,
        people,
        priorities,
        tuple(logs),
        pictures,
        files.nodes,
        vision_file=vision_file,
        priorities_file=priorities_file,
    )
    return LoadResult(folder, files.diagnostics, files.read)
