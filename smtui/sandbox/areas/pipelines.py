"""SageMaker Pipelines whose training steps are real jobs of the training simulator.

Each pipeline trains one family of the training fleet: every training job of that
family (``xgboost-churn-2026-...``) is the Train step of one execution. The execution
starts with a preprocessing step a few minutes before its job was created, its Train
step shows the job's own status (and its FailureReason when it failed), and once the
job completed the evaluation, condition and registration steps follow. So the
executions move as the training jobs do, and a failed step opens a job the sandbox
really serves.

StopPipelineExecution stops the running training job (Stopping, then Stopped);
RetryPipelineExecution re-runs the failed step: a failed Train step launches a new
training job of the family (it appears in ListTrainingJobs), a failed Fail step fails
again. Field names: ListPipelines, DescribePipeline, ListPipelineExecutions,
DescribePipelineExecution, ListPipelineExecutionSteps in botocore's sagemaker model.
"""

from __future__ import annotations

import json
import math
import random
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from ..constants import SANDBOX_ACCOUNT, SANDBOX_ROLE_ARN
from ..errors import ServiceError, validation_error
from ..simulator.catalog import DATA_BUCKET, TEMPLATES
from ..simulator.describe import job_arn
from ..simulator.generator import draw_job, place
from ..world import World
from .common import ARN_PREFIX, page, rng_for, short_id, sort_desc, ts
from .studio import studio_area

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    name: str
    family: str
    """The training template base whose jobs are this pipeline's Train steps."""
    description: str
    preprocess: str
    train: str
    evaluate: str
    condition: str
    metric: str
    threshold: float
    register: str
    model_group: str
    batch: str | None = None
    """A Transform step after registration (batch scoring), if the pipeline has one."""


PIPELINES: tuple[PipelineSpec, ...] = (
    PipelineSpec(
        "churn-xgboost-pipeline",
        "xgboost-churn",
        "Daily churn model: feature build, XGBoost training, AUC gate, registration.",
        "PreprocessChurnData",
        "TrainChurnModel",
        "EvaluateChurnModel",
        "CheckAUC",
        "validation:auc",
        0.85,
        "RegisterChurnModel",
        "churn-model",
    ),
    PipelineSpec(
        "fraud-rf-pipeline",
        "sklearn-rf-fraud",
        "Fraud random forest retraining on the last 90 days of transactions.",
        "BuildFraudFeatures",
        "TrainFraudRF",
        "EvaluateFraudRF",
        "CheckF1",
        "test:f1",
        0.74,
        "RegisterFraudModel",
        "fraud-rf",
    ),
    PipelineSpec(
        "reviews-bert-finetune",
        "bert-base-sentiment",
        "Fine-tunes BERT on labelled reviews and batch-scores the new ones.",
        "TokenizeReviews",
        "FineTuneBert",
        "EvaluateBert",
        "CheckAccuracy",
        "eval_accuracy",
        0.9,
        "RegisterSentimentModel",
        "reviews-sentiment",
        batch="BatchScoreReviews",
    ),
    PipelineSpec(
        "ads-ctr-daily",
        "tf-wide-deep-ctr",
        "Wide & deep CTR model, retrained daily; scores tomorrow's candidates.",
        "BuildCtrFeatures",
        "TrainWideDeep",
        "EvaluateCtr",
        "CheckCtrAUC",
        "validation:auc",
        0.76,
        "RegisterCtrModel",
        "ads-ctr",
        batch="ScoreCandidates",
    ),
    PipelineSpec(
        "llama3-lora-finetune",
        "hf-llama3-8b-lora",
        "LoRA fine-tuning of Llama 3 8B on support transcripts.",
        "PrepareTranscripts",
        "LoRAFineTune",
        "EvaluateLoRA",
        "CheckEvalLoss",
        "eval_loss",
        1.4,
        "RegisterLoRAAdapter",
        "support-llama3-lora",
    ),
)
# "Step failure: One or multiple steps failed." is how a failed execution reads in the
# console and in DescribePipelineExecution's FailureReason (modelled wording).
EXECUTION_FAILURE = "Step failure: One or multiple steps failed."
SCHEDULER_ROLE = f"arn:aws:sts::{SANDBOX_ACCOUNT}:assumed-role/AmazonEventBridgeSchedulerRole"


