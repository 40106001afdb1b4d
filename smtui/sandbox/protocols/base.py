"""Plain data types shared by the HTTP server, the protocols and the hooks."""

from __future__ import annotations

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
