"""The SageMaker job kinds besides training, as the console understands them.

One :class:`JobKindSpec` per kind says which API operations list, describe and stop it,
under which field names its summaries and describes carry the name, ARN, status and end
time, its status values (botocore sagemaker model enums) and which of them allow a stop.
:class:`JobItem` is one listed job of any of these kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class JobKindSpec:
    kind: str
    """Registry name and CLI --kind value: processing, transform, tuning, ..."""
    title: str
    noun: str
    name_field: str
    arn_field: str
    status_field: str
    end_field: str | None
    list_method: str
    list_key: str
    describe_method: str
    stop_method: str
    statuses: tuple[str, ...]
    terminal: frozenset[str]
    stoppable: frozenset[str]
    words: Mapping[str, str]
    """Words a user may type (``:tuning running``) -> the StatusEquals value."""
    secondary_field: str | None = None
    log_group: str | None = None
    """The CloudWatch Logs group the kind writes to, if any."""
    log_prefix: str = "{name}/"
    """Stream name prefix of one job's streams in ``log_group``."""

    def status_from_word(self, word: str) -> str | None:
        word = word.strip()
        if word in self.statuses:
            return word
        return self.words.get(word.lower())

    def can_stop(self, status: str) -> bool:
        return status in self.stoppable


def _words(statuses: tuple[str, ...], **extra: str) -> dict[str, str]:
    """``completed`` -> Completed (any case) plus synonyms such as ``running``."""
    words = {s.lower(): s for s in statuses}
    words.update(extra)
    return words


# Status enums: ProcessingJobStatus, TransformJobStatus, HyperParameterTuningJobStatus,
# AutoMLJobStatus, LabelingJobStatus, CompilationJobStatus (botocore sagemaker model).
_COMMON = ("InProgress", "Completed", "Failed", "Stopping", "Stopped")
_TERMINAL = frozenset({"Completed", "Failed", "Stopped"})
_RUNNING = {"running": "InProgress", "done": "Completed"}

PROCESSING = JobKindSpec(
    kind="processing",
    title="Processing jobs",
    noun="processing job",
    name_field="ProcessingJobName",
    arn_field="ProcessingJobArn",
    status_field="ProcessingJobStatus",
    end_field="ProcessingEndTime",
    list_method="list_processing_jobs",
    list_key="ProcessingJobSummaries",
    describe_method="describe_processing_job",
    stop_method="stop_processing_job",
    statuses=_COMMON,
    terminal=_TERMINAL,
    stoppable=frozenset({"InProgress"}),
    words=_words(_COMMON, **_RUNNING),
    log_group="/aws/sagemaker/ProcessingJobs",
)
TRANSFORM = JobKindSpec(
    kind="transform",
    title="Transform jobs",
    noun="transform job",
    name_field="TransformJobName",
    arn_field="TransformJobArn",
    status_field="TransformJobStatus",
    end_field="TransformEndTime",
    list_method="list_transform_jobs",
    list_key="TransformJobSummaries",
    describe_method="describe_transform_job",
    stop_method="stop_transform_job",
    statuses=_COMMON,
    terminal=_TERMINAL,
    stoppable=frozenset({"InProgress"}),
    words=_words(_COMMON, **_RUNNING),
    log_group="/aws/sagemaker/TransformJobs",
)
_TUNING = ("Completed", "InProgress", "Failed", "Stopped", "Stopping", "Deleting", "DeleteFailed")
TUNING = JobKindSpec(
    kind="tuning",
    title="Tuning jobs",
    noun="hyperparameter tuning job",
    name_field="HyperParameterTuningJobName",
    arn_field="HyperParameterTuningJobArn",
    status_field="HyperParameterTuningJobStatus",
    end_field="HyperParameterTuningEndTime",
    list_method="list_hyper_parameter_tuning_jobs",
    list_key="HyperParameterTuningJobSummaries",
    describe_method="describe_hyper_parameter_tuning_job",
    stop_method="stop_hyper_parameter_tuning_job",
    statuses=_TUNING,
    terminal=frozenset({"Completed", "Failed", "Stopped", "DeleteFailed"}),
    stoppable=frozenset({"InProgress"}),
    words=_words(_TUNING, **_RUNNING),
)
AUTOML = JobKindSpec(
    kind="automl",
    title="AutoML jobs",
    noun="AutoML job",
    name_field="AutoMLJobName",
    arn_field="AutoMLJobArn",
    status_field="AutoMLJobStatus",
    end_field="EndTime",
    list_method="list_auto_ml_jobs",
    list_key="AutoMLJobSummaries",
    # DescribeAutoMLJob "cannot describe" jobs created with CreateAutoMLJobV2; V2
    # describes both (botocore sagemaker model, operation documentation).
    describe_method="describe_auto_ml_job_v2",
    stop_method="stop_auto_ml_job",
    statuses=_COMMON,
    terminal=_TERMINAL,
    stoppable=frozenset({"InProgress"}),
    words=_words(_COMMON, **_RUNNING),
    secondary_field="AutoMLJobSecondaryStatus",
)
_LABELING = ("Initializing", "InProgress", "Completed", "Failed", "Stopping", "Stopped")
LABELING = JobKindSpec(
    kind="labeling",
    title="Labeling jobs",
    noun="labeling job",
    name_field="LabelingJobName",
    arn_field="LabelingJobArn",
    status_field="LabelingJobStatus",
    end_field=None,
    list_method="list_labeling_jobs",
    list_key="LabelingJobSummaryList",
    describe_method="describe_labeling_job",
    stop_method="stop_labeling_job",
    statuses=_LABELING,
    terminal=_TERMINAL,
    stoppable=frozenset({"Initializing", "InProgress"}),
    words=_words(_LABELING, **_RUNNING),
    log_group="/aws/sagemaker/LabelingJobs",
    log_prefix="{name}",
)
_COMPILATION = ("INPROGRESS", "COMPLETED", "FAILED", "STARTING", "STOPPING", "STOPPED")
COMPILATION = JobKindSpec(
    kind="compilation",
    title="Compilation jobs",
    noun="compilation job",
    name_field="CompilationJobName",
    arn_field="CompilationJobArn",
    status_field="CompilationJobStatus",
    end_field="CompilationEndTime",
    list_method="list_compilation_jobs",
    list_key="CompilationJobSummaries",
    describe_method="describe_compilation_job",
    stop_method="stop_compilation_job",
    statuses=_COMPILATION,
    terminal=frozenset({"COMPLETED", "FAILED", "STOPPED"}),
    stoppable=frozenset({"STARTING", "INPROGRESS"}),
    words=_words(_COMPILATION, running="INPROGRESS", inprogress="INPROGRESS", done="COMPLETED"),
    log_group="/aws/sagemaker/CompilationJobs",
    log_prefix="{name}",
)

