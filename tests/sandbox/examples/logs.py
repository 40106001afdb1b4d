"""Example calls for the CloudWatch Logs operations (the training log group)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox

GROUP = "/aws/sagemaker/TrainingJobs"


def _job_with_logs(sb: Sandbox) -> str:
    statuses = sb.simulator.statuses()
    return next(n for n in sb.simulator.job_names() if statuses[n] == "Completed")


def _stream(sb: Sandbox) -> str:
    record, _ = sb.simulator.record(_job_with_logs(sb))
    assert record is not None
    up = next(s for p, s in zip(record.phases, record.starts, strict=True) if p == "Downloading")
    return f"{record.name}/algo-1-{int(up)}"


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("logs", "DescribeLogGroups"): [
        lambda sb: {},
        lambda sb: {"logGroupNamePrefix": "/aws/sagemaker/", "limit": 5},
    ],
    ("logs", "DescribeLogStreams"): [
        lambda sb: {"logGroupName": GROUP, "logStreamNamePrefix": _job_with_logs(sb) + "/"},
        lambda sb: {"logGroupName": GROUP, "orderBy": "LastEventTime", "descending": True},
    ],
    ("logs", "GetLogEvents"): [
        lambda sb: {"logGroupName": GROUP, "logStreamName": _stream(sb), "startFromHead": True},
        lambda sb: {"logGroupName": GROUP, "logStreamName": _stream(sb), "limit": 5},
    ],
    ("logs", "FilterLogEvents"): [
        lambda sb: {
            "logGroupName": GROUP,
            "logStreamNamePrefix": _job_with_logs(sb) + "/",
            "filterPattern": "ERROR ?INFO",
        },
        lambda sb: {"logGroupName": GROUP, "filterPattern": '"Reporting training"', "limit": 3},
    ],
}
