"""Hyperparameter tuning jobs: ListHyperParameterTuningJobs, DescribeHyperParameterTuningJob,
StopHyperParameterTuningJob and ListTrainingJobsForHyperParameterTuningJob.

A tuning job's training jobs are real jobs of the training simulator (named
``<tuning-job>-NNN-<8 hex>`` as SageMaker names them, with TuningJobArn set), added to
it when the area is built; they take the place of the oldest plain jobs, so the training
fleet keeps the size the user asked for. The tuning job's status, its counters and its
best training job are read from those training jobs at every call, so stopping one of
them (StopTrainingJob) shows in the tuning job too. The objective value and the tuned
hyperparameters are read from DescribeTrainingJob, so the two APIs always agree.

Launch order follows MaxParallelTrainingJobs: each training job starts when a slot frees.
A running tuning job is in its last wave when the sandbox starts.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from typing import Any

from ..constants import SANDBOX_ROLE_ARN
from ..simulator import JobStateError as TrainingStateError
from ..simulator import Simulator
from ..simulator.catalog import TEMPLATES
from ..simulator.generator import draw_job
from ..simulator.job import JobRecord
from .fleet import HISTORY_SECONDS
from .kind import JobStateError, KindSim
from .record import KindJob, arn, short_stamp, ts
from .store import InvalidTokenError, decode_token, encode_token

FINALIZE = 45.0
"""Seconds between the last training job's end and the tuning job's end."""
# Failures SageMaker retries itself (TrainingJobStatusCounters.RetryableError).
RETRYABLE = frozenset({"capacity", "internal"})


@dataclass(frozen=True)
class Family:
    base: str
    template: str
    """Base name of the training family (simulator/catalog.py) the tuning job trains."""
    metric: str
    maximize: bool
    strategy: str
    integer: tuple[tuple[str, int, int], ...] = ()
    continuous: tuple[tuple[str, float, float, str], ...] = ()
    categorical: tuple[tuple[str, tuple[str, ...]], ...] = ()
    early_stopping: str = "Off"
    weight: float = 1.0

    @property
    def tuned(self) -> tuple[str, ...]:
        return (
            *(n for n, *_ in self.integer),
            *(n for n, *_ in self.continuous),
            *(n for n, _ in self.categorical),
        )


# Ranges contain every value the training family draws (simulator/hyperparams.py).
FAMILIES: tuple[Family, ...] = (
    Family(
        "churn-xgb-hpo",
        "xgboost-churn",
        "validation:auc",
        True,
        "Bayesian",
        integer=(("max_depth", 3, 10), ("num_round", 50, 600)),
        continuous=(("eta", 0.01, 0.5, "Logarithmic"), ("subsample", 0.5, 1.0, "Linear")),
        early_stopping="Auto",
        weight=3.0,
    ),
    Family(
        "fraud-rf-hpo",
        "sklearn-rf-fraud",
        "test:f1",
        True,
        "Random",
        integer=(("n-estimators", 50, 500), ("max-depth", 4, 20)),
        weight=1.5,
    ),
    Family(
        "imagenet-resnet-hpo",
        "pytorch-resnet50-imagenet",
        "validation:top1",
        True,
        "Hyperband",
        continuous=(("lr", 0.05, 0.5, "Logarithmic"),),
        categorical=(("batch-size", ("128", "256", "512")),),
        weight=1.0,
    ),
    Family(
        "llama3-lora-hpo",
        "hf-llama3-8b-lora",
        "eval_loss",
        False,
        "Bayesian",
        continuous=(("learning_rate", 5e-05, 0.0005, "Logarithmic"),),
        categorical=(
            ("lora_r", ("8", "16", "64")),
            ("per_device_train_batch_size", ("2", "4", "8")),
        ),
        weight=1.0,
    ),
    Family(
        "sentiment-hpo",
        "bert-base-sentiment",
        "eval_accuracy",
        True,
        "Bayesian",
        integer=(("epochs", 2, 4),),
        continuous=(("learning_rate", 1e-05, 0.0001, "Logarithmic"),),
        categorical=(("train_batch_size", ("16", "32")),),
        early_stopping="Auto",
        weight=1.5,
    ),
    Family(
        "ctr-widedeep-hpo",
        "tf-wide-deep-ctr",
        "validation:auc",
        True,
        "Random",
        integer=(("epochs", 5, 20),),
        categorical=(("batch_size", ("1024", "2048", "4096")),),
        weight=1.0,
    ),
)
_WEIGHTS = [f.weight for f in FAMILIES]
_TEMPLATE_INDEX = {t.base: i for i, t in enumerate(TEMPLATES)}


class TuningSim(KindSim):
    kind = "tuning"
    noun = "hyperparameter tuning job"
    resource = "hyper-parameter-tuning-job"
    primary = {"InProgress": "InProgress", "Stopping": "Stopping", "Stopped": "Stopped"}
    # "The default is Name" / "The default is Ascending" (ListHyperParameterTuningJobs).
    default_sort = ("Name", "Ascending")

    def __init__(self, jobs: list[KindJob], now: float, training: Simulator) -> None:
        self.training = training
        self._described: dict[str, dict[str, Any]] = {}
        super().__init__(jobs, now)

    @classmethod
    def build(
        cls, seed: int, count: int, now: float, training: Simulator, running: int | None = None
    ) -> TuningSim:
        """``count`` tuning jobs (at most ``running`` of them running); their training
        jobs join ``training``."""
        rng = random.Random(f"{seed}:tuning")
        jobs = _fleet(rng, count, now, running)
        children = [c for job in jobs for c in job.extra["children"]]
        training.add_jobs(children, replace_oldest=len(children))
        return cls(jobs, now, training)

    # -- state from the training jobs ----------------------------------------------------
    @staticmethod
    def children(job: KindJob) -> list[JobRecord]:
        return job.extra["children"]  # type: ignore[no-any-return]

    def _state(self, job: KindJob) -> Any:
        """(status, end time or None, last modified, [child status]) read under the
        training simulator's lock (StopTrainingJob rewrites child timelines)."""

        def read(now: float) -> tuple[str, float | None, float, list[str]]:
            kids = self.children(job)
            statuses = [c.status(now) for c in kids]
            modified = max([c.last_modified(now) for c in kids] + [job.created])
            stopped = job.stopped_at
            if stopped is not None and now >= stopped:
                modified = max(modified, job.starts[job.phase_index(now)])
                if job.is_terminal(now):
                    return "Stopped", job.ends_at, modified, statuses
                return "Stopping", None, modified, statuses
            if any(not c.is_terminal(now) for c in kids):
                return "InProgress", None, modified, statuses
            end = max(c.ends_at for c in kids) + FINALIZE
            if now < end:
                return "InProgress", None, modified, statuses
            failed = all(s == "Failed" for s in statuses)
            return ("Failed" if failed else "Completed"), end, max(modified, end), statuses

        return self.training.read(read)

    def status(self, job: KindJob, now: float) -> str:
        return str(self._state(job)[0])

    def modified(self, job: KindJob, now: float) -> float:
        return float(self._state(job)[2])

    def stop(self, name: str, now: float) -> None:
        with self._lock:
            job = self.get(name)
            status = self.status(job, now)
            if status not in self.stoppable:
                raise JobStateError(name, status)
            # Stopping lasts until the training jobs stopped (they take 30-90 s).
            job.stop(now, 95 + zlib.crc32(name.encode()) % 30, *self.stop_words)
            for child in self.children(job):
                try:
                    self.training.stop_training_job(child.name)
                except TrainingStateError:
                    pass  # already finished, or stopping

    # -- rendering ----------------------------------------------------------------------
    def _counters(self, job: KindJob, statuses: list[str]) -> tuple[dict[str, int], dict[str, int]]:
        training = {
            "Completed": 0,
            "InProgress": 0,
            "RetryableError": 0,
            "NonRetryableError": 0,
            "Stopped": 0,
        }
        objective = {"Succeeded": 0, "Pending": 0, "Failed": 0}
        for child, status in zip(self.children(job), statuses, strict=True):
            if status == "Failed":
                bucket = "RetryableError" if child.failure in RETRYABLE else "NonRetryableError"
            else:
                bucket = {"Stopping": "InProgress"}.get(status, status)
            training[bucket] += 1
            objective[_objective_status(status)] += 1
        return training, objective

    def summary(self, job: KindJob, now: float) -> dict[str, Any]:
        fam = FAMILIES[job.family]
        status, end, modified, statuses = self._state(job)
        training, objective = self._counters(job, statuses)
        out: dict[str, Any] = {
            "HyperParameterTuningJobName": job.name,
            "HyperParameterTuningJobArn": self.arn(job),
            "HyperParameterTuningJobStatus": status,
            "Strategy": fam.strategy,
            "CreationTime": ts(job.created),
            "LastModifiedTime": ts(modified),
            "TrainingJobStatusCounters": training,
            "ObjectiveStatusCounters": objective,
            "ResourceLimits": _limits(job),
        }
        if end is not None:
            out["HyperParameterTuningEndTime"] = ts(end)
        return out

    def describe(self, job: KindJob, now: float) -> dict[str, Any]:
        fam = FAMILIES[job.family]
        out = self.summary(job, now)
        out.pop("Strategy")
        limits = out.pop("ResourceLimits")
        first = self._child_describe(self.children(job)[0].name)
        config: dict[str, Any] = {
            "Strategy": fam.strategy,
            "HyperParameterTuningJobObjective": _objective(fam),
            "ResourceLimits": limits,
            "ParameterRanges": _ranges(fam),
            "TrainingJobEarlyStoppingType": fam.early_stopping,
        }
        if fam.strategy == "Hyperband":
            config["StrategyConfig"] = {
                "HyperbandStrategyConfig": {"MinResource": 1, "MaxResource": 30}
            }
        algo = first["AlgorithmSpecification"]
        definition: dict[str, Any] = {
            "StaticHyperParameters": {
                k: v for k, v in first["HyperParameters"].items() if k not in fam.tuned
            },
            "AlgorithmSpecification": {
                "TrainingImage": algo["TrainingImage"],
                "TrainingInputMode": algo["TrainingInputMode"],
                "MetricDefinitions": algo["MetricDefinitions"],
            },
            "RoleArn": SANDBOX_ROLE_ARN,
            "InputDataConfig": first["InputDataConfig"],
            "OutputDataConfig": {"S3OutputPath": first["OutputDataConfig"]["S3OutputPath"]},
            "ResourceConfig": {
                k: first["ResourceConfig"][k]
                for k in ("InstanceType", "InstanceCount", "VolumeSizeInGB")
            },
            "StoppingCondition": first["StoppingCondition"],
            "EnableManagedSpotTraining": first["EnableManagedSpotTraining"],
        }
        if "CheckpointConfig" in first:
            definition["CheckpointConfig"] = first["CheckpointConfig"]
        out["HyperParameterTuningJobConfig"] = config
        out["TrainingJobDefinition"] = definition
        best = self._best(job, fam)
        if best is not None:
            out["BestTrainingJob"] = best
        status = out["HyperParameterTuningJobStatus"]
        if status == "Failed":
            failed = len(self.children(job))
            # Modelled on the reason SageMaker gives when no training job succeeded.
            out["FailureReason"] = (
                f"No training job succeeded after {failed} attempts. Please take a look at the "
                "training job failures to get more details."
            )
        if "HyperParameterTuningEndTime" in out:
            end = out["HyperParameterTuningEndTime"].timestamp()
            out["ConsumedResources"] = {"RuntimeInSeconds": int(end - job.starts[0])}
            out["TuningJobCompletionDetails"] = {
                "NumberOfTrainingJobsObjectiveNotImproving": max(0, len(self.children(job)) // 3)
            }
        return out

    # -- ListTrainingJobsForHyperParameterTuningJob --------------------------------------
    def training_jobs(
        self, name: str, params: dict[str, Any], now: float
    ) -> tuple[list[dict[str, Any]], str | None]:
        with self._lock:
            job = self.get(name)
            fam = FAMILIES[job.family]
            rows = [self._child_summary(job, fam, c.name) for c in self.children(job)]
        status = params.get("StatusEquals")
        if status:
            rows = [r for r in rows if r["TrainingJobStatus"] == status]
        # "The default is Name" / "The default is Ascending"; sorting by
        # FinalObjectiveMetricValue leaves out "any training jobs that did not return an
        # objective metric" (ListTrainingJobsForHyperParameterTuningJob, botocore model).
        sort_by = params.get("SortBy", "Name")
        descending = params.get("SortOrder", "Ascending") == "Descending"
        key = {
            "Name": lambda r: (r["TrainingJobName"],),
            "CreationTime": lambda r: (r["CreationTime"], r["TrainingJobName"]),
            "Status": lambda r: (r["TrainingJobStatus"], r["TrainingJobName"]),
            "FinalObjectiveMetricValue": lambda r: (
                r["FinalHyperParameterTuningJobObjectiveMetric"]["Value"],
                r["TrainingJobName"],
            ),
        }[sort_by]
        if sort_by == "FinalObjectiveMetricValue":
            rows = [r for r in rows if "FinalHyperParameterTuningJobObjectiveMetric" in r]
        rows.sort(key=key, reverse=descending)
        fingerprint = f"{name}|{status}|{sort_by}|{descending}"
        start = decode_token(params.get("NextToken"), fingerprint)
        offset = int(start[0]) if start else 0
        if offset < 0 or offset > len(rows):
            raise InvalidTokenError(params.get("NextToken") or "")
        size = params.get("MaxResults", 10)
        page = rows[offset : offset + size]
        token = encode_token(fingerprint, [offset + size]) if offset + size < len(rows) else None
        return page, token

    def _child_describe(self, name: str) -> dict[str, Any]:
        """DescribeTrainingJob of a training job, cached once it is terminal."""
        cached = self._described.get(name)
        if cached is not None:
            return cached
        data = self.training.describe_training_job(name)
        if data["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
            self._described[name] = data
        return data

    def _child_summary(self, job: KindJob, fam: Family, name: str) -> dict[str, Any]:
        d = self._child_describe(name)
        status = d["TrainingJobStatus"]
        out: dict[str, Any] = {
            "TrainingJobName": d["TrainingJobName"],
            "TrainingJobArn": d["TrainingJobArn"],
            "TuningJobName": job.name,
            "CreationTime": d["CreationTime"],
            "TrainingJobStatus": status,
            "TunedHyperParameters": {
                k: v for k, v in d["HyperParameters"].items() if k in fam.tuned
            },
            "ObjectiveStatus": _objective_status(status),
        }
        for key in ("TrainingStartTime", "TrainingEndTime", "FailureReason"):
            if key in d:
                out[key] = d[key]
        final = {m["MetricName"]: m["Value"] for m in d.get("FinalMetricDataList", [])}
        if fam.metric in final:
            out["FinalHyperParameterTuningJobObjectiveMetric"] = {
                "Type": "Maximize" if fam.maximize else "Minimize",
                "MetricName": fam.metric,
                "Value": final[fam.metric],
            }
        return out

    def _best(self, job: KindJob, fam: Family) -> dict[str, Any] | None:
        scored = [
            s
            for s in (self._child_summary(job, fam, c.name) for c in self.children(job))
            if "FinalHyperParameterTuningJobObjectiveMetric" in s
        ]
        if not scored:
            return None
        pick = max if fam.maximize else min
        return pick(scored, key=lambda s: s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"])


def _objective_status(status: str) -> str:
    if status == "Completed":
        return "Succeeded"
    if status in ("InProgress", "Stopping"):
        return "Pending"
    return "Failed"


def _objective(fam: Family) -> dict[str, str]:
    return {"Type": "Maximize" if fam.maximize else "Minimize", "MetricName": fam.metric}


def _limits(job: KindJob) -> dict[str, int]:
    return {
        "MaxNumberOfTrainingJobs": job.extra["max_jobs"],
        "MaxParallelTrainingJobs": job.extra["parallel"],
    }


def _ranges(fam: Family) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    if fam.integer:
        out["IntegerParameterRanges"] = [
            {"Name": n, "MinValue": str(lo), "MaxValue": str(hi), "ScalingType": "Auto"}
            for n, lo, hi in fam.integer
        ]
    if fam.continuous:
        out["ContinuousParameterRanges"] = [
            {"Name": n, "MinValue": str(lo), "MaxValue": str(hi), "ScalingType": scaling}
            for n, lo, hi, scaling in fam.continuous
        ]
    if fam.categorical:
        out["CategoricalParameterRanges"] = [
            {"Name": n, "Values": list(values)} for n, values in fam.categorical
        ]
    return out


# -- the fleet -------------------------------------------------------------------------
def tuning_fleet_size(training_jobs: int) -> int:
    """Tuning jobs for a training fleet: their training jobs use about a third of it."""
    return min(400, training_jobs // 16)


def _fleet(rng: random.Random, count: int, now: float, cap: int | None = None) -> list[KindJob]:
    running = min(count, max(1, count // 6)) if count >= 3 else 0
    if cap is not None:
        running = min(running, cap)
    jobs: list[KindJob] = []
    taken: set[str] = set()
    for k in range(count):
        fi = rng.choices(range(len(FAMILIES)), weights=_WEIGHTS)[0]
        if k < running:
            outcome = "Running"
        else:
            roll = rng.random()
            outcome = "Completed" if roll < 0.75 else ("Failed" if roll < 0.85 else "Stopped")
        jobs.append(_tuning_job(rng, fi, outcome, now, taken))
    return jobs


def _tuning_job(rng: random.Random, fi: int, outcome: str, now: float, taken: set[str]) -> KindJob:
    fam = FAMILIES[fi]
    template = _TEMPLATE_INDEX[fam.template]
    tpl = TEMPLATES[template]
    max_jobs = rng.choice((4, 5, 6, 8))
    parallel = rng.choice((2, 2, 3))
    instance, counts = rng.choice(tpl.instances)
    count = counts[0]
    spot = rng.random() < tpl.spot_rate
    launched = min(max_jobs, parallel + 1) if outcome == "Failed" else max_jobs
    # Plan the training jobs at offsets from the tuning job's creation.
    slots = [30.0] * parallel
    kids: list[JobRecord] = []
    for _ in range(launched):
        k = min(range(parallel), key=slots.__getitem__)
        start = slots[k] + rng.uniform(5, 40)
        if outcome == "Failed":
            kid_outcome, failure = (
                "Failed",
                "script" if "script" in tpl.failures else tpl.failures[0],
            )
        elif rng.random() < 0.15:
            kid_outcome, failure = "Failed", rng.choice(tpl.failures)
        else:
            kid_outcome, failure = "Completed", None
        kid = draw_job(rng, kid_outcome, failure, template)
        kid.created = start
        kid.starts = tuple(start + o for o in kid.starts)
        kid.instance_type, kid.instance_count, kid.spot = instance, count, spot
        kid.billable_ratio = rng.uniform(0.3, 0.7) if spot else 1.0
        kid.keep_alive, kid.experiment, kid.training_plan = 0, False, False
        slots[k] = kid.ends_at
        kids.append(kid)
    duration = max(c.ends_at for c in kids) + FINALIZE
    if outcome == "Running":
        last = kids[-1]
        created = now - (last.created + (last.ends_at - last.created) * rng.uniform(0.2, 0.6))
    else:
        created = now - duration - rng.uniform(0, max(0.0, HISTORY_SECONDS - duration))
    created = round(created, 3)
    name = f"{fam.base}-{short_stamp(created)}"
    while name in taken:  # same family, same minute: a minute later
        created += 60.0
        name = f"{fam.base}-{short_stamp(created)}"
    taken.add(name)
    tuning_arn = arn("hyper-parameter-tuning-job", name)
    for i, kid in enumerate(kids, start=1):
        kid.created = round(created + kid.created, 3)
        kid.starts = tuple(round(created + s, 3) for s in kid.starts)
        kid.name = f"{name}-{i:03d}-{rng.getrandbits(32):08x}"
        kid.tuning_job_arn = tuning_arn
    job = KindJob(
        name=name,
        # Stored to the microsecond, answered in milliseconds (jobkinds.fleet).
        created=round(created + zlib.crc32(name.encode()) % 1000 / 1e6, 6),
        phases=("InProgress", "Completed"),
        starts=(created, created + duration),
        family=fi,
        seed=rng.getrandbits(32),
        extra={"children": kids, "max_jobs": max_jobs, "parallel": parallel},
    )
    if outcome == "Stopped":
        # Stopped by a user while the second wave ran: running training jobs stop too.
        at = kids[min(len(kids) - 1, parallel)].created + 120
        job.stop(at, 95 + zlib.crc32(name.encode()) % 30, "Stopping", "Stopped")
        kept = []
        for kid in kids:
            if kid.created >= at:
                continue
            if not kid.is_terminal(at):
                kid.stop(at, 30 + zlib.crc32(kid.name.encode()) % 61)
            kept.append(kid)
        job.extra["children"] = kept
    return job
