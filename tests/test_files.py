"""Reading and writing the files people edit: one decoder and one atomic writer for all."""

from __future__ import annotations

import codecs
import pickle

import pytest

from visionkit.authoring.notes import NotesError, parse_sheet
from visionkit.files import NotUtf8, decode_text
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
