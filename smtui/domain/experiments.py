"""SageMaker Experiments as the console understands them: experiments, trials, trial
components with their parameters, metric summaries and artifacts.

Field names follow the SageMaker API: ExperimentSummary / DescribeExperiment, TrialSummary
/ DescribeTrial, TrialComponentSummary / DescribeTrialComponent and the TrialComponent
search record, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TrialComponent.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

ParamValue = str | float

STATS: tuple[str, ...] = ("Min", "Max", "Avg", "StdDev", "Last", "Count")
"""The statistics a TrialComponentMetricSummary carries."""

# Resource type in an ARN (arn:aws:sagemaker:REGION:ACCOUNT:TYPE/NAME) -> the console's
# word for it, for the SourceArn of a trial component.
SOURCE_KINDS = {
    "training-job": "training",
    "processing-job": "processing",
    "transform-job": "transform",
}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The job a trial component (or trial, experiment) came from."""

    kind: str
    """"training", "processing", "transform", or the ARN's resource type."""
    name: str
    arn: str


def parse_source_arn(arn: str | None) -> SourceRef | None:
    """``arn:aws:sagemaker:us-east-1:123456789012:training-job/NAME`` -> SourceRef."""
    if not arn:
        return None
    parts = arn.split(":", 5)
    if len(parts) < 6 or "/" not in parts[5]:
        return None
    resource, _, name = parts[5].partition("/")
    return SourceRef(SOURCE_KINDS.get(resource, resource), name, arn)


def _source(item: Mapping[str, Any], *keys: str) -> tuple[str | None, str | None]:
    for key in keys:
        src = item.get(key)
        if isinstance(src, Mapping) and src.get("SourceArn"):
            return src.get("SourceArn"), src.get("SourceType")
    return None, None


@dataclass(frozen=True, slots=True)
class Experiment:
    name: str
    arn: str
    display_name: str
    created: datetime | None
    last_modified: datetime | None
    source_arn: str | None = None
    source_type: str | None = None
    description: str | None = None
    """From DescribeExperiment (None: not described yet)."""
    trials: int | None = None
    """Number of trials (None: not counted yet)."""

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> Experiment:
        """From an ExperimentSummary, a DescribeExperiment response or a search record."""
        arn, kind = _source(item, "ExperimentSource", "Source")
        return cls(
            name=item["ExperimentName"],
            arn=item.get("ExperimentArn", ""),
            display_name=item.get("DisplayName") or item["ExperimentName"],
            created=item.get("CreationTime"),
            last_modified=item.get("LastModifiedTime"),
            source_arn=arn,
            source_type=kind,
            description=item.get("Description"),
        )


@dataclass(frozen=True, slots=True)
class Trial:
    name: str
    arn: str
    display_name: str
    created: datetime | None
    last_modified: datetime | None
    experiment: str | None = None
    source_arn: str | None = None
    source_type: str | None = None
    components: int | None = None
    """Number of trial components (None: not counted yet)."""
    source_jobs: tuple[str, ...] = ()
    """Names of the jobs its components came from."""

    @classmethod
    def from_api(cls, item: Mapping[str, Any], experiment: str | None = None) -> Trial:
        arn, kind = _source(item, "TrialSource", "Source")
        return cls(
            name=item["TrialName"],
            arn=item.get("TrialArn", ""),
            display_name=item.get("DisplayName") or item["TrialName"],
            created=item.get("CreationTime"),
            last_modified=item.get("LastModifiedTime"),
            experiment=item.get("ExperimentName") or experiment,
            source_arn=arn,
            source_type=kind,
        )


