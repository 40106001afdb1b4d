"""Example calls for Model Monitor (smtui/sandbox/services/sagemaker_monitoring.py) and
S3 GetObject (smtui/sandbox/services/s3.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox
from smtui.sandbox.monitoring import BUCKET, monitoring_area

FRAUD_DQ = "fraud-detector-prod-data-quality"


def report_key(sb: Sandbox, name: str = FRAUD_DQ, file: str = "constraint_violations.json") -> str:
    """The key of a report the newest reported execution of ``name`` wrote."""
    area = monitoring_area(sb.world)
    now = area.sync()
    schedule = area.schedules[name]
    done = [
        e
        for e in schedule.executions
        if not e.malformed and (at := e.reported_at()) is not None and at <= now
    ]
    uri = done[-1].output_uri()
    return uri.split(f"s3://{BUCKET}/", 1)[1] + "/" + file


def _stopped_then(sb: Sandbox, name: str) -> dict[str, Any]:
    """``name``, stopped first (so that starting it is valid)."""
    area = monitoring_area(sb.world)
    if area.schedules[name].status(area.sync()) != "Stopped":
        area.stop_schedule(name)
    return {"MonitoringScheduleName": name}


def _scheduled_then(sb: Sandbox, name: str) -> dict[str, Any]:
    area = monitoring_area(sb.world)
    if area.schedules[name].status(area.sync()) == "Stopped":
        area.start_schedule(name)
    return {"MonitoringScheduleName": name}


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sagemaker", "ListMonitoringSchedules"): [
        lambda sb: {},
        lambda sb: {"MaxResults": 100, "SortBy": "Status", "SortOrder": "Ascending"},
        lambda sb: {"EndpointName": "churn-xgb-prod", "MonitoringTypeEquals": "ModelBias"},
        lambda sb: {"StatusEquals": "Failed", "NameContains": "llm"},
    ],
    ("sagemaker", "DescribeMonitoringSchedule"): [
        lambda sb: {"MonitoringScheduleName": FRAUD_DQ},  # inline job definition, baseline
        lambda sb: {"MonitoringScheduleName": "fraud-detector-prod-model-quality"},
        lambda sb: {"MonitoringScheduleName": "llm-chat-prod-data-quality"},  # Failed
        lambda sb: {"MonitoringScheduleName": "pricing-ab-test-prod-data-quality"},  # Pending
        lambda sb: {"MonitoringScheduleName": "pricing-ab-test-prod-model-quality"},
    ],
    ("sagemaker", "ListMonitoringExecutions"): [
        lambda sb: {"MonitoringScheduleName": FRAUD_DQ, "MaxResults": 100},
        lambda sb: {"StatusEquals": "Failed", "SortBy": "ScheduledTime"},
        lambda sb: {"EndpointName": "churn-xgb-prod", "SortBy": "Status", "MaxResults": 50},
    ],
    ("sagemaker", "StopMonitoringSchedule"): [
        lambda sb: _scheduled_then(sb, "churn-xgb-prod-data-quality"),
    ],
    ("sagemaker", "StartMonitoringSchedule"): [
        lambda sb: _stopped_then(sb, "churn-xgb-prod-data-quality"),
    ],
    ("s3", "GetObject"): [
        lambda sb: {"Bucket": BUCKET, "Key": report_key(sb)},
        lambda sb: {"Bucket": BUCKET, "Key": report_key(sb, file="statistics.json")},
        lambda sb: {
            "Bucket": BUCKET,
            "Key": "model-monitor/baselines/fraud-detector-prod/data-quality/constraints.json",
        },
    ],
}
