"""The refresh engine's fetch side: one poll of a view, as batches for the UI.

The UI runs :func:`poll` in a thread worker and re-arms its timer only after the poll
finished, so polls never overlap. Rows are rendered here, off the UI thread. A failed
poll yields the error and no removal, so the view keeps its last known rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smtui.aws.errors import AwsError, to_aws_error
from smtui.domain.timefmt import utcnow
from smtui.services.describe_cache import DescribeCache
from smtui.services.registry import DetailOptions, Item, ResourceKind
from smtui.services.table_index import TableRow

NO_OPTIONS = DetailOptions()


@dataclass(frozen=True, slots=True)
class Batch:
    items: list[Item]
    rows: list[TableRow]
    done: bool = False
    seen: frozenset[str] | None = None
    """On the last batch of a complete pass: every key seen, so the UI drops the others."""
    error: AwsError | None = None
    at: datetime | None = None


def poll(
    kind: ResourceKind,
    clients: Any,
    params: dict[str, Any],
    *,
    cancelled: Callable[[], bool] = lambda: False,
    flush_every: float = 0.25,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = utcnow,
) -> Iterator[Batch]:
    """List the kind once; yield the first page at once, then a batch every ``flush_every``."""
    seen: set[str] = set()
    items: list[Item] = []
    last_flush: float | None = None
    try:
        for page in kind.list_pages(clients, params, cancelled):
            items.extend(page)
            seen.update(kind.key(item) for item in page)
            if last_flush is None or clock() - last_flush >= flush_every:
                yield _batch(kind, items, now())
                items, last_flush = [], clock()
            if cancelled():
                return
    except Exception as exc:  # shown where the data would be; last rows stay
        yield Batch(items=[], rows=[], done=True, error=to_aws_error(exc), at=now())
        return
    yield _batch(kind, items, now(), seen=frozenset(seen))


def _batch(
    kind: ResourceKind, items: list[Item], now: datetime, seen: frozenset[str] | None = None
) -> Batch:
    rows = [kind.row(item, now) for item in items]
    return Batch(items=items, rows=rows, done=seen is not None, seen=seen, at=now)


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
    if cache is not None:
        cache.put(kind.name, key, version, data, persist=kind.cacheable(item))
    return data
