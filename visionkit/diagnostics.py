"""Problems found in a story folder, as workgroups see them.

Every check in visionkit reports through :class:`Diagnostic` so that the command
line, the MkDocs plugin and the tests all show the same ``FILE:LINE:COL`` text.
Codes are stable: they are what a workgroup searches for in REFERENCE.md.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """Stable rule codes; the value is shown in every message.

    VK0xx: the file itself cannot be read. VK1xx: the content breaks the
    story-file contract (errors). VK2xx: the content breaks the method (warnings).
    """

    YAML_SYNTAX = "VK001"
    NOT_UTF8 = "VK002"
    FILE_TOO_LARGE = "VK003"
    DUPLICATE_KEY = "VK004"
    TOO_COMPLEX = "VK005"
    WRONG_SHAPE = "VK006"
    UNSUPPORTED_TAG = "VK007"
    MISSING_FILE = "VK008"
    BAD_FILE_NAME = "VK009"
    CONTROL_CHARACTER = "VK010"
    UNKNOWN_KEY = "VK101"
    MISSING_KEY = "VK102"
    WRONG_VALUE = "VK103"
    DUPLICATE_ID = "VK104"
    UNKNOWN_ID = "VK105"
    PICTURE_MISSING = "VK106"
    PICTURE_OUTSIDE = "VK107"
    PICTURE_NOT_IMAGE = "VK108"
    PICTURE_TOO_LARGE = "VK109"
    CONFIDENTIAL_NAME = "VK110"
    TEXT_TOO_LONG = "VK111"
    CATALOGUE_SYNTAX = "VK112"
    NOT_A_SENTENCE = "VK201"
    NOT_FIRST_PERSON = "VK202"
    THEME_WITHOUT_STORY = "VK203"
    PROBLEM_UNRESOLVED = "VK204"
    STAKEHOLDER_KIND_MISSING = "VK205"
    NO_OUTCOME_INDICATOR = "VK206"
    TEXT_HARD_TO_READ = "VK207"
    SAMPLE_PAGE = "VK208"
    PLACEHOLDER_PERSONA = "VK209"
    STARTER_CONTENT = "VK210"
    STARTER_HOME_PAGE = "VK211"
    NO_SITE_URL = "VK212"
    NO_READING_IN_PERIOD = "VK213"
    READINGS_WITHOUT_BASELINE = "VK214"
    EVIDENCE_UNLINKED = "VK215"
    UNTRANSLATED = "VK216"
    FUZZY_TRANSLATION = "VK217"

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.value.startswith("VK2") else Severity.ERROR


#: How many characters of a story file a message quotes at most.
EXCERPT_LIMIT = 40

#: C0 and C1 control characters and DEL: what no story value may hold (tab and
#: newline excepted).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: The same in a file's text, where a carriage return ends a line (Windows).
CONTROL_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Never printed as they are in a message: every control character (a message is
# one line), the line and paragraph separators, and the bidirectional controls
# that reorder what a terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
#: Each C0 control character's abbreviation and, for those people meet, its name.
_C0_NAMES = (
    *("NUL null", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL bell", "BS backspace"),
    *("HT tab", "LF line feed", "VT vertical tab", "FF form feed", "CR carriage return"),
    *("SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB"),
    *("ESC escape", "FS", "GS", "RS", "US"),
)


def _escape(char: str) -> str:
    code = ord(char)
    return _ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def excerpt(text: str, limit: int | None = EXCERPT_LIMIT) -> str:
    """Text from a story file as a message quotes it: short, on one line, nothing hidden.

    Control characters, line breaks and bidirectional controls are shown
    escaped (``\\n``, ``\\x1b``, ``\\u202e``), so a message can neither break
    the one-line ``FILE:LINE:COL`` format nor colour or rewrite the terminal;
    and at most ``limit`` characters are shown (the last of them ``…`` when
    cut; an escape is never cut), so no message repeats a file. Every message
    that quotes a value, a key, a path or a file name goes through here
    (``limit=None`` for a file name, which must stay whole to be found).
    """
    if limit is None:
        return _UNPRINTABLE.sub(lambda match: _escape(match[0]), text)
    pieces = [_escape(c) if _UNPRINTABLE.match(c) else c for c in text[: limit + 1]]
    if len(text) <= limit and sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    size = 0
    for count, piece in enumerate(pieces):
        if size + len(piece) > limit - 1:
            return "".join(pieces[:count]) + "…"
        size += len(piece)
    raise AssertionError("unreachable: the pieces are longer than the limit")


def control_name(char: str) -> str:
    """A control character as a message names it: ``ESC (escape, U+001B)``."""
    code = ord(char)
    if code < 0x20:
        abbreviation, _, words = _C0_NAMES[code].partition(" ")
    elif code == 0x7F:
        abbreviation, words = "DEL", "delete"
    elif code == 0x85:
        abbreviation, words = "NEL", "next line"
    else:
        return f"U+{code:04X}"
    return f"{abbreviation} ({words + ', ' if words else ''}U+{code:04X})"


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column, as editors show them."""

    line: int
    column: int


@dataclass(frozen=True)
class Diagnostic:
    """One finding. ``file`` is relative to the story folder, with ``/`` separators.

    ``position`` is None only for findings about the folder as a whole (for
    example "no page of kind staff"), where no single line is to blame.
    """

    file: str
    position: Position | None
    code: Code
    message: str
    fix: str | None = None

    @property
    def severity(self) -> Severity:
        return self.code.severity

    @property
    def text(self) -> str:
        """The message and its fix as one plain-English sentence."""
        return f"{self.message} - {self.fix}" if self.fix else self.message

    @property
    def where(self) -> str:
        if self.position is None:
            return self.file
        return f"{self.file}:{self.position.line}:{self.position.column}"

    def __str__(self) -> str:
        return f"{self.where}: {self.severity.value} {self.code.value} {self.text}"

    def seen_from(self, stories_dir: str) -> Diagnostic:
        """The finding with its file named from the folder that holds the story folder
        ``stories_dir`` (the site's), as the build's log names it: ``stories/vision.yml``,
        and ``mkdocs.yml`` for ``../mkdocs.yml``."""
        file = posixpath.normpath(posixpath.join(stories_dir, self.file))
        return replace(self, file=file + ("/" if self.file.endswith("/") else ""))

    def sort_key(self) -> tuple[str, int, int, str]:
        pos = self.position or Position(0, 0)
        return (self.file, pos.line, pos.column, self.code.value)
