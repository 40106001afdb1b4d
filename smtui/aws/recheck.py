"""After a mutating call whose answer was lost: describe the resource again, and say how
the user can check it themselves (the AWS CLI command that reads it).

The read that matches a mutation is found from the operation's name (StopTrainingJob ->
DescribeTrainingJob) and its parameters from the describe's input shape in botocore's
service model (a plural list member, ``ResourceIds``, takes the singular one,
``ResourceId``); a few operations read back elsewhere (:data:`READ_BACK`).
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from botocore import xform_name

from smtui.aws.calls import call
from smtui.aws.errors import AwsError
from smtui.aws.mutations import Request
from smtui.aws.session import Clients

READ_BACK = {
    "UpdateEndpointWeightsAndCapacities": "DescribeEndpoint",
    "UpdateInferenceComponentRuntimeConfig": "DescribeInferenceComponent",
    "RegisterScalableTarget": "DescribeScalableTargets",
    "PutScalingPolicy": "DescribeScalingPolicies",
    "RetryPipelineExecution": "DescribePipelineExecution",
    "StopAutoMLJob": "DescribeAutoMLJobV2",  # what the console reads (DescribeAutoMLJob is v1)
}
_VERB = re.compile(r"^(Stop|Start|Delete|Create|Update|Register|Deregister|Put|Retry|Send)")
_NOT_FOUND = ("ResourceNotFound", "ResourceNotFoundException", "ObjectNotFoundException")
# Fields that summarise a scalable target or a scaling policy read back.
_SUMMARY = ("PolicyName", "MinCapacity", "MaxCapacity", "SuspendedState")


def read_back(clients: Clients, request: Request) -> tuple[str, dict[str, Any]] | None:
    """(operation, parameters) of the read that shows what ``request`` changed."""
    model = clients.client(request.service).meta.service_model
    operation = READ_BACK.get(request.operation) or _VERB.sub("Describe", request.operation)
    if operation == request.operation or operation not in model.operation_names:
        return None
    shape = model.operation_model(operation).input_shape
    params: dict[str, Any] = {}
    for member, member_shape in (shape.members if shape else {}).items():
        if member in request.params:
            params[member] = request.params[member]
        elif member_shape.type_name == "list" and member[:-1] in request.params:
            params[member] = [request.params[member[:-1]]]
    required = shape.required_members if shape else []
    return (operation, params) if all(m in params for m in required) else None


def describe_again(clients: Clients, request: Request) -> str:
    """One line: the resource's state now, as a fresh read says it (never raises)."""
    read = read_back(clients, request)
    if read is None:
        return "no read shows this change: check it in the console"
    operation, params = read
    try:
        response = call(clients.client(request.service), xform_name(operation), **params)
    except AwsError as exc:
        text = exc.message.lower()
        if exc.code in _NOT_FOUND or "not found" in text or "could not find" in text:
            return f"not found ({exc.code}: {exc.message})"
        return f"could not read it again: {exc}"
    return _state(response)


def _state(response: dict[str, Any]) -> str:
    for key, value in response.items():
        if key.endswith("Status") and isinstance(value, str):
            return f"{key} {value}"
    for value in response.values():
        if isinstance(value, list):
            if not value:
                return "not found"
            first = value[0]
            parts = [f"{k} {first[k]}" for k in _SUMMARY if isinstance(first, dict) and k in first]
            return ", ".join(parts) or "found"
    return "found"


def cli_command(clients: Clients, request: Request) -> str:
    """The AWS CLI command that reads the resource back (with this session's target)."""
    read = read_back(clients, request)
    if read is None:
        return ""
    operation, params = read
    words = ["aws", request.service, xform_name(operation, "-")]
    for name, value in params.items():
        words.append(f"--{xform_name(name, '-')}")
        if isinstance(value, list):
            words.extend(str(v) for v in value)
        else:
            words.append(str(value))
    target = clients.target
    if target.profile:
        words += ["--profile", target.profile]
    words += ["--region", clients.region]
    if target.endpoint_url:
        words += ["--endpoint-url", target.endpoint_url]
    return shlex.join(words)
