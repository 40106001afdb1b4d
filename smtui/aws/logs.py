"""CloudWatch Logs: the streams of a group, events page by page with tokens, filtering.

DescribeLogStreams, GetLogEvents and FilterLogEvents as the CloudWatch Logs API
reference documents them: GetLogEvents returns up to 10,000 events per call and, at the
end of a stream, the same forward token that was passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from smtui.aws.calls import call
from smtui.aws.session import Clients
from smtui.domain.logs import EventsPage, LogLine, LogStreamInfo

MAX_EVENTS = 10_000
"""GetLogEvents / FilterLogEvents: at most 10,000 events per call."""
STREAM_PAGE = 50
"""DescribeLogStreams: at most 50 streams per call."""


def list_streams(
    clients: Clients,
    group: str,
    prefix: str = "",
    *,
    limit: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[LogStreamInfo]:
    """Streams of ``group`` whose name starts with ``prefix``, by name."""
    client = clients.client("logs")
    params: dict[str, Any] = {"logGroupName": group, "limit": STREAM_PAGE}
    if prefix:
        params["logStreamNamePrefix"] = prefix
    out: list[LogStreamInfo] = []
    while True:
        response = call(client, "describe_log_streams", **params)
        for s in response.get("logStreams", []):
            out.append(
                LogStreamInfo(
                    name=s["logStreamName"],
                    created=s.get("creationTime"),
                    first_event=s.get("firstEventTimestamp"),
                    last_event=s.get("lastEventTimestamp"),
                )
            )
        token = response.get("nextToken")
        if not token or cancelled() or (limit is not None and len(out) >= limit):
            return out if limit is None else out[:limit]
        params["nextToken"] = token


def get_events(
    clients: Clients,
    group: str,
    stream: str,
    *,
    token: str | None = None,
    start_from_head: bool = True,
    limit: int | None = None,
    start_ms: int | None = None,
) -> EventsPage:
    """One GetLogEvents page. Without ``token``: the oldest (``start_from_head``) or the
    newest ``limit`` events; with a forward token: the events written after it."""
    params: dict[str, Any] = {
        "logGroupName": group,
        "logStreamName": stream,
        "startFromHead": start_from_head,
        "limit": max(1, min(MAX_EVENTS, limit or MAX_EVENTS)),
    }
    if token:
        params["nextToken"] = token
    if start_ms is not None:
        params["startTime"] = start_ms
    response = call(clients.client("logs"), "get_log_events", **params)
    lines = tuple(
        LogLine(e["timestamp"], e.get("message", "").rstrip("\n"), stream)
        for e in response.get("events", [])
    )
    return EventsPage(lines, response.get("nextForwardToken"), response.get("nextBackwardToken"))


def filter_events(
    clients: Clients,
    group: str,
    *,
    prefix: str | None = None,
    streams: list[str] | None = None,
    pattern: str = "",
    start_ms: int | None = None,
    end_ms: int | None = None,
    limit: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[LogLine]]:
    """Pages of the group's events matching ``pattern`` (CloudWatch filter pattern
    syntax), interleaved across streams by time, following nextToken."""
    params: dict[str, Any] = {"logGroupName": group}
    if prefix:
        params["logStreamNamePrefix"] = prefix
    if streams:
        params["logStreamNames"] = streams
    if pattern:
        params["filterPattern"] = pattern
    if start_ms is not None:
        params["startTime"] = start_ms
    if end_ms is not None:
        params["endTime"] = end_ms
    if limit is not None:
        params["limit"] = max(1, min(MAX_EVENTS, limit))
    client = clients.client("logs")
    while True:
        response = call(client, "filter_log_events", **params)
        yield [
            LogLine(e["timestamp"], e.get("message", "").rstrip("\n"), e.get("logStreamName", ""))
            for e in response.get("events", [])
        ]
        token = response.get("nextToken")
        if not token or cancelled():
            return
        params["nextToken"] = token
