"""Run one boto3 call or paginate one, turning every failure into an AwsError."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from smtui.aws.errors import to_aws_error


def call(client: Any, method: str, **params: Any) -> dict[str, Any]:
    try:
        response: dict[str, Any] = getattr(client, method)(**params)
    except Exception as exc:  # every failure is shown, never raised into the UI
        error = to_aws_error(exc, _op_name(method))
        raise replace(error, service=_iam_prefix(client)) from None
    response.pop("ResponseMetadata", None)
    return response


def mutate(clients: Any, service: str, method: str, **params: Any) -> dict[str, Any]:
    """The one way to make a mutating call: on the never-retried client, which exists only
    inside the action guard (smtui/aws/mutations.py, smtui/services/guard.py)."""
    return call(clients.mutating(service), method, **params)


def pages(
    client: Any,
    method: str,
    result_key: str,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    **params: Any,
) -> Iterator[list[dict[str, Any]]]:
    """Yield each page's items, following NextToken until the end or a cancel."""
    token: str | None = None
    while True:
        if token:
            params["NextToken"] = token
        response = call(client, method, **params)
        yield list(response.get(result_key, []))
        token = response.get("NextToken")
        if not token or cancelled():
            return


def _iam_prefix(client: Any) -> str:
    """The IAM action prefix of the client's service (``sagemaker``, ``cloudwatch``...)."""
    try:
        model = client.meta.service_model
        name = str(model.signing_name or model.endpoint_prefix)
    except AttributeError:
        return ""
    return {"monitoring": "cloudwatch"}.get(name, name)


def _op_name(method: str) -> str:
    return "".join(part.title() for part in method.split("_"))
