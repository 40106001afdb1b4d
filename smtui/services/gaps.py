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
from contextlib import contextmanager
from contextvars import ContextVar
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


def note(where: str, error: AwsError) -> None:
    """The part ``where`` of the listing running in this thread could not be read."""
    found = _CURRENT.get()
    if found is not None and all(str(g) != str(Gap(where, error)) for g in found):
        found.append(Gap(where, error))


@contextmanager
def collecting(into: list[Gap] | None = None) -> Iterator[list[Gap]]:
    """Collect the notes of the calls made inside (in this thread), into ``into`` when
    given. Never hold it across a ``yield``: wrap each step of a generator instead
    (:func:`pages`)."""
    found: list[Gap] = [] if into is None else into
    token = _CURRENT.set(found)
    try:
        yield found
    finally:
        _CURRENT.reset(token)


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
