"""Shape-driven conversion between AWS JSON wire values and Python values.

Input: the decoded JSON body becomes typed values (timestamps -> aware
``datetime``, blobs -> ``bytes``) so that botocore's ``ParamValidator`` can
check it exactly as it checks client-side input.  Output: handler dicts
become JSON-ready values (timestamps -> epoch seconds, the default
``unixTimestamp`` format of the JSON protocols in botocore's serializers).
"""

from __future__ import annotations

import base64
import binascii
import calendar
from datetime import UTC, datetime
from typing import Any

from botocore.model import Shape
from botocore.utils import parse_timestamp

from ..errors import serialization_error


def _timestamp_in(value: Any, path: str) -> Any:
    if isinstance(value, bool):
        raise serialization_error(f"Expected a timestamp at '{path}'")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    if isinstance(value, str):
        try:
            parsed = parse_timestamp(value)
        except (ValueError, TypeError) as exc:
            raise serialization_error(f"Invalid timestamp value '{value}' at '{path}'") from exc
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise serialization_error(f"Expected a timestamp at '{path}'")


def from_wire(value: Any, shape: Shape, path: str = "") -> Any:
    """Typed Python value for a JSON wire value of ``shape``.

    Unknown structure members are dropped, as AWS JSON services ignore them.
    Scalar type mismatches are left for ParamValidator to report.
    """
    kind = shape.type_name
    if value is None:
        return None
    if kind == "structure":
        if getattr(shape, "is_document_type", False):
            return value
        if not isinstance(value, dict):
            raise serialization_error(f"Expected an object at '{path or 'input'}'")
        out = {}
        for key, item in value.items():
            member = shape.members.get(key)
            if member is not None and item is not None:
                out[key] = from_wire(item, member, f"{path}.{key}" if path else key)
        return out
    if kind == "list":
        if not isinstance(value, list):
            raise serialization_error(f"Expected an array at '{path}'")
        return [from_wire(v, shape.member, f"{path}[{i}]") for i, v in enumerate(value)]
    if kind == "map":
        if not isinstance(value, dict):
            raise serialization_error(f"Expected an object at '{path}'")
        return {k: from_wire(v, shape.value, f"{path}.{k}") for k, v in value.items()}
    if kind == "timestamp":
        return _timestamp_in(value, path)
    if kind == "blob" and isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serialization_error(f"Invalid base64 value at '{path}'") from exc
    return value


def _timestamp_out(value: Any, shape: Shape, default_format: str) -> Any:
    if isinstance(value, int | float):
        value = datetime.fromtimestamp(value, tz=UTC)
    fmt = shape.serialization.get("timestampFormat") or default_format
    # Whole milliseconds, truncated, however finely the time is stored: as AWS answers
    # (epoch seconds with three decimals in JSON; ISO 8601 with milliseconds).
    value = value.astimezone(UTC)
    if fmt == "iso8601":
        return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return calendar.timegm(value.utctimetuple()) + value.microsecond // 1000 / 1000


def to_wire(value: Any, shape: Shape | None, timestamp_format: str = "unixTimestamp") -> Any:
    """JSON-ready value of a handler result for ``shape``.

    ``None`` members are omitted.  A member the shape does not know is a
    handler bug, so it raises instead of being silently sent.
    """
    if shape is None:
        return {}
    kind = shape.type_name
    if kind == "structure":
        if getattr(shape, "is_document_type", False):
            return value
        out = {}
        for key, item in value.items():
            if item is None:
                continue
            member = shape.members.get(key)
            if member is None:
                raise KeyError(f"{shape.name} has no member {key!r}")
            out[key] = to_wire(item, member, timestamp_format)
        return out
    if kind == "list":
        return [to_wire(v, shape.member, timestamp_format) for v in value]
    if kind == "map":
        return {k: to_wire(v, shape.value, timestamp_format) for k, v in value.items()}
    if kind == "timestamp":
        return _timestamp_out(value, shape, timestamp_format)
    if kind == "blob":
        raw = value.encode() if isinstance(value, str) else bytes(value)
        return base64.b64encode(raw).decode()
    return value
