"""Request hooks: the extension point for fault injection.

Every routed request passes through ``Sandbox.hooks`` (in order) after the
service and operation are known and before input validation and the handler.
A hook may

* return normally -- the request proceeds;
* sleep -- to simulate latency;
* raise :class:`smtui.sandbox.errors.ServiceError` -- the client receives that
  error in the service's wire format, e.g. ``ServiceError("ThrottlingException",
  "Rate exceeded", 400)``, ``ServiceError("ServiceUnavailable", "...", 503,
  sender=False)`` or ``ServiceError("ExpiredTokenException", "The security
  token included in the request is expired", 400)``.

No faults are implemented yet; only the hook point exists.
"""

from __future__ import annotations

from typing import Protocol

from .protocols.base import RequestContext


class RequestHook(Protocol):
    def __call__(self, ctx: RequestContext) -> None: ...
