"""Notebook instances as the console understands them.

Field names: NotebookInstanceSummary and DescribeNotebookInstance,
https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeNotebookInstance.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# NotebookInstanceStatus enum, botocore sagemaker model.
STATUSES: tuple[str, ...] = (
    "Pending",
    "InService",
    "Stopping",
    "Stopped",
    "Failed",
    "Deleting",
    "Updating",
    "PendingMaintenance",
    "InMaintenance",
)
STATUS_ALIASES: dict[str, str] = {
    "running": "InService",
    "inservice": "InService",
    "pending": "Pending",
    "starting": "Pending",
    "stopping": "Stopping",
    "stopped": "Stopped",
    "failed": "Failed",
    "updating": "Updating",
}


def status_from_word(word: str) -> str | None:
    return STATUS_ALIASES.get(word.strip().lower())


@dataclass(frozen=True, slots=True)
class NotebookSummary:
    name: str
    arn: str
    status: str
    instance_type: str
    created: datetime | None
    last_modified: datetime | None
    url: str = ""
    lifecycle_config: str = ""
    volume_gb: int | None = None
    """From DescribeNotebookInstance: the summary has no volume."""

    @classmethod
    def from_api(cls, item: Mapping[str, Any], volume_gb: int | None = None) -> NotebookSummary:
        """From a NotebookInstanceSummary or a DescribeNotebookInstance response."""
        return cls(
            name=item["NotebookInstanceName"],
            arn=item.get("NotebookInstanceArn", ""),
            status=item.get("NotebookInstanceStatus", "-"),
            instance_type=item.get("InstanceType", "-"),
            created=item.get("CreationTime"),
            last_modified=item.get("LastModifiedTime"),
            url=item.get("Url", ""),
            lifecycle_config=item.get("NotebookInstanceLifecycleConfigName", ""),
            volume_gb=item.get("VolumeSizeInGB", volume_gb),
        )

    def in_service_seconds(self, now: datetime) -> float | None:
        """How long it has been InService: since its last status change (LastModifiedTime
        moves on every start, stop and update), None when it is not InService."""
        if self.status != "InService" or self.last_modified is None:
            return None
        return max(0.0, (now - self.last_modified).total_seconds())

    def is_idle(self, now: datetime, threshold_hours: float) -> bool:
        """InService longer than the threshold: probably forgotten, and billed per hour."""
        seconds = self.in_service_seconds(now)
        return seconds is not None and seconds > threshold_hours * 3600


def can_start(status: str) -> bool:
    # "Status (X) not in ([Stopped, Failed]). Unable to transition to (Pending)" (the service).
    return status in ("Stopped", "Failed")


def can_stop(status: str) -> bool:
    return status == "InService"


def status_role(status: str) -> str:
    return {
        "InService": "ok",
        "Pending": "running",
        "Updating": "running",
        "Stopping": "running",
        "Stopped": "muted",
        "Failed": "error",
        "Deleting": "warning",
    }.get(status, "")
