"""Who the console is acting as (STS GetCallerIdentity)."""

from __future__ import annotations

from dataclasses import dataclass

from smtui.aws.calls import call
from smtui.aws.session import Clients


@dataclass(frozen=True, slots=True)
class Identity:
    account: str
    arn: str
    user_id: str


def caller_identity(clients: Clients) -> Identity:
    resp = call(clients.client("sts"), "get_caller_identity")
    return Identity(account=resp["Account"], arn=resp["Arn"], user_id=resp["UserId"])
