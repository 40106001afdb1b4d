"""Training jobs as the console understands them.

Field names follow the SageMaker API (ListTrainingJobs' TrainingJobSummary and
DescribeTrainingJob), https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TrainingJobSummary.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
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


COST_FIELDS = (
    "TrainingJobName",
    "ResourceConfig",
    "EnableManagedSpotTraining",
    "TrainingTimeInSeconds",
    "BillableTimeInSeconds",
    "TrainingStartTime",
    "TrainingEndTime",
    "WarmPoolStatus",
)
"""What a job's cost needs (smtui.domain.cost.training_charge), besides its status."""


@dataclass(frozen=True, slots=True)
class TrainingDetails:
    """What the list lacks and DescribeTrainingJob tells (the list's enrichment)."""

    instance_type: str | None = None
    instance_count: int = 0
    groups: tuple[tuple[str, str, int], ...] = ()
    """Heterogeneous clusters: (InstanceGroupName, InstanceType, InstanceCount)."""
    spot: bool = False
    training_seconds: int | None = None
    billable_seconds: int | None = None
    cost_fields: Mapping[str, Any] | None = field(default=None, compare=False)
    """The describe fields the cost of the job is computed from (smtui.domain.cost)."""

    @classmethod
    def from_describe(cls, d: Mapping[str, Any]) -> TrainingDetails:
        rc = d.get("ResourceConfig") or {}
        groups = tuple(
            (
                str(g.get("InstanceGroupName", "")),
                str(g.get("InstanceType", "")),
                int(g.get("InstanceCount", 0)),
            )
            for g in rc.get("InstanceGroups") or []
        )
        return cls(
            instance_type=rc.get("InstanceType"),
            instance_count=int(rc.get("InstanceCount") or 0),
            groups=groups,
            spot=bool(d.get("EnableManagedSpotTraining")),
            training_seconds=d.get("TrainingTimeInSeconds"),
            billable_seconds=d.get("BillableTimeInSeconds"),
            cost_fields={k: d[k] for k in COST_FIELDS if k in d},
        )

    @property
    def hosts(self) -> int:
        return sum(g[2] for g in self.groups) if self.groups else self.instance_count

    @property
    def instances(self) -> str:
        """``p4d.24xlarge x2``, or each instance group's type x count joined by ``+``."""
        if self.groups:
            return "+".join(f"{short_instance(t)} x{n}" for _, t, n in self.groups)
        if not self.instance_type:
            return "-"
        return f"{short_instance(self.instance_type)} x{self.instance_count}"

    @property
    def spot_saving(self) -> float | None:
        return spot_saving(self.training_seconds, self.billable_seconds) if self.spot else None


def short_instance(instance_type: str) -> str:
    """``ml.p4d.24xlarge`` -> ``p4d.24xlarge`` (every SageMaker type starts with ``ml.``)."""
    return instance_type.removeprefix("ml.")


def spot_saving(training_seconds: float | None, billable_seconds: float | None) -> float | None:
    """Managed spot's realized saving: 1 - BillableTimeInSeconds / TrainingTimeInSeconds
    (SageMaker developer guide, "Managed Spot Training": billable 100 s of 500 s of
    training is an 80% saving); None until both are known."""
    if not training_seconds or billable_seconds is None:
        return None
    return max(0.0, 1.0 - billable_seconds / training_seconds)


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
    details: TrainingDetails | None = None
    """Filled from DescribeTrainingJob by the list's enrichment (None until then)."""

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

    def with_details(self, d: Mapping[str, Any]) -> TrainingJobSummary:
        return replace(self, details=TrainingDetails.from_describe(d))

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
