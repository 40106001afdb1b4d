"""A full listing split by CreationTime ranges and fetched in parallel.

SageMaker's List* APIs page with NextToken, one page after another: under real latency
a listing of 100,000 jobs is 1,000 sequential round trips. Their CreationTimeAfter /
CreationTimeBefore filters let disjoint time windows be listed at once; every request
still takes a token from the API budget, so parallelism never exceeds it.

What the windows may assume, and what they may not:

* "CreationTimeAfter: A filter that returns only training jobs created after the
  specified time"; CreationTimeBefore likewise "before" (API_ListTrainingJobs,
  https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ListTrainingJobs.html;
  the other kinds' List operations say the same). Whether an edge itself is included
  is not documented, so adjacent windows overlap by one millisecond and items are
  de-duplicated by ARN: the union is the whole listing under either reading, and
  nothing is filtered again client-side.
* AWS stores CreationTime finer than it answers (whole milliseconds; observed, issue 17),
  so an answered time is within a millisecond of the stored one: edges are whole
  milliseconds, the first window has no lower edge and the last no upper edge (jobs
  created while the listing runs are found too).
* moto (its sagemaker/models.py list_training_jobs, 5.2) and LocalStack (issue 17)
  ignore SortBy/SortOrder and apply MaxResults before every filter. When the edges come
  back inverted or unsorted, a window page is out of order or outside its window, or
  the span is too short to be worth splitting, the listing is plain NextToken paging,
  which every implementation gets right.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from smtui.aws.calls import call, pages

_MS = timedelta(milliseconds=1)
# Below this span between the oldest and the newest job, windows cost more than they
# save (each is at least one request): plain paging.
MIN_SPAN = timedelta(seconds=1)
PAGE_SIZE = 100  # MaxResults 1..100 for every SageMaker List* of jobs (botocore model)
T = TypeVar("T")


class _Unreliable(Exception):
    """The service does not sort or filter as documented: use plain paging."""


def _times(items: list[dict[str, Any]]) -> list[datetime]:
    return [i["CreationTime"] for i in items]


def _edges(client: Any, method: str, result_key: str) -> tuple[datetime, datetime] | None:
    """(oldest, newest) answered CreationTime of the unfiltered listing, or None if empty.

    Two items per end, so an ignored SortOrder shows as an unsorted pair. The edges come
    from the unfiltered listing: with StatusEquals, AWS applies MaxResults before the
    filter (API_ListTrainingJobs), so a small page may be empty while jobs exist.
    """
    ends: list[list[datetime]] = []
    for order in ("Ascending", "Descending"):
        response = call(client, method, SortBy="CreationTime", SortOrder=order, MaxResults=2)
        ends.append(_times(response.get(result_key) or []))
    up, down = ends
    if not up or not down:
        return None
    if sorted(up) != up or sorted(down, reverse=True) != down or up[0] > down[0]:
        raise _Unreliable
    return up[0], down[0]


def _floor_ms(at: datetime) -> datetime:
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def windows(
    oldest: datetime, newest: datetime, count: int
) -> list[tuple[datetime | None, datetime | None]]:
    """``count`` (after, before) windows, whole milliseconds, covering every time.

    The first has no lower edge and the last no upper edge; each window starts one
    millisecond before the previous one ends, so an item on an edge is in both,
    whether the service compares strictly or not.
    """
    low = _floor_ms(oldest).astimezone(UTC)
    span_ms = int((_floor_ms(newest) - low) / _MS) + 1
    count = max(1, min(count, span_ms))
    cuts = [low + _MS * (span_ms * n // count) for n in range(1, count)]
    lows: list[datetime | None] = [None, *(c - _MS for c in cuts)]
    highs: list[datetime | None] = [*cuts, None]
    return list(zip(lows, highs, strict=True))


def list_partitioned(
    client: Any,
    method: str,
    result_key: str,
    params: dict[str, Any],
    *,
    partitions: int = 8,
    cancelled: Callable[[], bool] = lambda: False,
    convert: Callable[[dict[str, Any]], Any] | None = None,
) -> list[Any]:
    """Every item of the listing, newest first, the same items as NextToken paging.

    ``convert`` (default: none, the API's dicts) runs in the fetching threads, while
    they wait for the budget and the network, not after the listing. ``cancelled`` is
    checked between pages; the fetching threads are daemons, so an interrupted caller
    never waits for a request in flight.
    """
    base = {k: v for k, v in params.items() if k not in ("SortBy", "SortOrder", "NextToken")}
    made: Callable[[dict[str, Any]], Any] = _same if convert is None else convert
    stop = threading.Event()

    def halted() -> bool:
        return stop.is_set() or cancelled()

    try:
        if partitions <= 1:
            raise _Unreliable
        edges = _parallel([lambda: _edges(client, method, result_key)], stop)[0]
        if edges is None or edges[1] - edges[0] < MIN_SPAN:
            raise _Unreliable
        parts = _parallel(
            [
                partial(_window, client, method, result_key, base, w, halted, made)
                for w in windows(edges[0], edges[1], partitions)
            ],
            stop,
        )
    except _Unreliable:
        return [made(i) for i in _plain(client, method, result_key, base, cancelled)]
    seen: set[str] = set()
    merged: list[Any] = []
    for part in reversed(parts):  # newest window first, each newest first
        for key, item in part:
            if key not in seen:
                seen.add(key)
                merged.append(item)
    return merged


def _plain(
    client: Any,
    method: str,
    result_key: str,
    base: dict[str, Any],
    cancelled: Callable[[], bool],
) -> Iterator[dict[str, Any]]:
    query = {**base, "SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": PAGE_SIZE}
    for page in pages(client, method, result_key, cancelled=cancelled, **query):
        yield from page


def _window(
    client: Any,
    method: str,
    result_key: str,
    base: dict[str, Any],
    window: tuple[datetime | None, datetime | None],
    cancelled: Callable[[], bool],
    made: Callable[[dict[str, Any]], Any],
) -> list[tuple[str, Any]]:
    after, before = window
    query = {**base, "SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": PAGE_SIZE}
    if after is not None:
        query["CreationTimeAfter"] = after
    if before is not None:
        query["CreationTimeBefore"] = before
    found: list[tuple[str, Any]] = []
    previous: datetime | None = None
    for page in pages(client, method, result_key, cancelled=cancelled, **query):
        for item in page:
            at = item["CreationTime"]
            # An answered time is within a millisecond of the stored one.
            outside = (after is not None and at < after - _MS) or (
                before is not None and at > before + _MS
            )
            if outside or (previous is not None and at > previous):
                raise _Unreliable  # the filter or the sort order was ignored
            previous = at
            found.append((_key(item), made(item)))
    return found


def _parallel(tasks: list[Callable[[], T]], stop: threading.Event) -> list[T]:
    """Run ``tasks`` in daemon threads; their results in order, or the first error.

    Daemon threads, not an executor: an interpreter leaving on Ctrl-C does not join them,
    so a request in flight never delays the exit. If the wait is interrupted
    (KeyboardInterrupt), ``stop`` is set: the tasks send no further page.
    """
    results: list[Any] = [None] * len(tasks)
    errors: list[BaseException] = []
    done = threading.Semaphore(0)

    def run(n: int, task: Callable[[], T]) -> None:
        try:
            results[n] = task()
        except BaseException as exc:  # handed to the caller's thread
            errors.append(exc)
            stop.set()  # the other tasks send no further page: the result is discarded
        finally:
            done.release()

    for n, task in enumerate(tasks):
        threading.Thread(target=run, args=(n, task), name="smtui-list", daemon=True).start()
    try:
        for _ in tasks:
            done.acquire()
    except BaseException:
        stop.set()
        raise
    if errors:
        unreliable = [e for e in errors if not isinstance(e, _Unreliable)]
        raise (unreliable or errors)[0]
    return results


def _same(item: dict[str, Any]) -> Any:
    return item


def _key(item: dict[str, Any]) -> str:
    """The item's ARN (adjacent windows overlap by a millisecond: an item may come twice)."""
    return next((str(v) for k, v in item.items() if k.endswith("Arn")), None) or repr(item)