class PipelineNotFoundError(LookupError):
    pass


@dataclass(slots=True)
class JobView:
    """What a step needs from a training job at one moment."""

    name: str
    created: float
    status: str
    end: float | None
    failure: str | None


@dataclass(slots=True)
class Step:
    name: str
    kind: str
    """Processing, Training, Transform, Condition, RegisterModel, Fail."""
    start: float
    end: float | None
    status: str
    failure: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    attempts: int = 1
    job: str | None = None
    """The training job behind a Training step."""

    def row(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "StepName": self.name,
            "StepDisplayName": self.name,
            "StartTime": ts(self.start),
            "StepStatus": self.status,
            "AttemptCount": self.attempts,
            "Metadata": self.metadata,
        }
        if self.end is not None:
            out["EndTime"] = ts(self.end)
        if self.failure:
            out["FailureReason"] = self.failure[:1024]
        return out


@dataclass(slots=True)
class Execution:
    pipeline: PipelineSpec
    id: str
    job: str
    """The training job of the first attempt."""
    start: float
    pre_seconds: float
    eval_seconds: float
    batch_seconds: float
    passes: bool
    metric_value: float
    created_by: dict[str, Any]
    scheduled: bool
    retries: list[tuple[float, str | None]] = field(default_factory=list)
    """(when, the new training job or None) per RetryPipelineExecution."""
    stopped_at: float | None = None

    @property
    def arn(self) -> str:
        return f"{ARN_PREFIX}:pipeline/{self.pipeline.name}/execution/{self.id}"

    @property
    def display_name(self) -> str:
        return f"execution-{int(self.start * 1000)}"