SPECS: dict[str, JobKindSpec] = {
    s.kind: s for s in (PROCESSING, TRANSFORM, TUNING, AUTOML, LABELING, COMPILATION)
}


def status_role(status: str) -> str:
    """The semantic style role of any kind's status (upper-case compilation ones too)."""
    return {
        "inprogress": "running",
        "starting": "running",
        "initializing": "running",
        "completed": "ok",
        "failed": "error",
        "deletefailed": "error",
        "stopping": "warning",
        "deleting": "warning",
        "stopped": "muted",
    }.get(status.lower(), "")


def display_status(status: str) -> str:
    """``INPROGRESS`` -> ``InProgress``: one spelling on screen for every kind."""
    return {
        "INPROGRESS": "InProgress",
        "COMPLETED": "Completed",
        "FAILED": "Failed",
        "STARTING": "Starting",
        "STOPPING": "Stopping",
        "STOPPED": "Stopped",
    }.get(status, status)


@dataclass(frozen=True, slots=True)
class JobItem:
    """One job of a kind: its List summary as AWS returned it, and once fetched its
    describe (columns that only the describe carries read ``detail``)."""

    kind: str
    name: str
    arn: str
    status: str
    creation_time: datetime
    end_time: datetime | None
    last_modified: datetime | None
    secondary: str | None = None
    summary: Mapping[str, Any] = field(default_factory=dict, compare=False)
    detail: Mapping[str, Any] | None = field(default=None, compare=False)

    @classmethod
    def from_api(
        cls, spec: JobKindSpec, data: Mapping[str, Any], *, detail: bool = False
    ) -> JobItem:
        """Build from a List summary, or from a Describe response with ``detail=True``."""
        return cls(
            kind=spec.kind,
            name=data[spec.name_field],
            arn=data[spec.arn_field],
            status=data[spec.status_field],
            creation_time=data["CreationTime"],
            end_time=data.get(spec.end_field) if spec.end_field else None,
            last_modified=data.get("LastModifiedTime"),
            secondary=data.get(spec.secondary_field) if spec.secondary_field else None,
            summary=data,
            detail=data if detail else None,
        )

    def with_detail(self, detail: Mapping[str, Any]) -> JobItem:
        return replace(self, detail=detail)

    @property
    def version(self) -> str:
        """Changes whenever the job does: the describe cache key."""
        stamp = self.last_modified.isoformat() if self.last_modified else "-"
        end = self.end_time.isoformat() if self.end_time else "-"
        return f"{stamp}|{self.status}|{self.secondary or ''}|{end}"

    def field(self, key: str, default: Any = None) -> Any:
        """A field of the describe if fetched, else of the summary."""
        if self.detail is not None and key in self.detail:
            return self.detail[key]
        return self.summary.get(key, default)


def duration(spec: JobKindSpec, item: JobItem, now: datetime) -> float:
    """Wall time from creation to the end, or to ``now`` while the job runs."""
    end = item.end_time
    if end is None and item.status in spec.terminal:
        end = item.last_modified  # labeling jobs carry no end time
    return max(0.0, ((end or now) - item.creation_time).total_seconds())
