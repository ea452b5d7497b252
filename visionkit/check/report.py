"""Showing a check's findings: to a person, to a program, or to GitHub Actions."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from visionkit.check.run import CheckResult
from visionkit.diagnostics import Diagnostic


def as_text(result: CheckResult, strict: bool = False) -> str:
    lines = [str(d) for d in result.diagnostics]
    lines.append(
        result.summary()
        + (" (warnings count as errors with --strict)" if strict and result.warnings else "")
    )
    if result.diagnostics:  # the first error's code: what stops the build comes first
        code = (result.errors or result.diagnostics)[0].code.value
        lines.append(f"What a code means and how to fix it: visionkit explain {code}")
    return "\n".join(lines)


def as_json(result: CheckResult, strict: bool = False) -> str:
    return json.dumps(
        {
            "version": 1,
            "root": str(result.root),
            "ok": not result.failed(strict),
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "files": list(result.files),
            "diagnostics": [
                {
                    "file": d.file,
                    "line": d.position.line if d.position else None,
                    "column": d.position.column if d.position else None,
                    "severity": d.severity.value,
                    "code": d.code.value,
                    "message": d.message,
                    "fix": d.fix,
                }
                for d in result.diagnostics
            ],
        },
        indent=2,
        ensure_ascii=False,
    )


def _escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _repo_path(result: CheckResult, d: Diagnostic) -> str:
    """The file as GitHub expects it: relative to the checkout (the working folder)."""
    path = result.root / d.file
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def as_github(result: CheckResult, strict: bool = False) -> str:
    lines = []
    for d in result.diagnostics:
        level = "error" if strict or d.severity.value == "error" else "warning"
        props = [f"file={_escape(_repo_path(result, d), True)}"]
        if d.position:
            props += [f"line={d.position.line}", f"col={d.position.column}"]
        props.append(f"title={d.code.value}")
        lines.append(f"::{level} {','.join(props)}::{_escape(d.text)}")
    lines.append(result.summary())
    return "\n".join(lines)


FORMATS: dict[str, Callable[[CheckResult, bool], str]] = {
    "text": as_text,
    "json": as_json,
    "github": as_github,
}
