"""AWS REST-JSON (``rest-json``): the operation is the HTTP method plus the request path.

Routing, parsing and serialization all come from botocore's model, so a new rest-json
service only needs handlers registered (e.g. ``sagemaker-a2i-runtime``):

* route: each operation's ``http.method`` and ``http.requestUri`` (``/human-loops/{Name}``,
  greedy ``{Key+}`` labels, literal query parts such as ``?x-id=GetObject``); the most
  literal template wins; services sharing a path are told apart by the SigV4 scope;
* input: members located in the ``uri``, ``querystring``, ``header``/``headers`` and the
  JSON body (or the shape's ``payload`` member), typed per their shapes, exactly the
  places botocore's ``RestJSONSerializer`` puts them;
* output: ``header``/``headers`` and ``statusCode`` members go to the response line and
  headers, the rest (or the ``payload`` member) to the JSON body; the status is the
  operation's ``http.responseCode`` (default 200);
* errors: ``x-amzn-ErrorType`` header plus a JSON body with the message under the error
  shape's own member name (``Message`` or ``message``), as botocore's
  ``RestJSONParser`` reads them.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qs, unquote

from botocore.model import OperationModel, Shape

from ..errors import ServiceError, serialization_error
from ..registry import Registry, ServiceEntry
from .base import HttpRequest, HttpResponse, parse_sigv4
from .shapes import from_wire, to_wire

_JSON = "application/json"
_LABEL = re.compile(r"\{([^}]+?)(\+?)\}")


@dataclass(frozen=True, slots=True)
class Route:
    service: str
    operation: str
    method: str
    pattern: re.Pattern[str]
    labels: tuple[str, ...]
    literal_query: tuple[tuple[str, str], ...]
    specificity: tuple[int, int]
    """(literal characters, -labels): the most literal template wins."""

    def match(self, http: HttpRequest) -> dict[str, str] | None:
        if http.method.upper() != self.method:
            return None
        found = self.pattern.fullmatch(http.path)
        if found is None:
            return None
        if self.literal_query:
            query = parse_qs(http.query, keep_blank_values=True)
            for key, value in self.literal_query:
                if key not in query or (value and value not in query[key]):
                    return None
        return {label: unquote(found.group(i + 1)) for i, label in enumerate(self.labels)}


def compile_route(service: str, operation: str, op: OperationModel) -> Route:
    uri = op.http.get("requestUri", "/")
    path, _, query = uri.partition("?")
    labels: list[str] = []
    pattern = []
    at = 0
    literal = 0
    for found in _LABEL.finditer(path):
        text = path[at : found.start()]
        pattern.append(re.escape(text))
        literal += len(text)
        labels.append(found.group(1))
        pattern.append("(.+)" if found.group(2) else "([^/]+)")
        at = found.end()
    pattern.append(re.escape(path[at:]))
    literal += len(path) - at
    literal_query = tuple(
        (k, v[0] if v else "") for k, v in parse_qs(query, keep_blank_values=True).items()
    )
    return Route(
        service=service,
        operation=operation,
        method=op.http.get("method", "POST").upper(),
        pattern=re.compile("".join(pattern) + "/?"),
        labels=tuple(labels),
        literal_query=literal_query,
        specificity=(literal + len(literal_query), -len(labels)),
    )


def _scalar_in(text: str, shape: Shape, where: str) -> Any:
    """A value from the path, query string or a header, typed by its shape."""
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(text)
        if kind in ("float", "double"):
            return float(text)
    except ValueError as exc:
        raise serialization_error(f"Invalid {kind} value {text!r} for {where}") from exc
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise serialization_error(f"Invalid boolean value {text!r} for {where}")
        return text.lower() == "true"
    if kind == "timestamp":  # iso8601 in query strings, rfc822 in headers, or epoch
        try:
            return from_wire(float(text), shape, where)
        except ValueError:
            return from_wire(text, shape, where)
    if kind == "string" and shape.serialization.get("jsonvalue"):
        try:
            return json.loads(base64.b64decode(text))
        except (binascii.Error, ValueError) as exc:
            raise serialization_error(f"Invalid JSON value header {where}") from exc
    if kind == "blob":
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serialization_error(f"Invalid base64 value for {where}") from exc
    return text


def _header_out(value: Any, shape: Shape) -> str:
    kind = shape.type_name
    if kind == "timestamp":  # rfc822, the default of headers
        when = to_wire(value, shape, "unixTimestamp")
        return format_datetime(datetime.fromtimestamp(when, tz=UTC), usegmt=True)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string" and shape.serialization.get("jsonvalue"):
        return base64.b64encode(json.dumps(value).encode()).decode()
    if kind == "list":
        return ",".join(_header_out(v, shape.member) for v in value)
    return str(value)


class RestJsonProtocol:
    name = "rest-json"

    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._routes: list[Route] = []
        self._built_for: tuple[tuple[str, int], ...] = ()
        self._lock = threading.Lock()

    # -- routing ----------------------------------------------------------------
    def _all_routes(self) -> list[Route]:
        entries = self._registry.services("rest-json")
        stamp = tuple((e.name, len(e.handlers)) for e in entries)
        with self._lock:
            if stamp != self._built_for:
                routes = [
                    compile_route(e.name, op, e.model.operation_model(op))
                    for e in entries
                    for op in e.model.operation_names
                ]
                routes.sort(key=lambda r: r.specificity, reverse=True)
                self._routes, self._built_for = routes, stamp
            return self._routes

    def _find(self, http: HttpRequest) -> tuple[Route, dict[str, str]] | None:
        matches = [(r, m) for r in self._all_routes() if (m := r.match(http)) is not None]
        if not matches:
            return None
        best = matches[0][0].specificity
        matches = [(r, m) for r, m in matches if r.specificity == best]
        if len({r.service for r, _ in matches}) > 1:
            _, _, signing = parse_sigv4(http.header("authorization"))
            scoped = [
                (r, m)
                for r, m in matches
                if (entry := self._registry.service(r.service)) and entry.signing_name == signing
            ]
            matches = scoped or matches
        return matches[0]

    def claims(self, http: HttpRequest) -> bool:
        """Whether the method and path are some served rest-json operation's."""
        return self._find(http) is not None

    def route(self, http: HttpRequest) -> tuple[ServiceEntry, str]:
        found = self._find(http)
        if found is None:
            raise ServiceError(
                "UnknownOperationException",
                f"No rest-json operation of the smtui sandbox matches {http.method} {http.path}.",
            )
        route, _ = found
        entry = self._registry.service(route.service)
        assert entry is not None
        if route.operation not in entry.handlers:
            raise ServiceError(
                "UnknownOperationException",
                f"Operation {route.operation!r} exists in {entry.name} but is not implemented "
                "by the smtui sandbox.",
            )
        return entry, route.operation

    # -- input ----------------------------------------------------------------------
    def parse(self, http: HttpRequest, entry: ServiceEntry, operation: str) -> dict[str, Any]:
        op = entry.model.operation_model(operation)
        shape = op.input_shape
        if shape is None:
            return {}
        route = compile_route(entry.name, operation, op)
        labels = route.match(http) or {}
        query = parse_qs(http.query, keep_blank_values=True)
        params: dict[str, Any] = {}
        body_members: dict[str, Shape] = {}
        for name, member in shape.members.items():
            location = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if location == "uri":
                if wire in labels:
                    params[name] = _scalar_in(labels[wire], member, wire)
            elif location == "querystring":
                value = self._query_value(query, wire, member)
                if value is not None:
                    params[name] = value
            elif location == "header":
                text = http.header(wire.lower(), "")
                if text:
                    if member.type_name == "list":
                        parts = [p.strip() for p in text.split(",")]
                        params[name] = [_scalar_in(p, member.member, wire) for p in parts]
                    else:
                        params[name] = _scalar_in(text, member, wire)
            elif location == "headers":
                prefix = wire.lower()
                found = {
                    k[len(prefix) :]: v for k, v in http.headers.items() if k.startswith(prefix)
                }
                if found:
                    params[name] = found
            elif location is None:
                body_members[name] = member
        params.update(self._body(http, shape, body_members))
        return params

    @staticmethod
    def _query_value(query: dict[str, list[str]], wire: str, member: Shape) -> Any:
        if member.type_name == "map":
            return {k: v[0] for k, v in query.items()} or None
        values = query.get(wire)
        if not values:
            return None
        if member.type_name == "list":
            return [_scalar_in(v, member.member, wire) for v in values]
        return _scalar_in(values[0], member, wire)

    @staticmethod
    def _body(http: HttpRequest, shape: Shape, members: dict[str, Shape]) -> dict[str, Any]:
        payload = shape.serialization.get("payload")
        text = http.body.decode("utf-8", "replace").strip()
        if payload:
            member = shape.members[payload]
            if member.type_name in ("blob", "string"):
                return {payload: http.body} if http.body else {}
            if not text:
                return {}
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as exc:
                raise serialization_error(f"Request body is not valid JSON: {exc.msg}") from exc
            return {payload: from_wire(raw, member, payload)}
        if not members or not text:
            return {}
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise serialization_error(f"Request body is not valid JSON: {exc.msg}") from exc
        if not isinstance(raw, dict):
            raise serialization_error("Expected a JSON object as the request body")
        out = {}
        for key, item in raw.items():
            member = members.get(key)
            if member is not None and item is not None:
                out[key] = from_wire(item, member, key)
        return out

    # -- output -----------------------------------------------------------------------
    def serialize(
        self, result: dict[str, Any] | None, entry: ServiceEntry, operation: str, request_id: str
    ) -> HttpResponse:
        op = entry.model.operation_model(operation)
        status = int(op.http.get("responseCode", 200))
        headers = {"Content-Type": _JSON, "x-amzn-RequestId": request_id}
        shape = op.output_shape
        result = result or {}
        if shape is None:
            return HttpResponse(status, headers, b"{}")
        body: dict[str, Any] = {}
        payload = shape.serialization.get("payload")
        raw_body: bytes | None = None
        for name, value in result.items():
            if value is None:
                continue
            member = shape.members.get(name)
            if member is None:
                raise KeyError(f"{shape.name} has no member {name!r}")
            location = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if location == "header":
                headers[wire] = _header_out(value, member)
            elif location == "headers":
                headers.update({f"{wire}{k}": str(v) for k, v in value.items()})
            elif location == "statusCode":
                status = int(value)
            elif name == payload:
                if member.type_name in ("blob", "string"):
                    raw_body = value.encode() if isinstance(value, str) else bytes(value)
                else:
                    raw_body = json.dumps(to_wire(value, member)).encode()
            else:
                body[name] = to_wire(value, member)
        if raw_body is None:
            raw_body = json.dumps(body, separators=(",", ":")).encode()
        return HttpResponse(status, headers, raw_body)

    def error(self, err: ServiceError, entry: ServiceEntry | None, request_id: str) -> HttpResponse:
        key = "message"
        if entry is not None and err.code in entry.model.shape_names:
            members = entry.model.shape_for(err.code).members
            key = "Message" if "Message" in members else key
        body = json.dumps({key: err.message}, separators=(",", ":")).encode()
        headers = {
            "Content-Type": _JSON,
            "x-amzn-RequestId": request_id,
            "x-amzn-ErrorType": err.code,
        }
        return HttpResponse(err.status, headers, body)
