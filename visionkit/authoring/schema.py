"""JSON Schemas of the story files, for editors, made from the model the checker uses.

VS Code's YAML extension (and any editor using yaml-language-server) reads a
schema named in a file's first line, ``# yaml-language-server: $schema=...``,
and then completes keys, shows each key's description on hover and underlines
mistakes as the workgroup types. The schemas come from :mod:`visionkit.model`
(descriptions and examples included), so they cannot disagree with
``visionkit check`` about what a key means. What a schema cannot see - ids
that refer to other files, pictures on disk, confidential names, the method's
warnings - stays the checker's job.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from visionkit.files import write_atomic
from visionkit.model import LogEntry, Person, Priorities, Report, Vision

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _file_schemas() -> dict[str, tuple[str, Any]]:
    """File type -> (what the file is, the type a file of it holds)."""
    return {
        "vision": ("vision.yml: the vision, its partners and today's problems", Vision),
        "people": ("people/NAME.yml: one stakeholder page, a day in the life", Person),
        "priorities": ("priorities.yml: the priorities day", Priorities),
        "log": (
            "logs/NAME.yml: the user log, one entry or a list of entries",
            LogEntry | list[LogEntry],
        ),
        "report": ("reports/PERIOD.yml: one progress report", Report),
    }


def schemas() -> dict[str, dict[str, Any]]:
    """Every file type's schema, by file type name (``people``, ``vision``...)."""
    made: dict[str, dict[str, Any]] = {}
    for name, (title, kind) in _file_schemas().items():
        schema = (
            kind.model_json_schema()
            if isinstance(kind, type) and issubclass(kind, BaseModel)
            else TypeAdapter(kind).json_schema()
        )
        made[name] = {
            "$schema": DIALECT,
            "$id": f"{name}.schema.json",
            **schema,
            "title": f"visionkit story file: {title}",
            "description": f"A visionkit story file ({title}). Check it with `visionkit check`.",
        }
    return made


def schema_json(schema: dict[str, Any]) -> str:
    """A schema as the text of its ``.schema.json`` file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (atomically); return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / f"{name}.schema.json"
        write_atomic(path, schema_json(schema).encode())
        written.append(path)
    return written
