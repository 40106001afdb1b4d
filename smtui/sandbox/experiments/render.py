"""Experiments, trials and trial components as SageMaker response dicts.

Shapes: DescribeExperiment/Trial/TrialComponent, ExperimentSummary, TrialSummary,
TrialComponentSummary and the Search records (Experiment, Trial, TrialComponent) of
botocore's sagemaker model; the contract test validates every rendered dict.

A training job's component mirrors what SageMaker records for jobs it tracks: the
hyperparameters as Parameters (NumberValue when numeric, else StringValue) plus
``SageMaker.InstanceType`` / ``SageMaker.InstanceCount`` / ``SageMaker.VolumeSizeInGB``,
input artifacts ``SageMaker.ImageUri`` and one per channel, the output artifact
``SageMaker.ModelArtifact``, and a metric summary per metric definition. Key names as
seen in aws/sagemaker-python-sdk's lineage and analytics tests.
"""

from __future__ import annotations

import math
import random
import re
from datetime import UTC, datetime
from typing import Any

from ..constants import SANDBOX_ACCOUNT, SANDBOX_REGION
from ..hubs import MetricId, MetricsHub, dims
from ..simulator.catalog import TEMPLATES
from ..simulator.job import JobRecord
from .fleet import ComponentRec, ExperimentRec, TrialRec

PREFIX = f"arn:aws:sagemaker:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}"
DOMAIN_ID = "d-sandbox0example"
TRAINING_NAMESPACE = "/aws/sagemaker/TrainingJobs"
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_MEDIA_TYPE = re.compile(r"^[-\w]+/[-\w+]+$")
MAX_POINTS = 200


def ts(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def experiment_arn(name: str) -> str:
    return f"{PREFIX}:experiment/{name.lower()}"


def trial_arn(name: str) -> str:
    return f"{PREFIX}:experiment-trial/{name.lower()}"


def component_arn(name: str) -> str:
    return f"{PREFIX}:experiment-trial-component/{name.lower()}"


def training_job_arn(name: str) -> str:
    return f"{PREFIX}:training-job/{name.lower()}"


def processing_job_arn(name: str) -> str:
    return f"{PREFIX}:processing-job/{name.lower()}"


def user_context(user: str | None) -> dict[str, Any]:
    if user is None:
        return {}
    return {
        "UserProfileArn": f"{PREFIX}:user-profile/{DOMAIN_ID}/{user}",
        "UserProfileName": user,
        "DomainId": DOMAIN_ID,
    }


# -- experiments and trials ---------------------------------------------------------------
def experiment(rec: ExperimentRec, modified: float) -> dict[str, Any]:
    """DescribeExperiment (and the Search record without Tags)."""
    return {
        "ExperimentName": rec.name,
        "ExperimentArn": experiment_arn(rec.name),
        "DisplayName": rec.name,
        "Description": rec.description,
        "CreationTime": ts(rec.created),
        "CreatedBy": user_context(rec.created_by),
        "LastModifiedTime": ts(modified),
        "LastModifiedBy": user_context(rec.created_by),
    }


def experiment_summary(rec: ExperimentRec, modified: float) -> dict[str, Any]:
    return {
        "ExperimentArn": experiment_arn(rec.name),
        "ExperimentName": rec.name,
        "DisplayName": rec.name,
        "CreationTime": ts(rec.created),
        "LastModifiedTime": ts(modified),
    }


def trial(rec: TrialRec, modified: float) -> dict[str, Any]:
    return {
        "TrialName": rec.name,
        "TrialArn": trial_arn(rec.name),
        "DisplayName": rec.name,
        "ExperimentName": rec.experiment,
        "CreationTime": ts(rec.created),
        "CreatedBy": user_context(rec.created_by),
        "LastModifiedTime": ts(modified),
        "LastModifiedBy": user_context(rec.created_by),
    }


def trial_summary(rec: TrialRec, modified: float) -> dict[str, Any]:
    return {
        "TrialArn": trial_arn(rec.name),
        "TrialName": rec.name,
        "DisplayName": rec.name,
        "CreationTime": ts(rec.created),
        "LastModifiedTime": ts(modified),
    }


# -- trial components --------------------------------------------------------------------
def parameter(value: Any) -> dict[str, Any]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"NumberValue": float(value)}
    text = str(value)
    if _NUMBER.match(text):
        return {"NumberValue": float(text)}
    return {"StringValue": text}


def _artifact(media: str | None, value: str) -> dict[str, str]:
    out = {"Value": value}
    if media and _MEDIA_TYPE.match(media):
        out["MediaType"] = media
    return out


def summary_of(full: dict[str, Any]) -> dict[str, Any]:
    """The TrialComponentSummary (ListTrialComponents) of a full component."""
    keys = (
        "TrialComponentName",
        "TrialComponentArn",
        "DisplayName",
        "Status",
        "StartTime",
        "EndTime",
        "CreationTime",
        "CreatedBy",
        "LastModifiedTime",
        "LastModifiedBy",
    )
    out = {k: full[k] for k in keys if k in full}
    if "Source" in full:
        out["TrialComponentSource"] = full["Source"]
    return out


