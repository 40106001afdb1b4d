"""Notebook instances: a small deterministic fleet with start and stop lifecycles.

Pending -> InService on start (3-5 virtual minutes), InService -> Stopping -> Stopped on
stop (1-2 minutes). Some instances have been InService for days (the idle ones an
operator wants to find), one is starting, one stopping, one failed to start.
Field names: DescribeNotebookInstance / NotebookInstanceSummary in botocore's model.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from ..constants import SANDBOX_ROLE_ARN
from ..errors import ServiceError, validation_error
from ..simulator.catalog import SECURITY_GROUP, SUBNETS
from ..world import World
from .common import ARN_PREFIX, Timeline, page, rng_for, sort_desc, ts

HOUR = 3600.0
DAY = 24 * HOUR

# (name, instance type, volume GB, status now, seconds that status has lasted at start,
#  lifecycle config, code repository, in a VPC). Instance types: botocore's InstanceType.
FLEET: tuple[tuple[str, str, int, str, float, str | None, str | None, bool], ...] = (
    (
        "alice-churn-eda",
        "ml.t3.xlarge",
        50,
        "InService",
        3.2 * DAY,
        "auto-stop-idle",
        "churn-model",
        True,
    ),
    ("bob-scratch", "ml.t3.medium", 5, "InService", 26 * HOUR, None, None, False),
    (
        "genai-prompt-lab",
        "ml.g5.2xlarge",
        200,
        "InService",
        41 * HOUR,
        "install-extensions",
        "genai-prompts",
        True,
    ),
    ("gustavo-sandbox", "ml.t2.medium", 20, "InService", 5.5 * DAY, None, None, False),
    (
        "fraud-features-dev",
        "ml.m5.xlarge",
        100,
        "InService",
        2.1 * HOUR,
        "install-extensions",
        "fraud-features",
        True,
    ),
    ("risk-ml-shap", "ml.r5.xlarge", 50, "InService", 6.4 * HOUR, None, "fraud-features", True),
    (
        "llama-eval-notebook",
        "ml.g5.12xlarge",
        500,
        "InService",
        50 * 60.0,
        "install-extensions",
        "genai-prompts",
        True,
    ),
    ("ads-ctr-analysis", "ml.c5.2xlarge", 50, "Pending", 95.0, None, "ads-ranking", True),
    ("dmitri-spark-notebook", "ml.m5.4xlarge", 100, "Stopping", 35.0, None, None, True),
    ("eun-ji-rl-sim", "ml.c5.xlarge", 20, "Failed", 3.5 * DAY, "install-extensions", None, True),
    ("vision-label-audit", "ml.p3.2xlarge", 100, "Stopped", 9 * DAY, None, None, True),
    ("carol-bert-debug", "ml.g4dn.xlarge", 50, "Stopped", 2 * DAY, None, "reviews-nlp", True),
    ("farah-timeseries", "ml.t3.large", 20, "Stopped", 16 * DAY, "auto-stop-idle", None, True),
    ("churn-monitoring-review", "ml.t3.medium", 5, "Stopped", 27 * DAY, None, "churn-model", False),
)

# A FailureReason modelled on the one the service reports when an on-start script runs
# over its 5-minute limit (SageMaker developer guide, "Customize a notebook instance
# using a lifecycle configuration script").
FAILURE = (
    "Notebook Instance Lifecycle Config '{lcc}' for Notebook Instance '{arn}' took longer "
    "than 5 minutes. Please check your CloudWatch logs for more details if your Notebook "
    "Instance has Internet access."
)
# Notebooks created before Elastic Inference closed to new customers (April 2023) that
# still attach an accelerator (NotebookInstanceAcceleratorType in botocore's model).
EI_NOTEBOOKS = {"vision-label-audit": "ml.eia1.medium"}
CODE_REPO = "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/{}"


class NotebookNotFoundError(LookupError):
    pass


@dataclass(slots=True)
class Notebook:
    name: str
    instance_type: str
    volume_gb: int
    created: float
    timeline: Timeline
    lifecycle_config: str | None
    code_repository: str | None
    vpc: bool
    direct_internet: bool
    root_access: bool
    platform: str
    eni: str
    failure: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"{ARN_PREFIX}:notebook-instance/{self.name.lower()}"

    def summary(self, now: float) -> dict[str, Any]:
        out: dict[str, Any] = {
            "NotebookInstanceName": self.name,
            "NotebookInstanceArn": self.arn,
            "NotebookInstanceStatus": self.timeline.status(now),
            "Url": f"{self.name}.notebook.us-east-1.sagemaker.aws",
            "InstanceType": self.instance_type,
            "CreationTime": ts(self.created),
            "LastModifiedTime": ts(self.timeline.since(now)),
        }
        if self.lifecycle_config:
            out["NotebookInstanceLifecycleConfigName"] = self.lifecycle_config
        if self.code_repository:
            out["DefaultCodeRepository"] = CODE_REPO.format(self.code_repository)
        return out

    def describe(self, now: float) -> dict[str, Any]:
        out = self.summary(now)
        out.update(
            {
                "RoleArn": SANDBOX_ROLE_ARN,
                "DirectInternetAccess": "Enabled" if self.direct_internet else "Disabled",
                "VolumeSizeInGB": self.volume_gb,
                "RootAccess": "Enabled" if self.root_access else "Disabled",
                "PlatformIdentifier": self.platform,
                "InstanceMetadataServiceConfiguration": {
                    "MinimumInstanceMetadataServiceVersion": "2"
                },
                "KmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/"
                "7c1a2f3e-4b5d-4e6f-8a9b-0c1d2e3f4a5b",
            }
        )
        if self.name in EI_NOTEBOOKS:  # an older notebook still with an EI accelerator
            out["AcceleratorTypes"] = [EI_NOTEBOOKS[self.name]]
        status = out["NotebookInstanceStatus"]
        if self.vpc:
            out["SubnetId"] = SUBNETS[len(self.name) % len(SUBNETS)]
            out["SecurityGroups"] = [SECURITY_GROUP]
            if status in ("InService", "Pending", "Stopping"):
                out["NetworkInterfaceId"] = self.eni
        if status == "Failed" and self.failure:
            out["FailureReason"] = self.failure
        return out


class NotebookArea:
    def __init__(self, world: World) -> None:
        self.clock = world.clock
        start = world.clock.start
        self._lock = threading.RLock()
        self.notebooks: dict[str, Notebook] = {}
        for name, itype, volume, status, lasted, lcc, repo, vpc in FLEET:
            rng = rng_for(world.seed, "notebook", name)
            since = start - lasted * rng.uniform(0.95, 1.05)
            created = since - rng.uniform(2, 60) * DAY
            if status == "Pending":
                events = [
                    (created, "Pending"),
                    (created + 240, "InService"),
                    (since - 7200, "Stopping"),
                    (since - 7110, "Stopped"),
                    (since, "Pending"),
                    (since + rng.uniform(180, 300), "InService"),
                ]
            elif status == "Stopping":
                events = [
                    (created, "Pending"),
                    (created + 240, "InService"),
                    (since, "Stopping"),
                    (since + rng.uniform(60, 120), "Stopped"),
                ]
            elif status == "InService":
                events = [(created, "Pending"), (since, "InService")]
            else:  # Stopped or Failed
                events = [
                    (created, "Pending"),
                    (created + 240, "InService"),
                    (since - 60, "Pending" if status == "Failed" else "Stopping"),
                    (since, status),
                ]
            notebook = Notebook(
                name=name,
                instance_type=itype,
                volume_gb=volume,
                created=created,
                timeline=Timeline(sorted(events)),
                lifecycle_config=lcc,
                code_repository=repo,
                vpc=vpc,
                direct_internet=not vpc,
                root_access=rng.random() < 0.7,
                platform=rng.choice(("notebook-al2-v2", "notebook-al2-v3", "notebook-al2023-v1")),
                eni=f"eni-0{rng.getrandbits(64):016x}",
            )
            if status == "Failed":
                lcc_arn = f"{ARN_PREFIX}:notebook-instance-lifecycle-config/{lcc}"
                notebook.failure = FAILURE.format(lcc=lcc_arn, arn=notebook.arn)
            self.notebooks[name] = notebook

    def _get(self, name: str) -> Notebook:
        notebook = self.notebooks.get(name)
        if notebook is None:
            raise NotebookNotFoundError(name)
        return notebook

    # -- operations ------------------------------------------------------------------
    def list(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            now = self.clock.now()
            rows = [n.summary(now) for n in self.notebooks.values()]
        if params.get("NameContains"):
            needle = params["NameContains"].lower()
            rows = [r for r in rows if needle in r["NotebookInstanceName"].lower()]
        if params.get("StatusEquals"):
            rows = [r for r in rows if r["NotebookInstanceStatus"] == params["StatusEquals"]]
        for key, field_name, after in (
            ("CreationTimeAfter", "CreationTime", True),
            ("CreationTimeBefore", "CreationTime", False),
            ("LastModifiedTimeAfter", "LastModifiedTime", True),
            ("LastModifiedTimeBefore", "LastModifiedTime", False),
        ):
            if params.get(key) is not None:
                bound = params[key]
                rows = [r for r in rows if (r[field_name] > bound) == after]
        if params.get("NotebookInstanceLifecycleConfigNameContains"):
            needle = params["NotebookInstanceLifecycleConfigNameContains"]
            rows = [r for r in rows if needle in r.get("NotebookInstanceLifecycleConfigName", "")]
        if params.get("DefaultCodeRepositoryContains"):
            needle = params["DefaultCodeRepositoryContains"]
            rows = [r for r in rows if needle in r.get("DefaultCodeRepository", "")]
        # "SortBy: The field to sort results by. The default is Name." (API reference)
        sort_by = params.get("SortBy") or "Name"
        key = {
            "Name": "NotebookInstanceName",
            "CreationTime": "CreationTime",
            "Status": "NotebookInstanceStatus",
        }[sort_by]
        rows.sort(
            key=lambda r: (r[key], r["NotebookInstanceName"]),
            reverse=sort_desc(params, "Ascending"),
        )
        chunk, token = page(rows, params)
        out: dict[str, Any] = {"NotebookInstances": chunk}
        if token:
            out["NextToken"] = token
        return out

    def describe(self, name: str) -> dict[str, Any]:
        with self._lock:
            return self._get(name).describe(self.clock.now())

    def status(self, name: str) -> str:
        with self._lock:
            return self._get(name).timeline.status(self.clock.now())

    def start(self, name: str) -> None:
        with self._lock:
            now = self.clock.now()
            notebook = self._get(name)
            status = notebook.timeline.status(now)
            if status not in ("Stopped", "Failed"):
                raise _transition_error(status, "[Stopped, Failed]", "Pending", notebook.arn)
            boot = 180 + (len(name) * 7) % 120
            notebook.timeline.replan(now, (0.0, "Pending"), (float(boot), "InService"))

    def stop(self, name: str) -> None:
        with self._lock:
            now = self.clock.now()
            notebook = self._get(name)
            status = notebook.timeline.status(now)
            if status != "InService":
                raise _transition_error(status, "[InService]", "Stopping", notebook.arn)
            delay = 60 + (len(name) * 11) % 60
            notebook.timeline.replan(now, (0.0, "Stopping"), (float(delay), "Stopped"))


def _transition_error(status: str, allowed: str, target: str, arn: str) -> ServiceError:
    # The live service's wording, quoted in aws/amazon-sagemaker-examples#1094 and #1798.
    return validation_error(
        f"Status ({status}) not in ({allowed}). Unable to transition to ({target}) for "
        f"Notebook Instance ({arn})."
    )


def notebook_area(world: World) -> NotebookArea:
    return world.area("notebooks", NotebookArea)
