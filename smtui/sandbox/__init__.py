"""Embedded sandbox: a local, SageMaker-compatible endpoint over a simulated fleet.

    with Sandbox(seed=7, jobs=200, speed=1.0).start() as sb:
        sm = boto3.client("sagemaker", endpoint_url=sb.url, region_name=SANDBOX_REGION,
                          aws_access_key_id=SANDBOX_ACCESS_KEY,
                          aws_secret_access_key=SANDBOX_SECRET_KEY)

Parts: ``server`` (HTTP) -> ``protocols`` (routing, validation against
botocore's models, wire formats) -> ``services`` (handlers, one module per
service area; see its docstring to add operations) -> ``simulator`` (the
fleet and its virtual clock).  ``hooks`` is the fault-injection point.

Layering: nothing here imports textual or smtui.ui / smtui.services / smtui.aws.
"""

from .constants import SANDBOX_ACCESS_KEY, SANDBOX_ACCOUNT, SANDBOX_REGION, SANDBOX_SECRET_KEY
from .errors import ServiceError
from .hooks import RequestHook
from .identity import account_for
from .sandbox import Sandbox
from .simulator import Simulator

__all__ = [
    "SANDBOX_ACCESS_KEY",
    "SANDBOX_ACCOUNT",
    "SANDBOX_REGION",
    "SANDBOX_SECRET_KEY",
    "RequestHook",
    "Sandbox",
    "ServiceError",
    "Simulator",
    "account_for",
]
