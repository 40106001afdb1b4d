"""AWS query protocol (STS): form-encoded ``Action=...&Version=...`` in, XML out.

Response layout follows what botocore's ``QueryParser`` reads:
``<{Op}Response xmlns=NS><{resultWrapper}>...</{resultWrapper}>
<ResponseMetadata><RequestId/></ResponseMetadata></{Op}Response>``; errors are
``<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from botocore.model import Shape

from ..errors import ServiceError, serialization_error
from ..registry import Registry, ServiceEntry
from .base import HttpRequest, HttpResponse, parse_sigv4
from .shapes import from_wire

_XML = "text/xml"


def form_params(http: HttpRequest) -> dict[str, str]:
    """Query-string and form-body parameters (the body wins)."""
    params = dict(parse_qsl(http.query, keep_blank_values=True))
    params.update(parse_qsl(http.body.decode("utf-8", "replace"), keep_blank_values=True))
    return params


def _scalar(text: str, shape: Shape, key: str) -> Any:
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(text)
        if kind in ("float", "double"):
            return float(text)
    except ValueError as exc:
        raise serialization_error(f"Invalid {kind} value {text!r} for {key}") from exc
    if kind == "boolean":
        return text.lower() == "true"
    if kind == "timestamp":
        return from_wire(text, shape, key)
    return text


def unflatten(flat: dict[str, str], shape: Shape, prefix: str = "") -> Any:
    """Typed value of ``shape`` from ``A.B``, ``A.member.N`` and ``A.entry.N.key`` keys."""
    kind = shape.type_name
    if kind == "structure":
        out = {}
        for name, member in shape.members.items():
            wire_name = member.serialization.get("name", name)
            key = f"{prefix}.{wire_name}" if prefix else wire_name
            value = unflatten(flat, member, key)
            if value is not None:
                out[name] = value
        return out if out or not prefix else None
    if kind == "list":
        step = "" if shape.serialization.get("flattened") else ".member"
        items, n = [], 1
        while any(k == f"{prefix}{step}.{n}" or k.startswith(f"{prefix}{step}.{n}.") for k in flat):
            items.append(unflatten(flat, shape.member, f"{prefix}{step}.{n}"))
            n += 1
        if not items and flat.get(prefix) == "":
            return []
        return items or None
    if kind == "map":
        out_map, n = {}, 1
        while f"{prefix}.entry.{n}.key" in flat:
            out_map[flat[f"{prefix}.entry.{n}.key"]] = unflatten(
                flat, shape.value, f"{prefix}.entry.{n}.value"
            )
            n += 1
        return out_map or None
    if prefix not in flat:
        return None
    return _scalar(flat[prefix], shape, prefix)


def _xml_value(value: Any, shape: Shape) -> str:
    kind = shape.type_name
    if kind == "structure":
        parts = []
        for name, item in value.items():
            if item is None:
                continue
            member = shape.members[name]
            tag = member.serialization.get("name", name)
            parts.append(f"<{tag}>{_xml_value(item, member)}</{tag}>")
        return "".join(parts)
    if kind == "list":
        return "".join(f"<member>{_xml_value(v, shape.member)}</member>" for v in value)
    if kind == "map":
        return "".join(
            f"<entry><key>{escape(str(k))}</key><value>{_xml_value(v, shape.value)}</value></entry>"
            for k, v in value.items()
        )
    if kind == "timestamp":
        if isinstance(value, int | float):
            value = datetime.fromtimestamp(value, tz=UTC)
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if kind == "boolean":
        return "true" if value else "false"
    return escape(str(value))


class QueryProtocol:
    name = "query"

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def route(self, http: HttpRequest) -> tuple[ServiceEntry, str]:
        params = form_params(http)
        action, version = params.get("Action", ""), params.get("Version", "")
        candidates = [
            e for e in self._registry.services("query") if action in e.model.operation_names
        ]
        if len(candidates) > 1:  # several query services share the Action name
            _, _, signing = parse_sigv4(http.header("authorization"))
            candidates = [e for e in candidates if e.signing_name == signing] or candidates[:1]
        if not candidates or action not in candidates[0].handlers:
            # STS's wording for an unknown Action.
            raise ServiceError(
                "InvalidAction", f"Could not find operation {action} for version {version}"
            )
        return candidates[0], action

    def parse(self, http: HttpRequest, entry: ServiceEntry, operation: str) -> dict[str, Any]:
        shape = entry.model.operation_model(operation).input_shape
        if shape is None:
            return {}
        flat = {k: v for k, v in form_params(http).items() if k not in ("Action", "Version")}
        return unflatten(flat, shape) or {}

    def serialize(
        self, result: dict[str, Any] | None, entry: ServiceEntry, operation: str, request_id: str
    ) -> HttpResponse:
        op = entry.model.operation_model(operation)
        ns = entry.model.metadata.get("xmlNamespace", "")
        inner = ""
        if op.output_shape is not None:
            wrapper = op.output_shape.serialization.get("resultWrapper", f"{operation}Result")
            inner = f"<{wrapper}>{_xml_value(result or {}, op.output_shape)}</{wrapper}>"
        body = (
            f'<{operation}Response xmlns="{ns}">{inner}'
            f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>"
            f"</{operation}Response>"
        )
        return HttpResponse(
            200, {"Content-Type": _XML, "x-amzn-RequestId": request_id}, body.encode()
        )

    def error(self, err: ServiceError, entry: ServiceEntry | None, request_id: str) -> HttpResponse:
        if entry is None:  # unroutable request: the namespace of the first query service
            served = self._registry.services("query")  # (STS; IAM only serves a simulation)
            entry = served[0] if served else None
        ns = entry.model.metadata.get("xmlNamespace", "") if entry else ""
        ns_attr = f' xmlns="{ns}"' if ns else ""
        kind = "Sender" if err.sender else "Receiver"
        body = (
            f"<ErrorResponse{ns_attr}><Error><Type>{kind}</Type><Code>{escape(err.code)}</Code>"
            f"<Message>{escape(err.message)}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        headers = {"Content-Type": _XML, "x-amzn-RequestId": request_id}
        return HttpResponse(err.status, headers, body.encode())