class PipelineArea:
    def __init__(self, world: World) -> None:
        self.world = world
        self.sim = world.training
        self.clock = world.clock
        self.seed = world.seed
        self._lock = threading.RLock()
        self._executions: dict[str, Execution] = {}  # by training job name
        self._by_arn: dict[str, Execution] = {}
        self._retry_jobs: set[str] = set()
        self._terminal: dict[str, JobView] = {}
        self._users = studio_area(world).user_contexts()
        self._patterns = {
            p.family: re.compile(rf"{re.escape(p.family)}-\d{{4}}-\d{{2}}-\d{{2}}-")
            for p in PIPELINES
        }
        self.created = {
            p.name: world.clock.start - (200 + 37 * i) * DAY for i, p in enumerate(PIPELINES)
        }

    # -- executions from the training fleet -------------------------------------------
    def _sync(self) -> None:
        """An execution for every training job of a pipeline's family (new arrivals too);
        jobs another area retired from the fleet take their executions with them."""
        names = self.sim.job_names()
        present = set(names)
        for gone in [n for n in self._executions if n not in present]:
            self._by_arn.pop(self._executions.pop(gone).arn, None)
        for name in names:
            if name in self._executions or name in self._retry_jobs:
                continue
            for spec in PIPELINES:
                if self._patterns[spec.family].match(name):
                    self._add(spec, name)
                    break

    def _add(self, spec: PipelineSpec, job_name: str) -> None:
        job = self._job(job_name)
        rng = rng_for(self.seed, "pipeline-execution", job_name)
        pre = rng.uniform(180, 600)
        exec_id = short_id(self.seed, "execution", job_name)
        scheduled = rng.random() < 0.45
        if scheduled:
            session = f"{spec.name[:20]}-{exec_id[:8]}"
            role_id = short_id(self.seed, "role", spec.name, length=16).upper()
            created_by: dict[str, Any] = {
                "IamIdentity": {
                    "Arn": f"{SCHEDULER_ROLE}/{session}",
                    "PrincipalId": f"AROA{role_id}:{session}",
                }
            }
        else:
            created_by = dict(rng.choice(self._users))
        low, high = _metric_range(spec)
        passes = rng.random() >= 0.1
        value = _metric_value(spec, rng, passes, low, high)
        execution = Execution(
            pipeline=spec,
            id=exec_id,
            job=job_name,
            start=job.created - pre,
            pre_seconds=pre,
            eval_seconds=rng.uniform(120, 360),
            batch_seconds=rng.uniform(300, 900),
            passes=passes,
            metric_value=value,
            created_by=created_by,
            scheduled=scheduled,
        )
        self._executions[job_name] = execution
        self._by_arn[execution.arn] = execution

    def _job(self, name: str) -> JobView:
        cached = self._terminal.get(name)
        if cached is not None:
            return cached
        d = self.sim.describe_training_job(name)
        end = d.get("TrainingEndTime")
        view = JobView(
            name=name,
            created=d["CreationTime"].timestamp(),
            status=d["TrainingJobStatus"],
            end=end.timestamp() if end is not None else None,
            failure=d.get("FailureReason"),
        )
        if view.status in ("Completed", "Failed", "Stopped"):
            self._terminal[name] = view
        return view

    # -- one execution at ``now`` ---------------------------------------------------------
    def steps(self, ex: Execution, now: float) -> list[Step]:
        spec = ex.pipeline
        steps: list[Step] = []
        pre_end = ex.start + ex.pre_seconds - 3
        processing = _processing_arn(ex, spec.preprocess)
        steps.append(
            Step(
                spec.preprocess,
                "Processing",
                ex.start + 2,
                pre_end,
                "Succeeded",
                metadata={"ProcessingJob": {"Arn": processing}},
            )
        )
        job_name = ex.job
        attempt_start = self._job(ex.job).created
        train_attempts = fail_attempts = 1
        fail_again_at: float | None = None
        for when, new_job in ex.retries:
            if when > now:
                break
            if new_job is not None:
                job_name, attempt_start = new_job, when
                train_attempts += 1
            else:
                fail_again_at = when
                fail_attempts += 1
        job = self._job(job_name)
        train = Step(
            spec.train,
            "Training",
            attempt_start,
            job.end,
            _step_status(job.status),
            metadata={"TrainingJob": {"Arn": job_arn(job_name)}},
            attempts=train_attempts,
            job=job_name,
        )
        if job.status == "Failed":
            train.failure = job.failure or "AlgorithmError"
        steps.append(train)
        if job.status == "Completed" and job.end is not None:
            t = job.end + 5
            steps.append(
                Step(
                    spec.evaluate,
                    "Processing",
                    t,
                    t + ex.eval_seconds,
                    "Succeeded",
                    metadata={"ProcessingJob": {"Arn": _processing_arn(ex, spec.evaluate)}},
                )
            )
            t += ex.eval_seconds + 2
            outcome = "True" if ex.passes else "False"
            steps.append(
                Step(
                    spec.condition,
                    "Condition",
                    t,
                    t + 1,
                    "Succeeded",
                    metadata={"Condition": {"Outcome": outcome}},
                )
            )
            t += 3
            if ex.passes:
                version = 1 + int((t - self.created[spec.name]) // DAY) % 400
                package = f"{ARN_PREFIX}:model-package/{spec.model_group}/{version}"
                steps.append(
                    Step(
                        spec.register,
                        "RegisterModel",
                        t,
                        t + 4,
                        "Succeeded",
                        metadata={"RegisterModel": {"Arn": package}},
                    )
                )
                if spec.batch:
                    t += 6
                    transform = f"{ARN_PREFIX}:transform-job/{_job_name(ex, spec.batch)}"
                    steps.append(
                        Step(
                            spec.batch,
                            "Transform",
                            t,
                            t + ex.batch_seconds,
                            "Succeeded",
                            metadata={"TransformJob": {"Arn": transform}},
                        )
                    )
            else:
                message = (
                    f"Execution failed: {spec.metric} {ex.metric_value:.3f} does not meet "
                    f"the threshold {spec.threshold:g}"
                )
                at = t if fail_again_at is None else fail_again_at
                steps.append(
                    Step(
                        f"Fail{spec.condition.removeprefix('Check')}",
                        "Fail",
                        at,
                        at + 1,
                        "Failed",
                        failure=message,
                        metadata={"Fail": {"ErrorMessage": message}},
                        attempts=fail_attempts,
                    )
                )
        visible = [s for s in steps if s.start <= now]
        for s in visible:
            if s.end is not None and s.end > now:
                s.end, s.status = None, "Executing"
                s.failure = None
                if s.kind == "Fail":
                    s.metadata = {"Fail": {"ErrorMessage": ""}}
        if ex.stopped_at is not None and ex.stopped_at <= now:
            visible = [s for s in visible if s.start <= ex.stopped_at]
            for s in visible:
                if s.status == "Executing" and s.kind != "Training":
                    done = s.end is not None
                    if not done:
                        grace = ex.stopped_at + 30
                        s.status = "Stopped" if now >= grace else "Stopping"
                        s.end = grace if now >= grace else None
        return visible

    def status(self, ex: Execution, steps: list[Step], now: float) -> str:
        statuses = [s.status for s in steps]
        if ex.stopped_at is not None and ex.stopped_at <= now:
            return (
                "Stopping" if any(s in ("Executing", "Stopping") for s in statuses) else "Stopped"
            )
        if "Failed" in statuses:
            return "Failed"
        if "Stopped" in statuses:
            return "Stopped"
        if "Stopping" in statuses:
            return "Stopping"
        last = steps[-1] if steps else None
        done = last is not None and last.status == "Succeeded" and self._is_last(ex, last)
        return "Succeeded" if done else "Executing"

    @staticmethod
    def _is_last(ex: Execution, step: Step) -> bool:
        spec = ex.pipeline
        return step.name == (spec.batch or spec.register)

    def _view(self, ex: Execution, now: float) -> dict[str, Any]:
        steps = self.steps(ex, now)
        status = self.status(ex, steps, now)
        changes = [ex.start] + [s.start for s in steps] + [s.end for s in steps if s.end]
        changes += [when for when, _ in ex.retries if when <= now]
        if ex.stopped_at is not None and ex.stopped_at <= now:
            changes.append(ex.stopped_at)
        return {"steps": steps, "status": status, "modified": max(c for c in changes if c <= now)}

    def _summary(self, ex: Execution, now: float) -> dict[str, Any]:
        view = self._view(ex, now)
        out: dict[str, Any] = {
            "PipelineExecutionArn": ex.arn,
            "StartTime": ts(ex.start),
            "PipelineExecutionStatus": view["status"],
            "PipelineExecutionDisplayName": ex.display_name,
            "PipelineExecutionDescription": _description(ex),
        }
        if view["status"] == "Failed":
            out["PipelineExecutionFailureReason"] = EXECUTION_FAILURE
        return out

    def _visible(self, spec: PipelineSpec, now: float) -> list[Execution]:
        return [e for e in self._executions.values() if e.pipeline is spec and e.start <= now]

    def _spec(self, name_or_arn: str) -> PipelineSpec:
        name = (
            name_or_arn.rsplit("pipeline/", 1)[-1]
            if name_or_arn.startswith("arn:")
            else name_or_arn
        )
        for spec in PIPELINES:
            if spec.name == name:
                return spec
        raise PipelineNotFoundError(name_or_arn)

    def _execution(self, arn: str) -> Execution:
        self._sync()
        execution = self._by_arn.get(arn)
        if execution is None or execution.start > self.clock.now():
            raise PipelineNotFoundError(arn)
        return execution

    # -- operations ------------------------------------------------------------------------
    def list_pipelines(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._sync()
            now = self.clock.now()
            rows = []
            for spec in PIPELINES:
                if params.get("PipelineNamePrefix") and not spec.name.startswith(
                    params["PipelineNamePrefix"]
                ):
                    continue
                runs = self._visible(spec, now)
                row: dict[str, Any] = {
                    "PipelineArn": f"{ARN_PREFIX}:pipeline/{spec.name}",
                    "PipelineName": spec.name,
                    "PipelineDisplayName": spec.name,
                    "PipelineDescription": spec.description,
                    "RoleArn": SANDBOX_ROLE_ARN,
                    "CreationTime": ts(self.created[spec.name]),
                    "LastModifiedTime": ts(self.created[spec.name] + 3 * DAY),
                }
                if runs:
                    row["LastExecutionTime"] = ts(max(e.start for e in runs))
                rows.append(row)
        key = "PipelineName" if params.get("SortBy") == "Name" else "CreationTime"
        rows.sort(key=lambda r: r[key], reverse=sort_desc(params))
        chunk, token = page(rows, params, default_max=50)
        return {"PipelineSummaries": chunk, **({"NextToken": token} if token else {})}

    def describe_pipeline(self, name: str) -> dict[str, Any]:
        with self._lock:
            self._sync()
            spec = self._spec(name)
            now = self.clock.now()
            runs = self._visible(spec, now)
            creator = self._users[PIPELINES.index(spec) % len(self._users)]
            out: dict[str, Any] = {
                "PipelineArn": f"{ARN_PREFIX}:pipeline/{spec.name}",
                "PipelineName": spec.name,
                "PipelineDisplayName": spec.name,
                "PipelineDefinition": _definition(spec),
                "PipelineDescription": spec.description,
                "RoleArn": SANDBOX_ROLE_ARN,
                "PipelineStatus": "Active",
                "CreationTime": ts(self.created[spec.name]),
                "LastModifiedTime": ts(self.created[spec.name] + 3 * DAY),
                "CreatedBy": creator,
                "LastModifiedBy": creator,
            }
            if runs:
                out["LastRunTime"] = ts(max(e.start for e in runs))
            return out

    def list_executions(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._sync()
            spec = self._spec(params["PipelineName"])
            now = self.clock.now()
            runs = self._visible(spec, now)
            if params.get("CreatedAfter") is not None:
                runs = [e for e in runs if e.start > params["CreatedAfter"].timestamp()]
            if params.get("CreatedBefore") is not None:
                runs = [e for e in runs if e.start < params["CreatedBefore"].timestamp()]
            if params.get("SortBy") == "PipelineExecutionArn":
                runs.sort(key=lambda e: e.arn, reverse=sort_desc(params))
            else:
                runs.sort(key=lambda e: (e.start, e.id), reverse=sort_desc(params))
            chunk, token = page(runs, params)
            rows = [self._summary(e, now) for e in chunk]
        return {"PipelineExecutionSummaries": rows, **({"NextToken": token} if token else {})}

    def describe_execution(self, arn: str) -> dict[str, Any]:
        with self._lock:
            ex = self._execution(arn)
            now = self.clock.now()
            view = self._view(ex, now)
            out: dict[str, Any] = {
                "PipelineArn": f"{ARN_PREFIX}:pipeline/{ex.pipeline.name}",
                "PipelineExecutionArn": ex.arn,
                "PipelineExecutionDisplayName": ex.display_name,
                "PipelineExecutionStatus": view["status"],
                "PipelineExecutionDescription": _description(ex),
                "PipelineExperimentConfig": {
                    "ExperimentName": ex.pipeline.name,
                    "TrialName": ex.id,
                },
                "CreationTime": ts(ex.start),
                "LastModifiedTime": ts(view["modified"]),
                "CreatedBy": ex.created_by,
                "LastModifiedBy": ex.created_by,
                "ParallelismConfiguration": {"MaxParallelExecutionSteps": 50},
                "RoleArn": SANDBOX_ROLE_ARN,
            }
            if view["status"] == "Failed":
                out["FailureReason"] = EXECUTION_FAILURE
            return out

    def list_steps(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            arn = params.get("PipelineExecutionArn")
            if not arn:
                raise validation_error("PipelineExecutionArn is required.")
            ex = self._execution(arn)
            steps = self.steps(ex, self.clock.now())
        steps.sort(key=lambda s: s.start, reverse=sort_desc(params))
        chunk, token = page(steps, params)
        return {
            "PipelineExecutionSteps": [s.row() for s in chunk],
            **({"NextToken": token} if token else {}),
        }

    def stop(self, arn: str) -> str:
        with self._lock:
            ex = self._execution(arn)
            now = self.clock.now()
            view = self._view(ex, now)
            if view["status"] != "Executing":
                raise _state_error(ex, view["status"], "stopped")
            ex.stopped_at = now
            for step in view["steps"]:
                if step.job is not None and step.status == "Executing":
                    # StopPipelineExecution stops the job its running step started.
                    self.sim.stop_training_job(step.job)
            return ex.arn

    def retry(self, arn: str) -> str:
        with self._lock:
            ex = self._execution(arn)
            now = self.clock.now()
            view = self._view(ex, now)
            if view["status"] != "Failed":
                raise _state_error(ex, view["status"], "retried")
            failed = next(s for s in view["steps"] if s.status == "Failed")
            new_job = self._launch(ex, now) if failed.kind == "Training" else None
            ex.retries.append((now, new_job))
            return ex.arn

    def _launch(self, ex: Execution, now: float) -> str:
        """A new training job of the pipeline's family, created now, that completes."""
        template = next(i for i, t in enumerate(TEMPLATES) if t.base == ex.pipeline.family)
        rng = random.Random(f"{self.seed}:retry:{ex.id}:{len(ex.retries)}")
        job = draw_job(rng, "Completed", None, template)
        created = math.floor(now * 1000) / 1000
        place(job, created, set(self.sim.job_names()))
        self._retry_jobs.add(job.name)
        self.sim.add_jobs([job])
        return job.name


def _step_status(job_status: str) -> str:
    return {
        "InProgress": "Executing",
        "Stopping": "Stopping",
        "Completed": "Succeeded",
        "Failed": "Failed",
        "Stopped": "Stopped",
    }[job_status]


def _job_name(ex: Execution, step: str) -> str:
    # Pipelines name the jobs they start "pipelines-<execution id>-<step>-<random>".
    suffix = short_id(0, ex.id, step, length=10)
    return f"pipelines-{ex.id}-{step[:28]}-{suffix}"


def _processing_arn(ex: Execution, step: str) -> str:
    return f"{ARN_PREFIX}:processing-job/{_job_name(ex, step).lower()}"


def _metric_range(spec: PipelineSpec) -> tuple[float, float]:
    template = next(t for t in TEMPLATES if t.base == spec.family)
    metric = next((m for m in template.metrics if m.name == spec.metric), template.metrics[0])
    return metric.low, metric.high


def _metric_value(
    spec: PipelineSpec, rng: random.Random, passes: bool, low: float, high: float
) -> float:
    lower_is_better = "loss" in spec.metric
    good_low, good_high = (low, spec.threshold) if lower_is_better else (spec.threshold, high)
    bad_low, bad_high = (spec.threshold, high) if lower_is_better else (low, spec.threshold)
    if passes:
        return rng.uniform(min(good_low, good_high), max(good_low, good_high))
    return rng.uniform(min(bad_low, bad_high), max(bad_low, bad_high))


def _description(ex: Execution) -> str:
    return "Scheduled run (EventBridge)" if ex.scheduled else "Started from SageMaker Studio"


def _state_error(ex: Execution, status: str, verb: str) -> ServiceError:
    # Modelled wording: the API reference does not quote the message.
    return validation_error(
        f"Pipeline execution {ex.arn} is in status {status} and cannot be {verb}."
    )


def _definition(spec: PipelineSpec) -> str:
    """A PipelineDefinition JSON document in the SageMaker Python SDK's shape."""
    prefix = f"s3://{DATA_BUCKET}/pipelines/{spec.name}"
    steps: list[dict[str, Any]] = [
        {
            "Name": spec.preprocess,
            "Type": "Processing",
            "Arguments": {
                "ProcessingResources": {
                    "ClusterConfig": {
                        "InstanceType": "ml.m5.xlarge",
                        "InstanceCount": 1,
                        "VolumeSizeInGB": 30,
                    }
                }
            },
        },
        {
            "Name": spec.train,
            "Type": "Training",
            "DependsOn": [spec.preprocess],
            "Arguments": {"OutputDataConfig": {"S3OutputPath": f"{prefix}/model"}},
        },
        {"Name": spec.evaluate, "Type": "Processing", "DependsOn": [spec.train]},
        {
            "Name": spec.condition,
            "Type": "Condition",
            "Arguments": {
                "Conditions": [
                    {
                        "Type": "GreaterThanOrEqualTo",
                        "LeftValue": {"Std:JsonGet": {"Path": spec.metric}},
                        "RightValue": spec.threshold,
                    }
                ],
                "IfSteps": [{"Name": spec.register, "Type": "RegisterModel"}],
                "ElseSteps": [{"Name": "Fail", "Type": "Fail"}],
            },
        },
    ]
    if spec.batch:
        steps.append({"Name": spec.batch, "Type": "Transform", "DependsOn": [spec.register]})
    return json.dumps(
        {
            "Version": "2020-12-01",
            "Metadata": {},
            "Parameters": [
                {"Name": "InputDataUrl", "Type": "String", "DefaultValue": f"{prefix}/input"}
            ],
            "Steps": steps,
        }
    )


def pipeline_area(world: World) -> PipelineArea:
    return world.area("pipelines", PipelineArea)
