"""Example calls for the Studio operations: domains, user profiles, spaces, apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox
from smtui.sandbox.areas.studio import studio_area


def domain_id(sb: Sandbox) -> str:
    return studio_area(sb.world).domains[0].id


def app_key(sb: Sandbox, status: str | None = None, space: bool = False) -> dict[str, Any]:
    area = studio_area(sb.world)
    now = sb.world.clock.now()
    for app in area.apps:
        if (app.space is not None) != space:
            continue
        if status is not None and app.timeline.status(now) != status:
            continue
        key = {"DomainId": app.domain, "AppType": app.app_type, "AppName": app.name}
        key["SpaceName" if space else "UserProfileName"] = app.space or app.user
        return key
    raise LookupError("no such app")


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sagemaker", "ListDomains"): [lambda sb: {}, lambda sb: {"MaxResults": 1}],
    ("sagemaker", "DescribeDomain"): [lambda sb: {"DomainId": domain_id(sb)}],
    ("sagemaker", "ListUserProfiles"): [
        lambda sb: {},
        lambda sb: {"DomainIdEquals": domain_id(sb), "SortBy": "LastModifiedTime"},
    ],
    ("sagemaker", "ListSpaces"): [lambda sb: {}, lambda sb: {"DomainIdEquals": domain_id(sb)}],
    ("sagemaker", "ListApps"): [
        lambda sb: {},
        lambda sb: {"DomainIdEquals": domain_id(sb), "UserProfileNameEquals": "alice"},
        lambda sb: {"DomainIdEquals": domain_id(sb), "SpaceNameEquals": "alice-jupyterlab"},
    ],
    ("sagemaker", "DescribeApp"): [
        lambda sb: app_key(sb),
        lambda sb: app_key(sb, "Failed"),
        lambda sb: app_key(sb, space=True),
    ],
    ("sagemaker", "DeleteApp"): [lambda sb: app_key(sb, "InService")],
}
