"""Augmented AI: flow definitions and their human loops.

Field names: ListFlowDefinitions / DescribeFlowDefinition (SageMaker API) and
ListHumanLoops / DescribeHumanLoop (sagemaker-a2i-runtime),
https://docs.aws.amazon.com/augmented-ai/2019-11-07/APIReference/API_DescribeHumanLoop.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# HumanLoopStatus enum, botocore sagemaker-a2i-runtime model.
LOOP_STATUSES = ("InProgress", "Failed", "Completed", "Stopped", "Stopping")
LOOP_ALIASES = {
    "running": "InProgress",
    "inprogress": "InProgress",
    "failed": "Failed",
    "completed": "Completed",
    "done": "Completed",
    "stopped": "Stopped",
    "stopping": "Stopping",
}

# AwsManagedHumanLoopRequestSource values, shown short.
SOURCES = {
    "AWS/Rekognition/DetectModerationLabels/Image/V3": "Rekognition moderation",
    "AWS/Textract/AnalyzeDocument/Forms/V1": "Textract forms",
}


def loop_status_from_word(word: str) -> str | None:
    return LOOP_ALIASES.get(word.strip().lower())


@dataclass(frozen=True, slots=True)
class FlowDefinition:
    name: str
    arn: str
    status: str
    created: datetime | None
    failure: str = ""

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> FlowDefinition:
        return cls(
            name=item["FlowDefinitionName"],
            arn=item["FlowDefinitionArn"],
            status=item.get("FlowDefinitionStatus", "-"),
            created=item.get("CreationTime"),
            failure=item.get("FailureReason", ""),
        )


def source_label(describe: Mapping[str, Any]) -> str:
    source = (describe.get("HumanLoopRequestSource") or {}).get("AwsManagedHumanLoopRequestSource")
    return SOURCES.get(source, source) if source else "custom task"


@dataclass(frozen=True, slots=True)
class HumanLoop:
    name: str
    status: str
    created: datetime | None
    flow_arn: str = ""
    failure: str = ""

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> HumanLoop:
        return cls(
            name=item["HumanLoopName"],
            status=item.get("HumanLoopStatus", "-"),
            created=item.get("CreationTime"),
            flow_arn=item.get("FlowDefinitionArn", ""),
            failure=item.get("FailureReason", ""),
        )

    @property
    def flow_name(self) -> str:
        return self.flow_arn.rsplit("/", 1)[-1]

    @property
    def is_terminal(self) -> bool:
        return self.status in ("Failed", "Completed", "Stopped")

    def age_seconds(self, now: datetime) -> float | None:
        if self.created is None:
            return None
        return max(0.0, (now - self.created).total_seconds())


def can_stop_loop(status: str) -> bool:
    return status == "InProgress"


def status_role(status: str) -> str:
    return {
        "InProgress": "running",
        "Initializing": "running",
        "Active": "ok",
        "Completed": "ok",
        "Stopping": "warning",
        "Stopped": "muted",
        "Failed": "error",
        "Deleting": "warning",
    }.get(status, "")
