"""The hyperparameter tuning jobs view: objective, best training job and its value, and
the training jobs' counters by status in the list; ranges, definition and counters in the
detail; `t` opens its training jobs, `b` the best one's detail; stop.

Field names: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeHyperParameterTuningJob.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smtui.aws import jobkinds as api
from smtui.aws import training as training_api
from smtui.aws.session import Clients
from smtui.domain.jobkinds import TUNING, JobItem
from smtui.services.kinds.jobkind_common import (
    Extra,
    count,
    from_detail,
    job_kind,
    number,
    relative,
)
from smtui.services.registry import Child, Column, Link, Section


def objective(d: Mapping[str, Any]) -> Mapping[str, Any]:
    return (d.get("HyperParameterTuningJobConfig") or {}).get(
        "HyperParameterTuningJobObjective"
    ) or {}


def best(d: Mapping[str, Any]) -> Mapping[str, Any]:
    return d.get("BestTrainingJob") or {}


def best_value(d: Mapping[str, Any]) -> float | None:
    metric = best(d).get("FinalHyperParameterTuningJobObjectiveMetric") or {}
    return metric.get("Value")


def _counter(name: str) -> Extra:
    def read(item: JobItem) -> int:
        return int((item.summary.get("TrainingJobStatusCounters") or {}).get(name, 0))

    header = {
        "Completed": "DONE",
        "InProgress": "RUN",
        "NonRetryableError": "FAIL",
        "Stopped": "STOP",
    }[name]
    # The stopped count goes first on a narrow terminal.
    priority = 5 if name == "Stopped" else 0
    column = Column(header, len(header), justify="right", priority=priority)
    return Extra(column, lambda i: str(read(i)), read)


def _failures(item: JobItem) -> int:
    counters = item.summary.get("TrainingJobStatusCounters") or {}
    return int(counters.get("NonRetryableError", 0)) + int(counters.get("RetryableError", 0))


def _sections(item: JobItem, d: Mapping[str, Any]) -> list[Section | None]:
    config = d.get("HyperParameterTuningJobConfig") or {}
    limits = config.get("ResourceLimits") or {}
    obj = objective(d)
    tuning = [
        ("Objective", f"{obj.get('Type', '-')} {obj.get('MetricName', '-')}"),
        ("Strategy", str(config.get("Strategy", "-"))),
        ("Early stopping", str(config.get("TrainingJobEarlyStoppingType", "-"))),
        ("Max training jobs", str(limits.get("MaxNumberOfTrainingJobs", "-"))),
        ("Max parallel", str(limits.get("MaxParallelTrainingJobs", "-"))),
    ]
    counters = d.get("TrainingJobStatusCounters") or {}
    objectives = d.get("ObjectiveStatusCounters") or {}
    jobs = tuple((k, count(v)) for k, v in counters.items()) + tuple(
        (f"objective {k}", count(v)) for k, v in objectives.items()
    )
    sections: list[Section | None] = [
        Section("Tuning", tuple(tuning)),
        Section("Training jobs (t opens them)", jobs),
    ]
    top = best(d)
    if top:
        metric = top.get("FinalHyperParameterTuningJobObjectiveMetric") or {}
        rows = [
            ("Name (b opens it)", str(top.get("TrainingJobName", "-"))),
            ("Status", str(top.get("TrainingJobStatus", "-"))),
            (str(metric.get("MetricName", "objective")), number(metric.get("Value"))),
        ]
        rows += [
            (f"  {k}", str(v)) for k, v in sorted((top.get("TunedHyperParameters") or {}).items())
        ]
        sections.append(Section("Best training job", tuple(rows), role="ok"))
    ranges = config.get("ParameterRanges") or {}
    rows = []
    for r in ranges.get("IntegerParameterRanges", []) + ranges.get("ContinuousParameterRanges", []):
        rows.append((r["Name"], f"{r['MinValue']} .. {r['MaxValue']}  {r.get('ScalingType', '')}"))
    for r in ranges.get("CategoricalParameterRanges", []):
        rows.append((r["Name"], " | ".join(r.get("Values", []))))
    if rows:
        sections.append(Section("Parameter ranges", tuple(rows)))
    definition = d.get("TrainingJobDefinition") or {}
    if definition:
        algo = definition.get("AlgorithmSpecification") or {}
        res = definition.get("ResourceConfig") or {}
        rows = [
            ("Image", str(algo.get("TrainingImage") or algo.get("AlgorithmName") or "-")),
            ("Instances", f"{res.get('InstanceType', '-')} x {res.get('InstanceCount', '-')}"),
            ("Managed spot", "yes" if definition.get("EnableManagedSpotTraining") else "no"),
            (
                "Output path",
                str((definition.get("OutputDataConfig") or {}).get("S3OutputPath", "-")),
            ),
        ]
        rows += [
            (f"static: {k}", str(v))
            for k, v in sorted((definition.get("StaticHyperParameters") or {}).items())
        ]
        sections.append(Section("Training job definition", tuple(rows)))
    return sections


def _best_target(clients: Clients, item: JobItem) -> tuple[str, dict[str, Any]] | None:
    data = item.detail if item.detail is not None else api.describe_job(clients, TUNING, item.name)
    name = best(data).get("TrainingJobName")
    if not name:
        return None
    return "jobs", training_api.describe_training_job(clients, name)


TUNING_JOBS = job_kind(
    TUNING,
    aliases=("tuning-jobs", "hpo", "hpt"),
    extras=(
        Extra(
            Column("OBJECTIVE", 15, priority=3),
            lambda i: from_detail(i, lambda d: objective(d).get("MetricName")),
        ),
        Extra(
            Column("BEST", 8, justify="right"),
            lambda i: from_detail(
                i, lambda d: number(best_value(d)) if best_value(d) is not None else None
            ),
            lambda i: (
                best_value(i.detail)
                if i.detail is not None and best_value(i.detail) is not None
                else float("-inf")
            ),
        ),
        Extra(
            Column("BEST JOB", 12, priority=2),
            lambda i: from_detail(i, lambda d: relative(best(d).get("TrainingJobName"), i.name)),
        ),
        _counter("Completed"),
        _counter("InProgress"),
        Extra(Column("FAIL", 4, justify="right"), lambda i: str(_failures(i)), _failures),
        _counter("Stopped"),
    ),
    sections=_sections,
    started=None,
    consequence=(
        "It stops, with every training job it launched that is still running; their model "
        "artifacts and logs stay (StopHyperParameterTuningJob)."
    ),
    children=(
        Child(
            id="tuning.training_jobs",
            key="t",
            label="Training jobs",
            kind="tuning-training-jobs",
            params=lambda item: {"tuning_job": item.name},
            title=lambda item: item.name,
        ),
    ),
    links=(
        Link(
            id="tuning.best",
            key="b",
            label="Best job",
            target=_best_target,
            applies=lambda item: item.detail is None or bool(best(item.detail)),
        ),
    ),
)
