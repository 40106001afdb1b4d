"""AWS probes for `smtui doctor`: where credentials came from, who we are, whether the
endpoint answers and with what clock, which reads succeed, and what IAM would allow.

Each probe returns plain data (no verdicts: smtui/services/doctor.py judges them) and
never raises for an AWS error: the error, as AWS said it, is the result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import botocore.exceptions as bx

from smtui.aws.errors import AwsError, to_aws_error
from smtui.aws.session import Clients

# One cheap read per (service, operation) the console lists with: the first page of
# one item (MaxResults/limit 1). Parameters per the botocore service models.
READS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("sagemaker", "ListTrainingJobs", {"MaxResults": 1}),
    ("sagemaker", "ListProcessingJobs", {"MaxResults": 1}),
    ("sagemaker", "ListTransformJobs", {"MaxResults": 1}),
    ("sagemaker", "ListHyperParameterTuningJobs", {"MaxResults": 1}),
    ("sagemaker", "ListAutoMLJobs", {"MaxResults": 1}),
    ("sagemaker", "ListLabelingJobs", {"MaxResults": 1}),
    ("sagemaker", "ListCompilationJobs", {"MaxResults": 1}),
    ("sagemaker", "ListEndpoints", {"MaxResults": 1}),
    ("sagemaker", "ListInferenceComponents", {"MaxResults": 1}),
    ("sagemaker", "ListExperiments", {"MaxResults": 1}),
    ("sagemaker", "ListTrials", {"MaxResults": 1}),
    ("sagemaker", "ListTrialComponents", {"MaxResults": 1}),
    ("sagemaker", "ListMonitoringSchedules", {"MaxResults": 1}),
    ("sagemaker", "ListNotebookInstances", {"MaxResults": 1}),
    ("sagemaker", "ListDomains", {"MaxResults": 1}),
    ("sagemaker", "ListApps", {"MaxResults": 1}),
    ("sagemaker", "ListSpaces", {"MaxResults": 1}),
    ("sagemaker", "ListUserProfiles", {"MaxResults": 1}),
    ("sagemaker", "ListPipelines", {"MaxResults": 1}),
    ("sagemaker", "ListFlowDefinitions", {"MaxResults": 1}),
    (
        "application-autoscaling",
        "DescribeScalableTargets",
        {"ServiceNamespace": "sagemaker", "MaxResults": 1},
    ),  # fmt: skip
    ("cloudwatch", "ListMetrics", {"Namespace": "/aws/sagemaker/Endpoints"}),
    ("logs", "DescribeLogGroups", {"logGroupNamePrefix": "/aws/sagemaker/", "limit": 1}),
)
# The Price List API answers in us-east-1 only (AWS Price List API docs: endpoints).
PRICING = ("pricing", "GetProducts", {"ServiceCode": "AmazonSageMaker", "MaxResults": 1})
PRICING_REGION = "us-east-1"
# IAM action prefixes that differ from the botocore service name.
IAM_PREFIX = {"monitoring": "cloudwatch"}
# Actions per SimulatePrincipalPolicy request: small requests, answers paged by Marker.
SIMULATE_BATCH = 20


@dataclass(frozen=True, slots=True)
class CredentialSource:
    method: str | None
    """botocore's provider name: env, shared-credentials-file, sso, assume-role, ..."""
    profile: str


@dataclass(frozen=True, slots=True)
class Probe:
    """One request's outcome: how long it took, the server's Date, or the error."""

    action: str
    seconds: float
    server_date: datetime | None = None
    response: dict[str, Any] | None = None
    error: AwsError | None = None


def iam_action(service: str, operation: str) -> str:
    return f"{IAM_PREFIX.get(service, service)}:{operation}"


def credential_source(clients: Clients) -> CredentialSource:
    """Where the session's credentials come from (never the secrets themselves)."""
    try:
        creds = clients.session.get_credentials()
    except bx.BotoCoreError as exc:
        raise to_aws_error(exc) from None
    return CredentialSource(getattr(creds, "method", None) if creds else None, clients.profile)


def probe(clients: Clients, service: str, operation: str, params: dict[str, Any]) -> Probe:
    """Send one read on the shared read client; never raises for an AWS error."""
    from botocore import xform_name

    region = PRICING_REGION if service == "pricing" else None
    action = iam_action(service, operation)
    started = time.monotonic()
    try:
        client = clients.client(service, region=region)
        response = getattr(client, xform_name(operation))(**params)
    except Exception as exc:  # every failure is a result here
        return Probe(action, time.monotonic() - started, error=to_aws_error(exc, operation))
    seconds = time.monotonic() - started
    headers = response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
    return Probe(action, seconds, _http_date(headers.get("date")), response)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).astimezone(UTC)
    except (TypeError, ValueError):
        return None


def role_arn(caller_arn: str) -> str:
    """The IAM principal SimulatePrincipalPolicy takes for a caller: an assumed-role
    session ``arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`` is simulated as its role
    ``arn:aws:iam::ACCOUNT:role/ROLE`` (a role with a path needs that path: not known
    from the session ARN)."""
    parts = caller_arn.split(":", 5)
    if len(parts) == 6 and parts[2] == "sts" and parts[5].startswith("assumed-role/"):
        role = parts[5].split("/")[1]
        return f"arn:aws:iam::{parts[4]}:role/{role}"
    return caller_arn


def simulate(clients: Clients, principal: str, actions: list[str]) -> dict[str, str]:
    """IAM's decision per action for ``principal`` (allowed, implicitDeny, explicitDeny).
    Raises AwsError when the simulation itself is refused or fails."""
    client = clients.client("iam")
    decisions: dict[str, str] = {}
    for start in range(0, len(actions), SIMULATE_BATCH):
        batch = actions[start : start + SIMULATE_BATCH]
        marker: str | None = None
        while True:
            params: dict[str, Any] = {"PolicySourceArn": principal, "ActionNames": batch}
            if marker:
                params["Marker"] = marker
            try:
                response = client.simulate_principal_policy(**params)
            except Exception as exc:
                raise to_aws_error(exc, "SimulatePrincipalPolicy") from None
            for result in response.get("EvaluationResults", []):
                name, decision = result["EvalActionName"], result["EvalDecision"]
                if decisions.get(name, "allowed") == "allowed":  # any deny wins
                    decisions[name] = decision
            marker = response.get("Marker") if response.get("IsTruncated") else None
            if not marker:
                break
    return decisions
