"""The workgroups' reference (REFERENCE.md): its keys section, and ``visionkit explain``.

Error messages name a code; the reference says what triggers it and how to
fix it. The file ships inside the wheel and is read from the source checkout
in a development install, so the command works offline either way.
"""

from __future__ import annotations

import json
import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from visionkit.fields import LENGTHS, Length, described, text_length
from visionkit.model import LogEntry, Person, Priorities, Report, Vision
from visionkit.resources import CHECKOUT, PACKAGE


def reference_text() -> str | None:
    for path in (PACKAGE / "REFERENCE.md", CHECKOUT / "REFERENCE.md"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def explain(code: str) -> str | None:
    """The reference's section about ``code`` (``VK101``), or None if there is none."""
    text = reference_text()
    if text is None:
        return None
    match = re.search(
        rf"^### {re.escape(code.upper())}\b.*?(?=^##|\Z)", text, re.MULTILINE | re.DOTALL
    )
    return match[0].strip().removeprefix("### ") if match else None


# The "Keys" section of REFERENCE.md is made from the model, like the editors'
# schemas: a key's meaning is written once, in model.py.

KEYS_START = (
    "<!-- keys: made by `python -m visionkit.authoring.reference`; edit model.py, not this -->"
)
KEYS_END = "<!-- keys end -->"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in get_args(annotation))


def _example(values: list[Any] | None) -> str:
    if not values:
        return ""
    value = values[0]
    if isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False).replace('"', "")
    else:
        text = str(value)
    return f"`{text}`".replace("|", "\\|")


def _rows(model: type[BaseModel], prefix: str = "") -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        key = f"{prefix}{info.alias or name}"
        required = "yes" if info.is_required() else "no"
        description = described(info).replace("|", "\\|")
        rows.append(f"| `{key}` | {required} | {description} | {_example(info.examples)} |")
        for inner in _models_in(info.annotation):
            rows += _rows(inner, f"{key}{'[]' if _is_list(info.annotation) else ''}.")
    return rows


FILES: list[tuple[str, type[BaseModel]]] = [
    ("`vision.yml`", Vision),
    ("`people/NAME.yml`", Person),
    ("`priorities.yml`", Priorities),
    ("`logs/NAME.yml` (one entry, or a list of entries)", LogEntry),
    ("`reports/PERIOD.yml` (one progress report)", Report),
]


def _keys_by_length(model: type[BaseModel], prefix: str = "") -> list[tuple[Length, str]]:
    found = []
    for name, info in model.model_fields.items():
        key = f"{prefix}{info.alias or name}"
        length = text_length(info.annotation, info.metadata)
        if length is not None:
            found.append((length, key))
        for inner in _models_in(info.annotation):
            found += _keys_by_length(inner, f"{key}{'[]' if _is_list(info.annotation) else ''}.")
    return found


def lengths_markdown() -> str:
    """How long each kind of text may be, and which keys are of each kind."""
    keys: dict[Length, list[str]] = {}
    for _, model in FILES:
        for length, key in _keys_by_length(model):
            keys.setdefault(length, [])
            if f"`{key}`" not in keys[length]:
                keys[length].append(f"`{key}`")
    rows = [
        "| text | reads well up to (VK207 above) | at most (VK111 above) | why | keys |",
        "|---|---|---|---|---|",
    ]
    for length in LENGTHS:
        readable = f"{length.readable:,}" if length.readable is not None else ""
        rows.append(
            f"| {length.kind} | {readable} | {length.limit:,} | {length.why} | "
            f"{', '.join(keys.get(length, []))} |"
        )
    return "\n".join(rows)


def keys_markdown() -> str:
    """Every key of every story-file type, with what it means and an example."""
    parts = [KEYS_START]
    for title, model in FILES:
        parts += [
            "",
            f"### {title}",
            "",
            "| key | required | what it is | example |",
            "|---|---|---|---|",
            *_rows(model),
        ]
    parts += [
        "",
        "### How long a text may be",
        "",
        "Lengths are in characters, counted once the spaces around a text are removed "
        "(Markdown counts as typed).",
        "",
        lengths_markdown(),
        "",
        KEYS_END,
    ]
    return "\n".join(parts)


def with_keys(text: str) -> str:
    """``text`` (REFERENCE.md) with its keys section made afresh."""
    start, end = text.index(KEYS_START), text.index(KEYS_END) + len(KEYS_END)
    return text[:start] + keys_markdown() + text[end:]


if __name__ == "__main__":  # python -m visionkit.authoring.reference: refresh REFERENCE.md's keys
    path = CHECKOUT / "REFERENCE.md"
    path.write_text(with_keys(path.read_text(encoding="utf-8")), encoding="utf-8")
