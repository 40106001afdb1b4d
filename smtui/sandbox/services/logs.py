"""CloudWatch Logs (AWS JSON 1.1, botocore service ``logs``) over the world's LogsHub.

DescribeLogGroups, DescribeLogStreams, GetLogEvents and FilterLogEvents, generic over
whatever areas registered a :class:`~smtui.sandbox.hubs.LogSource` for a group prefix.
Semantics follow the CloudWatch Logs API reference:

* GetLogEvents: without a token, ``startFromHead`` picks the oldest or the newest
  ``limit`` events; events come oldest first; ``nextForwardToken`` /
  ``nextBackwardToken`` page forward / backward, and at the end of the stream the
  token passed in comes back unchanged (so a follower polls with it).  ``endTime``
  is exclusive for GetLogEvents, inclusive for FilterLogEvents.
* FilterLogEvents: events of the matching streams interleaved by time; filter
  patterns for unstructured logs: terms (all must appear), ``"quoted phrases"``,
  ``?term`` (any of), ``-term`` (none of), and ``%regex%``; matching is case-sensitive
  (CloudWatch Logs user guide, "Filter pattern syntax for metric filters, subscription
  filters, filter log events, and Live Tail").
* Unknown groups or streams: ResourceNotFoundException, as AWS answers.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import shlex
import zlib
from collections.abc import Callable
from functools import partial
from typing import Any

from ..constants import SANDBOX_ACCOUNT, SANDBOX_REGION
from ..errors import ServiceError
from ..hubs import LogEvent, LogsHub, LogSource, LogStream
from ..registry import Registry
from ..world import World

DEFAULT_STREAM_LIMIT = 50  # DescribeLogStreams / DescribeLogGroups: 1..50, default 50
DEFAULT_EVENT_LIMIT = 10_000  # GetLogEvents / FilterLogEvents: up to 10,000 events
INGESTION_DELAY_MS = 180
_TOKEN = re.compile(r"^([fb])/(\d{56})$")


def invalid(message: str) -> ServiceError:
    return ServiceError("InvalidParameterException", message, 400)


def group_not_found() -> ServiceError:
    return ServiceError("ResourceNotFoundException", "The specified log group does not exist.", 400)


def stream_not_found() -> ServiceError:
    return ServiceError(
        "ResourceNotFoundException", "The specified log stream does not exist.", 400
    )


def _ms(epoch: float) -> int:
    return int(epoch * 1000)


def group_arn(group: str) -> str:
    return f"arn:aws:logs:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:log-group:{group}"


# -- tokens ----------------------------------------------------------------------------
def _offset_token(offset: int, kind: str) -> str:
    raw = json.dumps({"k": kind, "o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _read_offset_token(token: str | None, kind: str) -> int:
    if not token:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        if data.get("k") == kind and isinstance(data.get("o"), int) and data["o"] >= 0:
            return int(data["o"])
    except (binascii.Error, ValueError, AttributeError):
        pass
    raise invalid("The specified nextToken is invalid.")


def _position_token(direction: str, index: int) -> str:
    return f"{direction}/{index:056d}"


# -- groups and streams -----------------------------------------------------------------
def _group_name(params: dict[str, Any]) -> str:
    name, ident = params.get("logGroupName"), params.get("logGroupIdentifier")
    if bool(name) == bool(ident):
        raise invalid("Specify exactly one of logGroupName and logGroupIdentifier.")
    if ident and ident.startswith("arn:"):
        _, _, rest = ident.partition(":log-group:")
        ident = rest.removesuffix(":*")
    return str(name or ident)


def _source(hub: LogsHub, group: str) -> LogSource:
    source = hub.source_for(group)
    if source is None or group not in source.groups():
        raise group_not_found()
    return source


def _streams(source: LogSource, group: str, prefix: str, now: float) -> list[LogStream]:
    """Streams of the group starting with ``prefix``; a source may answer that directly."""
    narrowed: Callable[[str, str, float], list[LogStream]] | None = getattr(
        source, "streams_with_prefix", None
    )
    streams = narrowed(group, prefix, now) if narrowed else source.streams(group, now)
    return [s for s in streams if s.name.startswith(prefix)]


def _stream(source: LogSource, group: str, name: str, now: float) -> LogStream:
    for stream in _streams(source, group, name, now):
        if stream.name == name:
            return stream
    raise stream_not_found()


def describe_log_groups(world: World, params: dict[str, Any]) -> dict[str, Any]:
    prefix = params.get("logGroupNamePrefix") or ""
    pattern = (params.get("logGroupNamePattern") or "").lower()
    if prefix and pattern:
        raise invalid("logGroupNamePrefix and logGroupNamePattern are mutually exclusive.")
    groups = [g for g in world.logs.groups() if g.startswith(prefix) and (pattern in g.lower())]
    offset = _read_offset_token(params.get("nextToken"), "groups")
    limit = params.get("limit") or DEFAULT_STREAM_LIMIT
    page = groups[offset : offset + limit]
    created = _ms(world.clock.start - 400 * 86400)  # the groups predate the fleet
    out: dict[str, Any] = {
        "logGroups": [
            {
                "logGroupName": g,
                "creationTime": created,
                "metricFilterCount": 0,
                "arn": group_arn(g) + ":*",
                "logGroupArn": group_arn(g),
                "storedBytes": 0,
                "logGroupClass": "STANDARD",
            }
            for g in page
        ]
    }
    if offset + limit < len(groups):
        out["nextToken"] = _offset_token(offset + limit, "groups")
    return out


def _stream_dict(group: str, stream: LogStream) -> dict[str, Any]:
    item: dict[str, Any] = {
        "logStreamName": stream.name,
        "creationTime": _ms(stream.created),
        "arn": f"{group_arn(group)}:log-stream:{stream.name}",
        "storedBytes": 0,
    }
    if stream.first_event is not None:
        item["firstEventTimestamp"] = _ms(stream.first_event)
    if stream.last_event is not None:
        item["lastEventTimestamp"] = _ms(stream.last_event)
        item["lastIngestionTime"] = _ms(stream.last_event) + INGESTION_DELAY_MS
    return item


def describe_log_streams(world: World, params: dict[str, Any]) -> dict[str, Any]:
    group = _group_name(params)
    prefix = params.get("logStreamNamePrefix") or ""
    order = params.get("orderBy", "LogStreamName")
    if prefix and order == "LastEventTime":
        raise invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
    source = _source(world.logs, group)
    streams = _streams(source, group, prefix, world.now())
    descending = bool(params.get("descending", False))
    if order == "LastEventTime":
        streams.sort(key=lambda s: (s.last_event or 0.0, s.name), reverse=descending)
    else:
        streams.sort(key=lambda s: s.name, reverse=descending)
    offset = _read_offset_token(params.get("nextToken"), "streams")
    limit = params.get("limit") or DEFAULT_STREAM_LIMIT
    out: dict[str, Any] = {
        "logStreams": [_stream_dict(group, s) for s in streams[offset : offset + limit]]
    }
    if offset + limit < len(streams):
        out["nextToken"] = _offset_token(offset + limit, "streams")
    return out


# -- events ----------------------------------------------------------------------------------
def _event_dict(event: LogEvent) -> dict[str, Any]:
    ms = _ms(event.timestamp)
    return {"timestamp": ms, "message": event.message, "ingestionTime": ms + INGESTION_DELAY_MS}


def get_log_events(world: World, params: dict[str, Any]) -> dict[str, Any]:
    group = _group_name(params)
    name = params["logStreamName"]
    source = _source(world.logs, group)
    now = world.now()
    _stream(source, group, name, now)
    events = source.events(group, name, now)
    start, end = params.get("startTime"), params.get("endTime")
    limit = params.get("limit") or DEFAULT_EVENT_LIMIT
    # Absolute positions in the stream, so tokens stay valid as new events arrive.
    candidates = [
        i
        for i, e in enumerate(events)
        if (start is None or _ms(e.timestamp) >= start) and (end is None or _ms(e.timestamp) < end)
    ]
    token = params.get("nextToken")
    if token:
        match = _TOKEN.match(token)
        if match is None:
            raise invalid("The specified nextToken is invalid.")
        direction, position = match.group(1), int(match.group(2))
        if direction == "f":
            page = [i for i in candidates if i >= position][:limit]
        else:
            page = [i for i in candidates if i < position][-limit:]
        if not page:  # the end of the stream in that direction: the same token back
            return {
                "events": [],
                "nextForwardToken": token if direction == "f" else _position_token("f", position),
                "nextBackwardToken": token if direction == "b" else _position_token("b", position),
            }
    elif params.get("startFromHead", False):
        page = candidates[:limit]
    else:
        page = candidates[-limit:]
    first = page[0] if page else 0
    after = page[-1] + 1 if page else 0
    return {
        "events": [_event_dict(events[i]) for i in page],
        "nextForwardToken": _position_token("f", after),
        "nextBackwardToken": _position_token("b", first),
    }


# -- filter patterns -------------------------------------------------------------------------
class FilterPattern:
    """A CloudWatch Logs filter pattern for unstructured log events."""

    def __init__(self, text: str) -> None:
        self.text = text.strip()
        self.regex: re.Pattern[str] | None = None
        self.required: list[str] = []
        self.optional: list[str] = []
        self.excluded: list[str] = []
        if not self.text:
            return
        if len(self.text) >= 2 and self.text[0] == "%" and self.text[-1] == "%":
            try:
                self.regex = re.compile(self.text[1:-1])
            except re.error as exc:
                raise invalid(f"Invalid regex in filter pattern: {exc}") from None
            return
        if self.text[0] in "{[":
            raise invalid(
                "JSON and space-delimited filter patterns are not supported by the smtui "
                "sandbox; use terms, quoted phrases, ?term, -term or %regex%."
            )
        try:
            words = shlex.split(self.text)
        except ValueError:
            raise invalid(f"Invalid filter pattern: {self.text}") from None
        for word in words:
            if word.startswith("?") and len(word) > 1:
                self.optional.append(word[1:])
            elif word.startswith("-") and len(word) > 1:
                self.excluded.append(word[1:])
            else:
                self.required.append(word)

    def matches(self, message: str) -> bool:
        if self.regex is not None:
            return self.regex.search(message) is not None
        if any(term not in message for term in self.required):
            return False
        if any(term in message for term in self.excluded):
            return False
        return not self.optional or any(term in message for term in self.optional)


def filter_log_events(world: World, params: dict[str, Any]) -> dict[str, Any]:
    group = _group_name(params)
    names, prefix = params.get("logStreamNames"), params.get("logStreamNamePrefix")
    if names and prefix:
        raise invalid("Cannot specify both logStreamNames and logStreamNamePrefix.")
    source = _source(world.logs, group)
    now = world.now()
    streams = _streams(source, group, prefix or "", now)
    if names:
        wanted = set(names)
        streams = [s for s in streams if s.name in wanted]
    pattern = FilterPattern(params.get("filterPattern") or "")
    start, end = params.get("startTime"), params.get("endTime")
    matched: list[tuple[int, str, int, LogEvent]] = []
    for stream in sorted(streams, key=lambda s: s.name):
        for i, event in enumerate(source.events(group, stream.name, now)):
            ms = _ms(event.timestamp)
            if (start is not None and ms < start) or (end is not None and ms > end):
                continue
            if pattern.matches(event.message):
                matched.append((ms, stream.name, i, event))
    matched.sort(key=lambda m: (m[0], m[1], m[2]))
    offset = _read_offset_token(params.get("nextToken"), "filter")
    limit = params.get("limit") or DEFAULT_EVENT_LIMIT
    page = matched[offset : offset + limit]
    out: dict[str, Any] = {
        "events": [
            {
                "logStreamName": stream,
                "eventId": f"{ms:016d}{i:010d}{zlib.crc32(stream.encode()) % 10**8:08d}",
                **_event_dict(event),
            }
            for ms, stream, i, event in page
        ],
        "searchedLogStreams": [
            {"logStreamName": s.name, "searchedCompletely": True} for s in streams
        ],
    }
    if offset + limit < len(matched):
        out["nextToken"] = _offset_token(offset + limit, "filter")
    return out


def register(registry: Registry, world: World) -> None:
    registry.register("logs", "DescribeLogGroups", partial(describe_log_groups, world))
    registry.register("logs", "DescribeLogStreams", partial(describe_log_streams, world))
    registry.register("logs", "GetLogEvents", partial(get_log_events, world))
    registry.register("logs", "FilterLogEvents", partial(filter_log_events, world))
