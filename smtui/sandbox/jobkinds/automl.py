"""Autopilot (AutoML) jobs: ListAutoMLJobs, DescribeAutoMLJob, DescribeAutoMLJobV2,
StopAutoMLJob.

DescribeAutoMLJob "cannot describe" jobs created with CreateAutoMLJobV2 (botocore model's
operation documentation), DescribeAutoMLJobV2 describes both, so the console calls V2; the
tabular jobs here were created with CreateAutoMLJob (V1) and answer both, the text, image
and time-series ones were created with V2. Secondary statuses are AutoMLJobSecondaryStatus
values in the order Autopilot goes through them for each mode.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from ..constants import SANDBOX_ROLE_ARN
from ..simulator.catalog import DATA_BUCKET, DLC, FIRST_PARTY
from .fleet import INTERNAL, build_fleet, pick_failure
from .kind import KindSim
from .record import KindJob, arn, plan, ts

# Minutes of each secondary status, per resolved mode / problem type.
PHASES: dict[str, tuple[tuple[str, tuple[float, float]], ...]] = {
    "ENSEMBLING": (
        ("Starting", (1, 3)),
        ("AnalyzingData", (5, 15)),
        ("TrainingModels", (30, 90)),
        ("GeneratingExplainabilityReport", (5, 12)),
        ("GeneratingModelInsightsReport", (3, 8)),
    ),
    "HYPERPARAMETER_TUNING": (
        ("Starting", (1, 3)),
        ("AnalyzingData", (5, 15)),
        ("FeatureEngineering", (10, 30)),
        ("ModelTuning", (60, 240)),
        ("GeneratingExplainabilityReport", (5, 12)),
        ("GeneratingModelInsightsReport", (3, 8)),
    ),
    "V2": (("Starting", (1, 3)), ("AnalyzingData", (3, 10)), ("TrainingModels", (60, 180))),
    "TimeSeriesForecasting": (
        ("Starting", (1, 3)),
        ("AnalyzingData", (5, 15)),
        ("TrainingModels", (60, 240)),
        ("GeneratingExplainabilityReport", (5, 15)),
    ),
}
TRAINING_PHASES = ("TrainingModels", "ModelTuning")
HF_INFERENCE = "2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04"


@dataclass(frozen=True)
class Family:
    base: str
    project: str
    problem: str
    """AutoMLProblemTypeConfigName: Tabular, TextClassification, ImageClassification, ..."""
    metric: str
    maximize: bool
    values: tuple[float, float]
    target: str
    content_type: str
    max_candidates: int
    failures: tuple[str, ...]
    weight: float
    problem_type: str | None = None
    mode: str | None = None
    """Tabular only: the Mode requested (AUTO resolves to ENSEMBLING for small data)."""


FAMILIES: tuple[Family, ...] = (
    Family(
        "churn-autopilot",
        "churn",
        "Tabular",
        "F1",
        True,
        (0.78, 0.9),
        "churned",
        "text/csv;header=present",
        250,
        ("target", "rows"),
        2.0,
        problem_type="BinaryClassification",
        mode="ENSEMBLING",
    ),
    Family(
        "fraud-autopilot",
        "fraud",
        "Tabular",
        "AUC",
        True,
        (0.9, 0.97),
        "is_fraud",
        "text/csv;header=present",
        100,
        ("target", "internal"),
        1.5,
        problem_type="BinaryClassification",
        mode="HYPERPARAMETER_TUNING",
    ),
    Family(
        "housing-autopilot",
        "pricing",
        "Tabular",
        "MSE",
        False,
        (0.015, 0.06),
        "price",
        "x-application/vnd.amazon+parquet",
        250,
        ("rows",),
        1.0,
        problem_type="Regression",
        mode="AUTO",
    ),
    Family(
        "reviews-textclf",
        "reviews",
        "TextClassification",
        "Accuracy",
        True,
        (0.86, 0.93),
        "sentiment",
        "text/csv;header=present",
        1,
        ("internal",),
        1.0,
    ),
    Family(
        "product-imgclf",
        "catalog",
        "ImageClassification",
        "Accuracy",
        True,
        (0.82, 0.95),
        "label",
        "image/jpeg",
        1,
        ("internal",),
        0.7,
    ),
    Family(
        "demand-forecast",
        "supply",
        "TimeSeriesForecasting",
        "AverageWeightedQuantileLoss",
        False,
        (0.05, 0.14),
        "demand",
        "text/csv;header=present",
        1,
        ("rows", "internal"),
        1.0,
    ),
)
_WEIGHTS = [f.weight for f in FAMILIES]

# (status it dies in, FailureReason); modelled on the ClientErrors Autopilot reports.
FAILURES: dict[str, tuple[str, str]] = {
    "target": (
        "AnalyzingData",
        "ClientError: The target attribute {target} was not found in the header of the "
        "input data. Provide a valid TargetAttributeName.",
    ),
    "rows": (
        "AnalyzingData",
        "ClientError: The input data has 312 rows; Autopilot needs at least 500 rows to "
        "train and validate candidates.",
    ),
    "internal": ("TrainingModels", INTERNAL),
}
_ALGOS = ("xgboost", "linear-learner", "mlp")


class AutoMLError(ValueError):
    """DescribeAutoMLJob on a job created with CreateAutoMLJobV2."""


class AutoMLSim(KindSim):
    kind = "automl"
    noun = "AutoML job"
    resource = "automl-job"
    primary = {
        **{phase: "InProgress" for phases in PHASES.values() for phase, _ in phases},
        "Completed": "Completed",
        "MaxCandidatesReached": "Completed",
        "Failed": "Failed",
        "Stopping": "Stopping",
        "Stopped": "Stopped",
    }
    # "The default is Name" / "The default is Descending" (ListAutoMLJobs).
    default_sort = ("Name", "Descending")

    @classmethod
    def build(cls, seed: int, count: int, now: float) -> AutoMLSim:
        rng = random.Random(f"{seed}:automl")
        return cls(build_fleet(rng, count, now, _draw, _name), now)

    def modified(self, job: KindJob, now: float) -> float:
        """A phase change, or the first best candidate (its describe changes then)."""
        at = job.starts[job.phase_index(now)]
        found = self._best_at(job)
        return max(at, found) if found is not None and found <= now else at

    def _best_at(self, job: KindJob) -> float | None:
        for i, phase in enumerate(job.phases[:-1]):
            if phase in TRAINING_PHASES:
                began, end = job.starts[i], job.starts[i + 1]
                return began + 0.25 * (end - began)
        return None

    def summary(self, job: KindJob, now: float) -> dict[str, Any]:
        status = self.status(job, now)
        out: dict[str, Any] = {
            "AutoMLJobName": job.name,
            "AutoMLJobArn": self.arn(job),
            "AutoMLJobStatus": status,
            "AutoMLJobSecondaryStatus": job.phase(now),
            "CreationTime": ts(job.created),
            "LastModifiedTime": ts(self.modified(job, now)),
        }
        if job.is_terminal(now):
            out["EndTime"] = ts(job.ends_at)
        if status == "Failed" and job.failure:
            out["FailureReason"] = _reason(job)
        elif status == "Completed" and job.extra["partial"]:
            out["PartialFailureReasons"] = [
                {
                    "PartialFailureMessage": "2 candidates failed: ClientError: training job ran "
                    "out of memory on ml.m5.4xlarge"
                }
            ]
        return out

    def describe(self, job: KindJob, now: float) -> dict[str, Any]:
        """DescribeAutoMLJob (V1): tabular jobs created with CreateAutoMLJob only."""
        fam = FAMILIES[job.family]
        if fam.problem != "Tabular":
            raise AutoMLError(job.name)
        out = self._common(job, now)
        criteria = _criteria(fam)
        out["InputDataConfig"] = [{**_channel(job), "TargetAttributeName": fam.target}]
        out["AutoMLJobConfig"] = {"CompletionCriteria": criteria, "Mode": fam.mode}
        out["ProblemType"] = fam.problem_type
        out["GenerateCandidateDefinitionsOnly"] = False
        if job.started("AnalyzingData", now) is not None:
            resolved = {"AutoMLJobObjective": {"MetricName": fam.metric}}
            out["ResolvedAttributes"] = {
                **resolved,
                "ProblemType": fam.problem_type,
                "CompletionCriteria": criteria,
            }
        return out

    def describe_v2(self, job: KindJob, now: float) -> dict[str, Any]:
        fam = FAMILIES[job.family]
        out = self._common(job, now)
        criteria = _criteria(fam)
        out["AutoMLJobInputDataConfig"] = [_channel(job)]
        config: dict[str, Any] = {"CompletionCriteria": criteria}
        if fam.problem == "Tabular":
            config.update(
                Mode=fam.mode, ProblemType=fam.problem_type, TargetAttributeName=fam.target
            )
        elif fam.problem == "TextClassification":
            config.update(ContentColumn="review_body", TargetLabelColumn=fam.target)
        elif fam.problem == "TimeSeriesForecasting":
            config.update(
                ForecastFrequency="D",
                ForecastHorizon=28,
                ForecastQuantiles=["p10", "p50", "p90"],
                TimeSeriesConfig={
                    "TargetAttributeName": fam.target,
                    "TimestampAttributeName": "date",
                    "ItemIdentifierAttributeName": "sku",
                },
            )
        out["AutoMLProblemTypeConfig"] = {f"{fam.problem}JobConfig": config}
        out["AutoMLProblemTypeConfigName"] = fam.problem
        out["DataSplitConfig"] = {"ValidationFraction": 0.2}
        if job.started("AnalyzingData", now) is not None:
            resolved: dict[str, Any] = {
                "AutoMLJobObjective": {"MetricName": fam.metric},
                "CompletionCriteria": criteria,
            }
            if fam.problem_type:
                resolved["AutoMLProblemTypeResolvedAttributes"] = {
                    "TabularResolvedAttributes": {"ProblemType": fam.problem_type}
                }
            out["ResolvedAttributes"] = resolved
        return out

    def describe_v2_named(self, name: str, now: float) -> dict[str, Any]:
        with self._lock:
            return self.describe_v2(self.get(name), now)

    def _common(self, job: KindJob, now: float) -> dict[str, Any]:
        fam = FAMILIES[job.family]
        out = self.summary(job, now)
        out.update(
            OutputDataConfig={"S3OutputPath": f"s3://{DATA_BUCKET}/{fam.project}/autopilot"},
            RoleArn=SANDBOX_ROLE_ARN,
            AutoMLJobObjective={"MetricName": fam.metric},
        )
        if fam.problem == "Tabular" and job.started("AnalyzingData", now) is not None:
            notebooks = (
                f"s3://{DATA_BUCKET}/{fam.project}/autopilot/{job.name}/sagemaker-automl-candidates"
            )
            out["AutoMLJobArtifacts"] = {
                "CandidateDefinitionNotebookLocation": f"{notebooks}/notebooks/"
                "SageMakerAutopilotCandidateDefinitionNotebook.ipynb",
                "DataExplorationNotebookLocation": f"{notebooks}/notebooks/"
                "SageMakerAutopilotDataExplorationNotebook.ipynb",
            }
        best = self.best_candidate(job, now)
        if best is not None:
            out["BestCandidate"] = best
        return out

    def best_candidate(self, job: KindJob, now: float) -> dict[str, Any] | None:
        """The best candidate so far: once a quarter of the training phase is done."""
        found = next(
            ((p, s) for p, s in zip(job.phases, job.starts, strict=True) if p in TRAINING_PHASES),
            None,
        )
        at = self._best_at(job)
        if found is None or at is None or now < at:
            return None
        phase, began = found
        end = job.starts[job.phases.index(phase) + 1]
        fam = FAMILIES[job.family]
        rng = job.rng("best")
        name = _candidate_name(job, rng)
        value = job.extra["best"]
        out_path = f"s3://{DATA_BUCKET}/{fam.project}/autopilot/{job.name}"
        steps = [
            ("AWS::SageMaker::TrainingJob", "training-job", name[:63].rstrip("-")),
        ]
        if fam.problem == "Tabular":
            dpp = f"{job.name[:20]}-dpp{rng.randint(0, 9)}-1-{rng.getrandbits(32):08x}"
            steps.insert(0, ("AWS::SageMaker::ProcessingJob", "processing-job", dpp))
            steps.append(("AWS::SageMaker::TransformJob", "transform-job", f"{dpp}-rpb"))
        created = began + 0.1 * (end - began)
        ended = min(end, began + 0.25 * (end - began))
        candidate: dict[str, Any] = {
            "CandidateName": name,
            "FinalAutoMLJobObjectiveMetric": {
                "Type": "Maximize" if fam.maximize else "Minimize",
                "MetricName": fam.metric,
                "Value": value,
                "StandardMetricName": fam.metric,
            },
            "ObjectiveStatus": "Succeeded",
            "CandidateSteps": [
                {"CandidateStepType": t, "CandidateStepArn": arn(r, n), "CandidateStepName": n}
                for t, r, n in steps
            ],
            "CandidateStatus": "Completed",
            "InferenceContainers": _containers(fam, f"{out_path}/data-processor-models"),
            "CreationTime": ts(created),
            "EndTime": ts(ended),
            "LastModifiedTime": ts(ended),
            "CandidateProperties": {
                "CandidateMetrics": [
                    {
                        "MetricName": fam.metric,
                        "Value": value,
                        "Set": "Validation",
                        "StandardMetricName": fam.metric,
                    },
                ]
            },
        }
        if fam.problem == "Tabular" and job.phase(now) in ("Completed", "MaxCandidatesReached"):
            candidate["CandidateProperties"]["CandidateArtifactLocations"] = {
                "Explainability": f"{out_path}/documentation/explainability/output",
                "ModelInsights": f"{out_path}/documentation/model_monitor/output",
            }
        return candidate


def _criteria(fam: Family) -> dict[str, int]:
    return {
        "MaxCandidates": fam.max_candidates,
        "MaxRuntimePerTrainingJobInSeconds": 86400,
        "MaxAutoMLJobRuntimeInSeconds": 2592000,
    }


def _channel(job: KindJob) -> dict[str, Any]:
    fam = FAMILIES[job.family]
    uri = f"s3://{DATA_BUCKET}/{fam.project}/autopilot/input/v{job.extra['version']}/"
    return {
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri}},
        "ContentType": fam.content_type,
        "CompressionType": "None",
        "ChannelType": "training",
    }


def _containers(fam: Family, models: str) -> list[dict[str, Any]]:
    if fam.problem != "Tabular":
        return [
            {
                "Image": f"{DLC}/huggingface-pytorch-inference:{HF_INFERENCE}",
                "ModelDataUrl": f"{models}/model.tar.gz",
            }
        ]
    return [
        {
            "Image": f"{FIRST_PARTY}/sagemaker-sklearn-automl:2.5-1-cpu-py3",
            "ModelDataUrl": f"{models}/dpp/model.tar.gz",
            "Environment": {
                "AUTOML_TRANSFORM_MODE": "feature-transform",
                "SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT": "application/x-recordio-protobuf",
                "SAGEMAKER_PROGRAM": "sagemaker_serve",
            },
        },
        {
            "Image": f"{FIRST_PARTY}/sagemaker-xgboost:1.7-1",
            "ModelDataUrl": f"{models}/tuning/model.tar.gz",
            "Environment": {"MAX_CONTENT_LENGTH": "20971520"},
        },
    ]


def _candidate_name(job: KindJob, rng: random.Random) -> str:
    fam = FAMILIES[job.family]
    if fam.mode == "ENSEMBLING" or fam.mode == "AUTO":
        return f"WeightedEnsemble-L3-FULL-t{rng.randint(1, 3)}"
    algo = rng.choice(_ALGOS) if fam.problem == "Tabular" else "ft"
    return f"{job.name}-{algo}-{rng.randint(1, fam.max_candidates):03d}-{rng.getrandbits(32):08x}"


def _reason(job: KindJob) -> str:
    fam = FAMILIES[job.family]
    return FAILURES[job.failure or "internal"][1].format(target=fam.target)


def _draw(rng: random.Random, outcome: str) -> KindJob:
    fi = rng.choices(range(len(FAMILIES)), weights=_WEIGHTS)[0]
    fam = FAMILIES[fi]
    if fam.problem == "Tabular":
        key = "ENSEMBLING" if fam.mode in ("ENSEMBLING", "AUTO") else "HYPERPARAMETER_TUNING"
    else:
        key = fam.problem if fam.problem in PHASES else "V2"
    failure = pick_failure(rng, fam.failures) if outcome == "Failed" else None
    running = [(phase, rng.uniform(*minutes) * 60) for phase, minutes in PHASES[key]]
    fail_in = FAILURES[failure][0] if failure else None
    if fail_in and fail_in not in dict(running):
        fail_in = running[-1][0]
    done = "MaxCandidatesReached" if key == "HYPERPARAMETER_TUNING" else "Completed"
    phases, offsets = plan(
        rng,
        running,
        outcome,
        fail_in=fail_in,
        final={"Completed": done, "Failed": "Failed", "Stopping": "Stopping", "Stopped": "Stopped"},
    )
    return KindJob(
        name="",
        created=0.0,
        phases=phases,
        starts=offsets,
        family=fi,
        seed=rng.getrandbits(32),
        failure=failure,
        extra={
            "version": rng.randint(1, 9),
            "best": round(rng.uniform(*fam.values), 6),
            "partial": rng.random() < 0.2,
        },
    )


def _name(job: KindJob) -> str:
    return f"{FAMILIES[job.family].base}-{ts(job.created).strftime('%m%d-%H%M%S')}"
