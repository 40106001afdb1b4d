"""Server-side input validation against botocore's service model.

Two passes over the typed input:

1. ``botocore.validate.ParamValidator`` -- required members, types and
   ``min`` constraints, exactly as a botocore client checks them.
2. The constraints only the service enforces: ``max`` (length or value),
   ``pattern`` and ``enum`` from the shape metadata (ParamValidator's
   ``VALIDATED_METADATA_ATTRS`` does not include them).

Errors are reported in the service's wording, e.g. ``1 validation error
detected: Value '101' at 'maxResults' failed to satisfy constraint: Member
must have value less than or equal to 100`` (the format AWS JSON services use
in ValidationException messages).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from botocore.model import Shape
from botocore.validate import ParamValidator

from ..errors import serialization_error, validation_error


def aws_path(name: str) -> str:
    """``.Tags[0].Key`` -> ``tags.1.member.key`` (AWS names members lowerCamel, 1-based)."""
    out = []
    for part in re.split(r"\.(?![^\[]*\])", name.lstrip(".")):
        if not part:
            continue
        base, *indexes = re.split(r"\[(\d+)\]", part)
        pieces = [base[:1].lower() + base[1:]] if base else []
        pieces += [f"{int(i) + 1}.member" for i in indexes if i]
        out.append(".".join(pieces))
    return ".".join(p for p in out if p)


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "..."


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    """Coral patterns are Java regexes matched whole; None if Python can't compile one."""
    try:
        return re.compile(pattern)
    except re.error:
        return None  # e.g. \p{L} classes: skip rather than reject valid input


def _constraint_errors(value: Any, shape: Shape, name: str, out: list[str]) -> None:
    meta = shape.metadata
    kind = shape.type_name
    where = f"at '{aws_path(name)}'"
    if kind == "structure" and isinstance(value, dict):
        if getattr(shape, "is_document_type", False):
            return
        for key, item in value.items():
            if key in shape.members and item is not None:
                _constraint_errors(item, shape.members[key], f"{name}.{key}", out)
        return
    if kind in ("list", "map") and isinstance(value, list | dict):
        if "max" in meta and len(value) > meta["max"]:
            out.append(
                f"Value '{_show(value)}' {where} failed to satisfy constraint: "
                f"Member must have length less than or equal to {meta['max']}"
            )
        if kind == "list" and isinstance(value, list):
            for i, item in enumerate(value):
                _constraint_errors(item, shape.member, f"{name}[{i}]", out)
        elif kind == "map" and isinstance(value, dict):
            for key, item in value.items():
                _constraint_errors(key, shape.key, name, out)
                _constraint_errors(item, shape.value, f"{name}.{key}", out)
        return
    if kind == "string" and isinstance(value, str):
        if "max" in meta and len(value) > meta["max"]:
            out.append(
                f"Value '{_show(value)}' {where} failed to satisfy constraint: "
                f"Member must have length less than or equal to {meta['max']}"
            )
        enum = meta.get("enum")
        if enum and value not in enum:
            out.append(
                f"Value '{_show(value)}' {where} failed to satisfy constraint: "
                f"Member must satisfy enum value set: [{', '.join(enum)}]"
            )
        pattern = meta.get("pattern")
        # Empty strings are only length-checked: an empty filter such as
        # NameContains="" is accepted rather than failing its "+" pattern.
        if pattern and value:
            regex = _compiled(pattern)
            if regex is not None and regex.fullmatch(value) is None:
                out.append(
                    f"Value '{_show(value)}' {where} failed to satisfy constraint: "
                    f"Member must satisfy regular expression pattern: {pattern}"
                )
        return
    if kind in ("integer", "long", "float", "double") and isinstance(value, int | float):
        if "max" in meta and value > meta["max"]:
            out.append(
                f"Value '{value}' {where} failed to satisfy constraint: "
                f"Member must have value less than or equal to {meta['max']}"
            )


def _botocore_errors(params: dict[str, Any], shape: Shape) -> tuple[list[str], list[str]]:
    """(validation messages, serialization messages) from ParamValidator."""
    report = ParamValidator().validate(params, shape)
    if not report.has_errors():
        return [], []
    messages: list[str] = []
    bad_types: list[str] = []
    for reason, name, extra in getattr(report, "_errors", []):
        if reason == "missing required field":
            path = aws_path(f"{name}.{extra['required_name']}")
            messages.append(
                f"Value null at '{path}' failed to satisfy constraint: Member must not be null"
            )
        elif reason == "invalid length":
            value = _show(extra["param"])
            messages.append(
                f"Value '{value}' at '{aws_path(name)}' failed to satisfy constraint: "
                f"Member must have length greater than or equal to {extra['min_allowed']}"
            )
        elif reason == "invalid range":
            messages.append(
                f"Value '{extra['param']}' at '{aws_path(name)}' failed to satisfy constraint: "
                f"Member must have value greater than or equal to {extra['min_allowed']}"
            )
        elif reason == "invalid type":
            bad_types.append(
                f"Unexpected value type at '{aws_path(name)}': {_show(extra['param'])}"
            )
        else:
            messages.append(f"Invalid value at '{aws_path(name)}': {reason}")
    if not messages and not bad_types:  # private report layout changed: fall back
        messages.append(report.generate_report())
    return messages, bad_types


def validate_input(params: dict[str, Any], shape: Shape | None) -> None:
    """Raise a ValidationException/SerializationException ServiceError if invalid."""
    if shape is None:
        return
    messages, bad_types = _botocore_errors(params, shape)
    if bad_types:
        raise serialization_error("; ".join(bad_types))
    _constraint_errors(params, shape, "", messages)
    if messages:
        count = len(messages)
        noun = "error" if count == 1 else "errors"
        raise validation_error(f"{count} validation {noun} detected: " + "; ".join(messages))
