"""AWS Identity and Access Management (query protocol): SimulatePrincipalPolicy only.

The sandbox has no policies: every action is allowed except those the fault injection
denies (``deny=ACTION`` in the fault spec, or ``deny`` / ``allow_only`` at run time,
smtui/sandbox/faults.py), which are answered ``implicitDeny`` as IAM answers an action
no policy allows. Shapes: botocore's iam-2010-05-08 model (EvaluationResult).
"""

from __future__ import annotations

from typing import Any

from ..protocols.base import current_context
from ..registry import Registry
from ..world import World


def _denies(action: str) -> bool:
    ctx = current_context()
    faults = ctx.extra.get("faults") if ctx is not None else None
    denies = getattr(faults, "denies", None)
    return bool(denies(action)) if callable(denies) else False


def simulate_principal_policy(params: dict[str, Any]) -> dict[str, Any]:
    resources = params.get("ResourceArns") or ["*"]
    results = []
    for action in params["ActionNames"]:
        for resource in resources:
            decision = "implicitDeny" if _denies(action) else "allowed"
            results.append(
                {
                    "EvalActionName": action,
                    "EvalResourceName": resource,
                    "EvalDecision": decision,
                    "MatchedStatements": [],
                    "MissingContextValues": [],
                }
            )
    return {"EvaluationResults": results, "IsTruncated": False}


def register(registry: Registry, world: World) -> None:
    registry.register("iam", "SimulatePrincipalPolicy", simulate_principal_policy)
