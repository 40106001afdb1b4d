"""Run one boto3 call or paginate one, turning every failure into an AwsError."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from smtui.aws.errors import to_aws_error


def call(client: Any, method: str, **params: Any) -> dict[str, Any]:
    try:
        response: dict[str, Any] = getattr(client, method)(**params)
    except Exception as exc:  # every failure is shown, never raised into the UI
        raise to_aws_error(exc, _op_name(method)) from None
    response.pop("ResponseMetadata", None)
    return response


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


def _op_name(method: str) -> str:
    return "".join(part.title() for part in method.split("_"))
