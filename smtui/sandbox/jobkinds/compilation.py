"""SageMaker Neo compilation jobs: ListCompilationJobs, DescribeCompilationJob,
StopCompilationJob, logs.

Field names follow CompilationJobSummary and DescribeCompilationJobResponse in botocore's
sagemaker model; statuses are the upper-case CompilationJobStatus values (STARTING,
INPROGRESS, COMPLETED, FAILED, STOPPING, STOPPED). Targets are members of the TargetDevice
enum, or a TargetPlatform for generic edge devices.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Any

from ..constants import SANDBOX_ROLE_ARN
from ..simulator.catalog import DATA_BUCKET
from .fleet import build_fleet, pick_failure
from .kind import KindSim
from .logs import Lines, cut_at_stop, planned
from .record import KindJob, plan, ts

# Neo inference images are hosted by account 785573368785 in us-east-1 (SageMaker Neo
# "Inference Container Images" table in the developer guide).
NEO = "785573368785.dkr.ecr.us-east-1.amazonaws.com"


@dataclass(frozen=True)
class Family:
    base: str
    project: str
    framework: str
    version: str
    data_input: str | None
    targets: tuple[str, ...]
    """TargetDevice values, or "linux-arm64-nvidia"-style platforms."""
    failures: tuple[str, ...]
    weight: float


FAMILIES: tuple[Family, ...] = (
    Family(
        base="resnet50",
        project="vision",
        framework="PYTORCH",
        version="1.13",
        data_input='{"input0": [1, 3, 224, 224]}',
        targets=("ml_c5", "ml_g4dn", "ml_inf2", "jetson_xavier"),
        failures=("load", "shape", "unsupported"),
        weight=2.0,
    ),
    Family(
        base="bert-sentiment",
        project="reviews",
        framework="PYTORCH",
        version="1.13",
        data_input="[[1, 128], [1, 128]]",
        targets=("ml_inf2", "ml_c5", "ml_g4dn"),
        failures=("unsupported", "shape"),
        weight=1.5,
    ),
    Family(
        base="xgboost-churn",
        project="churn",
        framework="XGBOOST",
        version="1.5",
        data_input=None,
        targets=("ml_m5", "ml_c5"),
        failures=("artifact",),
        weight=1.0,
    ),
    Family(
        base="ssd-mobilenet",
        project="vision",
        framework="TENSORFLOW",
        version="2.9",
        data_input='{"input_tensor": [1, 300, 300, 3]}',
        targets=("rasp4b", "jetson_nano", "linux-arm64-nvidia", "ml_c5"),
        failures=("shape", "unsupported"),
        weight=1.2,
    ),
    Family(
        base="defect-detector",
        project="quality",
        framework="KERAS",
        version="2.2.4",
        data_input='{"input_1": [1, 3, 224, 224]}',
        targets=("jetson_nano", "ml_c5", "linux-x86_64"),
        failures=("shape", "artifact"),
        weight=0.8,
    ),
)
_WEIGHTS = [f.weight for f in FAMILIES]

# (phase it dies in, FailureReason). Modelled on the ClientError texts Neo reports.
FAILURES: dict[str, tuple[str, str]] = {
    "load": (
        "INPROGRESS",
        "ClientError: InputConfiguration: Framework cannot load PyTorch model. [enforce fail "
        "at inline_container.cc:222] . file not found: archive/constants.pkl",
    ),
    "shape": (
        "INPROGRESS",
        "ClientError: InputConfiguration: Please make sure input config is correct - the "
        "input shape {shape} does not match the model's input",
    ),
    "unsupported": (
        "INPROGRESS",
        "ClientError: CompilationError: Unable to compile model for {target}: operator "
        "aten::scaled_dot_product_attention is not supported",
    ),
    "artifact": (
        "STARTING",
        "ClientError: InputConfiguration: Unable to download model artifacts from {model}: "
        "Access Denied",
    ),
}


class CompilationSim(KindSim):
    kind = "compilation"
    noun = "compilation job"
    resource = "compilation-job"
    primary = {
        "STARTING": "STARTING",
        "INPROGRESS": "INPROGRESS",
        "STOPPING": "STOPPING",
        "COMPLETED": "COMPLETED",
        "FAILED": "FAILED",
        "STOPPED": "STOPPED",
    }
    stoppable = frozenset({"STARTING", "INPROGRESS"})
    stop_words = ("STOPPING", "STOPPED")
    # "The default is CreationTime" / "The default is Ascending" (ListCompilationJobs).
    default_sort = ("CreationTime", "Ascending")
    log_group = "/aws/sagemaker/CompilationJobs"

    @classmethod
    def build(cls, seed: int, count: int, now: float) -> CompilationSim:
        rng = random.Random(f"{seed}:compilation")
        return cls(build_fleet(rng, count, now, _draw, _name), now)

    def summary(self, job: KindJob, now: float) -> dict[str, Any]:
        out: dict[str, Any] = {
            "CompilationJobName": job.name,
            "CompilationJobArn": self.arn(job),
            "CreationTime": ts(job.created),
            "LastModifiedTime": ts(self.modified(job, now)),
            "CompilationJobStatus": self.status(job, now),
        }
        started = job.started("INPROGRESS", now)
        if started is not None:
            out["CompilationStartTime"] = ts(started)
        if job.is_terminal(now):
            out["CompilationEndTime"] = ts(job.ends_at)
        target = job.extra["target"]
        if "-" in target:
            os_, arch, *acc = target.split("-")
            out["CompilationTargetPlatformOs"] = os_.upper()
            out["CompilationTargetPlatformArch"] = arch.upper()
            if acc:
                out["CompilationTargetPlatformAccelerator"] = acc[0].upper()
        else:
            out["CompilationTargetDevice"] = target
        return out

    def describe(self, job: KindJob, now: float) -> dict[str, Any]:
        fam = FAMILIES[job.family]
        status = self.status(job, now)
        out = self.summary(job, now)
        target = job.extra["target"]
        for key in [k for k in out if k.startswith("CompilationTarget")]:
            del out[key]
        output: dict[str, Any] = {"S3OutputLocation": _output(job)}
        if "-" in target:
            os_, arch, *acc = target.split("-")
            platform = {"Os": os_.upper(), "Arch": arch.upper()}
            if acc:
                platform["Accelerator"] = acc[0].upper()
            output["TargetPlatform"] = platform
        else:
            output["TargetDevice"] = target
        model_input: dict[str, Any] = {"S3Uri": _model(job), "Framework": fam.framework}
        if fam.data_input:
            model_input["DataInputConfig"] = fam.data_input
        model_input["FrameworkVersion"] = fam.version
        out.update(
            StoppingCondition={"MaxRuntimeInSeconds": 900},
            # Required in the output shape: empty unless the job failed.
            FailureReason=_reason(job) if status == "FAILED" else "",
            ModelArtifacts={"S3ModelArtifacts": f"{_output(job)}/{fam.base}-{_tag(target)}.tar.gz"},
            RoleArn=SANDBOX_ROLE_ARN,
            InputConfig=model_input,
            OutputConfig=output,
        )
        if status == "COMPLETED":
            digest = hashlib.sha256(job.name.encode()).hexdigest()
            out["ModelDigests"] = {"ArtifactDigest": f"sha256:{digest}"}
            if target.startswith("ml_"):
                kind = "inf" if "inf" in target else ("gpu" if "g4dn" in target else "cpu")
                out["InferenceImage"] = (
                    f"{NEO}/sagemaker-inference-{fam.framework.lower()}:{fam.version}-{kind}-py3"
                )
        return out

    # -- logs -------------------------------------------------------------------------
    def log_streams(self, job: KindJob) -> list[tuple[str, float]]:
        phases, starts = planned(job)
        if "INPROGRESS" not in phases:
            return []
        began = starts[phases.index("INPROGRESS")]
        if job.stopped_at is not None and job.stopped_at <= began:
            return []
        return [(job.name, began)]

    def log_events(self, job: KindJob, stream: str) -> list[tuple[float, str]]:
        fam = FAMILIES[job.family]
        phases, starts = planned(job)
        i = phases.index("INPROGRESS")
        t0, t1 = starts[i], starts[i + 1]
        target = job.extra["target"]
        lines = Lines()
        script = [
            f"Compilation job {job.name} started",
            f"Downloading model artifacts from {_model(job)}",
            f"Loading {fam.framework} {fam.version} model",
            f"Input config: {fam.data_input or 'inferred from the model'}",
            f"Converting the model to Relay IR for target {target}",
            "Running graph optimizations: FuseOps, FoldConstant, AlterOpLayout",
            "Tuning kernels with the pre-tuned schedule log",
            "Building the compiled library",
        ]
        failed = phases[-1] == "FAILED" and job.failure is not None
        if failed:
            script = script[:5]
        lines.spread(t0 + 0.5, t1 - 1.0, script)
        if failed:
            lines.add(t1 - 0.5, "Traceback (most recent call last):")
            lines.add(t1 - 0.499, '  File "/opt/amazon/neo/compiler.py", line 318, in compile')
            lines.add(t1 - 0.498, _reason(job))
        elif phases[-1] == "COMPLETED":
            lines.add(t1 - 0.5, f"Compiled model uploaded to {_output(job)}")
        return cut_at_stop(job, lines, ["Received SIGTERM: the compilation job is stopping"])


def _tag(target: str) -> str:
    return target.replace("_", "-").lower()


def _model(job: KindJob) -> str:
    fam = FAMILIES[job.family]
    return (
        f"s3://{DATA_BUCKET}/{fam.project}/models/{fam.base}/v{job.extra['version']}/model.tar.gz"
    )


def _output(job: KindJob) -> str:
    fam = FAMILIES[job.family]
    return f"s3://{DATA_BUCKET}/{fam.project}/compiled/{fam.base}/{_tag(job.extra['target'])}"


def _reason(job: KindJob) -> str:
    fam = FAMILIES[job.family]
    text = FAILURES[job.failure or "shape"][1]
    return text.format(shape=fam.data_input, target=job.extra["target"], model=_model(job))


def _draw(rng: random.Random, outcome: str) -> KindJob:
    fi = rng.choices(range(len(FAMILIES)), weights=_WEIGHTS)[0]
    fam = FAMILIES[fi]
    failure = pick_failure(rng, fam.failures) if outcome == "Failed" else None
    running = [("STARTING", rng.uniform(20, 90)), ("INPROGRESS", rng.uniform(120, 900))]
    phases, offsets = plan(
        rng,
        running,
        outcome,
        fail_in=FAILURES[failure][0] if failure else None,
        final={
            "Completed": "COMPLETED",
            "Failed": "FAILED",
            "Stopping": "STOPPING",
            "Stopped": "STOPPED",
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
        extra={"target": rng.choice(fam.targets), "version": rng.randint(1, 9)},
    )


def _name(job: KindJob) -> str:
    fam = FAMILIES[job.family]
    when = ts(job.created).strftime("%y%m%d-%H%M%S")
    return f"{fam.base}-{_tag(job.extra['target'])}-{when}"
