"""Request pipeline: pick protocol -> route -> hooks -> parse -> validate -> handle -> serialize.

Every service shares one URL, so the protocol is recognised from the request
itself: an ``X-Amz-Target`` header means AWS JSON, an ``Action`` parameter
(form body or query string) means AWS query, a method and path of a rest-json
operation (protocols/rest_json.py) means REST-JSON.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from ..errors import ServiceError, internal_error
from ..identity import Identity
from ..registry import Registry, ServiceEntry
from .base import HttpRequest, HttpResponse, RequestContext, parse_sigv4, set_current
from .json_rpc import JsonProtocol
from .query import QueryProtocol, form_params
from .rest_json import RestJsonProtocol
from .rest_xml import RestXmlProtocol
from .validation import validate_input

if TYPE_CHECKING:  # hooks.py imports protocols.base: avoid the cycle at runtime
    from ..hooks import RequestHook

log = logging.getLogger(__name__)


class WireProtocol(Protocol):
    name: str

    def route(self, http: HttpRequest) -> tuple[ServiceEntry, str]: ...
    def parse(self, http: HttpRequest, entry: ServiceEntry, operation: str) -> dict: ...
    def serialize(
        self, result: dict | None, entry: ServiceEntry, operation: str, request_id: str
    ) -> HttpResponse: ...
    def error(
        self, err: ServiceError, entry: ServiceEntry | None, request_id: str
    ) -> HttpResponse: ...


class Dispatcher:
    def __init__(
        self,
        registry: Registry,
        hooks: Sequence[RequestHook] = (),
        on_request: Callable[[str, str], None] | None = None,
        identity: Identity | None = None,
    ) -> None:
        self._registry = registry
        # The sandbox's region and account (identity.py): swapped in and out per request.
        self.identity = identity or Identity()
        self._hooks = hooks  # a live list: hooks added later take effect
        self._on_request = on_request or (lambda service, operation: None)
        self.control: Callable[[HttpRequest], HttpResponse] | None = None
        """Answers /_sandbox/... (fault control), outside every protocol and fault."""
        self._json = JsonProtocol(registry)
        self._query = QueryProtocol(registry)
        self._rest_json = RestJsonProtocol(registry)
        self._rest_xml = RestXmlProtocol(registry)

    def _pick(self, http: HttpRequest) -> WireProtocol | None:
        if http.header("x-amz-target"):
            return self._json
        content_type = http.header("content-type")
        if "x-www-form-urlencoded" in content_type or "Action" in form_params(http):
            return self._query
        if self._rest_xml.claims(http):  # a rest-xml operation signed for its service (S3)
            return self._rest_xml
        if self._rest_json.claims(http):  # method + path of a served rest-json operation
            return self._rest_json
        if self._rest_xml.claims(http, signed=False):  # e.g. an unsigned S3 GET
            return self._rest_xml
        return None

    def dispatch(self, http: HttpRequest) -> HttpResponse:
        request_id = str(uuid.uuid4())
        if self.control is not None and http.path.startswith("/_sandbox/"):
            return self.control(http)
        protocol = self._pick(http)
        if protocol is None:
            return self._unrecognised(http, request_id)
        entry: ServiceEntry | None = None
        try:
            try:
                entry, operation = protocol.route(http)
            except ServiceError:
                self._on_request("unknown", self._raw_operation(http))
                raise
            self._on_request(entry.name, operation)
            access_key, region, signing = parse_sigv4(http.header("authorization"))
            ctx = RequestContext(
                request_id, http, protocol.name, entry.name, operation, access_key, region, signing
            )
            ctx.extra["identity"] = self.identity  # STS GetCallerIdentity reads it
            swap = self.identity.for_request(access_key, entry.name)
            with swap.errors():
                for hook in list(self._hooks):
                    hook(ctx)
            params = protocol.parse(http, entry, operation)
            validate_input(params, entry.model.operation_model(operation).input_shape)
            set_current(ctx)
            try:
                with swap.errors():
                    result = swap.apply(entry.handlers[operation](swap.apply(params)))
            finally:
                set_current(None)
            return protocol.serialize(result, entry, operation, request_id)
        except ServiceError as err:
            return protocol.error(err, entry, request_id)
        except ConnectionError:  # injected reset / cut network: the server drops the socket
            raise
        except Exception:  # a handler bug must still produce a well-formed 500
            log.exception("sandbox handler failed")
            return protocol.error(internal_error(), entry, request_id)

    @staticmethod
    def _raw_operation(http: HttpRequest) -> str:
        target = http.header("x-amz-target")
        return target if target else form_params(http).get("Action", "")

    def _unrecognised(self, http: HttpRequest, request_id: str) -> HttpResponse:
        """Plain GET / answers a health check; anything else is a protocol error."""
        headers = {"Content-Type": "application/json", "x-amzn-RequestId": request_id}
        if http.method in ("GET", "HEAD") and http.path in ("/", "/health"):
            served = [f"{s}.{o}" for s, o in self._registry.operations()]
            body = {"status": "ok", "service": "smtui-sandbox", "operations": served}
            return HttpResponse(200, headers, json.dumps(body).encode())
        self._on_request("unknown", f"{http.method} {http.path}")
        if http.path.startswith("/service/"):
            message = "smithy-rpc-v2-cbor requests are not supported by the smtui sandbox."
        else:
            message = (
                "The smtui sandbox serves the AWS JSON protocol (X-Amz-Target header) and the "
                "AWS query protocol (Action parameter); this request uses neither."
            )
        headers["x-amzn-ErrorType"] = "UnknownOperationException"
        body = {"__type": "UnknownOperationException", "message": message}
        return HttpResponse(400, headers, json.dumps(body).encode())
