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

from smtui.domain.compare import Comparison as CompareTable
from smtui.services.table_index import Cell, TableRow

Item = Any
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class DetailOptions:
    """What the user chose on the detail screen that changes what is fetched."""

    window: str = ""
    now: datetime | None = None
    """"Now" when the describe is made (the sandbox's clock may be virtual): time series
    of a live item end there. Not part of the describe cache key."""


class QueryError(ValueError):
    """Arguments after `:kind` that the kind does not understand."""


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    width: int
    flex: bool = False
    justify: Literal["left", "right"] = "left"
    priority: int = 0
    """0: always shown; otherwise hidden on narrow terminals, the highest number first."""
    name: bool = False
    """The column that tells rows apart when it is not the first (the table cuts it in
    the middle and hides priority columns before it; ui/widgets/name_cut.py)."""


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
    follow: bool = True
    """Follow new lines from the start (False for a finished job: its logs do not move)."""


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
class FormField:
    id: str
    label: str
    initial: Callable[[Item, dict[str, str]], str]
    """The prefilled text, from the item and the values of the fields above (a variant's
    weight once the variant is chosen); re-applied when a choice above changes."""
    choices: Callable[[Item], tuple[str, ...]] | None = None
    """A choice among these values instead of free text."""
    hint: str = ""


@dataclass(frozen=True, slots=True)
class FormProblem:
    field: str
    message: str
    warning: bool = False
    """A warning is shown beside the field but does not stop the change."""


@dataclass(frozen=True, slots=True)
class Form:
    """An action that needs input: fields checked as typed (the message beside the
    field, nothing sent while one is wrong), then the before/after to confirm, then the
    call through the action guard (read-only refusal, audit). ui/screens/form_screen.py."""

    fields: tuple[FormField, ...]
    check: Callable[[Item, dict[str, str]], list[FormProblem]]
    preview: Callable[[Item, dict[str, str]], str]
    """The change as before -> after lines, shown for confirmation."""
    submit: Callable[[Any, Item, dict[str, str]], str]
    """Makes the call(s) with the clients; returns a one-line outcome."""
    resource: Callable[[Item, dict[str, str]], str] | None = None
    """What the audit log names (default: the item's key), e.g. endpoint/NAME/variant/V."""


def _no_call(clients: Any, item: Item) -> str:
    raise NotImplementedError("this action makes no API call (see Action.copy)")


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    key: str
    label: str
    description: str
    mutating: bool
    applies: Callable[[Item], bool]
    run: Callable[[Any, Item], str] = _no_call
    """Performs the call with the gateway (clients) and returns a one-line outcome."""
    confirm: Callable[[Item], str] | None = None
    typed: Callable[[Item], str] | None = None
    """The costliest actions: the text (a name) the user must type to confirm; the
    ``confirm`` text is the message above the field. Applies to one item at a time."""
    copy: Callable[[Item, str], str] | None = None
    """A local action (no API call, no worker, no confirmation): ``(item, region) -> text``
    the console copies to the clipboard (OSC 52) and shows, e.g. an ARN or a console URL.
    Set it instead of ``run``; ``mutating`` must be False."""
    form: Form | None = None
    """Input the action needs (see :class:`Form`); set it instead of ``run``."""
    editor: str = ""
    """A dedicated input screen instead of a generic :class:`Form`, by name (the ones
    smtui/ui/screens/editors.py knows, e.g. "retrain"): it checks, previews and runs the
    call itself through the action guard. Set it instead of ``run``."""


