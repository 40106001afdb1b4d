"""AWS JSON 1.0 / 1.1: ``POST /`` with ``X-Amz-Target: <targetPrefix>.<Operation>``.

Routing is by the model's ``metadata.targetPrefix``, so a new JSON service
(Application Auto Scaling ``AnyScaleFrontendService``, CloudWatch Logs
``Logs_20140328``, Pricing ``AWSPriceListService``) only needs handlers
registered.

CloudWatch (``monitoring``): botocore names it ``cloudwatch``.  Its model now
lists ``protocols: [smithy-rpc-v2-cbor, json, query]`` with ``protocol:
smithy-rpc-v2-cbor``, but botocore resolves the first protocol in its own
priority order (``json`` before ``smithy-rpc-v2-cbor``), so both the venv's
botocore 1.44.8 and the AWS CLI's bundled botocore 1.43.62 speak AWS JSON 1.0
to it with target prefix ``GraniteServiceVersion20100801`` -- this module
serves it once handlers are registered.  (Checked with
``ServiceModel.resolved_protocol``; an older botocore without ``protocols``
support would use ``query`` instead.)
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import ServiceError, serialization_error
from ..registry import Registry, ServiceEntry
from .base import HttpRequest, HttpResponse
from .shapes import from_wire, to_wire


def content_type(entry: ServiceEntry | None) -> str:
    version = entry.model.metadata.get("jsonVersion", "1.1") if entry else "1.1"
    return f"application/x-amz-json-{version}"


class JsonProtocol:
    name = "json"

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def route(self, http: HttpRequest) -> tuple[ServiceEntry, str]:
        target = http.header("x-amz-target")
        prefix, _, operation = target.rpartition(".")
        entry = self._registry.by_target_prefix(prefix)
        if entry is None:
            served = ", ".join(
                sorted(e.target_prefix or "" for e in self._registry.services("json"))
            )
            raise ServiceError(
                "UnknownOperationException",
                f"The smtui sandbox serves no service with target prefix {prefix!r} "
                f"(X-Amz-Target {target!r}); served prefixes: {served}",
            )
        if operation not in entry.model.operation_names:
            raise ServiceError("UnknownOperationException", f"Unknown operation {operation!r}.")
        if operation not in entry.handlers:
            raise ServiceError(
                "UnknownOperationException",
                f"Operation {operation!r} exists in {entry.name} but is not implemented "
                "by the smtui sandbox.",
            )
        return entry, operation

    def parse(self, http: HttpRequest, entry: ServiceEntry, operation: str) -> dict[str, Any]:
        shape = entry.model.operation_model(operation).input_shape
        text = http.body.decode("utf-8", "replace").strip()
        try:
            raw = json.loads(text) if text else {}
        except json.JSONDecodeError as exc:
            raise serialization_error(f"Request body is not valid JSON: {exc.msg}") from exc
        if shape is None:
            return {}
        return from_wire(raw, shape)

    def serialize(
        self, result: dict[str, Any] | None, entry: ServiceEntry, operation: str, request_id: str
    ) -> HttpResponse:
        shape = entry.model.operation_model(operation).output_shape
        payload = to_wire(result or {}, shape) if shape is not None else {}
        return self._respond(200, payload, entry, request_id)

    def error(self, err: ServiceError, entry: ServiceEntry | None, request_id: str) -> HttpResponse:
        response = self._respond(
            err.status, {"__type": err.code, "message": err.message}, entry, request_id
        )
        response.headers["x-amzn-ErrorType"] = err.code
        return response

    @staticmethod
    def _respond(
        status: int, payload: Any, entry: ServiceEntry | None, request_id: str
    ) -> HttpResponse:
        body = json.dumps(payload, separators=(",", ":")).encode()
        headers = {"Content-Type": content_type(entry), "x-amzn-RequestId": request_id}
        return HttpResponse(status, headers, body)
