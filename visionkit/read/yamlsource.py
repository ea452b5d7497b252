"""Reading one story file: bytes in, plain data plus source positions out.

PyYAML's own loaders are not enough for workgroups: they silently keep the last
of two equal keys (losing a whole list of stories), expand aliases without limit
(a few hundred bytes can ask for gigabytes), and turn ``08:30`` into 510 and
``NO`` into False. So this module composes the YAML event stream itself:

* every scalar stays the text the workgroup typed (the model decides types);
  only an empty value or ``~``/``null`` means "no value";
* a key given twice is reported at the second one;
* anchors and aliases work, but the expanded size and the nesting depth are
  bounded, checked while reading, so a "billion laughs" file stops early;
* every value keeps its line and column in a :class:`Node` tree, so that any
  later error can point at the exact place;
* no value may hold a control character (ESC, BEL, NUL, DEL, C1...), typed or
  made with a backslash escape in double quotes: each is reported where it is,
  and the rest of the file is still read, so no other mistake hides behind it.

The event parser is libyaml's where PyYAML was built with it (much faster),
otherwise PyYAML's pure-Python parser; both report the same marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from visionkit.diagnostics import (
    CONTROL,
    CONTROL_IN_FILE,
    Code,
    Diagnostic,
    Position,
    control_name,
    excerpt,
)
from visionkit.files import NotUtf8, decode_text

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset({None, "!", _STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_MERGE = "<<"


@dataclass(frozen=True)
class Limits:
    """Bounds on what one story file may cost to read."""

    max_bytes: int = 2 * 1024 * 1024
    max_nodes: int = 200_000
    max_depth: int = 64


@dataclass
class Node:
    """Where a value came from: its position and, for collections, its children's.

    ``keys`` holds the position of each mapping key (unknown-key errors point
    there); ``children`` is keyed by mapping key or sequence index.
    """

    pos: Position
    value: str | None = None
    keys: dict[str, Position] = field(default_factory=dict)
    children: dict[str | int, Node] = field(default_factory=dict)

    def find(self, loc: tuple[str | int, ...]) -> Position:
        """The closest position known for a path such as ``("themes", 0, "id")``.

        A path element that does not exist (a missing key) stops the walk at its
        parent, which is where "add this key" belongs.
        """
        node = self
        for i, step in enumerate(loc):
            if loc[i + 1 : i + 2] == ("[key]",) and isinstance(step, str):
                # pydantic's location of a bad mapping key: point at the key itself.
                return node.keys.get(step, node.pos)
            child = node.children.get(step)
            if child is None:
                if isinstance(step, str) and step in node.keys:
                    return node.keys[step]
                return node.pos
            node = child
        return node.pos

    def key_position(self, loc: tuple[str | int, ...]) -> Position:
        """The position of the key at the end of ``loc`` (for "unknown key")."""
        parent = self
        for step in loc[:-1]:
            child = parent.children.get(step)
            if child is None:
                return parent.pos
            parent = child
        last = loc[-1] if loc else None
        if isinstance(last, str) and last in parent.keys:
            return parent.keys[last]
        return parent.pos

    def walk_text(self) -> Iterator[Node]:
        """Every scalar with text below this node, in document order."""
        stack = [self]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:  # an alias shares its anchor's subtree
                continue
            seen.add(id(node))
            if node.value is not None:
                yield node
            stack.extend(reversed(list(node.children.values())))


@dataclass
class Parsed:
    """The outcome of reading one file: data and nodes, or the errors that stopped it."""

    data: Any = None
    node: Node | None = None
    errors: list[Diagnostic] = field(default_factory=list)


class _Stop(Exception):
    """Reading cannot go on (bound exceeded); carries the reason."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def position_of_offset(text: str, offset: int) -> Position:
    """Line and column of a character offset, for errors that give only an offset."""
    before = text[:offset]
    line = before.count("\n") + 1
    return Position(line, offset - (before.rfind("\n") + 1) + 1)


