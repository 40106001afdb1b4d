"""The refresh engine's fetch side: one poll of a view, as batches for the UI.

The UI runs :func:`poll` in a thread worker and re-arms its timer only after the poll
finished, so polls never overlap. Rows are rendered here, off the UI thread. A failed
poll yields the error and no removal, so the view keeps its last known rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from smtui.aws.errors import AwsError, to_aws_error
from smtui.domain.timefmt import utcnow
from smtui.services import gaps
from smtui.services.describe_cache import DescribeCache
from smtui.services.registry import DetailOptions, Item, ResourceKind
from smtui.services.table_index import TableRow

NO_OPTIONS = DetailOptions()
ENRICH_PART = 'the columns each row\'s describe fills (shown "…")'
"""What a failed enrichment call leaves blank (smtui/services/gaps.py)."""
PARTIAL = "_partial"
"""Set (true) in a describe when part of it failed (e.g. its CloudWatch metrics): such a
describe is shown but not cached, so the next one tries again."""


@dataclass(frozen=True, slots=True)
class Batch:
    items: list[Item]
    rows: list[TableRow]
    done: bool = False
    seen: frozenset[str] | None = None
    """On the last batch of a complete pass: every key seen, so the UI drops the others."""
    error: AwsError | None = None
    at: datetime | None = None
    removed: frozenset[str] = frozenset()
    """Keys that changed out of the view (incremental polls)."""
    gaps: tuple[str, ...] = ()
    """On the last batch: the parts of the rows that could not be read (metrics denied,
    ...), each with where and the AWS error (smtui/services/gaps.py)."""


FULL_PASS_SECONDS = 600
"""An incremental view still lists everything this often, to catch what a
LastModifiedTime filter could miss (clock skew, eventual consistency)."""
SINCE_MARGIN_SECONDS = 120
"""Incremental polls ask for changes since the last poll's start minus this margin."""


def changes_since(last: datetime | None, full: datetime | None, now: datetime) -> datetime | None:
    """What an incremental listing asks for: changes after the last listing (``last``)
    less the margin; None when a full listing is due (none yet, or the last full one,
    ``full``, is FULL_PASS_SECONDS old)."""
    if last is None or full is None or (now - full).total_seconds() >= FULL_PASS_SECONDS:
        return None
    return last - timedelta(seconds=SINCE_MARGIN_SECONDS)


def poll(
    kind: ResourceKind,
    clients: Any,
    params: dict[str, Any],
    *,
    cancelled: Callable[[], bool] = lambda: False,
    flush_every: float = 0.25,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = utcnow,
    enriched: Enriched | None = None,
    since: datetime | None = None,
) -> Iterator[Batch]:
    """List the kind once; yield the first page at once, then a batch every ``flush_every``.

    With ``enriched`` (kinds with an :class:`~smtui.services.registry.Enrichment`), each
    listed item is merged with the data last fetched for it, so enriched cells do not
    fall back to "…" on every poll."""
    if since is not None and kind.list_changed is not None:
        yield from _poll_changed(kind, clients, params, since, cancelled, now, enriched)
        return
    seen: set[str] = set()
    items: list[Item] = []
    last_flush: float | None = None
    merge = _merger(kind, enriched)
    found: list[gaps.Gap] = []
    try:
        for page in gaps.pages(kind.list_pages(clients, params, cancelled), found):
            items.extend(merge(item) for item in page)
            seen.update(kind.key(item) for item in page)
            if last_flush is None or clock() - last_flush >= flush_every:
                yield _batch(kind, items, now())
                items, last_flush = [], clock()
            if cancelled():
                return
    except Exception as exc:  # shown where the data would be; last rows stay
        yield Batch(items=[], rows=[], done=True, error=to_aws_error(exc), at=now())
        return
    yield _batch(kind, items, now(), seen=frozenset(seen), gaps=tuple(map(str, found)))


def _poll_changed(
    kind: ResourceKind,
    clients: Any,
    params: dict[str, Any],
    since: datetime,
    cancelled: Callable[[], bool],
    now: Callable[[], datetime],
    enriched: Enriched | None,
) -> Iterator[Batch]:
    """An incremental poll: only what changed since ``since``, in one batch."""
    assert kind.list_changed is not None
    merge = _merger(kind, enriched)
    items: list[Item] = []
    removed: set[str] = set()
    found: list[gaps.Gap] = []
    try:
        for page in gaps.pages(kind.list_changed(clients, params, since, cancelled), found):
            for item in page:
                if kind.matches(item, params):
                    items.append(merge(item))
                else:
                    removed.add(kind.key(item))
            if cancelled():
                return
    except Exception as exc:
        yield Batch(items=[], rows=[], done=True, error=to_aws_error(exc), at=now())
        return
    at = now()
    rows = [kind.row(item, at) for item in items]
    yield Batch(
        items=items,
        rows=rows,
        done=True,
        at=at,
        removed=frozenset(removed),
        gaps=tuple(map(str, found)),
    )


