"""Fault injection: throttling, latency, 5xx, connection resets, expired credentials,
denied actions and a cut network, as a request hook plus a small control endpoint.

Spec syntax (``smtui sandbox serve --faults ...``, ``smtui --sandbox-faults ...``)::

    throttle=0.2,latency=200ms,error5xx=0.05,reset=0.01
    throttle@ListTrainingJobs=0.5          # only for one operation
    latency@sagemaker=1s                   # only for one service (botocore name)
    deny=sagemaker:ListEndpoints,deny=sagemaker:Stop*   # IAM actions answered AccessDenied

Probabilities are per request, drawn from a seeded generator so a run is repeatable.
Control at run time: ``GET /_sandbox/faults`` shows the state; ``POST /_sandbox/faults``
with JSON ``{"spec": "...", "expire_credentials": true, "deny": ["sagemaker:StopTrainingJob"],
"allow_only": ["sagemaker:List*", ...] or null, "network_down": true}`` changes it
(keys left out keep their value).
"""

from __future__ import annotations

import fnmatch
import json
import random
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from .constants import SANDBOX_ACCOUNT
from .errors import ServiceError
from .protocols.base import HttpRequest, HttpResponse, RequestContext

KINDS = ("throttle", "latency", "error5xx", "reset", "deny")
# deny=ACTION: the IAM action (fnmatch pattern) is refused as by an implicit deny, and
# IAM SimulatePrincipalPolicy answers implicitDeny for it (smtui doctor).
_ACTION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9*?]+$")
CONTROL_PATH = "/_sandbox/faults"
# IAM action prefixes that differ from the botocore service name / signing name.
IAM_PREFIX = {"cloudwatch": "cloudwatch", "monitoring": "cloudwatch", "logs": "logs"}


class ConnectionReset(ConnectionError):
    """The server drops the connection without an answer (a reset or a cut network)."""


class FaultSpecError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class FaultRule:
    kind: str
    value: float
    """A probability, or seconds for latency."""
    scope: str | None = None
    """A botocore service name or an operation name; None for every request."""

    def applies(self, ctx: RequestContext) -> bool:
        return self.scope is None or self.scope in (ctx.service, ctx.operation)


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)?$")


def parse_faults(spec: str) -> list[FaultRule]:
    rules = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, sep, raw = part.partition("=")
        if not sep:
            raise FaultSpecError(f"fault {part!r}: expected NAME=VALUE, e.g. throttle=0.2")
        kind, _, scope = name.strip().partition("@")
        if kind not in KINDS:
            raise FaultSpecError(f"unknown fault {kind!r}: use one of {', '.join(KINDS)}")
        raw = raw.strip()
        if kind == "deny":
            if scope or not _ACTION.match(raw):
                raise FaultSpecError(f"deny {raw!r}: expected an IAM action, e.g. sagemaker:Stop*")
            rules.append(FaultRule(kind, 1.0, raw))
            continue
        if kind == "latency":
            match = _DURATION.match(raw)
            if not match:
                raise FaultSpecError(f"latency {raw!r}: use e.g. 50ms or 1.5s")
            value = float(match.group(1)) / (1000 if match.group(2) == "ms" else 1)
        else:
            try:
                value = float(raw)
            except ValueError:
                raise FaultSpecError(f"{kind} {raw!r}: expected a probability 0..1") from None
            if not 0 <= value <= 1:
                raise FaultSpecError(f"{kind} {raw!r}: expected a probability 0..1")
        rules.append(FaultRule(kind, value, scope or None))
    return rules


def iam_action(ctx: RequestContext) -> str:
    prefix = ctx.signing_name or ctx.service or "unknown"
    return f"{IAM_PREFIX.get(prefix, prefix)}:{ctx.operation}"


