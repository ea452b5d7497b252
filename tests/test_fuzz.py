"""Whatever bytes a workgroup saves, the loader answers with its own errors, never a crash."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from visionkit import Diagnostic, check
from visionkit.read.yamlsource import parse

# Text built from YAML's own punctuation finds parser corners faster than random text.
yamlish = st.text(
    alphabet=st.sampled_from(list("abc:- \n\t[]{}&*!|>'\"#%@`,?~012.\\\u00e9\u202e\x00\x85"))
    | st.characters(),
    max_size=300,
)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300) | yamlish.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_parse_never_raises(raw: bytes) -> None:
    parsed = parse(raw, "f.yml")
    assert all(isinstance(d, Diagnostic) for d in parsed.errors)
    assert parsed.node is not None or parsed.errors  # a result or a reason, never neither


FILES = ["vision.yml", "people/a.yml", "priorities.yml", "logs/l.yml"]


@settings(max_examples=150, deadline=None)
@given(contents=st.lists(yamlish, min_size=len(FILES), max_size=len(FILES)))
def test_check_never_raises_on_any_folder(
    tmp_path_factory: pytest.TempPathFactory, contents: list[str]
) -> None:
    root = tmp_path_factory.mktemp("s")
    for name, text in zip(FILES, contents, strict=True):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    result = check(root)
    assert all(isinstance(d, Diagnostic) for d in result.diagnostics)
    for d in result.diagnostics:
        assert d.file and d.message


structured = st.recursive(
    st.none() | st.text(max_size=20) | st.integers().map(str),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "service",
                    "partners",
                    "name",
                    "logo",
                    "problems",
                    "id",
                    "text",
                    "kind",
                    "group",
                    "persona",
                    "themes",
                    "stories",
                    "role",
                    "votes",
                    "priorities",
                    "agenda",
                    "priority",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(vision=structured, person=structured, priorities=structured)
def test_check_never_raises_on_wrongly_shaped_valid_yaml(
    tmp_path_factory: pytest.TempPathFactory, vision: object, person: object, priorities: object
) -> None:
    root = tmp_path_factory.mktemp("s")
    (root / "people").mkdir()
    # JSON is YAML: every shape of nested data, written as a workgroup never would.
    (root / "vision.yml").write_text(json.dumps(vision))
    (root / "people/a.yml").write_text(json.dumps(person))
    (root / "priorities.yml").write_text(json.dumps(priorities))
    result = check(root)
    assert all(isinstance(d, Diagnostic) for d in result.diagnostics)
