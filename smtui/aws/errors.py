"""Map every boto3/botocore failure to one value the console can show as AWS said it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from http.client import responses as HTTP_REASONS

import botocore.exceptions as bx

# Error codes AWS uses for throttling; botocore's own list (botocore/retries/standard.py).
THROTTLE_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)


# Codes for expired or invalid session credentials (STS, SigV4 and SSO token errors).
EXPIRED_CODES = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "RequestExpired",
        "SSOTokenExpired",
        "TokenRefreshRequired",
    }
)


@dataclass(frozen=True, slots=True)
class AwsError(Exception):
    """An AWS or connection error, with the code and message exactly as received."""

    code: str
    message: str
    operation: str = ""
    status: int | None = None
    service: str = ""
    """The IAM action prefix of the service called (``sagemaker``), when known."""

    def __str__(self) -> str:
        where = f" ({self.operation})" if self.operation else ""
        return f"{self.code}{where}: {self.message}"

    @property
    def is_throttle(self) -> bool:
        return self.code in THROTTLE_CODES

    @property
    def is_expired_credentials(self) -> bool:
        return self.code in EXPIRED_CODES

    @property
    def is_access_denied(self) -> bool:
        return self.code in ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation")

    @property
    def is_connection(self) -> bool:
        """No answer came back: the request may or may not have reached AWS."""
        return self.code in ("ConnectionError", "Timeout")

    @property
    def action(self) -> str:
        """The IAM action that was attempted, e.g. ``sagemaker:StopTrainingJob``."""
        return f"{self.service or 'aws'}:{self.operation}" if self.operation else ""


def to_aws_error(exc: BaseException, operation: str = "") -> AwsError:
    """Translate any exception raised by a boto3 call into an :class:`AwsError`."""
    if isinstance(exc, AwsError):
        return exc
    if isinstance(exc, bx.ClientError):
        err = exc.response.get("Error", {})
        meta = exc.response.get("ResponseMetadata", {})
        code, message = str(err.get("Code", "Unknown")), str(err.get("Message", ""))
        status = meta.get("HTTPStatusCode")
        operation = operation or getattr(exc, "operation_name", "")
        if _not_aws(code, message):
            code, message = NOT_AWS, _not_aws_message(status, message, operation)
        return AwsError(code=code, message=message, operation=operation, status=status)
    if isinstance(exc, bx.ParamValidationError):
        return AwsError("ParamValidationError", str(exc.kwargs.get("report", exc)), operation)
    if isinstance(exc, bx.NoCredentialsError):
        return AwsError("NoCredentials", "Unable to locate credentials", operation)
    if isinstance(
        exc, bx.TokenRetrievalError | bx.SSOTokenLoadError | bx.UnauthorizedSSOTokenError
    ):
        return AwsError("SSOTokenExpired", str(exc), operation)
    if isinstance(exc, bx.ProfileNotFound):
        return AwsError("ProfileNotFound", str(exc), operation)
    if isinstance(exc, bx.NoRegionError):
        return AwsError("NoRegion", "No region: pass --region or set AWS_REGION", operation)
    if isinstance(exc, bx.EndpointConnectionError | bx.ConnectionClosedError):
        return AwsError("ConnectionError", str(exc), operation)
    if isinstance(exc, bx.ReadTimeoutError | bx.ConnectTimeoutError):
        return AwsError("Timeout", str(exc), operation)
    if isinstance(exc, bx.BotoCoreError):
        return AwsError(type(exc).__name__, str(exc), operation)
    return AwsError(type(exc).__name__, str(exc), operation)


NOT_AWS = "NotAnAwsError"
"""The code of an answer that carries no AWS error: an HTML page, an empty body, a bare
status (an AWS-compatible endpoint that lacks the operation, a proxy, a load balancer)."""

_HTML = re.compile(r"^\s*<(!doctype\s+html|html)\b", re.IGNORECASE)
_TITLE = re.compile(r"<title>\s*(.*?)\s*</title>", re.IGNORECASE | re.DOTALL)


def _not_aws(code: str, message: str) -> bool:
    """botocore names the code by the bare HTTP status when the body holds no AWS error
    (botocore/parsers.py: ``_do_generic_error_parse``, and the JSON parsers' error parse
    when the body has no ``__type``); an HTML body is never AWS's."""
    return code.isdigit() or bool(_HTML.match(message))


def _not_aws_message(status: int | None, body: str, operation: str) -> str:
    """One line naming the operation and what came back instead of an AWS error."""
    html = bool(_HTML.match(body))
    title = _TITLE.search(body) if html else None
    said = " ".join((title.group(1) if title else "" if html else body).split())[:120]
    reason = HTTP_REASONS.get(status or 0, "")
    answer = f"HTTP {status} {reason}".rstrip()
    detail = f" ({said})" if said and said not in (reason, answer[5:]) else ""
    kind = "an HTML page" if html else "no AWS error"
    what = operation or "the call"
    return f"the endpoint answered {answer} with {kind}{detail}: it may not implement {what}"
