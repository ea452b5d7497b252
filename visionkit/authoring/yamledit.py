"""Adding to a people file while every line already in it stays as it was.

ruamel.yaml's round-trip mode keeps comments, key order and quoting, but it
writes the whole document again in one indentation style, so a file indented
its own way would come back re-indented. The style is therefore guessed from
the file, a few common styles are tried after it, and a result is accepted only
when the old text survives in it byte for byte: every old line, in order, with
only new lines between them (and, rewritten, the few lines the import was
asked to change: a placeholder persona name the spreadsheet now gives, a
``resolves: [...]`` list written on one line). When no style keeps the file
(a plain value wrapped over two lines, an explicit ``---``, mixed indentation), the lines
ruamel added are spliced into the untouched original, and that is accepted only
if it reads back as exactly the same data. Otherwise the file is left alone and
the caller is told which line would have changed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from visionkit.authoring.notes import SLUG_LIMIT, NotesError
from visionkit.check.leftovers import PLACEHOLDER_NAME, PLACEHOLDER_ROLE
from visionkit.files import NotUtf8, decode_text
from visionkit.slugs import slugify

#: (mapping indent, sequence indent, offset of the dash), as ruamel's ``indent()`` takes them.
Style = tuple[int, int, int]
#: The example files' style: "themes:" then "  - id: ...".
DEFAULT_STYLE: Style = (2, 4, 2)
_OTHER_STYLES: tuple[Style, ...] = ((2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 2, 0), (3, 3, 1))
_PERSONA_COMMENT = (
    "The group names a fictional person and draws them: replace the name and the role\n"
    "below with theirs, and add the drawing with\n"
    "  picture: pictures/NAME.jpg\n"
    "  alt: what the drawing shows"
)
_NAMED_COMMENT = (
    "The fictional person the group named and drew: add the drawing with\n"
    "  picture: pictures/NAME.jpg\n"
    "  alt: what the drawing shows"
)
_MODELINE = "# yaml-language-server:"


def _yaml(style: Style, explicit_start: bool = False) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 30  # never wrap a line, old or new
    yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
    yaml.explicit_start = explicit_start
    return yaml


@dataclass
class PeopleFile:
    """One people file being added to: its parsed data and how its text is written."""

    name: str  # relative to the story folder, e.g. people/residents.yml
    path: Path
    data: CommentedMap
    before: str = ""  # the file's text as it is ("" for a new file)
    raw: bytes = b""
    new: bool = False
    bom: bool = False
    newline: str = "\n"
    style: Style = DEFAULT_STYLE
    explicit_start: bool = False
    #: Old lines (1-based) the import may rewrite rather than keep byte for byte.
    rewritable: set[int] = field(default_factory=set)

    @property
    def group(self) -> str | None:
        group = self.data.get("group")
        return None if group is None or not str(group).strip() else str(group)

    @property
    def kind(self) -> str | None:
        kind = self.data.get("kind")
        return None if kind is None else str(kind)


def _mapping_indent(node: Any) -> int | None:
    """How far the file indents a mapping inside a mapping (persona's keys, say)."""
    if isinstance(node, CommentedMap):
        for value in node.values():
            if isinstance(value, CommentedMap) and value and value.lc.col > node.lc.col:
                return int(value.lc.col - node.lc.col)
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        found = _mapping_indent(child)
        if found:
            return found
    return None


def _guess_style(text: str, data: CommentedMap) -> Style:
    _, indent, offset = load_yaml_guess_indent(text)
    mapping = _mapping_indent(data) or (indent if offset is None and indent else DEFAULT_STYLE[0])
    if offset is None or indent is None:
        return mapping, DEFAULT_STYLE[1], DEFAULT_STYLE[2]
    return mapping, indent, offset


def read_page(path: Path, name: str) -> PeopleFile:
    """A people file ready to add to; raises NotesError when it cannot be read at all."""
    cannot = f"{name} cannot be read, so visionkit cannot tell which group it holds"
    fix = "fix it first (visionkit check says where), then import again"
    try:
        raw = path.read_bytes()
        text = decode_text(raw)
    except OSError as exc:
        raise NotesError(f"{cannot} ({exc.strerror}): {fix}") from exc
    except NotUtf8 as exc:
        raise NotesError(f"{cannot} (it is not saved as UTF-8): {fix}") from exc
    newline = "\r\n" if "\r\n" in text else "\n"
    plain = text.replace("\r\n", "\n")
    try:
        data = _yaml(DEFAULT_STYLE).load(plain)
    except YAMLError as exc:
        raise NotesError(f"{cannot} (it is not valid YAML): {fix}") from exc
    except ValueError as exc:  # a number of over 4,300 digits, a date such as 2026-02-30
        raise NotesError(
            f"{cannot} (it holds a number too long to read, or a date that does not exist): {fix}"
        ) from exc
    if not isinstance(data, CommentedMap):
        raise NotesError(f"{cannot} (it does not hold 'key: value' lines): {fix}")
    first = next((line for line in plain.split("\n") if line.strip() and line[0] != "#"), "")
    return PeopleFile(
        name,
        path,
        data,
        before=text,
        raw=raw,
        bom=raw.startswith(b"\xef\xbb\xbf"),
        newline=newline,
        style=_guess_style(plain, data),
        explicit_start=first.startswith("---"),
    )


def new_page(
    stories: Path,
    group: str,
    kind: str,
    pages: list[PeopleFile],
    taken: set[str],
    source: str,
    named: bool = False,
) -> PeopleFile:
    """A new people file for a group: the group, its kind and a persona to be named
    (``named``: the spreadsheet names it and says what they do)."""
    base = slugify(group, SLUG_LIMIT) or kind
    stem, n = base, 1
    while stem in taken:
        n += 1
        stem = f"{base}-{n}"
    data = CommentedMap([("group", group), ("kind", kind)])
    data["persona"] = CommentedMap([("name", PLACEHOLDER_NAME), ("role", PLACEHOLDER_ROLE)])
    data["themes"] = CommentedSeq()
    comment = _NAMED_COMMENT if named else _PERSONA_COMMENT
    data.yaml_set_comment_before_after_key("persona", before=comment)
    header = f"Made by visionkit import from {source}: the group's post-its and mini-stories."
    modeline = next(
        (p.before.split("\n", 1)[0].strip() for p in pages if p.before.startswith(_MODELINE)), None
    )
    data.yaml_set_start_comment(f"{modeline[2:]}\n{header}" if modeline else header)
    return PeopleFile(f"people/{stem}.yml", stories / "people" / f"{stem}.yml", data, new=True)


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the lines written after the last value under ``node``.

    That is the comment slot of the deepest last scalar: (its container, its
    key or index, the slot's place in ``ca.items``).
    """
    while isinstance(node, CommentedSeq | CommentedMap) and node and not node.fa.flow_style():
        key = len(node) - 1 if isinstance(node, CommentedSeq) else next(reversed(node))
        child = node[key]
        if isinstance(child, CommentedSeq | CommentedMap) and child and not child.fa.flow_style():
            node = child
            continue
        return node, key, 0 if isinstance(node, CommentedSeq) else 2
    return None


def add_last(container: CommentedSeq | CommentedMap, value: Any, key: str = "") -> None:
    """Append ``value`` (under ``key`` to a mapping) after the container's last value.

    Blank lines and comments written after the old last value belong to what
    follows it in the file (a comment about ``day:``, say), so they are moved to
    after the new value; the old value's own end-of-line comment stays with it.
    """
    slot = _last_slot(container)
    entry = slot[0].ca.items.get(slot[1]) if slot else None
    token = entry[slot[2]] if entry and slot else None
    tail = ""
    if token is not None and "\n" in token.value:
        head, tail = token.value.split("\n", 1)
        token.value = head + "\n"
    if isinstance(container, CommentedSeq):
        container.append(value)
    else:
        container[key] = value
    new = _last_slot(container)
    if tail and new:
        items = new[0].ca.items.setdefault(new[1], [None, None, None, None])
        old = items[new[2]]
        if old is None:
            items[new[2]] = CommentToken("\n" + tail, CommentMark(0), None)
        else:
            old.value += tail


def _dump(page: PeopleFile, style: Style) -> str:
    out = io.StringIO()
    _yaml(style, page.explicit_start).dump(page.data, out)
    return out.getvalue()


def first_change(old: str, new: str, rewritable: set[int] | None = None) -> int | None:
    """The first old line (1-based) not kept, in order, in ``new``; None when all are kept.

    Lines in ``rewritable`` need not be kept.
    """
    lines = iter(new.split("\n"))
    for number, line in enumerate(old.split("\n"), 1):
        if rewritable and number in rewritable:
            continue
        if not any(line == candidate for candidate in lines):
            return number
    return None


def line_of(
    data: CommentedMap | None, path: Sequence[str | int], of_key: bool = False
) -> int | None:
    """The line (1-based) where the value at ``path`` (or with ``of_key`` its key) starts;
    None when it has no place in the text yet."""
    node: Any = data
    for step in path[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    try:
        if isinstance(node, CommentedMap):
            where = node.lc.key(path[-1]) if of_key else node.lc.value(path[-1])
            return int(where[0]) + 1
        if isinstance(node, CommentedSeq):
            return int(node.lc.item(path[-1])[0]) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return None


def reread(text: str) -> CommentedMap | None:
    """A file's new text read again, so that messages can name the lines of what was added."""
    try:
        data = _yaml(DEFAULT_STYLE).load(text.replace("\r\n", "\n"))
    except (YAMLError, ValueError):
        return None
    return data if isinstance(data, CommentedMap) else None


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return [(str(k), _plain(v)) for k, v in node.items()]
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _squash(lines: list[str]) -> str:
    return "".join("".join(lines).split())


def _added(old: list[str], new: list[str]) -> list[str]:
    """The lines of a rewritten stretch that are new: those after ruamel's copy of the old.

    ruamel writes a plain value wrapped over two lines as one line; the new items
    appended after it then come out as one changed stretch with it.
    """
    target = _squash(old)
    for k in range(len(new) + 1):
        if _squash(new[:k]) == target:
            return new[k:]
    return []


def _splice(old: str, new: str, rewritable: set[int]) -> str | None:
    """The original text with only the lines ruamel added (and rewrote where it may);
    None if that is not the same data."""
    a, b = old.split("\n"), new.split("\n")
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "replace" and all(i + 1 in rewritable for i in range(i1, i2)):
            out += b[j1:j2]
            continue
        out += b[j1:j2] if tag == "insert" else a[i1:i2]
        if tag == "replace":
            out += _added(a[i1:i2], b[j1:j2])
    spliced = "\n".join(out)
    try:
        same = _plain(_yaml(DEFAULT_STYLE).load(spliced)) == _plain(_yaml(DEFAULT_STYLE).load(new))
    except YAMLError:
        return None
    return spliced if same else None


def render(page: PeopleFile) -> tuple[str, bytes] | str:
    """The page's new text and bytes, or (as a str) why its old lines cannot all be kept."""
    if page.new:
        fresh = _dump(page, DEFAULT_STYLE)
        return fresh, fresh.encode("utf-8")
    old = page.before.replace("\r\n", "\n")
    styles = [page.style, *(s for s in (DEFAULT_STYLE, *_OTHER_STYLES) if s != page.style)]
    allowed = page.rewritable
    text: str | None = next(
        (
            t
            for t in (_dump(page, style) for style in styles)
            if first_change(old, t, allowed) is None
        ),
        None,
    )
    if text is None:
        text = _splice(old, _dump(page, page.style), allowed)
    final = None if text is None else text.replace("\n", page.newline)
    line = first_change(page.before, final, allowed) if final is not None else None
    if final is None or line is not None:
        number = line or first_change(old, _dump(page, page.style), allowed) or 1
        shown = page.before.split("\n")[number - 1].rstrip("\r")
        return (
            f"{page.name} cannot be added to without rewriting its line {number} "
            f"('{shown.strip()}'); add this row by hand, or write that part of the file "
            "like the example files (one '- ' item per line) and import again"
        )
    return final, (b"\xef\xbb\xbf" if page.bom else b"") + final.encode("utf-8")
