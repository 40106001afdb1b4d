"""Map every boto3/botocore failure to one value the console can show as AWS said it."""

from __future__ import annotations

from dataclasses import dataclass

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
        return AwsError(
            code=str(err.get("Code", "Unknown")),
            message=str(err.get("Message", "")),
            operation=operation or getattr(exc, "operation_name", ""),
            status=meta.get("HTTPStatusCode"),
        )
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
