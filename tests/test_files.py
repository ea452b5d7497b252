"""Reading and writing the files people edit: one decoder and one atomic writer for all."""

from __future__ import annotations

import codecs
import errno
import os
import pickle
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import MakeStory

from visionkit import files
from visionkit.authoring.importer import plan_import, write_changes
from visionkit.authoring.notes import NotesError, parse_sheet
from visionkit.files import NotUtf8, decode_text, replace_staged, stage, write_atomic
from visionkit.read.yamlsource import parse

BOM = b"\xef\xbb\xbf"


def test_utf8_with_or_without_a_byte_order_mark_is_text() -> None:
    assert decode_text("title: Café\n".encode()) == "title: Café\n"
    assert decode_text(BOM + "title: Café\n".encode()) == "title: Café\n"
    assert decode_text(b"") == ""


def test_the_first_byte_that_is_not_utf8_is_found_where_an_editor_shows_it() -> None:
    with pytest.raises(NotUtf8) as caught:
        decode_text("title: ok\nname: Zoë ".encode() + b"\xeb\n")
    found = caught.value
    assert (found.offset, found.byte, found.line, found.column) == (21, 0xEB, 2, 11)
    assert not found.utf16
    assert pickle.loads(pickle.dumps(found)).column == 11  # worker processes can send it


def test_a_byte_order_mark_counts_as_bytes_of_the_file_but_not_as_a_column() -> None:
    # Before one decoder was shared, the place was counted without the mark and
    # the byte three places too early was named (0x20 here, the space).
    with pytest.raises(NotUtf8) as caught:
        decode_text(BOM + b"title: ok\nname: Zo\xeb\n")
    assert (caught.value.offset, caught.value.byte) == (21, 0xEB)
    assert (caught.value.line, caught.value.column) == (2, 9)
    with pytest.raises(NotUtf8) as caught:
        decode_text(BOM + b"a\xff")
    assert (caught.value.offset, caught.value.line, caught.value.column) == (4, 1, 2)


@pytest.mark.parametrize(
    "raw", ["title: x\n".encode("utf-16"), codecs.BOM_UTF16_BE + "x".encode("utf-16-be")]
)
def test_utf16_is_told_apart(raw: bytes) -> None:
    with pytest.raises(NotUtf8) as caught:
        decode_text(raw)
    assert caught.value.utf16 and (caught.value.line, caught.value.column) == (1, 1)


def test_each_reader_words_the_same_finding_its_own_way() -> None:
    raw = BOM + b"title: ok\nname: Zo\xeb\n"
    parsed = parse(raw, "f.yml")
    assert [str(d) for d in parsed.errors] == [
        "f.yml:2:9: error VK002 byte 0xEB (byte 22 of the file) is not UTF-8 text - save the "
        "file again choosing the 'UTF-8' encoding, or retype the character at this place"
    ]
    with pytest.raises(NotesError, match=r"line 2 has the byte 0xEB, probably an accented"):
        parse_sheet(raw, "notes.csv")


# Writing.


def _failing(real: Callable[..., Any], n: int, error: OSError) -> Callable[..., Any]:
    """``real``, except that its ``n``-th call fails with ``error``."""
    calls = 0

    def fake(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n:
            raise error
        return real(*args)

    return fake


def test_a_file_is_written_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "amira.yml"
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    target.chmod(0o640)
    write_atomic(target, b"newer")
    assert target.read_bytes() == b"newer"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["amira.yml"]


@pytest.mark.parametrize(
    ("function", "error"),
    [
        ("replace", OSError(errno.EXDEV, "Invalid cross-device link")),
        ("fsync", OSError(errno.ENOSPC, "No space left on device")),
    ],
)
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, function: str, error: OSError
) -> None:
    target = tmp_path / "amira.yml"
    target.write_bytes(b"old")
    monkeypatch.setattr(files.os, function, _failing(getattr(os, function), 1, error))
    with pytest.raises(OSError) as caught:
        write_atomic(target, b"new")
    assert caught.value is error
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["amira.yml"]


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
def test_a_disk_that_fills_up_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    # A real failing write(): the file size limit stands in for a full disk.
    target = tmp_path / "amira.yml"
    target.write_bytes(b"old")
    script = f"""
import resource, signal, sys
from pathlib import Path
from visionkit.files import write_atomic
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    write_atomic(Path({str(target)!r}), b"x" * 100_000)
except OSError as exc:
    print(exc.errno)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == str(errno.EFBIG), done.stderr
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["amira.yml"]


def test_staged_files_are_all_written_before_any_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.yml", tmp_path / "b.yml"
    first.write_bytes(b"old a")
    staged = [stage(first, b"new a"), stage(second, b"new b")]
    assert first.read_bytes() == b"old a" and not second.exists()
    # A rename that fails part way: the files before it are in place, no temporary is left.
    error = OSError(errno.EIO, "Input/output error")
    monkeypatch.setattr(files.os, "replace", _failing(os.replace, 2, error))
    with pytest.raises(OSError):
        replace_staged(staged)
    assert first.read_bytes() == b"new a" and not second.exists()
    assert sorted(os.listdir(tmp_path)) == ["a.yml"]


def test_an_import_that_cannot_write_one_file_writes_none(
    make_story: MakeStory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_story()
    csv = (
        "Group,Kind,Theme,Type,Text\n"
        "User group,user,One front door,post-it,A new note\n"
        "Staff group,staff,One front door,post-it,Another note\n"
        "Tenants,user,Keep me posted,post-it,Text me\n"
    )
    report = plan_import(parse_sheet(csv.encode(), "notes.csv"), root)
    assert len(report.changes) == 3 and not report.refused
    before = {p.name: p.read_bytes() for p in (root / "people").iterdir()}
    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(files.os, "fsync", _failing(os.fsync, 3, full))
    with pytest.raises(NotesError, match=r"No space left on device\); nothing was written"):
        write_changes(report)
    assert {p.name: p.read_bytes() for p in (root / "people").iterdir()} == before
