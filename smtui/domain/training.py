"""Training jobs as the console understands them.

Field names follow the SageMaker API (ListTrainingJobs' TrainingJobSummary and
DescribeTrainingJob), https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TrainingJobSummary.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# TrainingJobStatus enum, botocore sagemaker model "TrainingJobStatus".
STATUSES: tuple[str, ...] = ("InProgress", "Completed", "Failed", "Stopping", "Stopped")
TERMINAL_STATUSES = frozenset({"Completed", "Failed", "Stopped"})

# Words a user may type after `:jobs` and the StatusEquals value each means.
STATUS_ALIASES: dict[str, str] = {
    "running": "InProgress",
    "inprogress": "InProgress",
    "completed": "Completed",
    "done": "Completed",
    "failed": "Failed",
    "stopping": "Stopping",
    "stopped": "Stopped",
}


def status_from_word(word: str) -> str | None:
    """The StatusEquals value for a word such as ``failed`` or ``running``."""
    return STATUS_ALIASES.get(word.strip().lower())


@dataclass(frozen=True, slots=True)
class TrainingJobSummary:
    name: str
    arn: str
    status: str
    secondary_status: str | None
    creation_time: datetime
    end_time: datetime | None
    last_modified: datetime | None
    warm_pool_status: str | None = None

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> TrainingJobSummary:
        """Build from a TrainingJobSummary (or a DescribeTrainingJob response)."""
        warm = item.get("WarmPoolStatus") or {}
        return cls(
            name=item["TrainingJobName"],
            arn=item["TrainingJobArn"],
            status=item["TrainingJobStatus"],
            secondary_status=item.get("SecondaryStatus"),
            creation_time=item["CreationTime"],
            end_time=item.get("TrainingEndTime"),
            last_modified=item.get("LastModifiedTime"),
            warm_pool_status=warm.get("Status") if isinstance(warm, Mapping) else None,
        )

    @property
    def is_running(self) -> bool:
        return self.status == "InProgress"

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    def duration_seconds(self, now: datetime) -> float:
        """Wall time from creation to the end, or to ``now`` while not finished."""
        end = self.end_time if self.end_time is not None else now
        return max(0.0, (end - self.creation_time).total_seconds())


def status_role(status: str) -> str:
    """The semantic style role of a status: the table and detail colour by role, not by hue."""
    return {
        "InProgress": "running",
        "Completed": "ok",
        "Failed": "error",
        "Stopping": "warning",
        "Stopped": "muted",
    }.get(status, "")


def can_stop(status: str) -> bool:
    """StopTrainingJob applies only to InProgress jobs (API_StopTrainingJob)."""
    return status == "InProgress"
