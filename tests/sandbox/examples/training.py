"""Example calls for the training, tags and STS operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox


def _running_job(sb: Sandbox) -> str:
    return next(n for n, s in sb.simulator.statuses().items() if s == "InProgress")


def _any_job(sb: Sandbox) -> str:
    return sb.simulator.job_names()[0]


def _arn(sb: Sandbox) -> str:
    return f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{_any_job(sb)}"


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sts", "GetCallerIdentity"): [lambda sb: {}],
    ("iam", "SimulatePrincipalPolicy"): [
        lambda sb: {
            "PolicySourceArn": "arn:aws:iam::123456789012:user/smtui",
            "ActionNames": ["sagemaker:ListTrainingJobs", "sagemaker:StopTrainingJob"],
        }
    ],
    ("sagemaker", "ListTrainingJobs"): [
        lambda sb: {},
        lambda sb: {"MaxResults": 100, "SortBy": "Status", "SortOrder": "Ascending"},
        lambda sb: {"MaxResults": 100, "SortBy": "Name", "StatusEquals": "Completed"},
        lambda sb: {"MaxResults": 50, "NameContains": "llama"},
    ],
    ("sagemaker", "DescribeTrainingJob"): [lambda sb: {"TrainingJobName": _any_job(sb)}],
    ("sagemaker", "StopTrainingJob"): [lambda sb: {"TrainingJobName": _running_job(sb)}],
    ("sagemaker", "ListTags"): [lambda sb: {"ResourceArn": _arn(sb)}],
}
