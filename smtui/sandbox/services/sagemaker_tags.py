"""SageMaker ListTags (any resource the simulator knows; training jobs for now)."""

from __future__ import annotations

from functools import partial
from typing import Any

from ..errors import validation_error
from ..registry import Registry
from ..simulator import Simulator
from ..world import World

# ListTagsMaxResults has min 50 and no max in botocore's model; SageMaker
# allows at most 50 tags per resource, so one page of the default size always
# holds them all.
_DEFAULT_MAX_RESULTS = 50


def list_tags(sim: Simulator, params: dict[str, Any]) -> dict[str, Any]:
    arn = params["ResourceArn"]
    tags = sim.tags_for(arn)
    if tags is None:
        # Assumption: ListTags declares no errors, so an unknown ARN is
        # reported as a ValidationException.
        raise validation_error(f"Requested resource not found: {arn}")
    token = params.get("NextToken") or "0"
    if not token.isdigit() or int(token) > len(tags):
        raise validation_error("Invalid NextToken.")
    start = int(token)
    size = params.get("MaxResults", _DEFAULT_MAX_RESULTS)
    out: dict[str, Any] = {"Tags": tags[start : start + size]}
    if start + size < len(tags):
        out["NextToken"] = str(start + size)
    return out


def register(registry: Registry, world: World) -> None:
    sim = world.training
    registry.register("sagemaker", "ListTags", partial(list_tags, sim))
