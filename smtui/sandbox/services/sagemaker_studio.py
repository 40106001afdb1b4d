"""SageMaker Studio: domains, user profiles, spaces, apps (areas/studio.py)."""

from __future__ import annotations

from typing import Any

from ..areas.studio import StudioNotFoundError, studio_area
from ..errors import ServiceError
from ..registry import Registry
from ..world import World


def _call(fn: Any, arg: Any) -> Any:
    try:
        return fn(arg)
    except StudioNotFoundError as exc:
        raise ServiceError("ResourceNotFound", f"{exc.args[0]} does not exist.", 400) from exc


def register(registry: Registry, world: World) -> None:
    area = studio_area(world)
    registry.register("sagemaker", "ListDomains", area.list_domains)
    registry.register(
        "sagemaker", "DescribeDomain", lambda p: _call(area.describe_domain, p["DomainId"])
    )
    registry.register("sagemaker", "ListUserProfiles", area.list_user_profiles)
    registry.register("sagemaker", "ListSpaces", area.list_spaces)
    registry.register("sagemaker", "ListApps", area.list_apps)
    registry.register("sagemaker", "DescribeApp", lambda p: _call(area.describe_app, p))
    registry.register("sagemaker", "DeleteApp", lambda p: _call(area.delete_app, p))
