"""A kind's jobs, indexed for its List operation: filters, sort orders, opaque NextTokens.

The List operations of these kinds share one input shape (CreationTime*/LastModifiedTime*,
NameContains, StatusEquals, SortBy Name|CreationTime|Status, SortOrder, MaxResults,
NextToken), so one store serves them all. Kept orders (ascending, so a page is a bisect
plus a short walk):

* ``by_created``: (CreationTime, name); ``by_name``: name.
* ``static_by_status``: per status, the jobs already terminal when the store was built
  (they never change again); ``dynamic`` holds the others and is sorted per request.

Tokens carry the sort key of the last job handed out and a fingerprint of the filters,
so a token used with other filters is refused, and jobs changing status between pages
cause no duplicates in the older part of a listing.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from .record import KindJob


class InvalidTokenError(ValueError):
    """The NextToken is not one this listing produced."""


@dataclass(frozen=True)
class Query:
    """A List request with timestamps as epoch seconds."""

    sort_by: str
    sort_order: str
    created_after: float | None = None
    created_before: float | None = None
    modified_after: float | None = None
    modified_before: float | None = None
    name_contains: str | None = None
    status_equals: str | None = None
    # "The default value is 10" (MaxResults of ListTransformJobs and others, botocore model).
    max_results: int = 10
    next_token: str | None = None

    def fingerprint(self) -> str:
        data = asdict(self)
        data.pop("max_results")
        data.pop("next_token")
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def encode_token(fingerprint: str, key: list) -> str:
    raw = json.dumps({"v": 1, "f": fingerprint, "k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str | None, fingerprint: str) -> list | None:
    if not token:
        return None
    try:
        body = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        key = body["k"]
        ok = body.get("v") == 1 and body.get("f") == fingerprint and isinstance(key, list)
    except (ValueError, TypeError, KeyError, AttributeError):
        ok = False
    if not ok:
        raise InvalidTokenError(token)
    return key


def _created(job: KindJob) -> tuple[float, str]:
    return (job.created, job.name)


def _name(job: KindJob) -> str:
    return job.name


StatusFn = Callable[[KindJob, float], str]
ModifiedFn = Callable[[KindJob, float], float]


class JobIndex:
    def __init__(self, jobs: list[KindJob], now: float, status: StatusFn) -> None:
        self.status = status
        self.by_created = sorted(jobs, key=_created)
        self.by_name = sorted(self.by_created, key=_name)
        self.names = {j.name: j for j in self.by_created}
        self.static_by_status: dict[str, list[KindJob]] = {}
        self.dynamic: list[KindJob] = []
        for job in self.by_created:
            if job.is_terminal(now):
                self.static_by_status.setdefault(status(job, now), []).append(job)
            else:
                self.dynamic.append(job)

    def __len__(self) -> int:
        return len(self.by_created)

    def add(self, job: KindJob) -> None:
        """A job created after the index was built (another area's: ProcessingSim.add_source)."""
        bisect.insort(self.by_created, job, key=_created)
        bisect.insort(self.by_name, job, key=_name)
        self.names[job.name] = job
        self.dynamic.append(job)

    def get(self, name: str) -> KindJob | None:
        return self.names.get(name)

    def ordered(self, query: Query, now: float, key: list | None) -> Iterator[tuple[list, KindJob]]:
        desc = query.sort_order == "Descending"
        if query.sort_by == "Name":
            after_name = None if key is None else str(key[0])
            for job in _walk(self.by_name, _name, desc, after_name, 0, len(self.by_name)):
                yield [job.name], job
            return
        if query.sort_by == "Status":
            statuses = {*self.static_by_status, *(self.status(j, now) for j in self.dynamic)}
            order = sorted(statuses, reverse=desc)
            first = 0
            if key is not None:
                order = sorted({*order, str(key[0])}, reverse=desc)
                first = order.index(str(key[0]))
            for i, status in enumerate(order[first:], start=first):
                bound = (float(key[1]), str(key[2])) if key is not None and i == first else None
                static = self.static_by_status.get(status, [])
                dyn = sorted(
                    (j for j in self.dynamic if self.status(j, now) == status), key=_created
                )
                merged = _merge(
                    _walk(static, _created, desc, bound, 0, len(static)),
                    _walk(dyn, _created, desc, bound, 0, len(dyn)),
                    desc,
                )
                for job in merged:
                    yield [status, job.created, job.name], job
            return
        seq = self.by_created
        lo, hi = query.created_after, query.created_before
        start = 0 if lo is None else bisect.bisect_right(seq, lo, key=lambda j: j.created)
        stop = len(seq) if hi is None else bisect.bisect_left(seq, hi, key=lambda j: j.created)
        after = None if key is None else (float(key[0]), str(key[1]))
        for job in _walk(seq, _created, desc, after, start, stop):
            yield [job.created, job.name], job


def list_page(
    index: JobIndex, query: Query, now: float, modified: ModifiedFn
) -> tuple[list[KindJob], str | None]:
    """The matching jobs among the next MaxResults, and the NextToken (None at the end).

    MaxResults is applied before StatusEquals, as ListTrainingJobs documents it ("the
    MaxResults number of training jobs are first retrieved ignoring the StatusEquals
    parameter and then they are filtered", API_ListTrainingJobs) and as the other kinds'
    List operations were observed to do (issue 17: ``--status InProgress --limit 5`` on
    600 jobs took 120 calls): a page may hold fewer jobs than MaxResults, even none,
    with a NextToken.
    """
    fingerprint = query.fingerprint()
    key = decode_token(query.next_token, fingerprint)
    page: list[KindJob] = []
    scanned = 0
    last: list | None = None
    try:
        for job_key, job in index.ordered(query, now, key):
            if not _matches(job, query, now, modified):
                continue
            if scanned == query.max_results:
                return page, encode_token(fingerprint, last or [])
            scanned += 1
            last = job_key
            if query.status_equals is None or index.status(job, now) == query.status_equals:
                page.append(job)
    except (IndexError, ValueError, TypeError) as exc:
        raise InvalidTokenError(query.next_token or "") from exc
    return page, None


def _matches(job: KindJob, q: Query, now: float, modified: ModifiedFn) -> bool:
    if q.created_after is not None and not job.created > q.created_after:
        return False
    if q.created_before is not None and not job.created < q.created_before:
        return False
    if q.modified_after is not None or q.modified_before is not None:
        at = modified(job, now)
        if q.modified_after is not None and not at > q.modified_after:
            return False
        if q.modified_before is not None and not at < q.modified_before:
            return False
    # Assumption, as for ListTrainingJobs here: case-insensitive, like the console's search.
    return not q.name_contains or q.name_contains.lower() in job.name.lower()


def _walk(seq: list, key, descending: bool, after, start: int, stop: int) -> Iterator:
    if after is not None:
        if descending:
            stop = min(stop, bisect.bisect_left(seq, after, key=key))
        else:
            start = max(start, bisect.bisect_right(seq, after, key=key))
    rng = range(stop - 1, start - 1, -1) if descending else range(start, stop)
    for i in rng:
        yield seq[i]


def _merge(a: Iterator[KindJob], b: Iterator[KindJob], descending: bool) -> Iterator[KindJob]:
    x, y = next(a, None), next(b, None)
    while x is not None or y is not None:
        if y is None or (x is not None and ((_created(x) > _created(y)) == descending)):
            yield x  # type: ignore[misc]
            x = next(a, None)
        else:
            yield y
            y = next(b, None)
