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
from typing import Any

from smtui.aws.calls import call, pages

_TICK = timedelta(milliseconds=1)


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
) -> list[dict[str, Any]]:
    """Every item of the listing, newest first, fetched as ``partitions`` parallel windows.

    Items created while the listing runs may be missed; the next refresh finds them.
    """
    base = {k: v for k, v in params.items() if k not in ("SortBy", "SortOrder", "NextToken")}
    # The edges come from the unfiltered listing: with StatusEquals, AWS applies
    # MaxResults before the filter (API_ListTrainingJobs), so a 1-item page may be empty.
    oldest = _edge(client, method, result_key, {}, "Ascending")
    newest = _edge(client, method, result_key, {}, "Descending")
    if oldest is None or newest is None:
        return []

    def fetch(window: tuple[datetime, datetime]) -> list[dict[str, Any]]:
        start, end = window
        query = {
            **base,
            "CreationTimeAfter": start - _TICK,
            "CreationTimeBefore": end,
            "SortBy": "CreationTime",
            "SortOrder": "Descending",
            "MaxResults": 100,
        }
        found: list[dict[str, Any]] = []
        for page in pages(client, method, result_key, cancelled=cancelled, **query):
            found.extend(i for i in page if start <= i["CreationTime"] < end)
        return found

    spans = windows(oldest, newest, partitions)
    with ThreadPoolExecutor(max_workers=len(spans), thread_name_prefix="smtui-list") as pool:
        parts = list(pool.map(fetch, spans))
    seen: set[str] = set()
    merged: list[dict[str, Any]] = []
    for item in sorted(
        (i for part in parts for i in part), key=lambda i: i["CreationTime"], reverse=True
    ):
        key = next(iter(v for k, v in item.items() if k.endswith("Arn")), None) or repr(item)
        if key not in seen:
            seen.add(key)
            merged.append(item)
    return merged
