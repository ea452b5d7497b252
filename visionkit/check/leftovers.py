"""What a new site still holds of ``visionkit new`` and ``visionkit import`` (VK208 to VK212).

A workgroup that imports its spreadsheet and publishes at once would publish
the starter's title, partners, problems and home page beside its own stories,
and a persona called "Name the persona". Each is a warning, so ``visionkit
check`` lists them and a ``--strict`` build (the publishing workflows) stops
until they are replaced. The starter is read from the scaffold's own files,
through the same reader as the workgroup's, so the two can never drift apart.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from visionkit.diagnostics import Code, Diagnostic, Position, excerpt
from visionkit.files import NotUtf8, decode_text, read_regular
from visionkit.model import LogEntry, Stakeholder
from visionkit.read.folder import StoryFolder
from visionkit.read.loader import load
from visionkit.read.locate import ConfigError, SiteSettings, read_settings
from visionkit.read.yamlsource import Node
from visionkit.resources import SCAFFOLD

#: What ``visionkit import`` writes for a new group's persona, for the group to replace.
PLACEHOLDER_NAME = "Name the persona"
PLACEHOLDER_ROLE = "What they do"
#: How a sample people file's group ends (the scaffold's three).
SAMPLE_MARK = "(sample)"
#: The log entry's texts compared with the starter's (``tool`` names a tool of the
#: method, which a real entry shares; ``date`` is a date).
LOG_TEXTS = ("project", "desired_outcome", "what_happened", "next_time")
#: More than any home page needs to be read to tell it from the starter's.
PAGE_LIMIT = 64 * 1024
_SITE_URL_LINE = re.compile(r"^(\s*#\s*)?site_url\s*:", re.MULTILINE)
_SITE_NAME_LINE = re.compile(r"^site_name\s*:", re.MULTILINE)


def _same(text: str | None) -> str:
    """Text as two copies of it compare: spaces, line breaks and capitals aside."""
    return " ".join((text or "").split()).casefold()


@cache
def starter() -> StoryFolder | None:
    """The story folder ``visionkit new`` writes, read once."""
    return load(SCAFFOLD / "stories").folder


def _left(
    file: str, node: Node, loc: tuple[str | int, ...], what: str, value: str, fix: str
) -> Diagnostic:
    return Diagnostic(
        file,
        node.find(loc),
        Code.STARTER_CONTENT,
        f"{what} is still the starter's, as `visionkit new` wrote it: '{excerpt(value)}'",
        fix,
    )


def _vision(folder: StoryFolder, start: StoryFolder) -> Iterator[Diagnostic]:
    file, node = folder.vision_file, folder.nodes[folder.vision_file]
    vision, theirs = folder.vision, start.vision
    singles = (
        ("title", vision.title, theirs.title, "your vision's own title"),
        ("strapline", vision.strapline, theirs.strapline, "your own one-line promise"),
        ("service", vision.service, theirs.service, "the shared service your partners build"),
        ("summary", vision.summary, theirs.summary, "the opening of your own vision"),
    )
    for key, value, starters, yours in singles:
        if value and _same(value) == _same(starters):
            yield _left(file, node, (key,), f"the {key}", value, f"replace it with {yours}")
    names = {_same(partner.name) for partner in theirs.partners}
    for i, partner in enumerate(vision.partners):
        if _same(partner.name) in names:
            yield _left(
                file,
                node,
                ("partners", i, "name"),
                f"partner {i + 1}",
                partner.name,
                "replace it with the name of one of your partner organisations, or delete it",
            )
    problems = {_same(problem.text) for problem in theirs.problems}
    for i, problem in enumerate(vision.problems):
        if _same(problem.text) in problems:
            yield _left(
                file,
                node,
                ("problems", i, "text"),
                f"problem {i + 1} ('{problem.id}')",
                problem.text,
                "replace it with a problem your service users meet today, in their words, "
                "or delete it (and its id from the themes' 'resolves' lists)",
            )
    stakeholders = {_stakeholder(s) for s in theirs.stakeholders}
    for i, stakeholder in enumerate(vision.stakeholders):
        if _stakeholder(stakeholder) in stakeholders:
            yield _left(
                file,
                node,
                ("stakeholders", i),
                f"stakeholder {i + 1}",
                stakeholder.name,
                "replace it with one of your own stakeholders (name, interest, influence and "
                "how you involve them), or delete it",
            )


def _stakeholder(s: Stakeholder) -> tuple[str, str, str, str]:
    return (_same(s.name), s.interest, s.influence, _same(s.involve))


def _priorities(folder: StoryFolder, start: StoryFolder) -> Iterator[Diagnostic]:
    file, ours, theirs = folder.priorities_file, folder.priorities, start.priorities
    if file is None or ours is None or theirs is None:
        return
    node = folder.nodes[file]
    unheld = " (or delete priorities.yml if you have not held the priorities day yet)"
    texts = {_same(priority.text) for priority in theirs.priorities}
    for i, priority in enumerate(ours.priorities):
        if _same(priority.text) in texts:
            yield _left(
                file,
                node,
                ("priorities", i, "text"),
                f"priority {i + 1} ('{priority.id}')",
                priority.text,
                "replace it with a priority your groups wrote, or delete it" + unheld,
            )
    goals = {_same(item.goal) for item in theirs.agenda}
    for i, item in enumerate(ours.agenda):
        if _same(item.goal) in goals:  # its indicators with it: one warning for the item
            yield _left(
                file,
                node,
                ("agenda", i, "goal"),
                f"the goal of agenda item {i + 1}",
                item.goal,
                "replace it and its indicators with a goal your mixed groups agreed, or "
                "delete the item" + unheld,
            )
    postcards = {_same(postcard.text) for postcard in theirs.postcards}
    for i, postcard in enumerate(ours.postcards):
        if _same(postcard.text) in postcards:
            yield _left(
                file,
                node,
                ("postcards", i, "text"),
                f"postcard {i + 1}",
                postcard.text,
                "replace it with a postcard one of your participants wrote, or delete it",
            )


def _logs(folder: StoryFolder, start: StoryFolder) -> Iterator[Diagnostic]:
    starters = [{key: _same(getattr(e, key)) for key in LOG_TEXTS} for e in start.logs]
    index: dict[str, int] = {}
    for entry in folder.logs:
        at = index[entry.file] = index.get(entry.file, -1) + 1
        keys = _starter_keys(entry, starters)
        if not keys:
            continue
        node = folder.nodes[entry.file]
        listed = at in node.children  # a file holding a list of entries
        yield Diagnostic(
            entry.file,
            (node.children[at] if listed else node).find((keys[0],)),
            Code.STARTER_CONTENT,
            "this log entry is still the starter's, as `visionkit new` wrote it (its "
            f"{', '.join(keys)})",
            "replace it with what your partnership did: the project, date and tool, what "
            "you hoped for, what happened and what you would do differently; or delete "
            + ("the entry" if listed else excerpt(entry.file, None)),
        )


def _starter_keys(entry: LogEntry, starters: list[dict[str, str]]) -> list[str]:
    """The entry's texts that are a starter entry's, for the starter entry most like it."""
    best: list[str] = []
    for texts in starters:
        keys = [k for k in LOG_TEXTS if getattr(entry, k) and _same(getattr(entry, k)) == texts[k]]
        best = keys if len(keys) > len(best) else best
    return best


def _people(folder: StoryFolder) -> Iterator[Diagnostic]:
    for person in folder.people.values():
        node = folder.nodes[person.file]
        if _same(person.group).endswith(SAMPLE_MARK):
            yield Diagnostic(
                person.file,
                node.find(("group",)),
                Code.SAMPLE_PAGE,
                f"'{excerpt(person.group)}' is one of the sample pages `visionkit new` writes "
                "to learn from",
                f"delete {excerpt(person.file, None)} once your own groups are in (or make "
                "it your own: the group without '(sample)', its persona, themes and day)",
            )
        left = [
            (key, value)
            for key, value, placeholder in (
                ("name", person.persona.name, PLACEHOLDER_NAME),
                ("role", person.persona.role, PLACEHOLDER_ROLE),
            )
            if _same(value) == _same(placeholder)
        ]
        if left:
            yield Diagnostic(
                person.file,
                node.find(("persona", left[0][0])),
                Code.PLACEHOLDER_PERSONA,
                f"the persona's {' and '.join(k for k, _ in left)} "
                f"{'are' if len(left) > 1 else 'is'} still what `visionkit import` wrote: "
                + ", ".join(f"'{excerpt(v)}'" for _, v in left),
                "give the persona the name the group chose and say in a few words what they "
                "do (persona: name: and role:)",
            )


def leftovers(folder: StoryFolder) -> list[Diagnostic]:
    """The starter's content and the importer's placeholders still in ``folder``."""
    found = list(_people(folder))
    start = starter()
    if start is not None:
        for rule in (_vision, _priorities, _logs):
            found += rule(folder, start)
    return found


def _relative(path: Path, root: Path) -> str:
    """``path`` as messages about ``root`` name their files (``../mkdocs.yml``)."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def _text(path: Path, limit: int) -> str | None:
    """The file's text, or None if it is not a readable UTF-8 file of at most ``limit`` bytes."""
    try:
        raw = read_regular(path, limit)
        return decode_text(raw) if len(raw) <= limit else None
    except (OSError, NotUtf8):
        return None


