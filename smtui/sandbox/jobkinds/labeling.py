"""Ground Truth labeling jobs: ListLabelingJobs, DescribeLabelingJob, StopLabelingJob, logs.

Field names follow LabelingJobSummary and DescribeLabelingJobResponse in botocore's
sagemaker model. Built-in task types use the Ground Truth Lambda functions of us-east-1
(account 432418664414, ``PRE-<TaskType>`` and ``ACS-<TaskType>``) and the automated
labeling algorithms of account 027400017018, as listed in the CreateLabelingJob API
reference (HumanTaskConfig.PreHumanTaskLambdaArn, LabelingJobAlgorithmSpecificationArn).
LabelCounters grow while the job is InProgress, in ten-minute steps.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Any

from ..constants import SANDBOX_ACCOUNT, SANDBOX_ROLE_ARN
from ..simulator.catalog import DATA_BUCKET, TEAM_USERS
from .fleet import build_fleet, pick_failure
from .kind import KindSim
from .logs import Lines, cut_at_stop, planned
from .record import KindJob, plan, ts

GT_LAMBDA = "arn:aws:lambda:us-east-1:432418664414:function"
GT_ALGORITHM = "arn:aws:sagemaker:us-east-1:027400017018:labeling-job-algorithm-specification"
PRIVATE_TEAM = (
    f"arn:aws:sagemaker:us-east-1:{SANDBOX_ACCOUNT}:workteam/private-crowd/sandbox-labelers"
)
# The Amazon Mechanical Turk workforce of us-east-1, as the Ground Truth example notebooks
# (aws/amazon-sagemaker-examples) name it.
PUBLIC_TEAM = "arn:aws:sagemaker:us-east-1:394669845002:workteam/public-crowd/default"
STEP = 600.0
"""Counters move in steps of this many seconds."""


@dataclass(frozen=True)
class Family:
    base: str
    project: str
    task: str
    attribute: str
    title: str
    description: str
    objects: tuple[int, int]
    hours: tuple[float, float]
    algorithm: str | None
    public: bool
    failures: tuple[str, ...]
    weight: float


FAMILIES: tuple[Family, ...] = (
    Family(
        base="product-images-bbox",
        project="catalog",
        task="BoundingBox",
        attribute="bbox",
        title="Draw a box around each product",
        description="Draw a tight box around every product visible in the image",
        objects=(2000, 8000),
        hours=(6, 48),
        algorithm="object-detection",
        public=False,
        failures=("manifest", "lambda"),
        weight=2.0,
    ),
    Family(
        base="reviews-sentiment-labels",
        project="reviews",
        task="TextMultiClass",
        attribute="sentiment",
        title="Classify the sentiment of a product review",
        description="Read the review and choose positive, negative, neutral or mixed",
        objects=(5000, 20000),
        hours=(4, 36),
        algorithm="text-classification",
        public=True,
        failures=("manifest", "access"),
        weight=2.0,
    ),
    Family(
        base="support-tickets-ner",
        project="support",
        task="NamedEntityRecognition",
        attribute="entities",
        title="Highlight product names, order ids and dates",
        description="Select every product name, order id and date in the support ticket",
        objects=(1000, 3000),
        hours=(8, 60),
        algorithm=None,
        public=False,
        failures=("lambda", "access"),
        weight=1.0,
    ),
    Family(
        base="defect-images-classify",
        project="quality",
        task="ImageMultiClass",
        attribute="defect-class",
        title="What defect does the part show?",
        description="Choose scratch, dent, crack, discoloration or no defect",
        objects=(3000, 10000),
        hours=(4, 30),
        algorithm="image-classification",
        public=False,
        failures=("manifest",),
        weight=1.5,
    ),
    Family(
        base="street-scenes-segmentation",
        project="vision",
        task="SemanticSegmentation",
        attribute="segmentation-ref",
        title="Paint roads, sidewalks, vehicles and people",
        description="Paint every pixel of road, sidewalk, vehicle and person",
        objects=(500, 2000),
        hours=(12, 72),
        algorithm="semantic-segmentation",
        public=False,
        failures=("lambda",),
        weight=0.8,
    ),
)
_WEIGHTS = [f.weight for f in FAMILIES]

# (phase it dies in, FailureReason); texts modelled on the ClientErrors Ground Truth reports.
FAILURES: dict[str, tuple[str, str]] = {
    "manifest": (
        "Initializing",
        "ClientError: Failed to parse the input manifest file {manifest}: line 1842 is not "
        "valid JSON",
    ),
    "access": (
        "Initializing",
        "ClientError: Access Denied: the role " + SANDBOX_ROLE_ARN + " cannot read {manifest}",
    ),
    "lambda": (
        "InProgress",
        "ClientError: The annotation consolidation Lambda function {acs} returned an invalid "
        "response for 12 data objects",
    ),
}


class LabelingSim(KindSim):
    kind = "labeling"
    noun = "labeling job"
    resource = "labeling-job"
    primary = {
        "Initializing": "Initializing",
        "InProgress": "InProgress",
        "Stopping": "Stopping",
        "Completed": "Completed",
        "Failed": "Failed",
        "Stopped": "Stopped",
    }
    stoppable = frozenset({"Initializing", "InProgress"})
    # "The default is CreationTime" / "The default is Ascending" (ListLabelingJobs).
    default_sort = ("CreationTime", "Ascending")
    log_group = "/aws/sagemaker/LabelingJobs"

    @classmethod
    def build(cls, seed: int, count: int, now: float) -> LabelingSim:
        rng = random.Random(f"{seed}:labeling")
        return cls(build_fleet(rng, count, now, _draw, _name), now)

    def _progress(self, job: KindJob, now: float) -> tuple[float, float | None]:
        """(share of the work done, time of the last counter step) at ``now``."""
        began = job.started("InProgress", now)
        if began is None:
            return 0.0, None
        upto = min(now, job.starts[job.phases.index("InProgress") + 1])
        at = began + (upto - began) // STEP * STEP
        if upto < now:  # the phase is over: counters hold their final values
            at = upto
        if job.phases[-1] == "Completed" and job.is_terminal(now):
            return 1.0, at
        return min(1.0, (at - began) / job.extra["work"]), at

    def modified(self, job: KindJob, now: float) -> float:
        base = job.starts[job.phase_index(now)]
        _, at = self._progress(job, now)
        return max(base, at) if at is not None else base

    def counters(self, job: KindJob, now: float) -> dict[str, int]:
        share, _ = self._progress(job, now)
        total = job.extra["objects"]
        failing = job.extra["failing"]
        failed = int(share * total * failing)
        labeled = int(share * total) - failed
        machine = int(max(0.0, share - 0.3) / 0.7 * total * (1 - failing) * job.extra["auto"])
        machine = min(machine, labeled)
        return {
            "TotalLabeled": labeled,
            "HumanLabeled": labeled - machine,
            "MachineLabeled": machine,
            "FailedNonRetryableError": failed,
            "Unlabeled": total - labeled - failed,
        }

    def summary(self, job: KindJob, now: float) -> dict[str, Any]:
        fam = FAMILIES[job.family]
        status = self.status(job, now)
        out: dict[str, Any] = {
            "LabelingJobName": job.name,
            "LabelingJobArn": self.arn(job),
            "CreationTime": ts(job.created),
            "LastModifiedTime": ts(self.modified(job, now)),
            "LabelingJobStatus": status,
            "LabelCounters": self.counters(job, now),
            "WorkteamArn": PUBLIC_TEAM if fam.public else PRIVATE_TEAM,
            "PreHumanTaskLambdaArn": f"{GT_LAMBDA}:PRE-{fam.task}",
            "AnnotationConsolidationLambdaArn": f"{GT_LAMBDA}:ACS-{fam.task}",
            "InputConfig": _input(job),
        }
        if status == "Failed" and job.failure:
            out["FailureReason"] = _reason(job)
        if status in ("Completed", "Stopped") and job.started("InProgress", now) is not None:
            out["LabelingJobOutput"] = _output(job, status)
        return out

    def describe(self, job: KindJob, now: float) -> dict[str, Any]:
        fam = FAMILIES[job.family]
        out = self.summary(job, now)
        out.pop("WorkteamArn")
        pre = out.pop("PreHumanTaskLambdaArn")
        acs = out.pop("AnnotationConsolidationLambdaArn")
        task: dict[str, Any] = {
            "WorkteamArn": PUBLIC_TEAM if fam.public else PRIVATE_TEAM,
            "UiConfig": {
                "UiTemplateS3Uri": f"s3://{DATA_BUCKET}/{fam.project}/labeling/template.liquid"
            },
            "PreHumanTaskLambdaArn": pre,
            "TaskKeywords": [fam.task.replace("MultiClass", " classification"), fam.project],
            "TaskTitle": fam.title,
            "TaskDescription": fam.description,
            "NumberOfHumanWorkersPerDataObject": 3 if fam.public else 1,
            "TaskTimeLimitInSeconds": 300,
            "TaskAvailabilityLifetimeInSeconds": 864000,
            "MaxConcurrentTaskCount": 1000,
            "AnnotationConsolidationConfig": {"AnnotationConsolidationLambdaArn": acs},
        }
        if fam.public:
            # USD 0.036 per task: one of the prices the API reference lists for text tasks.
            task["PublicWorkforceTaskPrice"] = {
                "AmountInUsd": {"Dollars": 0, "Cents": 3, "TenthFractionsOfACent": 6}
            }
        out.update(
            JobReferenceCode=job.extra["reference"],
            LabelAttributeName=fam.attribute,
            OutputConfig={"S3OutputPath": f"s3://{DATA_BUCKET}/{fam.project}/labeling/output"},
            RoleArn=SANDBOX_ROLE_ARN,
            LabelCategoryConfigS3Uri=f"s3://{DATA_BUCKET}/{fam.project}/labeling/categories.json",
            StoppingConditions={"MaxPercentageOfInputDatasetLabeled": 100},
            HumanTaskConfig=task,
            Tags=[
                {"Key": "project", "Value": fam.project},
                {"Key": "owner", "Value": job.extra["owner"]},
            ],
        )
        if fam.algorithm:
            out["LabelingJobAlgorithmsConfig"] = {
                "LabelingJobAlgorithmSpecificationArn": f"{GT_ALGORITHM}/{fam.algorithm}"
            }
        return out

    # -- logs -------------------------------------------------------------------------
    def log_streams(self, job: KindJob) -> list[tuple[str, float]]:
        return [(job.name, job.created + 1.0)]

    def log_events(self, job: KindJob, stream: str) -> list[tuple[float, str]]:
        fam = FAMILIES[job.family]
        phases, starts = planned(job)
        total = job.extra["objects"]
        manifest = _input(job)["DataSource"]["S3DataSource"]["ManifestS3Uri"]
        lines = Lines()
        lines.add(job.created + 1.0, f"Labeling job {job.name} created ({fam.task})")
        lines.add(job.created + 2.0, f"Validating the input manifest {manifest}")
        failure = FAILURES.get(job.failure or "")
        if failure is not None and failure[0] == "Initializing":
            lines.add(starts[-1] - 0.5, _reason(job))
            return cut_at_stop(job, lines, ["Stop requested: no tasks were sent"])
        lines.add(job.created + 5.0, f"Found {total} data objects in the input manifest")
        i = phases.index("InProgress")
        t0, t1 = starts[i], starts[i + 1]
        batches = max(3, min(12, total // 800))
        for k in range(1, batches + 1):
            t = t0 + (t1 - t0) * (k - 0.5) / batches
            lines.add(
                t, f"Sent batch {k} of {batches} ({total // batches} objects) to the workforce"
            )
            if fam.algorithm and k / batches > 0.3:
                lines.add(
                    t + 60,
                    f"Active learning: trained model {k}; machine labeled objects with "
                    "confidence >= 0.90",
                )
            if failure is not None and k >= batches * 2 // 3:
                lines.add(t1 - 0.5, _reason(job))
                break
        if phases[-1] == "Completed":
            lines.add(
                t1 - 0.5,
                "Labeling job completed: output manifest "
                + _output(job, "Completed")["OutputDatasetS3Uri"],
            )
        return cut_at_stop(job, lines, ["Stop requested: outstanding tasks were withdrawn"])


def _input(job: KindJob) -> dict[str, Any]:
    fam = FAMILIES[job.family]
    manifest = f"s3://{DATA_BUCKET}/{fam.project}/labeling/{job.extra['batch']}/input.manifest"
    return {
        "DataSource": {"S3DataSource": {"ManifestS3Uri": manifest}},
        "DataAttributes": {
            "ContentClassifiers": ["FreeOfPersonallyIdentifiableInformation", "FreeOfAdultContent"]
        },
    }


def _output(job: KindJob, status: str) -> dict[str, Any]:
    fam = FAMILIES[job.family]
    base = f"s3://{DATA_BUCKET}/{fam.project}/labeling/output/{job.name}"
    out: dict[str, Any] = {"OutputDatasetS3Uri": f"{base}/manifests/output/output.manifest"}
    if fam.algorithm and status == "Completed":
        out["FinalActiveLearningModelArn"] = (
            f"arn:aws:sagemaker:us-east-1:{SANDBOX_ACCOUNT}:model/{job.name[:40]}-final-model"
        )
    return out


def _reason(job: KindJob) -> str:
    fam = FAMILIES[job.family]
    manifest = _input(job)["DataSource"]["S3DataSource"]["ManifestS3Uri"]
    acs = f"{GT_LAMBDA}:ACS-{fam.task}"
    return FAILURES[job.failure or "manifest"][1].format(manifest=manifest, acs=acs)


def _draw(rng: random.Random, outcome: str) -> KindJob:
    fi = rng.choices(range(len(FAMILIES)), weights=_WEIGHTS)[0]
    fam = FAMILIES[fi]
    failure = pick_failure(rng, fam.failures) if outcome == "Failed" else None
    work = rng.uniform(*fam.hours) * 3600
    running = [("Initializing", rng.uniform(180, 900)), ("InProgress", work)]
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
    alphabet = string.ascii_lowercase + string.digits
    return KindJob(
        name="",
        created=0.0,
        phases=phases,
        starts=offsets,
        family=fi,
        seed=rng.getrandbits(32),
        failure=failure,
        extra={
            "objects": rng.randint(*fam.objects),
            "work": work,
            "failing": rng.choice((0.0, 0.002, 0.01, 0.02)),
            "auto": rng.uniform(0.3, 0.6) if fam.algorithm else 0.0,
            "batch": f"batch-{rng.randint(100, 999)}",
            "reference": "".join(rng.choice(alphabet) for _ in range(26)),
            "owner": rng.choice(TEAM_USERS),
        },
    )


def _name(job: KindJob) -> str:
    when = ts(job.created).strftime("%y%m%d-%H%M%S")
    return f"{FAMILIES[job.family].base}-{when}"
