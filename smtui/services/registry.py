"""Resources as data: each kind is described once, and every view is generic over it.

A :class:`ResourceKind` says how to list the kind, its key, its columns and how a row
renders, how to describe it and render the detail, and its actions (each marked
mutating or not, with its confirmation). The `:` command line, the help screen and
the command palette read the same registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from smtui.services.table_index import TableRow

Item = Any
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class DetailOptions:
    """What the user chose on the detail screen that changes what is fetched."""

    window: str = ""


class QueryError(ValueError):
    """Arguments after `:kind` that the kind does not understand."""


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    width: int
    flex: bool = False
    justify: Literal["left", "right"] = "left"


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    points: tuple[tuple[float, float], ...]
    """(epoch seconds, value), oldest first."""


@dataclass(frozen=True, slots=True)
class Chart:
    """A time series chart drawn in the terminal (ui/widgets/chart.py)."""

    title: str
    series: tuple[Series, ...] = ()
    unit: str = ""


@dataclass(frozen=True, slots=True)
class LogSource:
    """A CloudWatch Logs group (and stream prefix) the detail shows with a log viewer."""

    group: str
    stream_prefix: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """One titled part of a detail screen.

    Any mix of: label/value ``rows``, a block of ``text``, ``charts``, a ``logs`` viewer,
    and ``raw`` data shown as JSON. ``role`` colours the section ("error", "ok", ...).
    """

    title: str
    rows: tuple[tuple[str, str], ...] = ()
    text: str = ""
    role: str = ""
    charts: tuple[Chart, ...] = ()
    logs: LogSource | None = None
    raw: Any = None


@dataclass(frozen=True, slots=True)
class Child:
    """A view under an item (an experiment's trials, a tuning job's training jobs)."""

    id: str
    """Binding id, e.g. ``tuning.training_jobs``."""
    key: str
    label: str
    kind: str
    """Registry name of the child kind."""
    params: Callable[[Item], dict[str, Any]]
    """The child view's query for this item (passed to the child's ``list_pages``)."""
    title: Callable[[Item], str]
    """Shown after the child view's title, e.g. the parent's name."""


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    key: str
    label: str
    description: str
    mutating: bool
    applies: Callable[[Item], bool]
    run: Callable[[Any, Item], str]
    """Performs the call with the gateway (clients) and returns a one-line outcome."""
    confirm: Callable[[Item], str] | None = None
    typed: Callable[[Item], str] | None = None
    """The costliest actions: the text (a name) the user must type to confirm; the
    ``confirm`` text is the message above the field. Applies to one item at a time."""


@dataclass(frozen=True, slots=True)
class Link:
    """An item of another kind this item points at (a pipeline step's training job).

    Its key, or `enter` when the kind's ``enter`` is the link's id, opens that item's
    detail screen; a target kind missing from the registry is skipped with a message.
    """

    id: str
    key: str
    label: str
    target: Callable[[Any, Item], tuple[str, dict[str, Any]] | None]
    """In a worker thread, with the clients: (registry kind name, the describe response the
    target kind's ``from_describe`` rebuilds its item from), or None when there is none."""
    applies: Callable[[Item], bool] = lambda item: True


@dataclass(frozen=True, slots=True)
class ResourceKind:
    name: str
    title: str
    columns: tuple[Column, ...]
    list_pages: Callable[[Any, dict[str, Any], Cancelled], Iterator[list[Item]]]
    key: Callable[[Item], str]
    row: Callable[[Item, datetime], TableRow]
    aliases: tuple[str, ...] = ()
    parse_args: Callable[[Sequence[str]], dict[str, Any]] = lambda args: {}
    arg_words: tuple[str, ...] = ()
    """Words the `:` line completes after the kind's name (e.g. statuses)."""
    describe: Callable[[Any, Item, DetailOptions], dict[str, Any]] | None = None
    """Describe one item (in a worker thread; may call several APIs, e.g. metrics)."""
    detail: Callable[[Item, dict[str, Any]], list[Section]] | None = None
    actions: tuple[Action, ...] = ()
    ticking: Callable[[Item], bool] = lambda item: False
    """Rows whose cells change with time alone (a running job's duration)."""
    version: Callable[[Item], str] = lambda item: ""
    """Changes whenever the item changes (LastModifiedTime): the describe cache key."""
    cacheable: Callable[[Item], bool] = lambda item: False
    """Describes of this item never change again (terminal): cache them on disk."""
    empty_message: str = "Nothing here."
    default_sort: tuple[int, bool] | None = None
    """(column, reverse) the view opens sorted by."""
    from_describe: Callable[[dict[str, Any]], Item] | None = None
    """Rebuild the list item from a describe, so a detail screen can follow a live item."""
    children: tuple[Child, ...] = ()
    enter: str = "detail"
    """What `enter` on a row opens: "detail", or the id of one of ``children`` or ``links``."""
    listed: bool = True
    """False for kinds reached only from a parent (trials need an experiment)."""
    detail_windows: tuple[str, ...] = ()
    """Metric windows the detail cycles through with `w` (e.g. "1h", "6h", "24h", "7d")."""
    links: tuple[Link, ...] = ()
    """Items of other kinds this item points at, opened in their own detail screens."""


@dataclass(slots=True)
class Registry:
    kinds: dict[str, ResourceKind] = field(default_factory=dict)

    def add(self, kind: ResourceKind) -> None:
        self.kinds[kind.name] = kind

    def resolve(self, word: str) -> ResourceKind | None:
        word = word.strip().lower()
        for kind in self.kinds.values():
            if word == kind.name or word in kind.aliases:
                return kind
        return None

    def completions(self) -> list[str]:
        """Every `:` command the line can complete, in a stable order."""
        words = []
        for kind in self.kinds.values():
            if not kind.listed:
                continue
            words.append(kind.name)
            words.extend(f"{kind.name} {arg}" for arg in kind.arg_words)
        return words

    def __iter__(self) -> Iterator[ResourceKind]:
        return iter(self.kinds.values())