@cache
def starter_home_page() -> str:
    return _same(_text(SCAFFOLD / "content" / "index.md", PAGE_LIMIT))


@cache
def starter_site_name() -> str:
    try:
        return _same(read_settings(SCAFFOLD / "mkdocs.yml").site_name)
    except ConfigError:
        return ""


def _line(pattern: re.Pattern[str], text: str) -> tuple[Position, bool]:
    """Where ``pattern`` first matches in ``text`` (else line 1), and whether it is a comment."""
    match = pattern.search(text)
    if match is None:
        return Position(1, 1), False
    return Position(text.count("\n", 0, match.start()) + 1, 1), bool(match.groups() and match[1])


def site_leftovers(root: Path, site: SiteSettings) -> list[Diagnostic]:
    """The starter's home page and site name, and a missing ``site_url``, with files named
    from ``root``.

    ``root`` is the story folder, so these join its other findings: the
    config is ``../mkdocs.yml`` from there.
    """
    found = []
    if site.docs_dir is not None:
        home = site.docs_dir / "index.md"
        text = _text(home, PAGE_LIMIT)
        starter_page = starter_home_page()
        if text is not None and starter_page and _same(text) == starter_page:
            found.append(
                Diagnostic(
                    _relative(home, root),
                    Position(1, 1),
                    Code.STARTER_HOME_PAGE,
                    "the home page is still the one `visionkit new` wrote",
                    "write your own: what the partnership is, who was in the room, and what "
                    "you would like readers to do (read the vision, comment on it)",
                )
            )
    config = _text(site.config_file, PAGE_LIMIT) or ""
    name = starter_site_name()
    if name and _same(site.site_name) == name:
        found.append(
            Diagnostic(
                _relative(site.config_file, root),
                _line(_SITE_NAME_LINE, config)[0],
                Code.STARTER_CONTENT,
                f"the site's name is still the starter's, as `visionkit new` wrote it: "
                f"'{excerpt(site.site_name or '')}' (every page's title and header show it)",
                "replace it with your vision's own name (site_name:)",
            )
        )
    if site.site_url_known and not site.site_url:
        found.append(_no_site_url(_relative(site.config_file, root), config))
    return found


def _no_site_url(file: str, config: str) -> Diagnostic:
    at, commented = _line(_SITE_URL_LINE, config)
    return Diagnostic(
        file,
        at,
        Code.NO_SITE_URL,
        "the site has no site_url, so a link shared in Teams, Slack or an email shows no "
        "preview picture (share cards need each page's full address), and the handouts "
        "print no web address or QR code",
        "set site_url to the address the site is published at, with its closing slash, "
        "such as 'site_url: https://your-organisation.github.io/our-vision/'"
        + (" (this line has it: remove the '#' and put in your address)" if commented else ""),
    )