@dataclass(frozen=True, slots=True)
class Enrichment:
    """Columns the list API lacks (a training job's instance type), filled per row.

    The refresh engine fetches them only for rows on screen or live (``ticking``) whose
    ``version`` changed, at most ``per_poll`` fetches per poll, through the describe
    cache (terminal rows persist on disk, so a restart fetches them no more). Rows show
    "…" in those columns until then.
    """

    fetch: Callable[[Any, Item], dict[str, Any]]
    """One cheap call for one item (in a worker thread), e.g. its Describe."""
    merge: Callable[[Item, dict[str, Any]], Item]
    """The list item with the fetched data folded in (``row`` renders it)."""
    per_poll: int = 20
    still_valid: Callable[[dict[str, Any], Item], bool] | None = None
    """Whether the data fetched for an earlier version of the item still holds for this
    one (a running job that moved to its next secondary status runs on the same
    instances): it is kept instead of fetched again."""


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
class DynamicColumns:
    """Columns computed from the loaded items (a trial component's parameters and metrics).

    The view appends the columns ``default(items)`` names to the kind's own, re-computed
    whenever the set of items changes, until the user picks others (key `v`, from every
    name ``names(items)`` offers); the pick then holds for every view of the kind.
    """

    names: Callable[[Sequence[Item]], list[str]]
    """Every optional column the items offer, in the order the picker lists them."""
    default: Callable[[Sequence[Item]], list[str]]
    """The ones shown until the user picks."""
    column: Callable[[str], Column]
    """The header and width of one optional column."""
    cell: Callable[[Item, str], tuple[Cell, object]]
    """(display cell, sort value) of one item in one optional column."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """What a compare view shows for the marked rows: the side-by-side table (which
    parameters differ, the best value of each metric) and charts overlaying the runs."""

    table: CompareTable
    charts: tuple[Chart, ...] = ()
    note: str = ""
    """Shown under the charts, e.g. where their data came from."""


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
    loading_message: str = "Loading…"
    """What the table says until the first list arrived (never an empty list's message)."""
    default_sort: tuple[int, bool] | None = None
    """(column, reverse) the view opens sorted by."""
    from_describe: Callable[[dict[str, Any]], Item] | None = None
    """Rebuild the list item from a describe, so a detail screen can follow a live item."""
    children: tuple[Child, ...] = ()
    enter: str = "detail"
    """What `enter` on a row opens: "detail", or the id of one of ``children`` or ``links``."""
    listed: bool = True
    """False for kinds reached from a parent (an experiment's trials): not among the
    top-level views."""
    opens_alone: bool = False
    """A kind that is not ``listed`` whose listing also works without its parent (every
    trial of the account: ListTrials takes ExperimentName as an optional filter), so a
    `:` command opens it instead of saying how to reach it."""
    detail_windows: tuple[str, ...] = ()
    """Metric windows the detail cycles through with `w` (e.g. "1h", "6h", "24h", "7d")."""
    links: tuple[Link, ...] = ()
    """Items of other kinds this item points at, opened in their own detail screens."""
    enrichment: Enrichment | None = None
    """Per-row data beyond the list API (see :class:`Enrichment`)."""
    status: Callable[[Item], str] | None = None
    """The item's primary status: set it and the user can watch items of this kind
    (a toast, and the bell if enabled, when a watched item's status changes)."""
    refetch: Callable[[Any, Item], Item] | None = None
    """The item as it is now, in one cheap call: keeps watched items current while no
    view of the kind is polling them."""
    dynamic_columns: DynamicColumns | None = None
    """Optional columns from the loaded items, picked with `v` (see :class:`DynamicColumns`)."""
    compare: Callable[[Any, Sequence[Item]], Comparison] | None = None
    """Compare two or more marked rows side by side (key `c`; in a worker thread)."""
    list_changed: (
        Callable[[Any, dict[str, Any], datetime, Cancelled], Iterator[list[Item]]] | None
    ) = None
    """Incremental refresh: only the items modified after a time (e.g. ListTrainingJobs'
    LastModifiedTimeAfter). It must not apply filters an item can leave (a status):
    ``matches`` applies those, so an item that changed out of the view is removed."""
    matches: Callable[[Item, dict[str, Any]], bool] = lambda item, params: True
    """Whether an item belongs in a view with these params (see ``list_changed``)."""
    summary: Callable[[Sequence[Item], datetime], str] | None = None
    """Lines shown above the table, computed from the loaded items at "now" (totals of
    the rows); re-rendered every second, so a figure that grows with time ticks."""


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
