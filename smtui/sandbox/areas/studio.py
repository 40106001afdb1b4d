"""SageMaker Studio: domains, user profiles, spaces and the apps running in them.

Apps are what costs money: a KernelGateway app left InService for days on a GPU, a
JupyterLab space app nobody opened since yesterday. DeleteApp moves an app to Deleting,
then Deleted a minute or two later (Deleted apps stay listed, as ListApps shows them).
Field names: ListDomains / DescribeDomain / ListUserProfiles / ListSpaces / ListApps /
DescribeApp in botocore's sagemaker model.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from ..constants import SANDBOX_ROLE_ARN
from ..errors import ServiceError
from ..simulator.catalog import SECURITY_GROUP, SUBNETS
from ..world import World
from .common import ARN_PREFIX, Timeline, page, rng_for, short_id, sort_desc, ts

HOUR = 3600.0
DAY = 24 * HOUR

# Image ARNs: SageMaker Distribution (JupyterLab, Code Editor) and the Studio Classic
# images, us-east-1 accounts per "Available Amazon SageMaker Images" (developer guide).
DISTRIBUTION_CPU = "arn:aws:sagemaker:us-east-1:885854791233:image/sagemaker-distribution-cpu"
DISTRIBUTION_GPU = "arn:aws:sagemaker:us-east-1:885854791233:image/sagemaker-distribution-gpu"
CLASSIC = "arn:aws:sagemaker:us-east-1:081325390199:image/{}"

# (domain name, network access, auth mode, users, spaces: (name, owner or None for shared,
#  app type, EBS GB))
SpaceSpec = tuple[str, str | None, str, int]
DOMAINS: tuple[tuple[str, str, str, tuple[str, ...], tuple[SpaceSpec, ...]], ...] = (
    (
        "ml-platform-prod",
        "VpcOnly",
        "IAM",
        ("alice", "bob", "carol", "dmitri", "eun-ji", "farah"),
        (
            ("alice-jupyterlab", "alice", "JupyterLab", 50),
            ("bob-code-editor", "bob", "CodeEditor", 20),
            ("fraud-team-shared", None, "JupyterLab", 100),
            ("carol-llm-finetune", "carol", "JupyterLab", 200),
        ),
    ),
    (
        "research-sandbox",
        "PublicInternetOnly",
        "IAM",
        ("gustavo", "alice"),
        (("gustavo-experiments", "gustavo", "JupyterLab", 50),),
    ),
)

# Apps: (domain index, user profile or None, space or None, app type, app name,
#        instance type, status now, seconds that status has lasted, idle seconds, image).
# KernelGateway app names follow Studio Classic's "<image>-<instance>-<hash>" form.
AppSpec = tuple[int, str | None, str | None, str, str, str, str, float, float, str | None]
APPS: tuple[AppSpec, ...] = (
    (0, "alice", None, "JupyterServer", "default", "system", "InService", 12 * DAY, 0, None),
    (
        0,
        "alice",
        None,
        "KernelGateway",
        "datascience-1-0-ml-t3-medium-1abf3407f667f989be9d86559395",
        "ml.t3.medium",
        "InService",
        4.2 * DAY,
        3.9 * DAY,
        CLASSIC.format("datascience-1.0"),
    ),
    (0, "bob", None, "JupyterServer", "default", "system", "InService", 20 * DAY, 0, None),
    (
        0,
        "bob",
        None,
        "KernelGateway",
        "pytorch-1-13-gpu-py39-ml-g4dn-xlarge-7f3c2b1a9d8e6f5a4b3c",
        "ml.g4dn.xlarge",
        "InService",
        20 * HOUR,
        17 * HOUR,
        CLASSIC.format("pytorch-1.13-gpu-py39"),
    ),
    (
        0,
        "carol",
        None,
        "KernelGateway",
        "datascience-1-0-ml-m5-large-2c5d8e1f0a3b6c9d2e5f8a1b4c7d",
        "ml.m5.large",
        "Deleted",
        22 * HOUR,
        0,
        CLASSIC.format("datascience-1.0"),
    ),
    (0, "dmitri", None, "JupyterServer", "default", "system", "InService", 30 * DAY, 0, None),
    (
        0,
        "dmitri",
        None,
        "KernelGateway",
        "sagemaker-base-python-310-ml-p3-2xlarge-5e8a1c4f7b0d3e6a",
        "ml.p3.2xlarge",
        "Failed",
        3 * DAY,
        0,
        CLASSIC.format("sagemaker-base-python-310"),
    ),
    (
        0,
        None,
        "alice-jupyterlab",
        "JupyterLab",
        "default",
        "ml.g5.xlarge",
        "InService",
        2.2 * DAY,
        30 * HOUR,
        DISTRIBUTION_GPU,
    ),
    (
        0,
        None,
        "bob-code-editor",
        "CodeEditor",
        "default",
        "ml.t3.medium",
        "InService",
        3 * HOUR,
        10 * 60,
        DISTRIBUTION_CPU,
    ),
    (
        0,
        None,
        "fraud-team-shared",
        "JupyterLab",
        "default",
        "ml.m5.2xlarge",
        "Pending",
        70.0,
        0,
        DISTRIBUTION_CPU,
    ),
    (
        0,
        None,
        "carol-llm-finetune",
        "JupyterLab",
        "default",
        "ml.g5.12xlarge",
        "Deleted",
        2 * DAY,
        0,
        DISTRIBUTION_GPU,
    ),
    (
        1,
        None,
        "gustavo-experiments",
        "JupyterLab",
        "default",
        "ml.t3.large",
        "InService",
        30 * HOUR,
        25 * HOUR,
        DISTRIBUTION_CPU,
    ),
    (1, "gustavo", None, "JupyterServer", "default", "system", "InService", 9 * DAY, 0, None),
)

# Modelled on the FailureReason Studio reports when an app's instance cannot be had.
APP_FAILURE = (
    "CapacityError: Unable to provision requested ML compute capacity. Please retry using "
    "a different ML instance type."
)


class StudioNotFoundError(LookupError):
    pass


@dataclass(slots=True)
class Domain:
    id: str
    name: str
    created: float
    network: str
    auth: str
    efs: str

    @property
    def arn(self) -> str:
        return f"{ARN_PREFIX}:domain/{self.id}"

    @property
    def url(self) -> str:
        return f"https://{self.id}.studio.us-east-1.sagemaker.aws"

    def summary(self) -> dict[str, Any]:
        return {
            "DomainArn": self.arn,
            "DomainId": self.id,
            "DomainName": self.name,
            "Status": "InService",
            "CreationTime": ts(self.created),
            "LastModifiedTime": ts(self.created + 3600),
            "Url": self.url,
        }


@dataclass(slots=True)
class Profile:
    domain: str
    name: str
    created: float


@dataclass(slots=True)
class Space:
    domain: str
    name: str
    owner: str | None
    app_type: str
    ebs_gb: int
    created: float


@dataclass(slots=True)
class App:
    domain: str
    user: str | None
    space: str | None
    app_type: str
    name: str
    instance_type: str
    image: str | None
    created: float
    timeline: Timeline
    last_activity: float | None
    failure: str | None = None

    @property
    def owner_path(self) -> str:
        return self.user or self.space or ""

    @property
    def arn(self) -> str:
        return (
            f"{ARN_PREFIX}:app/{self.domain}/{self.owner_path}/{self.app_type.lower()}/{self.name}"
        )

    def summary(self, now: float) -> dict[str, Any]:
        out: dict[str, Any] = {
            "DomainId": self.domain,
            "AppType": self.app_type,
            "AppName": self.name,
            "Status": self.timeline.status(now),
            "CreationTime": ts(self.created),
            "ResourceSpec": self.spec(),
        }
        if self.user:
            out["UserProfileName"] = self.user
        if self.space:
            out["SpaceName"] = self.space
        return out

    def spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"InstanceType": self.instance_type}
        if self.image:
            spec["SageMakerImageArn"] = self.image
        return spec

    def describe(self, now: float) -> dict[str, Any]:
        out = self.summary(now)
        status = out["Status"]
        out["AppArn"] = self.arn
        if status == "InService":
            out["LastHealthCheckTimestamp"] = ts(now - (now % 300))
        if self.last_activity is not None and status in ("InService", "Deleting"):
            out["LastUserActivityTimestamp"] = ts(self.last_activity)
        if status == "Failed" and self.failure:
            out["FailureReason"] = self.failure
        return out


class StudioArea:
    def __init__(self, world: World) -> None:
        self.clock = world.clock
        start = world.clock.start
        self._lock = threading.RLock()
        self.domains: list[Domain] = []
        self.profiles: list[Profile] = []
        self.spaces: list[Space] = []
        self.apps: list[App] = []
        for index, (name, network, auth, users, spaces) in enumerate(DOMAINS):
            rng = rng_for(world.seed, "studio", name)
            domain = Domain(
                id=f"d-{short_id(world.seed, 'domain', name)}",
                name=name,
                created=start - rng.uniform(120, 400) * DAY,
                network=network,
                auth=auth,
                efs=f"fs-0{rng.getrandbits(64):016x}",
            )
            self.domains.append(domain)
            for profile in users:
                when = domain.created + rng.uniform(1, 90) * DAY
                self.profiles.append(Profile(domain.id, profile, when))
            for space_name, owner, space_type, ebs in spaces:
                when = start - rng.uniform(5, 60) * DAY
                self.spaces.append(Space(domain.id, space_name, owner, space_type, ebs, when))
            for d, user, space, app_type, app, itype, status, lasted, idle, image in APPS:
                if d != index:
                    continue
                since = start - lasted * rng.uniform(0.95, 1.05)
                created = (
                    since
                    if status in ("InService", "Pending", "Failed")
                    else (since - rng.uniform(2, 30) * HOUR)
                )
                events = [(created - 120, "Pending")] if status != "Pending" else []
                if status == "InService":
                    events += [(since, "InService")]
                elif status == "Pending":
                    events += [(since, "Pending"), (since + 180, "InService")]
                elif status == "Failed":
                    events += [(since, "Failed")]
                else:  # Deleted
                    events += [(created, "InService"), (since - 90, "Deleting"), (since, status)]
                self.apps.append(
                    App(
                        domain=domain.id,
                        user=user,
                        space=space,
                        app_type=app_type,
                        name=app,
                        instance_type=itype,
                        image=image,
                        created=created if status != "Pending" else since,
                        timeline=Timeline(sorted(events)),
                        last_activity=(start - idle) if idle else (start - 120.0),
                        failure=APP_FAILURE if status == "Failed" else None,
                    )
                )

    # -- lookups -------------------------------------------------------------------
    def domain(self, domain_id: str) -> Domain:
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise StudioNotFoundError(f"Domain {domain_id}")

    def _app(self, p: dict[str, Any]) -> App:
        for app in self.apps:
            if (
                app.domain == p["DomainId"]
                and app.app_type == p["AppType"]
                and app.name == p["AppName"]
                and app.user == p.get("UserProfileName")
                and app.space == p.get("SpaceName")
            ):
                return app
        owner = p.get("UserProfileName") or p.get("SpaceName") or ""
        raise StudioNotFoundError(
            f"{ARN_PREFIX}:app/{p['DomainId']}/{owner}/{p['AppType'].lower()}/{p['AppName']}"
        )

    # -- operations ------------------------------------------------------------------
    def list_domains(self, params: dict[str, Any]) -> dict[str, Any]:
        rows = [d.summary() for d in self.domains]
        chunk, token = page(rows, params)
        return {"Domains": chunk, **({"NextToken": token} if token else {})}

    def describe_domain(self, domain_id: str) -> dict[str, Any]:
        domain = self.domain(domain_id)
        out = domain.summary()
        out.update(
            {
                "HomeEfsFileSystemId": domain.efs,
                "AuthMode": domain.auth,
                "AppNetworkAccessType": domain.network,
                "VpcId": "vpc-0a1b2c3d4e5f67890",
                "SubnetIds": list(SUBNETS),
                "DefaultUserSettings": {
                    "ExecutionRole": SANDBOX_ROLE_ARN,
                    "SecurityGroups": [SECURITY_GROUP],
                    "StudioWebPortal": "ENABLED",
                    "DefaultLandingUri": "studio::",
                },
                "AppSecurityGroupManagement": "Service",
            }
        )
        return out

    def list_user_profiles(self, params: dict[str, Any]) -> dict[str, Any]:
        rows: list[dict[str, Any]] = [
            {
                "DomainId": p.domain,
                "UserProfileName": p.name,
                "Status": "InService",
                "CreationTime": ts(p.created),
                "LastModifiedTime": ts(p.created + 600),
            }
            for p in self.profiles
            if params.get("DomainIdEquals") in (None, p.domain)
            and (params.get("UserProfileNameContains") or "") in p.name
        ]
        key = "LastModifiedTime" if params.get("SortBy") == "LastModifiedTime" else "CreationTime"
        rows.sort(key=lambda r: r[key], reverse=sort_desc(params))
        chunk, token = page(rows, params)
        return {"UserProfiles": chunk, **({"NextToken": token} if token else {})}

    def list_spaces(self, params: dict[str, Any]) -> dict[str, Any]:
        rows = []
        for s in self.spaces:
            if params.get("DomainIdEquals") not in (None, s.domain):
                continue
            if (params.get("SpaceNameContains") or "") not in s.name:
                continue
            row: dict[str, Any] = {
                "DomainId": s.domain,
                "SpaceName": s.name,
                "Status": "InService",
                "CreationTime": ts(s.created),
                "LastModifiedTime": ts(s.created + 900),
                "SpaceSettingsSummary": {
                    "AppType": s.app_type,
                    "SpaceStorageSettings": {"EbsStorageSettings": {"EbsVolumeSizeInGb": s.ebs_gb}},
                },
                "SpaceSharingSettingsSummary": {"SharingType": "Private" if s.owner else "Shared"},
            }
            if s.owner:
                row["OwnershipSettingsSummary"] = {"OwnerUserProfileName": s.owner}
            rows.append(row)
        key = "LastModifiedTime" if params.get("SortBy") == "LastModifiedTime" else "CreationTime"
        rows.sort(key=lambda r: r[key], reverse=sort_desc(params))
        chunk, token = page(rows, params)
        return {"Spaces": chunk, **({"NextToken": token} if token else {})}

    def list_apps(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            now = self.clock.now()
            rows = [
                a.summary(now)
                for a in self.apps
                if params.get("DomainIdEquals") in (None, a.domain)
                and params.get("UserProfileNameEquals") in (None, a.user)
                and params.get("SpaceNameEquals") in (None, a.space)
            ]
        rows.sort(key=lambda r: (r["CreationTime"], r["AppName"]), reverse=sort_desc(params))
        chunk, token = page(rows, params)
        return {"Apps": chunk, **({"NextToken": token} if token else {})}

    def describe_app(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            return self._app(params).describe(self.clock.now())

    def delete_app(self, params: dict[str, Any]) -> None:
        with self._lock:
            now = self.clock.now()
            app = self._app(params)
            status = app.timeline.status(now)
            if status in ("Deleted", "Deleting"):
                # Modelled wording: DeleteApp declares ResourceInUse for this case.
                raise ServiceError(
                    "ResourceInUse", f"App [{app.arn}] is already in {status} status.", 400
                )
            delay = 60 + len(app.name) % 60
            app.timeline.replan(now, (0.0, "Deleting"), (float(delay), "Deleted"))

    def user_contexts(self) -> list[dict[str, str]]:
        """UserContext values (Pipelines' CreatedBy) for the first domain's users."""
        domain = self.domains[0]
        return [
            {
                "UserProfileArn": f"{ARN_PREFIX}:user-profile/{domain.id}/{p.name}",
                "UserProfileName": p.name,
                "DomainId": domain.id,
            }
            for p in self.profiles
            if p.domain == domain.id
        ]


def studio_area(world: World) -> StudioArea:
    return world.area("studio", StudioArea)