def manual_component(comp: ComponentRec) -> dict[str, Any]:
    """A component the user logged with the SDK (no source job): always Completed."""
    m = comp.manual or {}
    return {
        "TrialComponentName": comp.name,
        "TrialComponentArn": component_arn(comp.name),
        "DisplayName": comp.display_name,
        "Status": {"PrimaryStatus": "Completed"},
        "StartTime": ts(m["StartTime"]),
        "EndTime": ts(m["EndTime"]),
        "CreationTime": ts(comp.created),
        "CreatedBy": user_context(comp.created_by),
        "LastModifiedTime": ts(m["EndTime"]),
        "LastModifiedBy": user_context(comp.created_by),
        "Parameters": {k: parameter(v) for k, v in m.get("Parameters", {}).items()},
        "InputArtifacts": {k: _artifact(*v) for k, v in m.get("InputArtifacts", {}).items()},
        "OutputArtifacts": {k: _artifact(*v) for k, v in m.get("OutputArtifacts", {}).items()},
        "Metrics": [],
    }


def training_component(
    comp: ComponentRec,
    d: dict[str, Any],
    metrics: list[dict[str, Any]],
    base_model: str | None,
) -> dict[str, Any]:
    """The component SageMaker keeps for a training job (``d`` is its DescribeTrainingJob)."""
    status = d["TrainingJobStatus"]
    # StatusMessage is one line (pattern ``.*``): the multi-line FailureReason is joined.
    reason = " ".join(str(d.get("FailureReason") or "null").split())
    # Message wording modelled on the processing-job components' "Status: Completed, exit
    # message: null, failure reason: null"; the training variant is an assumption.
    message = f"Status: {status}, secondary status: {d.get('SecondaryStatus')}, "
    message += f"failure reason: {reason}"
    params = {k: parameter(v) for k, v in (d.get("HyperParameters") or {}).items()}
    rc = d.get("ResourceConfig") or {}
    params["SageMaker.InstanceType"] = {"StringValue": str(rc.get("InstanceType"))}
    params["SageMaker.InstanceCount"] = {"NumberValue": float(rc.get("InstanceCount", 1))}
    params["SageMaker.VolumeSizeInGB"] = {"NumberValue": float(rc.get("VolumeSizeInGB", 0))}
    inputs: dict[str, Any] = {
        "SageMaker.ImageUri": {"Value": d["AlgorithmSpecification"]["TrainingImage"]}
    }
    for ch in d.get("InputDataConfig") or []:
        uri = ch["DataSource"]["S3DataSource"]["S3Uri"]
        inputs[ch["ChannelName"]] = _artifact(ch.get("ContentType"), uri)
    if base_model:
        inputs["base-model"] = _artifact("application/x-tar", base_model)
    outputs: dict[str, Any] = {}
    if status == "Completed":
        outputs["SageMaker.ModelArtifact"] = {"Value": d["ModelArtifacts"]["S3ModelArtifacts"]}
    out: dict[str, Any] = {
        "TrialComponentName": comp.name,
        "TrialComponentArn": component_arn(comp.name),
        "DisplayName": comp.display_name,
        "Source": {"SourceArn": d["TrainingJobArn"], "SourceType": "SageMakerTrainingJob"},
        "Status": {"PrimaryStatus": status, "Message": message[:1024]},
        "CreationTime": d["CreationTime"],
        "CreatedBy": {},
        "LastModifiedTime": d["LastModifiedTime"],
        "LastModifiedBy": {},
        "Parameters": params,
        "InputArtifacts": inputs,
        "OutputArtifacts": outputs,
        "Metrics": metrics,
    }
    if "TrainingStartTime" in d:
        out["StartTime"] = d["TrainingStartTime"]
    if "TrainingEndTime" in d:
        out["EndTime"] = d["TrainingEndTime"]
    return out


