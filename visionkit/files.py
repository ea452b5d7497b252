"""Reading and writing the files people edit, the same safe way everywhere.

:func:`decode_text` turns a file's bytes into text: UTF-8, with or without a
byte-order mark, and nothing else, with the place of the first byte that is not
UTF-8 for the message (each caller words its own). :func:`read_regular` reads
a file someone handed over without ever opening a named pipe or a device.

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
import hashlib
import os
import secrets
import shutil
import stat
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

    Raises :class:`NotUtf8` for anything else, UTF-16 included (with or
    without its byte-order mark).
    """
    if raw.startswith(_UTF16_BOMS) or _utf16_without_bom(raw):
        raise _not_utf8(raw, 0, utf16=True)
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return (raw[start:] if start else raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(raw, start + exc.start) from exc


def _utf16_without_bom(raw: bytes) -> bool:
    """Whether bytes look like UTF-16 saved without a byte-order mark.

    Such bytes are often valid UTF-8 (a NUL is), so they are judged by their
    zero bytes: UTF-16 of text in a Latin script has a zero in every other
    byte, all on the same side of each pair; UTF-8 text has hardly any (a
    stray NUL in a UTF-8 file is left to the reader's own message).
    """
    head = raw[:1024]
    pairs = len(head) // 2
    if not pairs or 0 not in head:
        return False
    zeros, other = sorted((head[0::2].count(0), head[1::2].count(0)), reverse=True)
    return zeros * 4 >= pairs and zeros >= min(pairs, 4) and other * 8 <= zeros


class NotAFile(OSError):
    """A path that is there but is no regular file: a folder, a named pipe, a device.

    ``kind`` says what it is, as a message names it ("a named pipe (FIFO)").
    """

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a file")
        self.path, self.kind = path, kind


def kind_of(mode: int) -> str:
    """What a file system entry is, from its ``st_mode``, as a message names it."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a regular file" if stat.S_ISREG(mode) else "neither a file nor a folder"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit + 1`` of them.

    Anything else raises :class:`NotAFile` without being opened for reading:
    opening a named pipe waits for a writer that never comes, and a device
    never ends. The file is opened without blocking and checked again once
    open, so a file swapped for a pipe in between still cannot hang the reader.
    Reading stops after ``limit + 1`` bytes: a caller that gets more than
    ``limit`` knows the file is too large without holding all of it.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotAFile(path, kind_of(mode))
    fd = os.open(path, os.O_RDONLY | _BINARY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotAFile(path, kind_of(status.st_mode))
        # Asked for its own size and a byte (not the limit: a buffer that large
        # would be made for every file), then for the rest if it grew meanwhile.
        data = handle.read(min(limit, status.st_size) + 1)
        if len(data) <= status.st_size or len(data) > limit:
            return data
        return data + handle.read(limit + 1 - len(data))


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


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's content, in hex, read in blocks (a picture may be large)."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
