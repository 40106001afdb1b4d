"""AWS Security Token Service (query protocol)."""

from __future__ import annotations

from typing import Any

from ..constants import SANDBOX_ACCOUNT, SANDBOX_USER_ARN, SANDBOX_USER_ID
from ..registry import Registry
from ..world import World


def get_caller_identity(params: dict[str, Any]) -> dict[str, Any]:
    return {"UserId": SANDBOX_USER_ID, "Account": SANDBOX_ACCOUNT, "Arn": SANDBOX_USER_ARN}


def register(registry: Registry, world: World) -> None:
    registry.register("sts", "GetCallerIdentity", get_caller_identity)