class Faults:
    """The request hook that injects faults; thread-safe; state changeable at run time."""

    def __init__(self, spec: str = "", *, seed: int = 7, sleep: Any = time.sleep) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._sleep = sleep
        self.rules = parse_faults(spec)
        self.spec = spec
        self.expire_credentials = False
        self.deny: list[str] = []
        self.allow_only: list[str] | None = None
        self.network_down = False
        self.injected: dict[str, int] = {}

    def _count(self, kind: str) -> None:
        self.injected[kind] = self.injected.get(kind, 0) + 1

    def __call__(self, ctx: RequestContext) -> None:
        ctx.extra["faults"] = self  # IAM SimulatePrincipalPolicy answers from the denies
        with self._lock:
            if self.network_down:
                self._count("network_down")
                raise ConnectionReset()
            if self.expire_credentials:
                self._count("expired")
                code = "ExpiredToken" if ctx.protocol == "query" else "ExpiredTokenException"
                raise ServiceError(code, "The security token included in the request is expired")
            action = iam_action(ctx)
            if self._denied(action):
                self._count("denied")
                code = "AccessDenied" if ctx.protocol == "query" else "AccessDeniedException"
                raise ServiceError(
                    code, _denied_message(action), 403 if code == "AccessDenied" else 400
                )
            delay = sum(r.value for r in self.rules if r.kind == "latency" and r.applies(ctx))
            draws = [
                (r.kind, self._rng.random() < r.value)
                for r in self.rules
                if r.kind not in ("latency", "deny") and r.applies(ctx)
            ]
        if delay:
            self._sleep(delay)
        for kind, hit in draws:
            if not hit:
                continue
            with self._lock:
                self._count(kind)
            if kind == "throttle":
                code = "Throttling" if ctx.protocol == "query" else "ThrottlingException"
                raise ServiceError(code, "Rate exceeded", 400)
            if kind == "error5xx":
                raise ServiceError("ServiceUnavailable", "Service Unavailable", 503, sender=False)
            if kind == "reset":
                raise ConnectionReset()

    def denies(self, action: str) -> bool:
        """Whether ``action`` (``service:Operation``) is refused as by an implicit deny."""
        with self._lock:
            return self._denied(action)

    def _denied(self, action: str) -> bool:
        spec_denies = [r.scope for r in self.rules if r.kind == "deny" and r.scope]
        if any(fnmatch.fnmatchcase(action, pattern) for pattern in self.deny + spec_denies):
            return True
        if self.allow_only is not None:
            return not any(fnmatch.fnmatchcase(action, p) for p in self.allow_only)
        return False

    # --- control endpoint -----------------------------------------------------------
    def state(self) -> dict[str, Any]:
        with self._lock:
            return {
                "spec": self.spec,
                "expire_credentials": self.expire_credentials,
                "deny": list(self.deny),
                "allow_only": None if self.allow_only is None else list(self.allow_only),
                "network_down": self.network_down,
                "injected": dict(self.injected),
            }

    def update(self, changes: dict[str, Any]) -> None:
        rules = parse_faults(changes["spec"]) if "spec" in changes else None
        with self._lock:
            if rules is not None:
                self.rules, self.spec = rules, changes["spec"]
            if "expire_credentials" in changes:
                self.expire_credentials = bool(changes["expire_credentials"])
            if "deny" in changes:
                self.deny = [str(a) for a in changes["deny"] or []]
            if "allow_only" in changes:
                allow = changes["allow_only"]
                self.allow_only = None if allow is None else [str(a) for a in allow]
            if "network_down" in changes:
                self.network_down = bool(changes["network_down"])

    def control(self, http: HttpRequest) -> HttpResponse:
        """GET shows the fault state; POST changes it. Never itself subject to faults."""
        headers = {"Content-Type": "application/json"}
        if http.method == "POST":
            try:
                changes = json.loads(http.body or b"{}")
                if not isinstance(changes, dict):
                    raise ValueError("expected a JSON object")
                self.update(changes)
            except (ValueError, FaultSpecError) as exc:
                body = json.dumps({"error": str(exc)}).encode()
                return HttpResponse(400, headers, body)
        return HttpResponse(200, headers, json.dumps(self.state()).encode())


def _denied_message(action: str) -> str:
    # Shape of IAM's message for an implicit deny (AWS IAM troubleshooting docs).
    return (
        f"User: arn:aws:sts::{SANDBOX_ACCOUNT}:assumed-role/SandboxRole/smtui is not authorized "
        f"to perform: {action} because no identity-based policy allows the {action} action"
    )
