"""Loading a story folder: find the files, read, validate, cross-reference.

The loader keeps going after an error so that one run reports every problem of
every file; a file that fails validation is simply left out of the folder it
returns. ``complete`` tells later checks whether the folder is whole, so that
folder-wide rules ("no theme resolves this problem") never fire just because a
broken file could not be read.

Only regular files inside the story folder are read. A link may lead from one
place in the folder to a file elsewhere in it (a people file shared by two
folders of one checkout, say); a link that leads out of the folder (to
``/etc/passwd``, or to a story file of another project) is refused unread, and
so is anything that is not a regular file: a named pipe is never opened, since
reading one waits for ever.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any, TypeVar

from visionkit.diagnostics import Code, Diagnostic, Position, Severity, excerpt
from visionkit.files import NotAFile, read_regular
from visionkit.model import LogEntry, Person, Priorities, Reading, Report, Vision
from visionkit.read.folder import StoryFolder
from visionkit.read.measures import MEASURES, parse_measures
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
REPORTS_DIR = "reports"


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
        #: Pictures named by files that failed validation: (file, place, path).
        self.raw_pictures: list[tuple[str, tuple[str | int, ...], str]] = []
        self._inside: Path | None = None
        self._folders: dict[Path, bool] = {}  # whether each folder resolves inside
        self._rels: dict[Path, str] = {}

    def rel(self, path: Path) -> str:
        """The file's name as messages show it: from the story folder, nothing unprintable."""
        rel = self._rels.get(path)
        if rel is None:
            rel = self._rels[path] = excerpt(path.relative_to(self.root).as_posix(), None)
        return rel

    def _refused(self, path: Path, rel: str) -> bool:
        """Whether ``path`` must not be read: a link that leads out of the folder, or nowhere.

        Only links are followed to see where they lead (a file that is not a
        link, in a folder that leads nowhere else, is inside): one ``lstat`` a
        file, and one ``resolve`` a folder.
        """
        if self._inside is None:
            self._inside = self.root.resolve()
        folder = path.parent
        inside = self._folders.get(folder)
        if inside is None:
            inside = self._folders[folder] = folder.resolve().is_relative_to(self._inside)
        if inside and not path.is_symlink():
            return False
        try:
            resolved = path.resolve(strict=True)
        except FileNotFoundError:
            self.error(
                rel,
                Position(1, 1),
                Code.MISSING_FILE,
                f"{rel} is a link to a file that does not exist",
                "replace the link with the story file itself",
            )
            return True
        except (OSError, RuntimeError) as exc:  # a loop of links
            self.error(rel, None, Code.MISSING_FILE, f"the file cannot be read ({exc})")
            return True
        if not resolved.is_relative_to(self._inside):
            self.error(
                rel,
                Position(1, 1),
                Code.PICTURE_OUTSIDE,
                f"{rel} links to a file outside the story folder, which visionkit does not read",
                "copy the file itself into the story folder in place of the link",
            )
            return True
        return False

    def error(
        self, file: str, pos: Position | None, code: Code, message: str, fix: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic(file, pos, code, message, fix))

    def parse(self, path: Path) -> tuple[Any, Node | None]:
        raw = self.raw(path)
        if raw is None:
            return None, None
        rel = self.rel(path)
        parsed = parse(raw, rel, self.limits)
        self.diagnostics += parsed.errors
        if parsed.node is not None:
            self.nodes[rel] = parsed.node
        return parsed.data, parsed.node

    def raw(self, path: Path, too_large_fix: str | None = None) -> bytes | None:
        """The file's bytes, or None (reported) when it must not or cannot be read whole
        (``too_large_fix``: what to do when it is too large, if not to split it)."""
        rel = self.rel(path)
        self.read.append(rel)
        if self._refused(path, rel):
            return None
        try:
            # Never more than the limit and one byte is read, however large the file.
            raw = read_regular(path, self.limits.max_bytes)
        except NotAFile as exc:
            self.error(
                rel,
                Position(1, 1),
                Code.MISSING_FILE,
                f"{rel} is {exc.kind}, not a file",
                "put the story file itself in its place",
            )
            return None
        except OSError as exc:
            self.error(rel, None, Code.MISSING_FILE, f"the file cannot be read ({exc.strerror})")
            return None
        if len(raw) > self.limits.max_bytes:
            try:
                size = path.stat().st_size
            except OSError:
                size = len(raw)
            found = too_large(rel, size, self.limits)
            self.diagnostics.append(replace(found, fix=too_large_fix or found.fix))
            return None
        return raw

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
        # Anything of that name: a pipe or a broken link is reported, not taken for absent.
        found = [path for path in found if os.path.lexists(path)]
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
        """The story files of a folder, with anything else named like one (reported later).

        A hidden entry that is not a file is left out: editors keep such
        entries beside the file being edited (Emacs's ``.#amira.yml`` link).
        """
        folder = self.root / name
        if not folder.is_dir():
            return []
        return sorted(
            p
            for p in folder.iterdir()
            if p.suffix in SUFFIXES and (p.is_file() or not p.name.startswith("."))
        )


