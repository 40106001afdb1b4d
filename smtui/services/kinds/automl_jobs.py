"""The AutoML (Autopilot) jobs view: secondary status, problem, best candidate and its
objective in the list; problem, data, best candidate and artifacts in the detail; stop.

Described with DescribeAutoMLJobV2, which (unlike DescribeAutoMLJob) describes jobs
created with either CreateAutoMLJob or CreateAutoMLJobV2:
https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeAutoMLJobV2.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smtui.domain.jobkinds import AUTOML, JobItem
from smtui.services.kinds.jobkind_common import Extra, from_detail, job_kind, number, relative
from smtui.services.registry import Column, Section


def candidate(d: Mapping[str, Any]) -> Mapping[str, Any]:
    return d.get("BestCandidate") or {}


def candidate_metric(d: Mapping[str, Any]) -> Mapping[str, Any]:
    return candidate(d).get("FinalAutoMLJobObjectiveMetric") or {}


def problem(d: Mapping[str, Any]) -> str | None:
    """Tabular jobs: their problem type (resolved, else asked); others: the config name."""
    resolved = (d.get("ResolvedAttributes") or {}).get("AutoMLProblemTypeResolvedAttributes") or {}
    tabular = (resolved.get("TabularResolvedAttributes") or {}).get("ProblemType")
    config = (d.get("AutoMLProblemTypeConfig") or {}).get("TabularJobConfig") or {}
    return (
        tabular
        or config.get("ProblemType")
        or d.get("AutoMLProblemTypeConfigName")
        or d.get("ProblemType")
    )


# Short names for the list; the detail shows the API's.
_PROBLEMS = {
    "BinaryClassification": "Binary",
    "MulticlassClassification": "Multiclass",
    "TextClassification": "Text",
    "ImageClassification": "Image",
    "TimeSeriesForecasting": "Forecast",
    "TextGeneration": "TextGen",
}
_METRICS = {"AverageWeightedQuantileLoss": "wQL"}


def short_problem(d: Mapping[str, Any]) -> str | None:
    value = problem(d)
    return _PROBLEMS.get(value, value) if value else None


def objective(d: Mapping[str, Any]) -> str | None:
    metric = candidate_metric(d)
    name = metric.get("MetricName") or (d.get("AutoMLJobObjective") or {}).get("MetricName")
    if not name:
        return None
    short = _METRICS.get(str(name), str(name))
    return f"{short} {number(metric['Value'])}" if "Value" in metric else short


def _sections(item: JobItem, d: Mapping[str, Any]) -> list[Section | None]:
    configs = d.get("AutoMLProblemTypeConfig") or {}
    config: Mapping[str, Any] = next(iter(configs.values()), {}) if configs else {}
    criteria = config.get("CompletionCriteria") or {}
    rows = [
        ("Problem", str(d.get("AutoMLProblemTypeConfigName") or "-")),
        ("Problem type", str(problem(d) or "-")),
        ("Objective", str((d.get("AutoMLJobObjective") or {}).get("MetricName", "-"))),
        ("Mode", str(config.get("Mode", "-"))),
        (
            "Target",
            str(config.get("TargetAttributeName") or config.get("TargetLabelColumn") or "-"),
        ),
        ("Max candidates", str(criteria.get("MaxCandidates", "-"))),
    ]
    channels = d.get("AutoMLJobInputDataConfig") or d.get("InputDataConfig") or []
    data = [
        (
            f"in: {c.get('ChannelType', 'training')}",
            str(((c.get("DataSource") or {}).get("S3DataSource") or {}).get("S3Uri", "-")),
        )
        for c in channels
    ]
    data.append(("Output path", str((d.get("OutputDataConfig") or {}).get("S3OutputPath", "-"))))
    sections: list[Section | None] = [Section("Problem", tuple(rows)), Section("Data", tuple(data))]
    best = candidate(d)
    if best:
        metric = candidate_metric(d)
        brows = [
            ("Name", str(best.get("CandidateName", "-"))),
            ("Status", str(best.get("CandidateStatus", "-"))),
            (str(metric.get("MetricName", "objective")), number(metric.get("Value"))),
        ]
        brows += [
            (
                f"step: {s.get('CandidateStepType', '').split('::')[-1]}",
                str(s.get("CandidateStepName")),
            )
            for s in best.get("CandidateSteps") or []
        ]
        brows += [("container", str(c.get("Image"))) for c in best.get("InferenceContainers") or []]
        sections.append(Section("Best candidate", tuple(brows), role="ok"))
    partial = d.get("PartialFailureReasons") or []
    if partial:
        sections.append(
            Section(
                "Partial failures",
                text="\n".join(str(p.get("PartialFailureMessage", "")) for p in partial),
                role="warning",
            )
        )
    artifacts = d.get("AutoMLJobArtifacts") or {}
    if artifacts:
        sections.append(
            Section(
                "Notebooks",
                tuple((k.replace("Location", ""), str(v)) for k, v in artifacts.items()),
            )
        )
    return sections


AUTOML_JOBS = job_kind(
    AUTOML,
    aliases=("automl-jobs", "autopilot", "aml"),
    extras=(
        Extra(Column("SECONDARY", 14), lambda i: i.secondary or "-"),
        Extra(Column("PROBLEM", 10, priority=3), lambda i: from_detail(i, short_problem)),
        Extra(
            Column("BEST CANDIDATE", 16, priority=2),
            lambda i: from_detail(i, lambda d: relative(candidate(d).get("CandidateName"), i.name)),
        ),
        Extra(Column("OBJECTIVE", 14, priority=1), lambda i: from_detail(i, objective)),
    ),
    sections=_sections,
    started=None,
    consequence="It shuts down; candidates trained so far stay (StopAutoMLJob).",
)
