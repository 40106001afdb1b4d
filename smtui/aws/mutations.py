"""Mutating AWS calls: one path, sent once, and only inside the action guard.

- Every mutating call is made with :func:`smtui.aws.calls.mutate`, on the client
  :meth:`Clients.mutating` returns: botocore never retries it (``total_max_attempts``
  1), so a stop, a delete or a create is never sent twice.
- That client exists only inside a :func:`permit`, which only the action guard opens
  (smtui/services/guard.py; tests/unit/test_mutation_path.py checks that no other code
  does). The permit records each request (operation, parameters) and whether it was
  sent, so the guard audits what was really asked and knows when an answer was lost.
- The shared read client refuses, before anything is sent, every operation that is not
  read-only by its name (:func:`is_read_only`): a mutating call put on the retrying
  client fails in the first test that runs it.
"""

from __future__ import annotations

import copy
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from typing import Any

# Operations whose names start with these only read (the AWS API naming convention;
# botocore's service models carry no read-only flag). Everything else mutates.
READ_ONLY_PREFIXES = (
    "Describe",
    "List",
    "Get",
    "Search",
    "BatchDescribe",
    "BatchGet",
    "Filter",
    "Head",
    "Query",
)


# Read-only operations whose names do not say so. SimulatePrincipalPolicy only evaluates
# policies (IAM API reference: "Simulates how a set of IAM policies ... work").
READ_ONLY_OPERATIONS = frozenset({"SimulatePrincipalPolicy"})


def is_read_only(operation: str) -> bool:
    return operation.startswith(READ_ONLY_PREFIXES) or operation in READ_ONLY_OPERATIONS


class MutationOutsideGuard(RuntimeError):
    """A programming error: a mutating call outside the action guard, or on the read client."""


@dataclass(slots=True)
class Request:
    """One mutating request, as the permit saw it."""

    service: str
    operation: str
    params: dict[str, Any]
    sent: bool = False
    """The request left for the network (botocore's before-send): its answer may be lost."""
    status: int | None = None
    """The HTTP status of the answer; None while none came back."""


@dataclass(slots=True)
class Permit:
    requests: list[Request] = field(default_factory=list)

    @property
    def last(self) -> Request | None:
        return self.requests[-1] if self.requests else None


_PERMIT: ContextVar[Permit | None] = ContextVar("smtui_mutation_permit", default=None)


class permit:  # noqa: N801 - used as a function: ``with permit() as p``
    """Allow mutating calls in this thread for the duration; for the action guard only.

    A class, not @contextmanager: contextlib sets ``__traceback__`` on the exception it
    re-raises, which a frozen slots dataclass exception (AwsError) refuses on 3.11."""

    def __init__(self) -> None:
        self._permit = Permit()
        self._token: Token[Permit | None] | None = None

    def __enter__(self) -> Permit:
        self._token = _PERMIT.set(self._permit)
        return self._permit

    def __exit__(self, *_: object) -> None:
        if self._token is not None:
            _PERMIT.reset(self._token)


def require_permit(service: str) -> Permit:
    current = _PERMIT.get()
    if current is None:
        raise MutationOutsideGuard(
            f"a mutating {service} call outside the action guard: run it through "
            "ActionGuard.run (smtui/services/guard.py)"
        )
    return current


def guard_read_client(client: Any) -> None:
    """Make ``client`` refuse every operation that is not read-only, before sending."""

    def refuse(model: Any = None, **_: Any) -> None:
        name = getattr(model, "name", "")
        if name and not is_read_only(name):
            raise MutationOutsideGuard(
                f"{name} mutates: it goes through smtui.aws.calls.mutate inside the "
                "action guard, never on the retrying read client"
            )

    client.meta.events.register_first("before-parameter-build.*", refuse)


def guard_mutating_client(client: Any) -> None:
    """Record each request of ``client`` in the active permit; refuse it without one."""
    service = client.meta.service_model.service_name

    def record(model: Any = None, params: Any = None, **_: Any) -> None:
        current = require_permit(service)
        current.requests.append(Request(service, model.name, copy.deepcopy(dict(params or {}))))

    def sent(**_: Any) -> None:
        current = _PERMIT.get()
        if current is not None and current.last is not None:
            current.last.sent = True

    def answered(http_response: Any = None, **_: Any) -> None:
        current = _PERMIT.get()
        if current is not None and current.last is not None and http_response is not None:
            current.last.status = int(http_response.status_code)

    client.meta.events.register_first("before-parameter-build.*", record)
    client.meta.events.register_first("before-send.*", sent)
    client.meta.events.register_first("after-call.*", answered)