@dataclass(frozen=True, slots=True)
class MetricSummary:
    name: str
    min: float | None = None
    max: float | None = None
    avg: float | None = None
    stddev: float | None = None
    last: float | None = None
    count: int | None = None
    timestamp: datetime | None = None
    source_arn: str | None = None

    @classmethod
    def from_api(cls, m: Mapping[str, Any]) -> MetricSummary:
        return cls(
            name=m["MetricName"],
            min=m.get("Min"),
            max=m.get("Max"),
            avg=m.get("Avg"),
            stddev=m.get("StdDev"),
            last=m.get("Last"),
            count=m.get("Count"),
            timestamp=m.get("TimeStamp"),
            source_arn=m.get("SourceArn"),
        )

    def stat(self, name: str) -> float | None:
        """One statistic by its API name (Min, Max, Avg, StdDev, Last, Count)."""
        value = {
            "min": self.min,
            "max": self.max,
            "avg": self.avg,
            "stddev": self.stddev,
            "last": self.last,
            "count": self.count,
        }.get(name.lower())
        return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class Artifact:
    name: str
    value: str
    media_type: str | None = None


def _artifacts(mapping: Any) -> tuple[Artifact, ...]:
    if not isinstance(mapping, Mapping):
        return ()
    return tuple(
        Artifact(k, str(v.get("Value", "")), v.get("MediaType"))
        for k, v in mapping.items()
        if isinstance(v, Mapping)
    )


def _param(value: Mapping[str, Any]) -> ParamValue:
    if "NumberValue" in value:
        return float(value["NumberValue"])
    return str(value.get("StringValue", ""))


@dataclass(frozen=True, slots=True)
class TrialComponent:
    name: str
    arn: str
    display_name: str
    status: str
    created: datetime | None
    last_modified: datetime | None
    start: datetime | None = None
    end: datetime | None = None
    status_message: str | None = None
    source_arn: str | None = None
    source_type: str | None = None
    parameters: tuple[tuple[str, ParamValue], ...] = ()
    metrics: tuple[MetricSummary, ...] = ()
    inputs: tuple[Artifact, ...] = ()
    outputs: tuple[Artifact, ...] = ()
    parents: tuple[tuple[str, str], ...] = ()
    """(trial, experiment) pairs, from a search record."""
    detailed: bool = False
    """Parameters, metrics and artifacts are known (from a describe or a search record)."""

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> TrialComponent:
        """From a TrialComponentSummary, a DescribeTrialComponent response or a
        TrialComponent search record."""
        arn, kind = _source(item, "TrialComponentSource", "Source")
        status = item.get("Status") or {}
        detailed = any(k in item for k in ("Parameters", "Metrics", "InputArtifacts"))
        params = item.get("Parameters") or {}
        return cls(
            name=item["TrialComponentName"],
            arn=item.get("TrialComponentArn", ""),
            display_name=item.get("DisplayName") or item["TrialComponentName"],
            status=status.get("PrimaryStatus", "-") if isinstance(status, Mapping) else "-",
            status_message=status.get("Message") if isinstance(status, Mapping) else None,
            created=item.get("CreationTime"),
            last_modified=item.get("LastModifiedTime"),
            start=item.get("StartTime"),
            end=item.get("EndTime"),
            source_arn=arn,
            source_type=kind,
            parameters=tuple((k, _param(v)) for k, v in params.items()),
            metrics=tuple(MetricSummary.from_api(m) for m in item.get("Metrics") or []),
            inputs=_artifacts(item.get("InputArtifacts")),
            outputs=_artifacts(item.get("OutputArtifacts")),
            parents=tuple(
                (p.get("TrialName", ""), p.get("ExperimentName", ""))
                for p in item.get("Parents") or []
            ),
            detailed=detailed,
        )

    @property
    def source(self) -> SourceRef | None:
        return parse_source_arn(self.source_arn)

    def param(self, name: str) -> ParamValue | None:
        return next((v for k, v in self.parameters if k == name), None)

    def metric(self, name: str) -> MetricSummary | None:
        return next((m for m in self.metrics if m.name == name), None)

    def duration_seconds(self, now: datetime) -> float | None:
        if self.start is None:
            return None
        end = self.end if self.end is not None else now
        return max(0.0, (end - self.start).total_seconds())


def format_value(value: ParamValue | float | None) -> str:
    """A parameter or metric value, short: 2e-05, 0.9312, 128, bert-base-uncased."""
    if value is None:
        return "-"
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}"
    text = str(value)
    # The SageMaker Python SDK JSON-encodes string hyperparameters ("\"train.py\"").
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text