def _merger(kind: ResourceKind, enriched: Enriched | None) -> Callable[[Item], Item]:
    enrichment = kind.enrichment
    if enrichment is None or enriched is None:
        return lambda item: item

    def merge(item: Item) -> Item:
        data = enriched.get(kind.key(item))
        return item if data is None else enrichment.merge(item, data)

    return merge


def _batch(
    kind: ResourceKind,
    items: list[Item],
    now: datetime,
    seen: frozenset[str] | None = None,
    gaps: tuple[str, ...] = (),
) -> Batch:
    rows = [kind.row(item, now) for item in items]
    return Batch(items=items, rows=rows, done=seen is not None, seen=seen, at=now, gaps=gaps)


# --- enrichment: per-row data the list API lacks ---------------------------------------
class Enriched:
    """The enrichment data of a view's rows, with the version each was fetched at.

    Written by the enrichment worker, read by the poll worker and the UI thread (single
    dict operations, atomic under the GIL)."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[str, dict[str, Any]]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        """The latest data for ``key``, even if fetched for an older version (an instance
        type does not change when a job moves on)."""
        hit = self._data.get(key)
        return None if hit is None else hit[1]

    def is_current(self, key: str, version: str) -> bool:
        hit = self._data.get(key)
        return hit is not None and hit[0] == version

    def put(self, key: str, version: str, data: dict[str, Any]) -> None:
        self._data[key] = (version, data)

    def __len__(self) -> int:
        return len(self._data)


def enrichment_plan(
    kind: ResourceKind,
    items: Mapping[str, Item],
    visible: Iterable[str],
    enriched: Enriched,
) -> list[Item]:
    """The rows to enrich now: those on screen, in screen order, then the live ones
    (``ticking``: a running job's cost moves); only where the version changed since
    their last fetch. Rows neither visible nor live wait until they are scrolled to."""
    if kind.enrichment is None:
        return []
    plan: list[Item] = []
    planned: set[str] = set()

    def want(key: str, item: Item) -> None:
        if key not in planned and not enriched.is_current(key, kind.version(item)):
            planned.add(key)
            plan.append(item)

    for key in visible:
        item = items.get(key)
        if item is not None:
            want(key, item)
    for key, item in items.items():
        if kind.ticking(item):
            want(key, item)
    return plan


def enrichment_namespace(kind: ResourceKind) -> str:
    return f"{kind.name}.enrich"


def enrich(
    kind: ResourceKind,
    clients: Any,
    plan: Iterable[Item],
    enriched: Enriched,
    cache: DescribeCache | None,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    cap: int | None = None,
) -> Iterator[tuple[str, Item]]:
    """Fetch the plan's enrichment: from the describe cache when it holds that version
    (free; terminal rows come from disk after a restart), else one call each, at most
    ``cap`` calls (the kind's ``per_poll`` by default). Yields (key, merged item) as each
    arrives. A failed call ends this round quietly: the next poll tries again."""
    enrichment = kind.enrichment
    if enrichment is None:
        return
    cap = enrichment.per_poll if cap is None else cap
    namespace = enrichment_namespace(kind)
    calls = 0
    for item in plan:
        if cancelled():
            return
        key, version = kind.key(item), kind.version(item)
        data = cache.get(namespace, key, version) if cache is not None else None
        if data is None and cache is not None and enrichment.still_valid is not None:
            prior = cache.latest(namespace, key)
            if prior is not None and enrichment.still_valid(prior[1], item):
                data = prior[1]
                cache.put(namespace, key, version, data, persist=kind.cacheable(item))
        if data is None:
            if calls >= cap:
                continue
            calls += 1
            try:
                data = enrichment.fetch(clients, item)
            except Exception as exc:  # throttled or denied: the cells stay "…", retried
                error = to_aws_error(exc)
                if not error.is_throttle:  # a denied describe would show "…" forever
                    gaps.note(ENRICH_PART, error)
                return
            if cache is not None:
                cache.put(namespace, key, version, data, persist=kind.cacheable(item))
        enriched.put(key, version, data)
        yield key, enrichment.merge(item, data)


def describe(
    kind: ResourceKind,
    clients: Any,
    item: Item,
    cache: DescribeCache | None,
    options: DetailOptions = NO_OPTIONS,
) -> dict[str, Any]:
    """Describe one item; from the cache when its version and the options are unchanged.

    ``cache=None`` forces a fresh describe (a live item's detail refresh).
    """
    if kind.describe is None:
        raise AwsError("NotDescribable", f"{kind.title} have no detail")
    key, version = kind.key(item), f"{kind.version(item)}|{options.window}"
    if cache is not None:
        cached = cache.get(kind.name, key, version)
        if cached is not None:
            return cached
    try:
        data = kind.describe(clients, item, options)
    except Exception as exc:
        raise to_aws_error(exc) from None
    if cache is not None and not data.get(PARTIAL):  # a partial answer is asked again
        cache.put(kind.name, key, version, data, persist=kind.cacheable(item))
    return data
