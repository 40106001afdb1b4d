"""Batch transform jobs: ListTransformJobs, DescribeTransformJob, StopTransformJob, logs.

Field names follow TransformJobSummary and DescribeTransformJobResponse in botocore's
sagemaker model; the model names are those of models created from the training families
of the training simulator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from ..simulator.catalog import DATA_BUCKET
from .fleet import CAPACITY, INTERNAL, build_fleet, pick_failure
from .kind import KindSim
from .logs import Lines, cut_at_stop, planned
from .record import KindJob, plan, stamp, ts


@dataclass(frozen=True)
class Family:
    base: str
    model: str
    project: str
    content_type: str
    accept: str
    split: str
    strategy: str
    instances: tuple[tuple[str, tuple[int, ...]], ...]
    minutes: tuple[float, float]
    records: tuple[int, int]
    failures: tuple[str, ...]
    weight: float
    data_processing: dict[str, str] | None = None
    timeout: int | None = None


FAMILIES: tuple[Family, ...] = (
    Family(
        base="churn-batch-scoring",
        model="xgboost-churn-model",
        project="churn",
        content_type="text/csv",
        accept="text/csv",
        split="Line",
        strategy="MultiRecord",
        instances=(("ml.m5.xlarge", (1, 2)), ("ml.m5.2xlarge", (1,))),
        minutes=(5, 30),
        records=(200_000, 1_500_000),
        failures=("model", "payload", "data"),
        weight=3.0,
        data_processing={"InputFilter": "$[1:]", "OutputFilter": "$[0,-1]", "JoinSource": "Input"},
    ),
    Family(
        base="fraud-daily-scoring",
        model="sklearn-rf-fraud-model",
        project="fraud",
        content_type="text/csv",
        accept="text/csv",
        split="Line",
        strategy="MultiRecord",
        instances=(("ml.c5.2xlarge", (2, 4)), ("ml.m5.xlarge", (2,))),
        minutes=(10, 40),
        records=(1_000_000, 5_000_000),
        failures=("model", "capacity", "internal"),
        weight=2.0,
    ),
    Family(
        base="reviews-sentiment-batch",
        model="bert-base-sentiment-model",
        project="reviews",
        content_type="application/jsonlines",
        accept="application/jsonlines",
        split="Line",
        strategy="SingleRecord",
        instances=(("ml.g4dn.xlarge", (1, 2)), ("ml.g5.xlarge", (1,))),
        minutes=(20, 120),
        records=(50_000, 400_000),
        failures=("model", "capacity", "internal"),
        weight=1.5,
        timeout=600,
    ),
    Family(
        base="imagenet-batch-classify",
        model="pytorch-resnet50-model",
        project="vision",
        content_type="application/x-image",
        accept="application/json",
        split="None",
        strategy="SingleRecord",
        instances=(("ml.g5.xlarge", (2, 4)), ("ml.g4dn.xlarge", (4,))),
        minutes=(30, 180),
        records=(20_000, 200_000),
        failures=("model", "capacity"),
        weight=1.0,
        timeout=300,
    ),
)
_WEIGHTS = [f.weight for f in FAMILIES]

# (phase it dies in, FailureReason, the lines the container writes before it dies).
FAILURES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "model": (
        "Transforming",
        "ClientError: See job logs for more information",
        (
            "Traceback (most recent call last):",
            '  File "/opt/ml/code/inference.py", line 41, in input_fn',
            "    return np.loadtxt(io.StringIO(body), delimiter=',')",
            "ValueError: could not convert string to float: 'N/A'",
        ),
    ),
    "payload": (
        "Transforming",
        "ClientError: Too much data for max payload size",
        ("Too much data for max payload size (6 MB): reduce MaxPayloadInMB or split records",),
    ),
    "data": (
        "Starting",
        "ClientError: Failed to download data. NoSuchKey (404): The specified key does not "
        "exist. Please check the S3 object {input}",
        (),
    ),
    "capacity": ("Starting", CAPACITY, ()),
    "internal": ("Transforming", INTERNAL, ()),
}


class TransformSim(KindSim):
    kind = "transform"
    noun = "transform job"
    resource = "transform-job"
    primary = {
        "Starting": "InProgress",
        "Transforming": "InProgress",
        "Stopping": "Stopping",
        "Completed": "Completed",
        "Failed": "Failed",
        "Stopped": "Stopped",
    }
    # "The default is CreationTime" / "The default is Descending" (ListTransformJobs).
    default_sort = ("CreationTime", "Descending")
    log_group = "/aws/sagemaker/TransformJobs"

    @classmethod
    def build(cls, seed: int, count: int, now: float) -> TransformSim:
        rng = random.Random(f"{seed}:transform")
        return cls(build_fleet(rng, count, now, _draw, _name), now)

    def summary(self, job: KindJob, now: float) -> dict[str, Any]:
        status = self.status(job, now)
        out: dict[str, Any] = {
            "TransformJobName": job.name,
            "TransformJobArn": self.arn(job),
            "CreationTime": ts(job.created),
            "LastModifiedTime": ts(self.modified(job, now)),
            "TransformJobStatus": status,
        }
        if job.is_terminal(now):
            out["TransformEndTime"] = ts(job.ends_at)
        if status == "Failed" and job.failure:
            out["FailureReason"] = FAILURES[job.failure][1].format(input=_input(job))
        return out

    def describe(self, job: KindJob, now: float) -> dict[str, Any]:
        fam = FAMILIES[job.family]
        out = self.summary(job, now)
        del out["LastModifiedTime"]  # not a member of DescribeTransformJobResponse
        out.update(
            ModelName=f"{fam.model}-v{job.extra['version']}",
            MaxConcurrentTransforms=1 if fam.strategy == "SingleRecord" else 4,
            MaxPayloadInMB=6,
            BatchStrategy=fam.strategy,
            TransformInput={
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": _input(job)}},
                "ContentType": fam.content_type,
                "CompressionType": "None",
                "SplitType": fam.split,
            },
            TransformOutput={
                "S3OutputPath": _output(job),
                "Accept": fam.accept,
                "AssembleWith": "Line" if fam.split == "Line" else "None",
            },
            TransformResources={
                "InstanceType": job.extra["instance"],
                "InstanceCount": job.extra["count"],
            },
            Environment={"SAGEMAKER_MODEL_SERVER_TIMEOUT": str(fam.timeout or 60)},
        )
        if fam.timeout:
            out["ModelClientConfig"] = {
                "InvocationsTimeoutInSeconds": fam.timeout,
                "InvocationsMaxRetries": 1,
            }
        if fam.data_processing:
            out["DataProcessing"] = dict(fam.data_processing)
        started = job.started("Transforming", now)
        if started is not None:
            out["TransformStartTime"] = ts(started)
        return out

    # -- logs -------------------------------------------------------------------------
    def log_streams(self, job: KindJob) -> list[tuple[str, float]]:
        phases, starts = planned(job)
        if "Transforming" not in phases:
            return []
        began = starts[phases.index("Transforming")]
        if job.stopped_at is not None and job.stopped_at <= began:
            return []
        out = []
        for instance in _instances(job):
            out.append((f"{job.name}/{instance}-{int(began)}", began))
            out.append((f"{job.name}/{instance}-{int(began)}/data-log", began))
        return out

    def log_events(self, job: KindJob, stream: str) -> list[tuple[float, str]]:
        fam = FAMILIES[job.family]
        phases, starts = planned(job)
        i = phases.index("Transforming")
        t0, t1 = starts[i], starts[i + 1]
        failure = FAILURES.get(job.failure or "")
        dies = failure is not None and failure[0] == "Transforming"
        reason, traceback = (failure[1], failure[2]) if failure is not None else ("", ())
        lines = Lines()
        if stream.endswith("/data-log"):
            total = job.extra["records"] // job.extra["count"]
            steps = 8 if not dies else 5
            for k in range(1, steps + 1):
                done = total * k // 8
                lines.add(
                    t0 + 5 + (t1 - t0 - 10) * k / 8,
                    f"[sagemaker logs]: {_input(job)}: {done} of {total} records transformed",
                )
            if dies:
                lines.add(t1 - 0.5, f"[sagemaker logs]: {_input(job)}/part-00017: {reason}")
            return cut_at_stop(job, lines, ["[sagemaker logs]: stopping: transform interrupted"])
        lines.spread(
            t0 + 0.5,
            t0 + 30,
            [
                "Warning: MMS is using non-default JVM parameters: -XX:-UseContainerSupport",
                "Model server started.",
                f"Loading model {fam.model}-v{job.extra['version']} from /opt/ml/model",
                "Model loaded successfully",
                'Listening on /0.0.0.0:8080, "GET /ping HTTP/1.1" 200',
            ],
        )
        if dies:
            lines.add(t1 - 2, "Exception in model fn: prediction failed for 1 record(s)")
            for k, line in enumerate(traceback):
                lines.add(t1 - 1 + k * 0.001, line)
        elif phases[-1] == "Completed":
            lines.add(t1 - 1, '"POST /invocations HTTP/1.1" 200: all records processed')
        return cut_at_stop(job, lines, ["Received SIGTERM: model server shutting down"])


def _instances(job: KindJob) -> list[str]:
    rng = job.rng("instances")
    return [f"i-0{rng.getrandbits(64):016x}" for _ in range(job.extra["count"])]


def _input(job: KindJob) -> str:
    fam = FAMILIES[job.family]
    return f"s3://{DATA_BUCKET}/{fam.project}/batch/{job.extra['batch']}/input"


def _output(job: KindJob) -> str:
    fam = FAMILIES[job.family]
    return f"s3://{DATA_BUCKET}/{fam.project}/batch/{job.extra['batch']}/predictions"


def _draw(rng: random.Random, outcome: str) -> KindJob:
    fi = rng.choices(range(len(FAMILIES)), weights=_WEIGHTS)[0]
    fam = FAMILIES[fi]
    instance, counts = rng.choice(fam.instances)
    failure = pick_failure(rng, fam.failures) if outcome == "Failed" else None
    running = [
        ("Starting", rng.uniform(120, 360)),
        ("Transforming", rng.uniform(*fam.minutes) * 60),
    ]
    phases, offsets = plan(
        rng,
        running,
        outcome,
        fail_in=FAILURES[failure][0] if failure else None,
        final={
            "Completed": "Completed",
            "Failed": "Failed",
            "Stopping": "Stopping",
            "Stopped": "Stopped",
        },
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
            "instance": instance,
            "count": rng.choice(counts),
            "version": rng.randint(3, 12),
            "records": rng.randint(*fam.records),
            "batch": f"run-{rng.randint(1000, 9999)}",
        },
    )


def _name(job: KindJob) -> str:
    return f"{FAMILIES[job.family].base}-{stamp(job.created)}"
