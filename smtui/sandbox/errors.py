"""Protocol-neutral service errors raised by handlers and the request pipeline.

Each protocol serializer renders a :class:`ServiceError` in its own wire
format (JSON ``__type`` body, or query ``<ErrorResponse>`` XML).
"""

from __future__ import annotations


class ServiceError(Exception):
    """An AWS-style error: an error code, a message and an HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400, *, sender: bool = True) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        # Query protocol errors carry <Type>Sender</Type> or <Type>Receiver</Type>.
        self.sender = sender


def validation_error(message: str) -> ServiceError:
    return ServiceError("ValidationException", message, 400)


def serialization_error(message: str) -> ServiceError:
    return ServiceError("SerializationException", message, 400)


def internal_error(
    message: str = "We encountered an internal error. Please try again.",
) -> ServiceError:
    return ServiceError("InternalFailure", message, 500, sender=False)
