"""Reading and writing the files people edit, the same safe way everywhere.

:func:`decode_text` turns a file's bytes into text: UTF-8, with or without a
byte-order mark, and nothing else, with the place of the first byte that is not
UTF-8 for the message (each caller words its own).

:func:`write_atomic` writes a file so that no reader ever sees it half-written.
The data goes to a temporary file beside the target, which then takes the
target's name in one rename: an interrupted build, a full disk or a worker
killed mid-write leaves the old file (or none), never a truncated one.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class NotUtf8(ValueError):
    """Bytes that are not UTF-8 text.

    ``utf16`` is true when they start with a UTF-16 byte-order mark (what
    Notepad and Excel call "Unicode"); ``offset`` is then 0. Otherwise
    ``offset`` is where the first byte that is not UTF-8 is (from 0, in the
    file's bytes, a byte-order mark counted), ``byte`` that byte's value, and
    ``line`` and ``column`` its place as an editor shows it (from 1; columns
    count characters, the byte-order mark not counted).
    """

    def __init__(self, offset: int, byte: int, line: int, column: int, utf16: bool) -> None:
        super().__init__(offset, byte, line, column, utf16)  # args: it pickles
        self.offset, self.byte, self.line, self.column = offset, byte, line, column
        self.utf16 = utf16

    def __str__(self) -> str:
        if self.utf16:
            return "UTF-16 text, not UTF-8"
        return f"byte 0x{self.byte:02X} at line {self.line}, column {self.column} is not UTF-8"


def _not_utf8(raw: bytes, offset: int, utf16: bool = False) -> NotUtf8:
    start = raw.rfind(b"\n", 0, offset) + 1
    if start == 0 and raw.startswith(codecs.BOM_UTF8):
        start = len(codecs.BOM_UTF8)
    # Everything before the bad byte on its line is UTF-8: it is the first bad one.
    column = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return NotUtf8(offset, raw[offset], raw.count(b"\n", 0, offset) + 1, column, utf16)


def decode_text(raw: bytes) -> str:
    """A text file's bytes as text: UTF-8, a leading byte-order mark dropped.

    Raises :class:`NotUtf8` for anything else, UTF-16 included.
    """
    if raw.startswith(_UTF16_BOMS):
        raise _not_utf8(raw, 0, utf16=True)
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return (raw[start:] if start else raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(raw, start + exc.start) from exc


def write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
