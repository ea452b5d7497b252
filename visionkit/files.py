"""Reading and writing the files people edit, the same safe way everywhere.

:func:`decode_text` turns a file's bytes into text: UTF-8, with or without a
byte-order mark, and nothing else, with the place of the first byte that is not
UTF-8 for the message (each caller words its own).

:func:`write_atomic` writes a file so that no reader ever sees it half-written.
The data goes to a uniquely named temporary file beside the target, flushed to
the disk, which then takes the target's name in one rename: an interrupted
build, a full disk or a worker killed mid-write leaves the old file (or none),
never a truncated one; a failure that raises leaves no temporary file. :func:`stage` and
:func:`replace_staged` are its two halves, for writing several files of which
none should change unless all could be written (``visionkit import``).
"""

from __future__ import annotations

import codecs
import os
import secrets
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


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


@dataclass(frozen=True)
class Staged:
    """New content on disk under a temporary name, waiting to take ``path``'s name."""

    temporary: Path
    path: Path


def write_atomic(path: Path, data: bytes) -> None:
    """Give ``path`` the content ``data`` in one step, or leave it as it was.

    On any failure (a full disk, a folder that cannot be written) the
    temporary file is removed and the error raised.
    """
    replace_staged([stage(path, data)])


def stage(path: Path, data: bytes) -> Staged:
    """``data`` in a new temporary file beside ``path``, flushed to the disk.

    The temporary file has a name no other writer uses, and the permissions of
    the file it will replace (a new file gets the usual ones). On any failure
    it is removed and the error raised. :func:`replace_staged` puts it in
    place; :func:`discard_staged` throws it away.
    """
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return Staged(temporary, path)


def replace_staged(staged: Sequence[Staged]) -> None:
    """Give each staged file its target's name, in order, then flush their folders.

    Every file is written before the first rename, so a failure while writing
    changes nothing; a rename that fails (rare: it needs no space) leaves the
    files renamed before it in place. Either way no temporary file is left,
    and the error is raised.
    """
    for done, item in enumerate(staged):
        try:
            os.replace(item.temporary, item.path)
        except BaseException:
            discard_staged(staged[done:])
            raise
    for folder in dict.fromkeys(item.path.parent for item in staged):
        _sync_folder(folder)


def discard_staged(staged: Iterable[Staged]) -> None:
    """Remove staged files that will not be put in place."""
    for item in staged:
        item.temporary.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries, so a rename survives a power cut (where the system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its renames are flushed anyway
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
