"""AWS REST-XML (``rest-xml``, S3 among others): routed by HTTP method and path like
REST-JSON, with XML bodies and errors.

Routing and input parsing are REST-JSON's (protocols/rest_json.py): both protocols place
members in the URI, query string and headers the same way (botocore's ``RestXMLSerializer``
and ``RestJSONSerializer`` share ``BaseRestSerializer``). S3 is addressed path-style,
``/{Bucket}/{Key+}`` (what botocore sends to a custom ``endpoint_url`` such as the
sandbox's), or virtual-host style, ``{bucket}.localhost:port/{Key+}`` (rewritten to the
path style before routing).

* output: header members to headers (REST-JSON's rules), a blob or string ``payload``
  (S3 GetObject's ``Body``) as the raw body, other members as an XML document whose root
  is the output shape's name;
* errors: S3 answers a bare ``<Error><Code/><Message/>...<RequestId/></Error>``; other
  rest-xml services wrap it in ``<ErrorResponse>`` with a ``<Type>`` (botocore's
  ``RestXMLParser`` reads both). Extra fields of an error (S3's ``Key``, ``BucketName``)
  come from the error's ``fields`` attribute.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from xml.sax.saxutils import escape

from botocore.model import Shape

from ..errors import ServiceError
from ..registry import ServiceEntry
from .base import HttpRequest, HttpResponse, parse_sigv4
from .rest_json import RestJsonProtocol, Route, _header_out, compile_route
from .shapes import to_wire

_XML = "application/xml"
_VIRTUAL_HOST = re.compile(r"^(?P<bucket>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.localhost(:\d+)?$")


def _virtual_host(http: HttpRequest) -> HttpRequest:
    """``bucket.localhost:port/key`` as ``/bucket/key`` (virtual-hosted-style S3)."""
    found = _VIRTUAL_HOST.match(http.header("host").lower())
    if found is None:
        return http
    return replace(http, path="/" + found.group("bucket") + http.path)


def _xml_value(value: Any, shape: Shape, name: str) -> str:
    kind = shape.type_name
    if kind == "structure":
        inner = "".join(
            _xml_value(v, shape.members[k], shape.members[k].serialization.get("name", k))
            for k, v in value.items()
            if v is not None
        )
        return f"<{name}>{inner}</{name}>"
    if kind == "list":
        member = shape.member
        item = member.serialization.get("name", "member")
        items = "".join(_xml_value(v, member, item) for v in value)
        if shape.serialization.get("flattened"):
            return "".join(_xml_value(v, member, name) for v in value)
        return f"<{name}>{items}</{name}>"
    if kind == "boolean":
        text = "true" if value else "false"
    elif kind == "timestamp":
        text = str(to_wire(value, shape, "iso8601"))
    else:
        text = str(value)
    return f"<{name}>{escape(text)}</{name}>"


class RestXmlProtocol(RestJsonProtocol):
    name = "rest-xml"

    def _all_routes(self) -> list[Route]:
        entries = self._registry.services("rest-xml")
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

    def claims(self, http: HttpRequest, *, signed: bool = True) -> bool:
        """A served rest-xml operation's method and path, signed for that service (SigV4
        scope ``s3``): S3's ``/{Bucket}/{Key+}`` would otherwise match any GET. With
        ``signed=False``, an unsigned request for a served operation is claimed too."""
        http = _virtual_host(http)
        found = self._find(http)
        if found is None:
            return False
        entry = self._registry.service(found[0].service)
        if entry is None:
            return False
        _, _, signing = parse_sigv4(http.header("authorization"))
        if signing is None:  # unsigned: only an operation the sandbox serves (not `GET /`)
            return not signed and found[0].operation in entry.handlers
        return entry.signing_name == signing

    def route(self, http: HttpRequest) -> tuple[ServiceEntry, str]:
        return super().route(_virtual_host(http))

    def parse(self, http: HttpRequest, entry: ServiceEntry, operation: str) -> dict[str, Any]:
        return super().parse(_virtual_host(http), entry, operation)

    def serialize(
        self, result: dict[str, Any] | None, entry: ServiceEntry, operation: str, request_id: str
    ) -> HttpResponse:
        op = entry.model.operation_model(operation)
        status = int(op.http.get("responseCode", 200))
        headers = {"Content-Type": _XML, "x-amz-request-id": request_id}
        shape = op.output_shape
        result = result or {}
        if shape is None:
            return HttpResponse(status, headers, b"")
        payload = shape.serialization.get("payload")
        raw: bytes | None = None
        body: dict[str, Any] = {}
        for name, value in result.items():
            if value is None:
                continue
            member = shape.members.get(name)
            if member is None:
                raise KeyError(f"{shape.name} has no member {name!r}")
            location = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if location == "header":
                if wire.lower() != "content-length":  # the server writes the real length
                    headers[wire] = _header_out(value, member)
            elif location == "headers":
                headers.update({f"{wire}{k}": str(v) for k, v in value.items()})
            elif location == "statusCode":
                status = int(value)
            elif name == payload and member.type_name in ("blob", "string"):
                raw = value.encode() if isinstance(value, str) else bytes(value)
            elif name == payload:
                root = member.serialization.get("name", member.name)
                raw = _xml_value(value, member, root).encode()
            else:
                body[name] = value
        if raw is None:
            if body:
                root = shape.serialization.get("name", shape.name)
                raw = (
                    '<?xml version="1.0" encoding="UTF-8"?>' + _xml_value(body, shape, root)
                ).encode()
            else:
                raw = b""
        return HttpResponse(status, headers, raw)

    def error(self, err: ServiceError, entry: ServiceEntry | None, request_id: str) -> HttpResponse:
        fields = "".join(
            f"<{k}>{escape(str(v))}</{k}>" for k, v in (getattr(err, "fields", None) or {}).items()
        )
        inner = f"<Code>{escape(err.code)}</Code><Message>{escape(err.message)}</Message>{fields}"
        if entry is None or entry.name == "s3":
            text = f"<Error>{inner}<RequestId>{request_id}</RequestId></Error>"
        else:
            kind = "Sender" if err.sender else "Receiver"
            text = (
                f"<ErrorResponse><Error><Type>{kind}</Type>{inner}</Error>"
                f"<RequestId>{request_id}</RequestId></ErrorResponse>"
            )
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode()
        headers = {"Content-Type": _XML, "x-amz-request-id": request_id}
        return HttpResponse(err.status, headers, body)
