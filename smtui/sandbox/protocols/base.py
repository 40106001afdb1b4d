"""Plain data types shared by the HTTP server, the protocols and the hooks."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    query: str
    headers: Mapping[str, str]  # lower-cased names
    body: bytes

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class RequestContext:
    """What is known about a request once it has been routed.

    Handed to request hooks (see :mod:`smtui.sandbox.hooks`) before the
    handler runs, so fault injection can key on service, operation or caller.
    """

    request_id: str
    http: HttpRequest
    protocol: str
    service: str | None = None
    operation: str | None = None
    access_key: str | None = None
    region: str | None = None
    signing_name: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


_CURRENT = threading.local()


def set_current(ctx: RequestContext | None) -> None:
    """The request being handled on this thread (the dispatcher sets it)."""
    _CURRENT.ctx = ctx


def current_context() -> RequestContext | None:
    """The request this thread is handling, if any."""
    return getattr(_CURRENT, "ctx", None)


def current_access_key() -> str | None:
    """The access key that signed the request this thread is handling, if any: a handler
    that answers per caller (STS GetCallerIdentity) reads it."""
    ctx = getattr(_CURRENT, "ctx", None)
    return ctx.access_key if ctx is not None else None


def parse_sigv4(authorization: str) -> tuple[str | None, str | None, str | None]:
    """(access key, region, signing service) from a SigV4 Authorization header.

    Format per the SigV4 docs: ``AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/
    SERVICE/aws4_request, SignedHeaders=..., Signature=...``.  The signature
    itself is never checked.
    """
    marker = "Credential="
    at = authorization.find(marker)
    if not authorization.startswith("AWS4-") or at < 0:
        return None, None, None
    credential = authorization[at + len(marker) :].split(",", 1)[0].strip()
    parts = credential.split("/")
    if len(parts) != 5:
        return None, None, None
    return parts[0], parts[2], parts[3]
