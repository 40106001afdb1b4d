"""ListTrainingJobs paging: filters, sort orders and opaque NextTokens.

Tokens carry the sort key of the last job handed out (not an offset), so jobs
that start between two pages never cause duplicates or gaps in the older part
of the listing.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from .catalog import TRAINING_PLAN_ARN
from .job import STATUS_ORDER, JobRecord
from .store import JobStore


class InvalidTokenError(ValueError):
    """The NextToken is not one this listing produced."""


@dataclass(frozen=True)
class ListQuery:
    """ListTrainingJobs input with timestamps as epoch seconds."""

    created_after: float | None = None
    created_before: float | None = None
    modified_after: float | None = None
    modified_before: float | None = None
    name_contains: str | None = None
    status_equals: str | None = None
    warm_pool_status_equals: str | None = None
    training_plan_arn_equals: str | None = None
    # Defaults: "The default is CreationTime" (SortBy, botocore sagemaker model).
    # SortOrder's member doc says Ascending, but the operation doc says jobs are
    # "sorted according to the creation time, from the most current to the
    # oldest", which is what the live service does, so Descending it is.
    sort_by: str = "CreationTime"
    sort_order: str = "Descending"
    # Not documented; 10 is what SageMaker List* operations return by default.
    max_results: int = 10
    next_token: str | None = None

    def fingerprint(self) -> str:
        data = asdict(self)
        for k in ("max_results", "next_token"):
            data.pop(k)
        blob = json.dumps(data, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def encode_token(query: ListQuery, key: list) -> str:
    body = {"v": 1, "f": query.fingerprint(), "k": key}
    raw = json.dumps(body, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(query: ListQuery) -> list | None:
    token = query.next_token
    if not token:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        body = json.loads(raw)
        key = body["k"]
        ok = body.get("v") == 1 and body.get("f") == query.fingerprint() and isinstance(key, list)
    except (ValueError, TypeError, KeyError, AttributeError):
        ok = False
    if not ok:
        raise InvalidTokenError(token)
    return key


def _ordered(
    store: JobStore, query: ListQuery, now: float, key: list | None
) -> Iterator[tuple[list, JobRecord]]:
    desc = query.sort_order == "Descending"
    try:
        if query.sort_by == "Name":
            after_name = None if key is None else str(key[0])
            for job in store.walk_name(desc, after_name):
                yield [job.name], job
            return
        if query.sort_by == "Status":
            statuses = list(reversed(STATUS_ORDER)) if desc else list(STATUS_ORDER)
            first = 0 if key is None else statuses.index(key[0])
            for i, status in enumerate(statuses[first:], start=first):
                bound = (float(key[1]), str(key[2])) if key is not None and i == first else None
                for job in store.walk_status(status, now, desc, bound):
                    yield [status, job.created, job.name], job
            return
        after = None if key is None else (float(key[0]), str(key[1]))
        for job in store.walk_created(desc, after, query.created_after, query.created_before):
            yield [job.created, job.name], job
    except (IndexError, ValueError, TypeError) as exc:
        raise InvalidTokenError(query.next_token) from exc


def _matches(job: JobRecord, q: ListQuery, now: float) -> bool:
    # "created after" / "created before" (API_ListTrainingJobs) do not say whether the
    # edge is included: strict here, the reading that loses a job on an edge, so a client
    # relying on either fails against the sandbox first. Compared with the stored time
    # (microseconds), not the answered one (milliseconds), as AWS does.
    if q.created_after is not None and not job.created > q.created_after:
        return False
    if q.created_before is not None and not job.created < q.created_before:
        return False
    if q.modified_after is not None or q.modified_before is not None:
        modified = job.last_modified(now)
        if q.modified_after is not None and not modified > q.modified_after:
            return False
        if q.modified_before is not None and not modified < q.modified_before:
            return False
    # Assumption: case-insensitive, like the console's search box.
    if q.name_contains and q.name_contains.lower() not in job.name.lower():
        return False
    if q.warm_pool_status_equals is not None:
        pool = job.warm_pool(now)
        if pool is None or pool[0] != q.warm_pool_status_equals:
            return False
    if q.training_plan_arn_equals is not None:
        if not job.training_plan or q.training_plan_arn_equals != TRAINING_PLAN_ARN:
            return False
    return True


def list_page(store: JobStore, query: ListQuery, now: float) -> tuple[list[JobRecord], str | None]:
    """One page of jobs and the NextToken (None when the listing is exhausted).

    StatusEquals follows the documented quirk of ListTrainingJobs: "the
    MaxResults number of training jobs are first retrieved ignoring the
    StatusEquals parameter and then they are filtered by the StatusEquals
    parameter" (API reference), so a page may hold fewer than MaxResults jobs,
    even none, while NextToken is still set.
    """
    key = decode_token(query)
    page: list[JobRecord] = []
    scanned = 0
    last_key: list | None = None
    for job_key, job in _ordered(store, query, now, key):
        if not _matches(job, query, now):
            continue
        if scanned == query.max_results:
            return page, encode_token(query, last_key or [])
        scanned += 1
        last_key = job_key
        if query.status_equals is None or job.status(now) == query.status_equals:
            page.append(job)
    return page, None


__all__ = ["InvalidTokenError", "ListQuery", "list_page"]