def read_in_folder(
    root: Path, path: Path, limits: Limits, too_large_fix: str
) -> tuple[bytes | None, list[Diagnostic]]:
    """A file of the story folder that is not a story file (a translation catalogue), read
    as story files are: never through a link out of the folder, never a named pipe or a
    device, never past ``limits.max_bytes``. None, with the reason, when it cannot be."""
    files = _Files(root, limits)
    return files.raw(path, too_large_fix), files.diagnostics


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
        _file_name(files, path)
        data, person = files.load(path, Person)
        if person is None:
            persona = data.get("persona") if isinstance(data, dict) else None
            picture = persona.get("picture") if isinstance(persona, dict) else None
            if isinstance(picture, str) and picture.strip():
                # The file is wrong, but its picture is checked in the same run.
                files.raw_pictures.append((rel, ("persona", "picture"), picture.strip()))
            continue
        if slug in people:
            files.error(
                rel,
                Position(1, 1),
                Code.DUPLICATE_ID,
                f"{people[slug].file} and {excerpt(path.name, None)} would both be the page "
                f"stories/{excerpt(slug)}/",
                "keep one of them",
            )
            continue
        person._slug, person._file = slug, rel
        people[slug] = person
    return people


def _file_name(files: _Files, path: Path) -> None:
    """A file whose name is a web address (a people file, a report) gets a name that can be."""
    if not is_page_file_name(path.name):
        files.error(
            files.rel(path),
            Position(1, 1),
            Code.BAD_FILE_NAME,
            f"the file name '{excerpt(path.name, None)}' cannot be a web address",
            f"rename it to '{page_file_name(path.name)}' (lower-case letters, digits and hyphens)",
        )


def _read_reports(files: _Files) -> dict[str, Report]:
    """The progress reports by slug: each file's name is its page's web address."""
    reports: dict[str, Report] = {}
    for path in files.list_dir(REPORTS_DIR):
        _file_name(files, path)
        report = files.load(path, Report)[1]
        if report is None:
            continue
        rel, slug = files.rel(path), path.stem
        if slug in reports:
            files.error(
                rel,
                Position(1, 1),
                Code.DUPLICATE_ID,
                f"{reports[slug].file} and {excerpt(path.name, None)} would both be the page "
                f"reports/{excerpt(slug)}/",
                "keep one of them",
            )
            continue
        report._slug, report._file = slug, rel
        reports[slug] = report
    return reports


def _read_measures(files: _Files) -> tuple[str | None, tuple[Reading, ...]]:
    """measures.csv's readings, when the folder has the file (its name as messages give it)."""
    path = files.root / MEASURES
    if not os.path.lexists(path):  # a broken link or a pipe is reported, not taken for absent
        return None, ()
    rel = files.rel(path)
    raw = files.raw(
        path,
        "readings take far less: check that it is the right file, saved as CSV (not as an "
        "Excel workbook)",
    )
    if raw is None:
        return rel, ()
    found = parse_measures(raw, rel)
    files.diagnostics += found.diagnostics
    return rel, tuple(found.readings)


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


def nearest_id(ident: str, known: Iterable[str]) -> str:
    """The fix for an unknown id: the nearest known one, or the known ones."""
    near = difflib.get_close_matches(ident, list(known), n=1, cutoff=0.6)
    if near:
        return f"did you mean '{excerpt(near[0])}'?"
    return f"known ids are: {excerpt(', '.join(known), 200)}"


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
                f"the problem id '{excerpt(ident)}' is used twice",
                "give each problem its own id",
            )
    for person in people:
        node = files.nodes[person.file]
        for index, ident in _duplicates(t.id for t in person.themes):
            files.error(
                person.file,
                node.find(("themes", index, "id")),
                Code.DUPLICATE_ID,
                f"the theme id '{excerpt(ident)}' is used twice in this file",
                "merge the two clusters, or give one its own id",
            )
        for t_index, theme in enumerate(person.themes):
            for r_index, pid in enumerate(theme.resolves):
                if problems is not None and pid not in problems:
                    files.error(
                        person.file,
                        node.find(("themes", t_index, "resolves", r_index)),
                        Code.UNKNOWN_ID,
                        f"'{excerpt(pid)}' is not the id of a problem in {vision_file}",
                        nearest_id(pid, problems),
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
                f"the priority id '{excerpt(ident)}' is used twice",
                "give each priority its own id",
            )
        indicators = [
            ((a, i), indicator.id)
            for a, item in enumerate(found.agenda)
            for i, indicator in enumerate(item.indicators)
            if indicator.id is not None
        ]
        for index, ident in _duplicates(ident for _, ident in indicators):
            a, i = indicators[index][0]
            files.error(
                pfile,
                pnode.find(("agenda", a, "indicators", i, "id")),
                Code.DUPLICATE_ID,
                f"the indicator id '{excerpt(ident)}' is used twice in this file",
                "give each indicator its own id: readings and reports name it",
            )
        for index, item in enumerate(found.agenda):
            if item.priority not in known:
                files.error(
                    pfile,
                    pnode.find(("agenda", index, "priority")),
                    Code.UNKNOWN_ID,
                    f"'{excerpt(item.priority)}' is not the id of a priority in this file",
                    nearest_id(item.priority, known),
                )


def _raw_logos(file: str, data: Any) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """The partners' logos of a vision.yml that failed validation, checked all the same."""
    partners = data.get("partners") if isinstance(data, dict) else None
    for index, partner in enumerate(partners if isinstance(partners, list) else []):
        logo = partner.get("logo") if isinstance(partner, dict) else None
        if isinstance(logo, str) and logo.strip():
            yield file, ("partners", index, "logo"), logo.strip()


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
    measures_file, readings = _read_measures(files)
    reports = _read_reports(files)
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
            *([] if vision else _raw_logos(vision_file, vision_data)),
            *(
                (p.file, ("persona", "picture"), p.persona.picture)
                for p in people.values()
                if p.persona.picture
            ),
            *files.raw_pictures,
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
        readings=readings,
        measures_file=measures_file,
        reports=reports,
    )
    return LoadResult(folder, files.diagnostics, files.read)
