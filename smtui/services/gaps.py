"""Parts of a listing that could not be read, while the rest loaded.

A listing's secondary calls (CloudWatch metrics for the endpoint columns, the
autoscaling ranges, the last scaling activity) may be denied or missing on an account
where the primary List works. Such a part is blank in the rows, so it must say what
failed and where: the code that swallows the error calls :func:`note` (the column or
section, and the AWS error as AWS said it); the refresh engine collects the notes of
one poll (:func:`collecting`) and the view shows them in its banner; the CLI prints
them on stderr and still exits 0 (its primary listing succeeded).

The notes of the poll running in this thread go to its own list (a context variable),
so views polling in other worker threads never see each other's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import TypeVar

from smtui.aws.errors import AwsError


@dataclass(frozen=True, slots=True)
class Gap:
    where: str
    """The column(s) or section left blank, e.g. "metric columns (RPM, P50, ...)"."""
    error: AwsError

    def __str__(self) -> str:
        return f"{self.where}: {self.error}"


_CURRENT: ContextVar[list[Gap] | None] = ContextVar("smtui_gaps", default=None)


GONE_CODES = frozenset({"ValidationException", "ResourceNotFound", "ResourceNotFoundException"})
"""What a Describe of a resource deleted since the List answers (SageMaker's
DescribeEndpoint: ValidationException "Could not find endpoint"): not a gap."""


def note(where: str, error: AwsError) -> None:
    """The part ``where`` of the listing running in this thread could not be read (the
    first error of each part is kept: one line per part, however many rows)."""
    found = _CURRENT.get()
    if found is not None and all(g.where != where for g in found):
        found.append(Gap(where, error))


def note_unless_gone(where: str, error: AwsError) -> None:
    """Like :func:`note`, unless the error says the resource is gone (its row just
    lacks the detail: it will leave the list)."""
    if error.code not in GONE_CODES:
        note(where, error)


class collecting:  # noqa: N801 - used as a function: ``with gaps.collecting() as found``
    """Collect the notes of the calls made inside (in this thread), into ``into`` when
    given. Never hold it across a ``yield``: wrap each step of a generator instead
    (:func:`pages`). A plain class, not ``contextlib.contextmanager``, which would set
    ``__traceback__`` on the (frozen) AwsError passing through."""

    def __init__(self, into: list[Gap] | None = None) -> None:
        self.found: list[Gap] = [] if into is None else into
        self._token: Token[list[Gap] | None] | None = None

    def __enter__(self) -> list[Gap]:
        self._token = _CURRENT.set(self.found)
        return self.found

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _CURRENT.reset(self._token)
            self._token = None


def banner(found: tuple[str, ...] | list[str]) -> str:
    """One line for a view: what was not loaded and why; the rest is current."""
    return "⚠ Not loaded: " + "; ".join(found) + ". The rest is current."


T = TypeVar("T")


def pages(source: Iterable[T], into: list[Gap]) -> Iterator[T]:
    """``source``'s items, the notes of the calls making each one going ``into`` the list
    (the context is set only while ``source`` runs, never while the caller does)."""
    it = iter(source)
    while True:
        with collecting(into):
            try:
                item = next(it)
            except StopIteration:
                return
        yield item
