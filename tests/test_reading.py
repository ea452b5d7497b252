"""The safe YAML reader: text as typed, every position kept, every bound enforced."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from visionkit.diagnostics import Position
from visionkit.read.yamlsource import Limits, parse


def _error(raw: bytes, limits: Limits | None = None) -> tuple[str, int, int, str]:
    parsed = parse(raw, "people/x.yml", limits)
    assert parsed.node is None or parsed.errors, parsed.data
    d = parsed.errors[0]
    assert d.position is not None
    return d.code.value, d.position.line, d.position.column, d.text


def test_scalars_stay_the_text_that_was_typed() -> None:
    parsed = parse(
        b"time: 08:30\ntitle: NO\ntext: 1.10\nn: 012\non: yes\nempty:\ntilde: ~\nq: ''\n", "f.yml"
    )
    assert parsed.errors == []
    assert parsed.data == {
        "time": "08:30",
        "title": "NO",
        "text": "1.10",
        "n": "012",
        "on": "yes",
        "empty": None,
        "tilde": None,
        "q": "",
    }


def test_every_value_and_key_keeps_its_position() -> None:
    parsed = parse(b"a:\n  - x: 1\n    y: [2, 3]\n", "f.yml")
    assert parsed.node is not None
    assert parsed.node.find(("a", 0, "y", 1)) == Position(3, 12)
    assert parsed.node.key_position(("a", 0, "y")) == Position(3, 5)
    assert parsed.node.find(("a", 0, "missing")) == Position(2, 5)


def test_a_duplicate_key_is_reported_at_the_second_and_the_first_is_kept() -> None:
    parsed = parse(b"stories:\n  - one\nstories:\n  - two\n", "f.yml")
    assert parsed.data == {"stories": ["one"]}
    [d] = parsed.errors
    assert (d.code.value, d.position) == ("VK004", Position(3, 1))
    assert "first on line 1" in d.message


def test_anchors_aliases_and_merge_keys_work() -> None:
    parsed = parse(b"base: &b {kind: user, group: A}\nx:\n  <<: *b\n  group: B\ny: *b\n", "f.yml")
    assert parsed.errors == []
    assert parsed.data["x"] == {"kind": "user", "group": "B"}
    assert parsed.data["y"] == {"kind": "user", "group": "A"}


def _laughs(levels: int, width: int = 10) -> bytes:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return ("\n".join(lines) + "\n").encode()


def test_a_billion_laughs_file_is_rejected_quickly_and_cheaply() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    code, line, _, text = _error(_laughs(10))
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert code == "VK005" and "aliases" in text
    assert line <= 7  # stopped as soon as the expansion passed the bound
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024


def test_a_ten_megabyte_file_of_nested_aliases_is_rejected_in_under_a_second() -> None:
    raw = _laughs(9, width=9) + b"pad: [" + b"*a8, " * (2 * 1024 * 1024) + b"*a8]\n"
    assert len(raw) > 10 * 1024 * 1024
    started = time.perf_counter()
    code, *_ = _error(raw)
    assert time.perf_counter() - started < 1.0
    assert code == "VK003"
    # And with the size limit lifted, the alias bound still stops it in time.
    started = time.perf_counter()
    code, *_ = _error(raw, Limits(max_bytes=64 * 1024 * 1024))
    assert time.perf_counter() - started < 1.0
    assert code == "VK005"


def test_deep_nesting_is_rejected() -> None:
    assert _error(b"[" * 5000 + b"]" * 5000)[:2] == ("VK005", 1)


@pytest.mark.parametrize(
    "raw", [b"a: !!python/object/apply:os.system ['true']\n", b"a: !custom x\n", b"a: !!int 3\n"]
)
def test_tags_are_refused(raw: bytes) -> None:
    code, line, column, text = _error(raw)
    assert (code, line, column) == ("VK007", 1, 4)
    assert "not supported" in text


def test_str_tag_is_allowed_as_text() -> None:
    assert parse(b"a: !!str 08:30\n", "f.yml").data == {"a": "08:30"}


def test_two_documents_are_an_error() -> None:
    assert _error(b"a: 1\n---\nb: 2\n")[:2] == ("VK006", 2)


def test_not_utf8_names_the_byte_and_line() -> None:
    code, line, column, text = _error(b"title: ok\nname: Zo" + b"\xeb" + b"\n")
    assert (code, line, column) == ("VK002", 2, 9)
    assert "0xEB" in text and "byte 19" in text and "UTF-8" in text


def test_utf16_is_recognised() -> None:
    code, _, _, text = _error("title: x\n".encode("utf-16"))
    assert code == "VK002" and "UTF-16" in text


def test_a_utf8_byte_order_mark_is_fine() -> None:
    assert parse("\ufefftitle: Café\n".encode(), "f.yml").data == {"title": "Café"}


def test_a_control_character_is_refused_at_its_place_and_the_file_still_read() -> None:
    parsed = parse(b"a: ok\nb: x\x01y\n", "people/x.yml")
    [d] = parsed.errors
    assert (d.code.value, d.position) == ("VK010", Position(2, 5))
    assert "SOH (U+0001)" in d.message
    assert parsed.data == {"a": "ok", "b": "x\ufffdy"}


def test_a_non_scalar_key_is_refused() -> None:
    assert _error(b"? [a, b]\n: c\n")[0] == "VK006"


def test_empty_and_comment_only_files_are_empty() -> None:
    for raw in (b"", b"# just a comment\n", b"\n\n"):
        assert _error(raw)[0] == "VK006"


def test_file_size_limit() -> None:
    code, _, _, text = _error(b"a: " + b"x" * 3_000_000 + b"\n")
    assert code == "VK003" and "2 MB" in text
