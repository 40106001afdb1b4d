"""SageMaker Model Monitor: ListMonitoringSchedules, DescribeMonitoringSchedule,
ListMonitoringExecutions, StartMonitoringSchedule and StopMonitoringSchedule (simulator in
smtui/sandbox/monitoring/), and the reports' bucket for S3 GetObject.

Defaults from botocore's sagemaker model: both lists sort by CreationTime, Descending
("The default is CreationTime", "The default is Descending"); MaxResults 1-100, default 10
(as the other SageMaker List operations document it; an assumption here).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from ..errors import ServiceError, validation_error
from ..monitoring import (
    BUCKET,
    MonitoringArea,
    ScheduleNotFoundError,
    ScheduleStateError,
    monitoring_area,
)
from ..monitoring.area import Execution, Schedule, decode_token, encode_token
from ..objects import object_store
from ..registry import Registry
from ..world import World

STATUS_ORDER = {"Pending": 0, "Failed": 1, "Scheduled": 2, "Stopped": 3}


def not_found(name: str) -> ServiceError:
    # DescribeMonitoringSchedule declares ResourceNotFound (botocore model); the message
    # is the sandbox's.
    return ServiceError(
        "ResourceNotFound", f"Could not find monitoring schedule with name {name}.", 400
    )


def _epoch(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def _fingerprint(params: dict[str, Any]) -> str:
    data = {k: str(v) for k, v in params.items() if k not in ("NextToken", "MaxResults")}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _page(
    items: Sequence[Any],
    sort_key: Callable[[Any], list[Any]],
    params: dict[str, Any],
    descending: bool,
) -> tuple[list[Any], str | None]:
    """One page after the token's last key, and the next token (key-based: items added
    meanwhile cause no duplicates)."""
    fingerprint = _fingerprint(params)
    ordered = sorted(items, key=sort_key, reverse=descending)
    token = params.get("NextToken")
    if token:
        try:
            data = decode_token(token)
            if data.get("f") != fingerprint:
                raise ValueError(token)
            after = data["k"]
        except (ValueError, KeyError) as exc:
            raise validation_error(
                "Invalid NextToken: the token is malformed, expired, or was issued for a "
                "request with different parameters."
            ) from exc
        ordered = [
            i for i in ordered if (sort_key(i) < after if descending else sort_key(i) > after)
        ]
    size = params.get("MaxResults", 10)
    page = ordered[:size]
    more = len(ordered) > size
    return page, encode_token({"f": fingerprint, "k": sort_key(page[-1])}) if more else None


def _between(value: float, params: dict[str, Any], prefix: str) -> bool:
    after, before = _epoch(params.get(f"{prefix}After")), _epoch(params.get(f"{prefix}Before"))
    return (after is None or value > after) and (before is None or value < before)


def list_schedules(area: MonitoringArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    needle = (params.get("NameContains") or "").lower()
    rows: list[tuple[Schedule, dict[str, Any]]] = []
    for schedule in area.visible(now):
        summary = area.summary(schedule, now)
        if params.get("EndpointName") and summary["EndpointName"] != params["EndpointName"]:
            continue
        if needle and needle not in summary["MonitoringScheduleName"].lower():
            continue
        if (
            params.get("StatusEquals")
            and summary["MonitoringScheduleStatus"] != params["StatusEquals"]
        ):
            continue
        if (
            params.get("MonitoringTypeEquals")
            and summary["MonitoringType"] != params["MonitoringTypeEquals"]
        ):
            continue
        definition = params.get("MonitoringJobDefinitionName")
        if definition and summary.get("MonitoringJobDefinitionName") != definition:
            continue
        if not _between(schedule.created, params, "CreationTime"):
            continue
        if not _between(summary["LastModifiedTime"].timestamp(), params, "LastModifiedTime"):
            continue
        rows.append((schedule, summary))
    by = params.get("SortBy", "CreationTime")

    def key(row: tuple[Schedule, dict[str, Any]]) -> list[Any]:
        schedule, summary = row
        name = schedule.tpl.name
        if by == "Name":
            return [name]
        if by == "Status":
            return [STATUS_ORDER[summary["MonitoringScheduleStatus"]], name]
        return [schedule.created, name]

    page, token = _page(rows, key, params, params.get("SortOrder", "Descending") == "Descending")
    out: dict[str, Any] = {"MonitoringScheduleSummaries": [s for _, s in page]}
    if token:
        out["NextToken"] = token
    return out


def describe_schedule(area: MonitoringArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    name = params["MonitoringScheduleName"]
    try:
        return area.describe(name, now)
    except ScheduleNotFoundError as exc:
        raise not_found(name) from exc


def list_executions(area: MonitoringArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    name = params.get("MonitoringScheduleName")
    if name and name not in area.schedules:
        return {"MonitoringExecutionSummaries": []}
    schedules = [area.schedules[name]] if name else list(area.schedules.values())
    rows: list[tuple[Execution, dict[str, Any]]] = []
    for schedule in schedules:
        if params.get("EndpointName") and schedule.tpl.endpoint != params["EndpointName"]:
            continue
        if (
            params.get("MonitoringTypeEquals")
            and schedule.tpl.type != params["MonitoringTypeEquals"]
        ):
            continue
        definition = params.get("MonitoringJobDefinitionName")
        if definition and schedule.tpl.job_definition != definition:
            continue
        for execution in schedule.executions:
            if not execution.visible(now):
                continue
            summary = execution.summary(now)
            if (
                params.get("StatusEquals")
                and summary["MonitoringExecutionStatus"] != params["StatusEquals"]
            ):
                continue
            if not _between(execution.scheduled, params, "ScheduledTime"):
                continue
            if not _between(execution.scheduled, params, "CreationTime"):
                continue
            if not _between(execution.modified(now), params, "LastModifiedTime"):
                continue
            rows.append((execution, summary))
    by = params.get("SortBy", "CreationTime")

    def key(row: tuple[Execution, dict[str, Any]]) -> list[Any]:
        execution, summary = row
        tie = [execution.scheduled, execution.schedule.tpl.name]
        if by == "Status":
            return [summary["MonitoringExecutionStatus"], *tie]
        return tie  # CreationTime is the ScheduledTime here

    page, token = _page(rows, key, params, params.get("SortOrder", "Descending") == "Descending")
    out: dict[str, Any] = {"MonitoringExecutionSummaries": [s for _, s in page]}
    if token:
        out["NextToken"] = token
    return out


def _change(area: MonitoringArea, params: dict[str, Any], start: bool) -> None:
    name = params["MonitoringScheduleName"]
    try:
        if start:
            area.start_schedule(name)
        else:
            area.stop_schedule(name)
    except ScheduleNotFoundError as exc:
        raise not_found(name) from exc
    except ScheduleStateError as exc:
        # Assumption: AWS refuses the change with a ValidationException; the wording is ours.
        wanted = "Stopped" if start else "Scheduled or Pending"
        verb = "started" if start else "stopped"
        raise validation_error(
            f"Monitoring schedule {name} is {exc.status}: only a {wanted} schedule can be {verb}."
        ) from exc


def register(registry: Registry, world: World) -> None:
    def area() -> MonitoringArea:
        return monitoring_area(world)

    registry.register("sagemaker", "ListMonitoringSchedules", lambda p: list_schedules(area(), p))
    registry.register(
        "sagemaker", "DescribeMonitoringSchedule", lambda p: describe_schedule(area(), p)
    )
    registry.register("sagemaker", "ListMonitoringExecutions", lambda p: list_executions(area(), p))
    registry.register(
        "sagemaker", "StartMonitoringSchedule", lambda p: _change(area(), p, start=True)
    )
    registry.register(
        "sagemaker", "StopMonitoringSchedule", lambda p: _change(area(), p, start=False)
    )
    # The reports' bucket: the area is built on the first read.
    object_store(world).register(BUCKET, lambda key, now: area().object(key, now))
