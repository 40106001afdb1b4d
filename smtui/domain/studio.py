"""SageMaker Studio: domains, user profiles, spaces and apps.

Field names: ListDomains, ListUserProfiles, ListSpaces, ListApps and DescribeApp,
https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ListApps.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class StudioDomain:
    id: str
    name: str
    status: str
    created: datetime | None
    modified: datetime | None
    url: str = ""

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> StudioDomain:
        return cls(
            id=item["DomainId"],
            name=item.get("DomainName", item["DomainId"]),
            status=item.get("Status", "-"),
            created=item.get("CreationTime"),
            modified=item.get("LastModifiedTime"),
            url=item.get("Url", ""),
        )


@dataclass(frozen=True, slots=True)
class UserProfile:
    domain_id: str
    name: str
    status: str
    created: datetime | None
    modified: datetime | None

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> UserProfile:
        return cls(
            domain_id=item["DomainId"],
            name=item["UserProfileName"],
            status=item.get("Status", "-"),
            created=item.get("CreationTime"),
            modified=item.get("LastModifiedTime"),
        )


@dataclass(frozen=True, slots=True)
class Space:
    domain_id: str
    name: str
    status: str
    created: datetime | None
    modified: datetime | None
    app_type: str = ""
    sharing: str = ""
    owner: str = ""

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> Space:
        settings = item.get("SpaceSettingsSummary") or {}
        sharing = item.get("SpaceSharingSettingsSummary") or {}
        ownership = item.get("OwnershipSettingsSummary") or {}
        return cls(
            domain_id=item["DomainId"],
            name=item["SpaceName"],
            status=item.get("Status", "-"),
            created=item.get("CreationTime"),
            modified=item.get("LastModifiedTime"),
            app_type=settings.get("AppType", ""),
            sharing=sharing.get("SharingType", ""),
            owner=ownership.get("OwnerUserProfileName", ""),
        )


@dataclass(frozen=True, slots=True)
class StudioApp:
    domain_id: str
    app_type: str
    name: str
    status: str
    created: datetime | None
    user: str = ""
    space: str = ""
    instance_type: str = ""
    image_arn: str = ""

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> StudioApp:
        """From an AppDetails summary (ListApps) or a DescribeApp response."""
        spec = item.get("ResourceSpec") or {}
        return cls(
            domain_id=item["DomainId"],
            app_type=item["AppType"],
            name=item["AppName"],
            status=item.get("Status", "-"),
            created=item.get("CreationTime"),
            user=item.get("UserProfileName", ""),
            space=item.get("SpaceName", ""),
            instance_type=spec.get("InstanceType", ""),
            image_arn=spec.get("SageMakerImageArn", ""),
        )

    @property
    def owner(self) -> str:
        """The user profile (Studio Classic apps) or the space (JupyterLab, Code Editor)."""
        return self.user or self.space

    @property
    def key(self) -> str:
        kind = "space" if self.space else "user"
        return f"{self.domain_id}/{kind}:{self.owner}/{self.app_type}/{self.name}"

    @property
    def confirm_text(self) -> str:
        """What the user types to delete it: the user profile or space it belongs to (the
        app name is "default" or a 60-character kernel name; the modal names the app)."""
        return self.owner

    def api_key(self) -> dict[str, str]:
        """The DescribeApp / DeleteApp parameters naming this app."""
        key = {"DomainId": self.domain_id, "AppType": self.app_type, "AppName": self.name}
        if self.space:
            key["SpaceName"] = self.space
        else:
            key["UserProfileName"] = self.user
        return key

    def age_seconds(self, now: datetime) -> float | None:
        if self.created is None:
            return None
        return max(0.0, (now - self.created).total_seconds())

    @property
    def is_running(self) -> bool:
        """Billed: the instance is up (a "system" JupyterServer app costs nothing)."""
        return self.status in ("InService", "Pending") and self.instance_type != "system"


def can_delete_app(status: str) -> bool:
    return status in ("InService", "Pending", "Failed")


def status_role(status: str) -> str:
    return {
        "InService": "ok",
        "Pending": "running",
        "Updating": "running",
        "Deleting": "warning",
        "Deleted": "muted",
        "Failed": "error",
        "Update_Failed": "error",
        "Delete_Failed": "error",
    }.get(status, "")


def idle_seconds(describe: Mapping[str, Any], now: datetime) -> float | None:
    """Since the user's last activity (DescribeApp's LastUserActivityTimestamp)."""
    last = describe.get("LastUserActivityTimestamp")
    if last is None:
        return None
    return max(0.0, (now - last).total_seconds())
