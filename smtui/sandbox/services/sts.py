"""AWS Security Token Service (query protocol)."""

from __future__ import annotations

import hashlib
from typing import Any

from ..constants import SANDBOX_ACCESS_KEY, SANDBOX_ACCOUNT, SANDBOX_USER_ARN, SANDBOX_USER_ID
from ..protocols.base import current_access_key
from ..registry import Registry
from ..world import World


def account_for(access_key: str | None) -> str:
    """The sandbox account is 123456789012; any other access key is its own account (a
    stable 12-digit id derived from the key), so fanning out over several profiles of
    one sandbox shows several accounts."""
    if not access_key or access_key == SANDBOX_ACCESS_KEY:
        return SANDBOX_ACCOUNT
    digest = int(hashlib.sha256(access_key.encode()).hexdigest(), 16)
    return f"{digest % 10**12:012d}"


def get_caller_identity(params: dict[str, Any]) -> dict[str, Any]:
    account = account_for(current_access_key())
    if account == SANDBOX_ACCOUNT:
        return {"UserId": SANDBOX_USER_ID, "Account": account, "Arn": SANDBOX_USER_ARN}
    arn = SANDBOX_USER_ARN.replace(SANDBOX_ACCOUNT, account)
    return {"UserId": SANDBOX_USER_ID, "Account": account, "Arn": arn}


def register(registry: Registry, world: World) -> None:
    registry.register("sts", "GetCallerIdentity", get_caller_identity)
