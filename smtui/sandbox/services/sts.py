"""AWS Security Token Service (query protocol)."""

from __future__ import annotations

from typing import Any

from ..constants import SANDBOX_ACCOUNT, SANDBOX_USER_ARN, SANDBOX_USER_ID
from ..identity import Identity
from ..identity import account_for as account_for  # re-exported: callers and tests use it
from ..protocols.base import current_context
from ..registry import Registry
from ..world import World


def get_caller_identity(params: dict[str, Any]) -> dict[str, Any]:
    ctx = current_context()
    key = ctx.access_key if ctx is not None else None
    found = ctx.extra.get("identity") if ctx is not None else None
    identity = found if isinstance(found, Identity) else Identity()
    # The caller's account (identity.py: the sandbox's own for the default key, the key's
    # own otherwise), answered in the canonical identity the dispatcher swaps out again.
    account = identity.for_request(key, "sts").text(identity.caller_of(key))
    arn = SANDBOX_USER_ARN.replace(SANDBOX_ACCOUNT, account)
    return {"UserId": SANDBOX_USER_ID, "Account": account, "Arn": arn}


def register(registry: Registry, world: World) -> None:
    registry.register("sts", "GetCallerIdentity", get_caller_identity)