def too_large(file: str, size: int, limits: Limits) -> Diagnostic:
    return Diagnostic(
        file,
        Position(1, 1),
        Code.FILE_TOO_LARGE,
        f"the file is {size / 1048576:.1f} MB; story files may be at most "
        f"{limits.max_bytes / 1048576:g} MB",
        "split it into several files or move long text out of it",
    )


def decode(raw: bytes, file: str, limits: Limits) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text, refusing anything that is not UTF-8 with a byte-exact message."""
    if len(raw) > limits.max_bytes:
        return None, [too_large(file, len(raw), limits)]
    try:
        return decode_text(raw), []
    except NotUtf8 as exc:
        if exc.utf16:
            return None, [
                Diagnostic(
                    file,
                    Position(1, 1),
                    Code.NOT_UTF8,
                    "the file is saved as UTF-16 (what Notepad and Excel call 'Unicode'), "
                    "not UTF-8",
                    "open it, choose 'Save as' and the encoding 'UTF-8', and save it again",
                )
            ]
        return None, [
            Diagnostic(
                file,
                Position(exc.line, exc.column),
                Code.NOT_UTF8,
                f"byte 0x{exc.byte:02X} (byte {exc.offset + 1} of the file) is not UTF-8 text",
                "save the file again choosing the 'UTF-8' encoding, or retype the character "
                "at this place",
            )
        ]


_TAB_HINT = "a tab character is used for indenting; YAML needs spaces: replace the tab"

# PyYAML's problem texts, said the way a workgroup would understand them.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("tab character", _TAB_HINT),
    (
        "mapping values are not allowed",
        "a colon followed by a space inside a value; put the whole value in quotes",
    ),
    (
        "could not find expected ':'",
        "a line has no 'key: value' colon, or a value runs on without indenting; "
        "indent continuation lines or put the value in quotes",
    ),
    (
        "did not find expected key",
        "the indentation of this line does not match the lines above it",
    ),
    (
        "did not find expected '-' indicator",
        "the indentation of this list item does not match the items above it",
    ),
    (
        "found undefined alias",
        "'*name' refers to an anchor '&name' that is not defined above it",
    ),
    (
        "found unknown escape character",
        "a backslash inside double quotes; use single quotes or write \\\\",
    ),
    ("found unexpected end of stream", "a quote or bracket is opened but never closed"),
    ("control characters are not allowed", "the file holds an invisible control character"),
    (
        "found character that cannot start any token",
        "this character cannot start a value; put the value in quotes",
    ),
)


def _offset(text: str, pos: Position) -> int:
    """The character offset of a line and column (the inverse of position_of_offset)."""
    start = 0
    for _ in range(pos.line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return start + pos.column - 1


_DEEPER_THAN = "the file is nested more than {depth} levels deep"
_DEEP_FIX = "story files need only a few levels; check the indentation"


_CLOSING = {'"': '"', "'": "'", "[": "]", "{": "}"}


def _never_closed(exc: yaml.YAMLError, text: str, file: str) -> Diagnostic | None:
    """A quote or bracket left open, told where it opens (PyYAML's context mark).

    PyYAML notices only where the file, or the list, runs out (often the last
    line); the place to fix is where the quote or bracket was opened.
    """
    context = str(getattr(exc, "context", None) or "")
    opened, found = getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)
    if opened is None or found is None:
        return None
    problem = str(getattr(exc, "problem", None) or "")
    if "quoted scalar" in context and "end of stream" in problem:
        quote = text[opened.index : opened.index + 1]
        if quote not in ('"', "'"):
            return None
        return Diagnostic(
            file,
            _pos(opened),
            Code.YAML_SYNTAX,
            f"this is not valid YAML: the quote {quote} opened here is never closed, so the "
            f"value runs on to the end of the file (line {found.line + 1})",
            f"add the closing {quote} at the end of the value",
        )
    if "flow sequence" in context or "flow mapping" in context:
        bracket = text[opened.index : opened.index + 1]
        if bracket not in ("[", "{") or found.line <= opened.line:
            return None  # a mistake inside a list on one line: where PyYAML found it
        what = "list" if bracket == "[" else "mapping"
        return Diagnostic(
            file,
            _pos(opened),
            Code.YAML_SYNTAX,
            f"this is not valid YAML: the {bracket} opened here is never closed (line "
            f"{found.line + 1} is still read as part of the {what})",
            f"add the closing {_CLOSING[bracket]} at the end of the {what}, on this line, or "
            "write each item on its own line starting with '- '"
            if bracket == "["
            else f"add the closing {_CLOSING[bracket]} at the end of the {what}, on this line",
        )
    return None


def _syntax_error(exc: yaml.YAMLError, text: str, file: str, limits: Limits) -> Diagnostic:
    never_closed = _never_closed(exc, text, file)
    if never_closed is not None:
        return never_closed
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        pos = _pos(mark)
    elif isinstance(getattr(exc, "position", None), int):
        pos = position_of_offset(text, exc.position)  # type: ignore[attr-defined]
    else:
        pos = Position(1, 1)
    problem = str(getattr(exc, "problem", None) or getattr(exc, "reason", None) or exc)
    if "maximum nesting depth" in problem:
        # libyaml's own bound (it scans flow brackets ahead of our composer's
        # check): the same fault as ours, so the same plain message.
        return Diagnostic(
            file, pos, Code.TOO_COMPLEX, _DEEPER_THAN.format(depth=limits.max_depth), _DEEP_FIX
        )
    at = _offset(text, pos)
    if text[at : at + 1] == "\t" or "'\\t'" in problem:
        fix: str | None = _TAB_HINT
    else:
        fix = next((hint for key, hint in _SYNTAX_HINTS if key in problem), None)
    return Diagnostic(
        file,
        pos,
        Code.YAML_SYNTAX,
        f"this is not valid YAML ({excerpt(problem.strip(), 80)})",
        fix or "check the indentation and quotes on this line and the line above",
    )


#: At most this many control characters are reported per file, the first of each line.
MAX_CONTROL_REPORTS = 10
_CONTROL_FIX = (
    "delete it: it is invisible in most editors and usually comes with text copied from "
    "a terminal, a PDF or another program; retype the words around it if unsure"
)


def _typed_controls(text: str, file: str) -> tuple[str, list[Diagnostic]]:
    """Control characters typed into the file: each reported, then made harmless.

    YAML refuses them anywhere, so PyYAML would stop at the first with a
    syntax error; each is reported here instead (the first of each line, at
    most :data:`MAX_CONTROL_REPORTS`) and replaced, in the text that is then
    parsed, by U+FFFD: one character for one, so every position stays right
    and the rest of the file is still checked.
    """
    if CONTROL_IN_FILE.search(text) is None:
        return text, []
    found: list[Diagnostic] = []
    line_end = -1
    for match in CONTROL_IN_FILE.finditer(text):
        if match.start() <= line_end:
            continue
        if len(found) == MAX_CONTROL_REPORTS:
            found[-1] = Diagnostic(
                file,
                found[-1].position,
                Code.CONTROL_CHARACTER,
                found[-1].message + " (more lines below hold control characters too)",
                _CONTROL_FIX,
            )
            break
        line_end = text.find("\n", match.start())
        line_end = len(text) if line_end < 0 else line_end
        found.append(
            Diagnostic(
                file,
                position_of_offset(text, match.start()),
                Code.CONTROL_CHARACTER,
                f"the invisible control character {control_name(match[0])} is here",
                _CONTROL_FIX,
            )
        )
    return CONTROL_IN_FILE.sub("\ufffd", text), found


# A backslash escape of a double-quoted YAML value, and the character it makes.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_ESCAPED = {"0": 0x00, "a": 0x07, "b": 0x08, "v": 0x0B, "f": 0x0C, "r": 0x0D, "e": 0x1B, "N": 0x85}


def _escaped_control(text: str, event: Any, file: str) -> Diagnostic:
    """A control character made by a backslash escape, told at the escape."""
    start, end = event.start_mark.index, event.end_mark.index
    for match in _ESCAPE.finditer(text, start, end):
        code = match[1]
        char = chr(int(code[1:], 16)) if len(code) == 3 or len(code) == 5 else ""
        char = chr(_ESCAPED[code]) if code in _ESCAPED else char
        if CONTROL.fullmatch(char):
            return Diagnostic(
                file,
                position_of_offset(text, match.start()),
                Code.CONTROL_CHARACTER,
                f"the backslash escape '{match[0]}' makes the invisible control character "
                f"{control_name(char)}",
                f"remove '{match[0]}' from the value: pages, handouts and share cards "
                "cannot show it",
            )
    found = CONTROL.search(event.value)  # not met: every escape that makes one is above
    return Diagnostic(
        file,
        _pos(event.start_mark),
        Code.CONTROL_CHARACTER,
        "this value holds the invisible control character "
        f"{control_name(found[0]) if found else ''}",
        "remove the backslash escape that makes it",
    )


class _Composer:
    """Builds data and Node trees from parser events, with the bounds applied."""

    def __init__(self, file: str, limits: Limits, text: str = "") -> None:
        self.file = file
        self.limits = limits
        self.text = text
        self.size = 0
        self.anchors: dict[str, tuple[Any, Node, int]] = {}
        self.errors: list[Diagnostic] = []

    def _fail(self, mark: Any, code: Code, message: str, fix: str | None = None) -> _Stop:
        return _Stop(Diagnostic(self.file, _pos(mark), code, message, fix))

    def _count(self, amount: int, mark: Any) -> None:
        self.size += amount
        if self.size > self.limits.max_nodes:
            raise self._fail(
                mark,
                Code.TOO_COMPLEX,
                f"the file expands to more than {self.limits.max_nodes:,} values "
                "(through anchors '&' and aliases '*')",
                "write the values out instead of repeating them with aliases",
            )

    def _check_tag(self, event: Any) -> None:
        if event.tag not in _PLAIN_TAGS:
            raise self._fail(
                event.start_mark,
                Code.UNSUPPORTED_TAG,
                f"the tag '{excerpt(event.tag)}' is not supported in story files",
                "remove the '!...' tag; values are read as the text you typed",
            )

    def compose(self, events: Iterator[Any]) -> tuple[Any, Node | None]:
        # Stack frames: [container, node, pending key (or None), key mark, anchor,
        # size at start, merges]. Events are dispatched on their exact class,
        # the commonest first: this loop runs once per value of every file.
        stack: list[list[Any]] = []
        result: tuple[Any, Node | None] = (None, None)
        documents = 0
        limits = self.limits
        for event in events:
            kind = type(event)
            value: Any
            container: Any
            node: Node
            weight: int
            if kind is yaml.ScalarEvent:
                self._check_tag(event)
                plain = event.implicit[0] and event.tag in (None, "!")
                value = None if plain and event.value in NULLS else event.value
                if event.style == '"' and CONTROL.search(event.value):
                    # Typed ones are replaced before parsing: this one is an escape.
                    self.errors.append(_escaped_control(self.text, event, self.file))
                node = Node(_pos(event.start_mark), value)
                weight = 1
                self._count(1, event.start_mark)
                self._remember(event.anchor, value, node, weight)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                container, node, _, _, anchor, start_size, merges = stack.pop()
                for merged, merged_node in merges:
                    self._merge(container, node, merged, merged_node)
                value = container
                weight = self.size - start_size + 1
                self._remember(anchor, value, node, weight)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._check_tag(event)
                if len(stack) >= limits.max_depth:
                    raise self._fail(
                        event.start_mark,
                        Code.TOO_COMPLEX,
                        _DEEPER_THAN.format(depth=limits.max_depth),
                        _DEEP_FIX,
                    )
                self._count(1, event.start_mark)
                container = {} if kind is yaml.MappingStartEvent else []
                stack.append(
                    [
                        container,
                        Node(_pos(event.start_mark)),
                        None,
                        None,
                        event.anchor,
                        self.size,
                        [],
                    ]
                )
                continue
            elif kind is yaml.AliasEvent:
                if event.anchor not in self.anchors:
                    name = excerpt(event.anchor)
                    raise self._fail(
                        event.start_mark,
                        Code.YAML_SYNTAX,
                        f"the alias '*{name}' refers to no finished anchor '&{name}' above it",
                        f"define '&{name}' before using '*{name}'",
                    )
                value, node, weight = self.anchors[event.anchor]
                self._count(weight, event.start_mark)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self._fail(
                        event.start_mark,
                        Code.WRONG_SHAPE,
                        "the file holds more than one YAML document (a second '---' line)",
                        "remove the '---' line, or move the second part into its own file",
                    )
                continue
            else:  # stream start and end, document end
                continue
            if not stack:
                result = (value, node)
                continue
            self._add(stack[-1], value, node, event)
        return result

    def _remember(self, anchor: str | None, value: Any, node: Node, weight: int) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, node, weight)

    def _add(self, frame: list[Any], value: Any, node: Node, event: Any) -> None:
        container, parent = frame[0], frame[1]
        if isinstance(container, list):
            parent.children[len(container)] = node
            container.append(value)
            return
        if frame[2] is None:  # this value is a key
            if type(event) is not yaml.ScalarEvent or not isinstance(value, str):
                raise self._fail(
                    event.start_mark,
                    Code.WRONG_SHAPE,
                    "a key must be a plain word, not a list, a mapping or an empty value",
                    "write keys as 'name: value'",
                )
            frame[2], frame[3] = value, node.pos
            return
        key, key_pos = frame[2], frame[3]
        frame[2] = frame[3] = None
        if key == _MERGE and type(event) is yaml.AliasEvent:
            frame[6].append((value, node))
            return
        if key in container:
            first = parent.keys[key]
            self.errors.append(
                Diagnostic(
                    self.file,
                    key_pos,
                    Code.DUPLICATE_KEY,
                    f"the key '{excerpt(key)}' is given twice in this mapping "
                    f"(first on line {first.line})",
                    "YAML would silently keep only the last one: merge the two into one "
                    "or rename one",
                )
            )
            return
        container[key] = value
        parent.keys[key] = key_pos
        parent.children[key] = node

    def _merge(self, container: dict[str, Any], node: Node, merged: Any, merged_node: Node) -> None:
        """YAML's ``<<: *defaults``: keys not given explicitly come from the anchor."""
        if not isinstance(merged, dict):
            raise _Stop(
                Diagnostic(
                    self.file,
                    merged_node.pos,
                    Code.WRONG_SHAPE,
                    "'<<: *name' can only merge a mapping",
                    None,
                )
            )
        for key, item in merged.items():
            if key not in container:
                container[key] = item
                node.keys[key] = merged_node.keys[key]
                node.children[key] = merged_node.children[key]


def parse(raw: bytes, file: str, limits: Limits | None = None) -> Parsed:
    """Read one story file. Never raises for any input: problems come back as errors."""
    limits = limits or Limits()
    text, errors = decode(raw, file, limits)
    if text is None:
        return Parsed(errors=errors)
    text, typed = _typed_controls(text, file)
    composer = _Composer(file, limits, text)
    composer.errors += typed
    loader = _EventLoader(text)
    try:
        # get_event() answers None after the last event: iterating it directly
        # saves yaml.parse()'s generator frame on each of the file's events.
        data, node = composer.compose(iter(loader.get_event, None))
    except _Stop as stop:
        return Parsed(errors=[*composer.errors, stop.diagnostic])
    except yaml.YAMLError as exc:
        return Parsed(errors=[*composer.errors, _syntax_error(exc, text, file, composer.limits)])
    finally:
        loader.dispose()
    if node is None:
        return Parsed(
            errors=[
                Diagnostic(
                    file,
                    Position(1, 1),
                    Code.WRONG_SHAPE,
                    "the file is empty",
                    "fill it in, or delete it if it is not needed",
                )
            ]
        )
    return Parsed(data, node, composer.errors)
