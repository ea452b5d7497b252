"""Problems found in a story folder, as workgroups see them.

Every check in visionkit reports through :class:`Diagnostic` so that the command
line, the MkDocs plugin and the tests all show the same ``FILE:LINE:COL`` text.
Codes are stable: they are what a workgroup searches for in REFERENCE.md.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    NOT_A_SENTENCE = "VK201"
    NOT_FIRST_PERSON = "VK202"
    THEME_WITHOUT_STORY = "VK203"
    PROBLEM_UNRESOLVED = "VK204"
    STAKEHOLDER_KIND_MISSING = "VK205"
    NO_OUTCOME_INDICATOR = "VK206"

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.value.startswith("VK2") else Severity.ERROR


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

    def sort_key(self) -> tuple[str, int, int, str]:
        pos = self.position or Position(0, 0)
        return (self.file, pos.line, pos.column, self.code.value)
