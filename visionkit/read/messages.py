"""From pydantic's validation errors to a workgroup's ``FILE:LINE:COL`` messages.

pydantic reports where a value is wrong as a path (``("themes", 0, "id")``);
the reader's :class:`~visionkit.read.yamlsource.Node` tree turns that path into the
line and column of the YAML node. This module also words each error type in
plain English and suggests the nearest known key for a typo. Whatever a message
quotes from the file (a value, a key) is a short, escaped excerpt
(:func:`visionkit.diagnostics.excerpt`).
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from visionkit.diagnostics import Code, Diagnostic, excerpt
from visionkit.fields import MAX_VOTES
from visionkit.read.yamlsource import Node

M = TypeVar("M")

Loc = tuple[str | int, ...]


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    return f"'{excerpt(str(value))}'"


def _quoted_values(error: ErrorDetails) -> str:
    """pydantic's message with the values it quotes from the file cut short and escaped.

    The model's own messages (an id that is not a slug, a date that is not a
    date) put the value typed, and what is made of it, into their text.
    """
    msg = error["msg"]
    for value in (error.get("ctx") or {}).values():
        if isinstance(value, str) and value and value != excerpt(value):
            msg = msg.replace(value, excerpt(value))
    return msg


def _digits(value: Any) -> int:
    return sum(ch.isdigit() for ch in value) if isinstance(value, str) else 0


def _label(loc: Loc) -> str:
    """The YAML key a path ends in, as a workgroup names it ("themes item 2")."""
    if len(loc) >= 3 and loc[-1] == "[key]":
        return f"the key '{excerpt(str(loc[-2]))}' under '{excerpt(str(loc[-3]))}'"
    for i in range(len(loc) - 1, -1, -1):
        step = loc[i]
        if isinstance(step, str) and step != "[key]":
            tail = loc[i + 1 :]
            if tail and isinstance(tail[0], int):
                return f"item {tail[0] + 1} of '{excerpt(step)}'"
            return f"'{excerpt(step)}'"
    if loc and isinstance(loc[0], int):
        return f"entry {loc[0] + 1}"
    return "the file"


def _unwrap(annotation: Any) -> list[Any]:
    """The model or container types a field annotation can hold."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def known_keys(root: Any, loc: Loc) -> list[str]:
    """The keys allowed in the mapping at ``loc`` below the type ``root``."""
    candidates = _unwrap(root)
    for step in loc:
        following: list[Any] = []
        for candidate in candidates:
            origin = typing.get_origin(candidate)
            if isinstance(step, int) and origin is list:
                following += _unwrap(typing.get_args(candidate)[0])
            elif (
                isinstance(step, str)
                and isinstance(candidate, type)
                and issubclass(candidate, BaseModel)
            ):
                field = _fields_by_key(candidate).get(step)
                if field is not None:
                    following += _unwrap(field.annotation)
        candidates = following
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return list(_fields_by_key(candidate))
    return []


def _fields_by_key(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A model's fields by the key a file writes: ``from`` for the field ``from_``."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


def _message(error: ErrorDetails, root: Any) -> tuple[Code, str, str | None]:
    kind = error["type"]
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    label = _label(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = known_keys(root, loc[:-1])
        near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        fix = (
            f"did you mean '{near[0]}'?"
            if near
            else (f"the keys allowed here are: {', '.join(allowed)}" if allowed else None)
        )
        return Code.UNKNOWN_KEY, f"unknown key '{excerpt(key)}'", fix
    if kind == "missing":
        key = str(loc[-1])
        where = _label(loc[:-1]) if len(loc) > 1 else "the file"
        return (
            Code.MISSING_KEY,
            f"{where} is missing the required key '{key}'",
            (f"add a line '{key}: ...'"),
        )
    if kind == "missing_key":
        return Code.MISSING_KEY, error["msg"], None
    if kind in ("string_type", "str_type"):
        return (
            Code.WRONG_VALUE,
            f"{label} should be text, but it is {_describe(value)}",
            (
                "write a single line of text, or use '|' for several lines"
                if isinstance(value, list | dict)
                else None
            ),
        )
    if kind in ("list_type",):
        return (
            Code.WRONG_VALUE,
            f"{label} should be a list, but it is {_describe(value)}",
            ("start each item on its own line with '- '"),
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return (
            Code.WRONG_SHAPE if not loc else Code.WRONG_VALUE,
            f"{label} should be a mapping of keys, but it is " + (_describe(value)),
            "write it as indented 'key: value' lines",
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        options = [o.strip() for o in expected.replace(" or ", ",").split(",") if o.strip()]
        near = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        fix = f"did you mean '{near[0]}'?" if near else None
        return (
            Code.WRONG_VALUE,
            (f"{label} must be one of {', '.join(options)}, not {_describe(value)}"),
            fix,
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return (
            Code.WRONG_VALUE,
            (f"{label} should be a whole number, not {_describe(value)}"),
            "write digits only, e.g. 12",
        )
    if kind in ("greater_than_equal",):
        return Code.WRONG_VALUE, f"{label} must be 0 or more, not {_describe(value)}", None
    if kind in ("less_than_equal", "int_parsing_size"):
        # Only votes have an upper bound: a count of dots, never a 5,000-digit number.
        size = f"a number of {_digits(value):,} digits" if _digits(value) > 12 else None
        return (
            Code.WRONG_VALUE,
            f"{label} must be a count of dots up to {MAX_VOTES:,}, not {size or _describe(value)}",
            "write the number of votes the cluster or priority got, e.g. 12",
        )
    if kind == "too_short":
        return (
            Code.MISSING_KEY if not value else Code.WRONG_VALUE,
            (f"{label} needs at least one item"),
            None,
        )
    if kind == "too_long":  # the model's Length: the message quotes nothing of the text
        return (
            Code.TEXT_TOO_LONG,
            f"{label} is too long: {error['msg']}",
            f"shorten it to {ctx['limit']:,} characters or fewer; it has {ctx['length']:,}",
        )
    if kind in ("empty", "slug", "date", "time", "email", "number", "boolean", "choice", "order"):
        return Code.WRONG_VALUE, f"{label}: {_quoted_values(error)}", None
    return Code.WRONG_VALUE, f"{label}: {_quoted_values(error).lower()}", None


def to_diagnostics(exc: ValidationError, root: Any, file: str, node: Node) -> list[Diagnostic]:
    """Every error of one file, each pointed at its YAML node."""
    found: list[Diagnostic] = []
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        code, message, fix = _message(error, root)
        position = node.key_position(loc) if code is Code.UNKNOWN_KEY else node.find(loc)
        found.append(Diagnostic(file, position, code, message, fix))
    return found


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(root: Any) -> TypeAdapter[Any]:
    """Building a validator is costly; each root type gets one per process."""
    if root not in _ADAPTERS:
        _ADAPTERS[root] = TypeAdapter(root)
    return _ADAPTERS[root]


def validate(root: type[M], data: Any, file: str, node: Node) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` as ``root``; on failure, the diagnostics instead."""
    try:
        return _adapter(root).validate_python(data), []
    except ValidationError as exc:
        return None, to_diagnostics(exc, root, file, node)
