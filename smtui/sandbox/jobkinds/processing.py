"""Processing jobs: ListProcessingJobs, DescribeProcessingJob, StopProcessingJob, logs.

Field names follow ProcessingJobSummary and DescribeProcessingJobResponse in botocore's
sagemaker model. Images are the public ones the SageMaker Python SDK uses in us-east-1
(scikit-learn and XGBoost 683313688378, Spark 173754725891, Deep Learning Containers
763104351884, Clarify 205585389593, Model Monitor 156813124566; "Docker Registry Paths
and Example Code" in the SageMaker developer guide).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Protocol

from ..constants import SANDBOX_ROLE_ARN
from ..simulator.catalog import DATA_BUCKET, DLC, FIRST_PARTY
from .fleet import CAPACITY, INTERNAL, build_fleet, pick_failure
from .kind import KindSim
from .logs import Lines, cut_at_stop, planned
from .record import KindJob, plan, stamp, ts
from .store import Query

SPARK = "173754725891.dkr.ecr.us-east-1.amazonaws.com"
CLARIFY = "205585389593.dkr.ecr.us-east-1.amazonaws.com"
MONITOR = "156813124566.dkr.ecr.us-east-1.amazonaws.com"
CODE = "/opt/ml/processing/input/code"


@dataclass(frozen=True)
class Family:
    base: str
    image: str
    entrypoint: tuple[str, ...]
    arguments: tuple[str, ...]
    instances: tuple[tuple[str, tuple[int, ...]], ...]
    minutes: tuple[float, float]
    inputs: tuple[tuple[str, str, str], ...]
    """(InputName, S3 URI, local path); URIs take {bucket} and {v} (dataset version)."""
    outputs: tuple[tuple[str, str, str], ...]
    """(OutputName, local path, S3 URI)."""
    failures: tuple[str, ...]
    script: tuple[str, ...]
    weight: float
    env: tuple[tuple[str, str], ...] = ()
    volume_gb: int = 30


FAMILIES: tuple[Family, ...] = (
    Family(
        base="churn-preprocess",
        image=f"{FIRST_PARTY}/sagemaker-scikit-learn:1.2-1-cpu-py3",
        entrypoint=("python3", f"{CODE}/preprocess.py"),
        arguments=("--train-test-split-ratio", "0.2"),
        instances=(("ml.m5.xlarge", (1,)), ("ml.m5.2xlarge", (1,))),
        minutes=(3, 15),
        inputs=(
            ("input-1", "s3://{bucket}/churn/raw/v{v}/", "/opt/ml/processing/input"),
            ("code", "s3://{bucket}/code/churn-preprocess/preprocess.py", CODE),
        ),
        outputs=(
            ("train", "/opt/ml/processing/train", "s3://{bucket}/churn/datasets/v{v}/train"),
            (
                "validation",
                "/opt/ml/processing/validation",
                "s3://{bucket}/churn/datasets/v{v}/validation",
            ),
            ("test", "/opt/ml/processing/test", "s3://{bucket}/churn/datasets/v{v}/test"),
        ),
        failures=("script", "data", "internal"),
        script=(
            "Received arguments Namespace(train_test_split_ratio=0.2)",
            "Reading input data from /opt/ml/processing/input/churn.csv",
            "Dropping 412 rows with missing values",
            "Encoding 9 categorical columns",
            "Splitting data into train, validation and test sets",
            "Train data shape after preprocessing: (40112, 71)",
            "Validation data shape after preprocessing: (5014, 71)",
            "Saving training features to /opt/ml/processing/train/train.csv",
            "Saving validation features to /opt/ml/processing/validation/validation.csv",
            "Saving test features to /opt/ml/processing/test/test.csv",
        ),
        weight=3.0,
    ),
    Family(
        base="fraud-features-spark",
        image=f"{SPARK}/sagemaker-spark-processing:3.3-cpu-py39-v1.0",
        entrypoint=("smspark-submit", f"{CODE}/features.py"),
        arguments=("--s3_input_prefix", "s3://sandbox-ml-data/fraud/transactions/"),
        instances=(("ml.m5.4xlarge", (2, 4)), ("ml.r5.4xlarge", (2, 3))),
        minutes=(10, 60),
        inputs=(("code", "s3://{bucket}/code/fraud-features/features.py", CODE),),
        outputs=(("features", "/opt/ml/processing/output", "s3://{bucket}/fraud/features/v{v}"),),
        failures=("spark", "capacity", "internal"),
        script=(
            "smspark-submit: waiting for hosts algo-1, algo-2 to join the cluster",
            "INFO SparkContext: Running Spark version 3.3.0",
            "INFO ResourceUtils: Resources for spark.driver: cores=16, memory=48g",
            "INFO FileSourceScanExec: Planning scan with bin packing, max size: 134217728 bytes",
            "INFO DAGScheduler: Job 0 finished: count at features.py:38, took 41.2 s",
            "Read 48,211,904 transactions from 2026-10-01 to 2026-11-25",
            "INFO DAGScheduler: Job 3 finished: save at features.py:77, took 312.7 s",
            "Wrote 1,204 feature partitions to /opt/ml/processing/output",
        ),
        weight=1.5,
        env=(("AWS_REGION", "us-east-1"),),
        volume_gb=100,
    ),
    Family(
        base="resnet50-evaluate",
        image=f"{DLC}/pytorch-training:2.1.0-gpu-py310",
        entrypoint=("python3", f"{CODE}/evaluate.py"),
        arguments=("--batch-size", "256"),
        instances=(("ml.g5.2xlarge", (1,)), ("ml.g4dn.xlarge", (1,))),
        minutes=(5, 30),
        inputs=(
            (
                "model",
                "s3://{bucket}/vision/output/pytorch-resnet50-imagenet/model.tar.gz",
                "/opt/ml/processing/model",
            ),
            ("test", "s3://{bucket}/vision/datasets/v{v}/validation", "/opt/ml/processing/test"),
            ("code", "s3://{bucket}/code/vision/evaluate.py", CODE),
        ),
        outputs=(
            ("evaluation", "/opt/ml/processing/evaluation", "s3://{bucket}/vision/evaluation/v{v}"),
        ),
        failures=("oom", "script", "capacity"),
        script=(
            "Loading model from /opt/ml/processing/model/model.tar.gz",
            "Using device cuda:0 (NVIDIA A10G)",
            "Evaluating 50000 images in 196 batches",
            "batch 50/196 top1=0.7541",
            "batch 100/196 top1=0.7562",
            "batch 150/196 top1=0.7549",
            "Top-1 accuracy: 0.7553, top-5 accuracy: 0.9271",
            "Writing evaluation.json to /opt/ml/processing/evaluation",
        ),
        weight=1.0,
        volume_gb=100,
    ),
    Family(
        base="Clarify-Pretraining-Bias",
        image=f"{CLARIFY}/sagemaker-clarify-processing:1.0",
        entrypoint=(),
        arguments=(),
        instances=(("ml.c5.xlarge", (1,)), ("ml.m5.xlarge", (1,))),
        minutes=(5, 20),
        inputs=(
            ("dataset", "s3://{bucket}/churn/datasets/v{v}/train", "/opt/ml/processing/input/data"),
            (
                "analysis_config",
                "s3://{bucket}/clarify/churn/analysis_config.json",
                "/opt/ml/processing/input/config",
            ),
        ),
        outputs=(
            ("analysis_result", "/opt/ml/processing/output", "s3://{bucket}/clarify/churn/v{v}"),
        ),
        failures=("clarify", "internal"),
        script=(
            "Starting SageMaker Clarify Processing job",
            "Analysis config path: /opt/ml/processing/input/config/analysis_config.json",
            "Dataset type: text/csv, label: churned, facet: age",
            "Calculating pre-training bias metrics: CI, DPL, KL, JS, LP, TVD, KS, CDDL",
            "Pre-training bias metrics computed for facet age",
            "Writing report.pdf and analysis.json to /opt/ml/processing/output",
        ),
        weight=1.0,
    ),
    Family(
        base="baseline-suggestion-job",
        image=f"{MONITOR}/sagemaker-model-monitor-analyzer",
        entrypoint=(),
        arguments=(),
        instances=(("ml.m5.xlarge", (1,)),),
        minutes=(4, 12),
        inputs=(
            (
                "baseline_dataset_input",
                "s3://{bucket}/churn/datasets/v{v}/train/train.csv",
                "/opt/ml/processing/input/baseline_dataset_input",
            ),
        ),
        outputs=(
            (
                "monitoring_output",
                "/opt/ml/processing/output",
                "s3://{bucket}/monitoring/churn/baseline/v{v}",
            ),
        ),
        failures=("internal",),
        script=(
            "Start executing the baseline job",
            "Reading baseline dataset /opt/ml/processing/input/baseline_dataset_input",
            "Inferring schema for 71 columns",
            "Computing statistics with Deequ",
            "Writing statistics.json and constraints.json to /opt/ml/processing/output",
        ),
        weight=0.8,
        env=(
            ("dataset_format", '{"csv": {"header": true, "output_columns_position": "START"}}'),
            ("dataset_source", "/opt/ml/processing/input/baseline_dataset_input"),
            ("output_path", "/opt/ml/processing/output"),
            ("publish_cloudwatch_metrics", "Disabled"),
        ),
    ),
)
_WEIGHTS = [f.weight for f in FAMILIES]

# (phase the job dies in, FailureReason, ExitMessage, traceback ending the logs).
FAILURES: dict[str, tuple[str, str, str | None, tuple[str, ...]]] = {
    "script": (
        "Running",
        "AlgorithmError: See job logs for more information",
        "KeyError: 'churned'",
        (
            "Traceback (most recent call last):",
            f'  File "{CODE}/preprocess.py", line 57, in <module>',
            "    df[label] = df[label].map({'yes': 1, 'no': 0})",
            "KeyError: 'churned'",
        ),
    ),
    "spark": (
        "Running",
        "AlgorithmError: See job logs for more information",
        "py4j.protocol.Py4JJavaError: java.lang.OutOfMemoryError: Java heap space",
        (
            "Traceback (most recent call last):",
            f'  File "{CODE}/features.py", line 77, in <module>',
            '    features.write.mode("overwrite").parquet(output_path)',
            "py4j.protocol.Py4JJavaError: An error occurred while calling o412.parquet.",
            ": java.lang.OutOfMemoryError: Java heap space",
        ),
    ),
    "oom": (
        "Running",
        "AlgorithmError: See job logs for more information",
        "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 3.06 GiB",
        (
            "Traceback (most recent call last):",
            f'  File "{CODE}/evaluate.py", line 64, in <module>',
            "    logits = model(images.cuda())",
            "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 3.06 GiB "
            "(GPU 0; 22.20 GiB total capacity; 20.41 GiB already allocated)",
        ),
    ),
    "clarify": (
        "Running",
        "AlgorithmError: See job logs for more information",
        "ValueError: Label column churned is not found in the dataset",
        (
            "Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.9/site-packages/analyzer/data_loading.py", '
            "line 211, in load_dataset",
            "ValueError: Label column churned is not found in the dataset",
        ),
    ),
    "data": (
        "Starting",
        "ClientError: Failed to download data. NoSuchKey (404): The specified key does not "
        "exist. Please check the S3 object {input}",
        None,
        (),
    ),
    "capacity": ("Starting", CAPACITY, None, ()),
    "internal": ("Running", INTERNAL, None, ()),
}


class JobSource(Protocol):
    """Processing jobs another area runs, e.g. Model Monitor's executions
    (smtui/sandbox/monitoring/area.py): listed, described and logged as processing jobs."""

    def new_jobs(self) -> list[KindJob]:
        """The jobs started since the last call, up to the source's clock."""
        ...

    def job_summary(self, job: KindJob, now: float) -> dict[str, Any]: ...

    def job_describe(self, job: KindJob, now: float) -> dict[str, Any]: ...

    def job_log_events(self, job: KindJob, stream: str) -> list[tuple[float, str]]: ...


