"""A full listing split by CreationTime ranges and fetched in parallel.

SageMaker's List* APIs page with NextToken, one page after another: under real latency
a listing of 100,000 jobs is 1,000 sequential round trips. Their CreationTimeAfter /
CreationTimeBefore filters let disjoint time windows be listed at once; every request
still takes a token from the API budget, so parallelism never exceeds it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any, TypeVar

from smtui.aws.calls import call, pages

_TICK = timedelta(milliseconds=1)
T = TypeVar("T")


def _edge(client: Any, method: str, result_key: str, params: dict[str, Any], order: str) -> Any:
    response = call(
        client, method, **{**params, "SortBy": "CreationTime", "SortOrder": order, "MaxResults": 1}
    )
    items = response.get(result_key) or []
    return items[0]["CreationTime"] if items else None


def windows(oldest: datetime, newest: datetime, count: int) -> list[tuple[datetime, datetime]]:
    """``count`` adjacent [start, end) windows covering oldest..newest inclusive."""
    end = newest + _TICK
    step = (end - oldest) / max(1, count)
    edges = [oldest + step * n for n in range(count)] + [end]
    return [(edges[n], edges[n + 1]) for n in range(count) if edges[n + 1] > edges[n]]


def list_partitioned(
    client: Any,
    method: str,
    result_key: str,
    params: dict[str, Any],
    *,
    partitions: int = 8,
    cancelled: Callable[[], bool] = lambda: False,
    convert: Callable[[dict[str, Any]], T] | None = None,
) -> list[T]:
    """Every item of the listing, newest first, fetched as ``partitions`` parallel windows.

    ``convert`` (default: none, the API's dicts) runs in the fetching threads, while
    they wait for the budget and the network, not after the listing.
    Items created while the listing runs may be missed; the next refresh finds them.
    """
    base = {k: v for k, v in params.items() if k not in ("SortBy", "SortOrder", "NextToken")}
    # The edges come from the unfiltered listing: with StatusEquals, AWS applies
    # MaxResults before the filter (API_ListTrainingJobs), so a 1-item page may be empty.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="smtui-edge") as pool:
        first = pool.submit(_edge, client, method, result_key, {}, "Ascending")
        last = pool.submit(_edge, client, method, result_key, {}, "Descending")
        oldest, newest = first.result(), last.result()
    if oldest is None or newest is None:
        return []
    made: Callable[[dict[str, Any]], Any] = _same if convert is None else convert

    def fetch(window: tuple[datetime, datetime]) -> list[tuple[datetime, str, Any]]:
        start, end = window
        query = {
            **base,
            "CreationTimeAfter": start - _TICK,
            "CreationTimeBefore": end,
            "SortBy": "CreationTime",
            "SortOrder": "Descending",
            "MaxResults": 100,
        }
        found: list[tuple[datetime, str, Any]] = []
        for page in pages(client, method, result_key, cancelled=cancelled, **query):
            found.extend(
                (i["CreationTime"], _key(i), made(i))
                for i in page
                if start <= i["CreationTime"] < end
            )
        return found

    spans = windows(oldest, newest, partitions)
    with ThreadPoolExecutor(max_workers=len(spans), thread_name_prefix="smtui-list") as pool:
        parts = list(pool.map(fetch, spans))
    seen: set[str] = set()
    merged: list[Any] = []
    for _, key, item in sorted(
        (i for part in parts for i in part), key=lambda i: i[0], reverse=True
    ):
        if key not in seen:
            seen.add(key)
            merged.append(item)
    return merged


def _same(item: dict[str, Any]) -> Any:
    return item


def _key(item: dict[str, Any]) -> str:
    """The item's ARN (windows overlap by a millisecond: an item may come twice)."""
    return next((str(v) for k, v in item.items() if k.endswith("Arn")), None) or repr(item)
