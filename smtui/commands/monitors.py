"""`smtui monitors`: list the monitoring schedules without the UI, each with its last
execution and the violations its report found.

JSON: one array of objects with MonitoringScheduleName, MonitoringScheduleArn,
EndpointName, MonitoringType, MonitoringScheduleStatus, ScheduleExpression, Schedule (in
words), CreationTime, LastModifiedTime, FailureReason, LastExecutionStatus,
LastExecutionScheduledTime, LastExecutionFailureReason, LastExecutionProcessingJobArn,
Violations (the last execution's; null when no report was read) and ReportProblem (why
not); LastCompletedExecutionStatus, LastCompletedExecutionScheduledTime and LastViolations
describe the newest finished execution, so a Pending or InProgress next run does not hide
the last one's violations. The table shows the newest finished execution.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.commands.context import CommandContext
from smtui.commands.output import add_output_option, emit
from smtui.services.settings import SettingsError

NAME = "monitors"
HELP = "list monitoring schedules with their last execution and violation count"
CONNECTS = True
LIST_COMMAND = True

COLUMNS = (
    "MonitoringScheduleName",
    "EndpointName",
    "MonitoringType",
    "MonitoringScheduleStatus",
    "Schedule",
    "LastCompletedExecutionScheduledTime",
    "LastCompletedExecutionStatus",
    "LastViolations",
)
HEADERS = (
    "NAME",
    "ENDPOINT",
    "TYPE",
    "STATUS",
    "SCHEDULE",
    "LAST_COMPLETED",
    "COMPLETED_STATUS",
    "VIOLATIONS",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", help="only the schedules of this endpoint")
    parser.add_argument("--status", help="Scheduled, Stopped, Failed or Pending")
    parser.add_argument(
        "--type", help="DataQuality, ModelQuality, ModelBias or ModelExplainability"
    )
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    from smtui.aws import monitoring as api
    from smtui.domain.monitoring import (
        SCHEDULE_STATUSES,
        Schedule,
        schedule_words,
        status_from_word,
        type_from_word,
    )
    from smtui.services.kinds import monitors_data as data

    args = ctx.args
    status = None
    if args.status:
        status = args.status if args.status in SCHEDULE_STATUSES else status_from_word(args.status)
        if status is None:
            raise SettingsError(f"--status must be one of {', '.join(SCHEDULE_STATUSES)}")
    kind = type_from_word(args.type) if args.type else None
    if args.type and kind is None:
        raise SettingsError(
            "--type must be DataQuality, ModelQuality, ModelBias or ModelExplainability"
        )
    clients = ctx.clients()
    records: list[dict[str, Any]] = []
    for page in api.list_schedules(
        clients, endpoint=args.endpoint, status=status, monitoring_type=kind
    ):
        for summary in page:
            d = api.describe_schedule(clients, summary["MonitoringScheduleName"])
            s = Schedule.from_api(d)
            last = s.last
            report = data.report(clients, last) if last is not None else None
            done = data.with_report(
                clients,
                data.completed_summary(clients, s.name, d.get("LastMonitoringExecutionSummary")),
            )
            records.append(
                {
                    "MonitoringScheduleName": s.name,
                    "MonitoringScheduleArn": s.arn,
                    "EndpointName": s.endpoint or None,
                    "MonitoringType": s.monitoring_type or None,
                    "MonitoringScheduleStatus": s.status,
                    "ScheduleExpression": s.expression,
                    "Schedule": schedule_words(s.expression),
                    "CreationTime": s.created,
                    "LastModifiedTime": s.modified,
                    "FailureReason": s.failure or None,
                    "LastExecutionStatus": last.status if last else None,
                    "LastExecutionScheduledTime": last.scheduled if last else None,
                    "LastExecutionFailureReason": (last.failure or None) if last else None,
                    "LastExecutionProcessingJobArn": (last.job_arn or None) if last else None,
                    "Violations": report.count if report is not None else None,
                    "ReportProblem": (report.problem or None) if report is not None else None,
                    "LastCompletedExecutionStatus": done.status if done else None,
                    "LastCompletedExecutionScheduledTime": done.scheduled if done else None,
                    "LastViolations": done.violations if done else None,
                }
            )
    records.sort(key=lambda r: r["MonitoringScheduleName"])
    emit(records, COLUMNS, args.output, sys.stdout, headers=HEADERS)
    return 0