class ProcessingSim(KindSim):
    kind = "processing"
    noun = "processing job"
    resource = "processing-job"
    primary = {
        "Starting": "InProgress",
        "Running": "InProgress",
        "Uploading": "InProgress",
        "Stopping": "Stopping",
        "Completed": "Completed",
        "Failed": "Failed",
        "Stopped": "Stopped",
    }
    # "The default is CreationTime", "The default is Ascending" (ListProcessingJobs,
    # botocore sagemaker model).
    default_sort = ("CreationTime", "Ascending")
    log_group = "/aws/sagemaker/ProcessingJobs"

    @classmethod
    def build(cls, seed: int, count: int, now: float) -> ProcessingSim:
        rng = random.Random(f"{seed}:processing")
        return cls(build_fleet(rng, count, now, _draw, _name), now)

    # -- jobs other areas run as processing jobs -------------------------------------------
    _sources: tuple[JobSource, ...] = ()
    _owners: dict[str, JobSource]

    def add_source(self, source: JobSource) -> None:
        """List, describe and log ``source``'s jobs too, pulled as they start."""
        with self._lock:
            if not self._sources:
                self._owners = {}
            self._sources = (*self._sources, source)
        self._pull()

    def _pull(self) -> None:
        for source in self._sources:
            jobs = source.new_jobs()
            if jobs:
                with self._lock:
                    for job in jobs:
                        self._owners[job.name] = source
                        self.index.add(job)

    def _owner(self, job: KindJob) -> JobSource | None:
        return self._owners.get(job.name) if self._sources else None

    def list_jobs(self, query: Query, now: float) -> tuple[list[dict[str, Any]], str | None]:
        self._pull()
        return super().list_jobs(query, now)

    def get(self, name: str) -> KindJob:
        self._pull()
        return super().get(name)

    def jobs(self) -> list[KindJob]:
        self._pull()
        return super().jobs()

    def statuses(self, now: float) -> dict[str, str]:
        self._pull()
        return super().statuses(now)

    def __len__(self) -> int:
        self._pull()
        return super().__len__()

    def summary(self, job: KindJob, now: float) -> dict[str, Any]:
        owner = self._owner(job)
        if owner is not None:
            return owner.job_summary(job, now)
        status = self.status(job, now)
        out: dict[str, Any] = {
            "ProcessingJobName": job.name,
            "ProcessingJobArn": self.arn(job),
            "CreationTime": ts(job.created),
            "LastModifiedTime": ts(self.modified(job, now)),
            "ProcessingJobStatus": status,
        }
        if job.is_terminal(now):
            out["ProcessingEndTime"] = ts(job.ends_at)
        if status == "Failed" and job.failure:
            out["FailureReason"] = _reason(job)
            exit_message = FAILURES[job.failure][2]
            if exit_message:
                out["ExitMessage"] = exit_message
        return out

    def describe(self, job: KindJob, now: float) -> dict[str, Any]:
        owner = self._owner(job)
        if owner is not None:
            return owner.job_describe(job, now)
        fam = FAMILIES[job.family]
        v = job.extra["version"]
        out = self.summary(job, now)
        app: dict[str, Any] = {"ImageUri": fam.image}
        if fam.entrypoint:
            app["ContainerEntrypoint"] = list(fam.entrypoint)
        if fam.arguments:
            app["ContainerArguments"] = list(fam.arguments)
        out.update(
            ProcessingInputs=[
                {
                    "InputName": name,
                    "AppManaged": False,
                    "S3Input": {
                        "S3Uri": uri.format(bucket=DATA_BUCKET, v=v),
                        "LocalPath": local,
                        "S3DataType": "S3Prefix",
                        "S3InputMode": "File",
                        "S3DataDistributionType": "FullyReplicated",
                        "S3CompressionType": "None",
                    },
                }
                for name, uri, local in fam.inputs
            ],
            ProcessingOutputConfig={
                "Outputs": [
                    {
                        "OutputName": name,
                        "S3Output": {
                            "S3Uri": uri.format(bucket=DATA_BUCKET, v=v),
                            "LocalPath": local,
                            "S3UploadMode": "EndOfJob",
                        },
                        "AppManaged": False,
                    }
                    for name, local, uri in fam.outputs
                ]
            },
            ProcessingResources={
                "ClusterConfig": {
                    "InstanceCount": job.extra["count"],
                    "InstanceType": job.extra["instance"],
                    "VolumeSizeInGB": fam.volume_gb,
                }
            },
            StoppingCondition={"MaxRuntimeInSeconds": job.extra.get("max_runtime", 86400)},
            AppSpecification=app,
            NetworkConfig={
                "EnableInterContainerTrafficEncryption": False,
                "EnableNetworkIsolation": False,
            },
            RoleArn=SANDBOX_ROLE_ARN,
        )
        if fam.env:
            out["Environment"] = dict(fam.env)
        started = job.started("Running", now)
        if started is not None:
            out["ProcessingStartTime"] = ts(started)
        return out

    # -- logs -------------------------------------------------------------------------
    def log_streams(self, job: KindJob) -> list[tuple[str, float]]:
        phases, starts = planned(job)
        if "Running" not in phases:
            return []
        began = starts[phases.index("Running")]
        if job.stopped_at is not None and job.stopped_at <= began:
            return []
        return [
            (f"{job.name}/algo-{i}-{int(began)}", began) for i in range(1, job.extra["count"] + 1)
        ]

    def log_events(self, job: KindJob, stream: str) -> list[tuple[float, str]]:
        owner = self._owner(job)
        if owner is not None:
            return owner.job_log_events(job, stream)
        fam = FAMILIES[job.family]
        phases, starts = planned(job)
        i = phases.index("Running")
        t0, t1 = starts[i], starts[i + 1]
        host = stream.split("/", 1)[1].rsplit("-", 1)[0]
        lines = Lines()
        lines.add(t0 + 0.2, f"Starting processing job {job.name} on {host}")
        if host != "algo-1":
            lines.add(t0 + 1.0, "Worker registered with the driver on algo-1")
            return cut_at_stop(job, lines, ["Received SIGTERM: shutting down"])
        failure = FAILURES.get(job.failure or "")
        script = list(fam.script)
        if failure is not None and failure[0] == "Running":
            script = script[: max(1, len(script) * 2 // 3)]
        lines.spread(t0 + 1.0, t1 - 1.0, script)
        if failure is not None and failure[0] == "Running":
            for k, line in enumerate(failure[3] or (failure[1],)):
                lines.add(t1 - 0.5 + k * 0.001, line)
        elif phases[-1] == "Completed":
            lines.add(t1 - 0.2, "Processing complete.")
        return cut_at_stop(job, lines, ["Received SIGTERM: the processing job is stopping"])


def _reason(job: KindJob) -> str:
    fam = FAMILIES[job.family]
    uri = fam.inputs[0][1].format(bucket=DATA_BUCKET, v=job.extra["version"])
    return FAILURES[job.failure or "internal"][1].format(input=uri)


def _draw(rng: random.Random, outcome: str) -> KindJob:
    fi = rng.choices(range(len(FAMILIES)), weights=_WEIGHTS)[0]
    fam = FAMILIES[fi]
    instance, counts = rng.choice(fam.instances)
    failure = pick_failure(rng, fam.failures) if outcome == "Failed" else None
    big = instance.startswith(("ml.g", "ml.p"))
    running = [
        ("Starting", rng.uniform(150, 420) if big else rng.uniform(60, 240)),
        ("Running", rng.uniform(*fam.minutes) * 60),
        ("Uploading", rng.uniform(10, 60)),
    ]
    fail_in = FAILURES[failure][0] if failure else None
    phases, offsets = plan(
        rng,
        running,
        outcome,
        fail_in=fail_in,
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
        extra={"instance": instance, "count": rng.choice(counts), "version": rng.randint(1, 9)},
    )


def _name(job: KindJob) -> str:
    return f"{FAMILIES[job.family].base}-{stamp(job.created)}"