def processing_component(comp: ComponentRec, d: dict[str, Any]) -> dict[str, Any]:
    """The component SageMaker keeps for a processing job (``d``: DescribeProcessingJob).
    Keys and the status message as in the processing components SageMaker records
    ("Status: Completed, exit message: null, failure reason: null")."""
    status = d["ProcessingJobStatus"]
    exit_message = " ".join(str(d.get("ExitMessage") or "null").split())
    reason = " ".join(str(d.get("FailureReason") or "null").split())
    cluster = (d.get("ProcessingResources") or {}).get("ClusterConfig") or {}
    inputs: dict[str, Any] = {"SageMaker.ImageUri": {"Value": d["AppSpecification"]["ImageUri"]}}
    for item in d.get("ProcessingInputs") or []:
        if "S3Input" in item:
            inputs[item["InputName"]] = {"Value": item["S3Input"]["S3Uri"]}
    outputs: dict[str, Any] = {}
    if status == "Completed":
        for item in (d.get("ProcessingOutputConfig") or {}).get("Outputs") or []:
            if "S3Output" in item:
                outputs[item["OutputName"]] = {"Value": item["S3Output"]["S3Uri"]}
    message = f"Status: {status}, exit message: {exit_message}, failure reason: {reason}"
    out: dict[str, Any] = {
        "TrialComponentName": comp.name,
        "TrialComponentArn": component_arn(comp.name),
        "DisplayName": comp.display_name,
        "Source": {"SourceArn": d["ProcessingJobArn"], "SourceType": "SageMakerProcessingJob"},
        "Status": {"PrimaryStatus": status, "Message": message[:1024]},
        "CreationTime": d["CreationTime"],
        "CreatedBy": {},
        "LastModifiedTime": d["LastModifiedTime"],
        "LastModifiedBy": {},
        "Parameters": {
            "SageMaker.InstanceCount": {"NumberValue": float(cluster.get("InstanceCount", 1))},
            "SageMaker.InstanceType": {"StringValue": str(cluster.get("InstanceType"))},
            "SageMaker.VolumeSizeInGB": {"NumberValue": float(cluster.get("VolumeSizeInGB", 0))},
        },
        "InputArtifacts": inputs,
        "OutputArtifacts": outputs,
        "Metrics": [],
    }
    if "ProcessingStartTime" in d:
        out["StartTime"] = d["ProcessingStartTime"]
    if "ProcessingEndTime" in d:
        out["EndTime"] = d["ProcessingEndTime"]
    return out


# -- metric summaries --------------------------------------------------------------------
def _training_window(d: dict[str, Any], job: JobRecord, now: float) -> tuple[float, float, float]:
    """(start, end so far, planned end) of the Training phase, or start == end if none."""
    start = end = planned = 0.0
    for t in d.get("SecondaryStatusTransitions") or []:
        if t["Status"] == "Training":
            start = t["StartTime"].timestamp()
            end = t["EndTime"].timestamp() if "EndTime" in t else now
            planned = end
    if start and "Training" in job.phases:
        i = job.phases.index("Training")
        if i + 1 < len(job.starts):
            planned = max(end, job.starts[i + 1])
    return start, end, planned


def _is_loss(name: str) -> bool:
    return "loss" in name.lower() or "error" in name.lower()


def _synthesized(
    job: JobRecord, metric: str, final: float, start: float, end: float, planned: float
) -> list[tuple[float, float]]:
    """A deterministic learning curve over the training phase that ends on ``final``."""
    rng = random.Random(f"{job.name}:{metric}")
    span = max(planned - start, 60.0)
    step = max(60.0, span / MAX_POINTS)
    first = final * 3 + 0.6 if _is_loss(metric) else final * rng.uniform(0.55, 0.75)
    phase = rng.uniform(0, 2 * math.pi)
    amp = abs(first - final) * 0.04
    points = []
    t = start + step
    while t <= end + 1e-6:
        f = min(1.0, (t - start) / span)
        value = final + (first - final) * (1 - f) ** 2 + amp * math.sin(phase + 14 * f) * (1 - f)
        points.append((t, round(value, 6)))
        t += step
    return points


def metric_summaries(
    d: dict[str, Any], job: JobRecord, hub: MetricsHub, now: float
) -> list[dict[str, Any]]:
    """Min/Max/Avg/StdDev/Last/Count per metric definition over the training phase so far.

    From the CloudWatch series of the job (``/aws/sagemaker/TrainingJobs``, dimension
    TrainingJobName=JOB, as algorithm metrics are published) when an area publishes
    them, else from a synthesized learning curve;
    Last is the FinalMetricDataList value whenever the job has one.
    """
    start, end, planned = _training_window(d, job, now)
    if not start or end <= start:
        return []
    finals = {m["MetricName"]: m["Value"] for m in d.get("FinalMetricDataList") or []}
    tpl = TEMPLATES[job.template]
    published = TRAINING_NAMESPACE in hub.namespaces()
    out = []
    for metric in tpl.metrics:
        target = finals.get(metric.name)
        if target is None:
            target = round(
                random.Random(f"{job.name}:{metric.name}:final").uniform(metric.low, metric.high), 6
            )
        points: list[tuple[float, float]] = []
        if published:
            mid = MetricId(TRAINING_NAMESPACE, metric.name, dims({"TrainingJobName": job.name}))
            until = d["TrainingEndTime"].timestamp() if "TrainingEndTime" in d else now
            points = hub.query(mid, d["CreationTime"].timestamp(), until + 60, 60, "Average")
        if not points:
            points = _synthesized(job, metric.name, target, start, end, planned)
        if not points:
            continue
        values = [v for _, v in points]
        last = round(finals.get(metric.name, values[-1]), 6)
        mean = sum(values) / len(values)
        var = sum((v - mean) ** 2 for v in values) / len(values)
        out.append(
            {
                "MetricName": metric.name,
                "SourceArn": d["TrainingJobArn"],
                "TimeStamp": ts(points[-1][0]),
                "Max": round(max(values + [last]), 6),
                "Min": round(min(values + [last]), 6),
                "Last": last,
                "Count": len(values),
                "Avg": round(mean, 6),
                "StdDev": round(math.sqrt(var), 6),
            }
        )
    return out
