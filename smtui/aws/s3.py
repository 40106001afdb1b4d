"""Amazon S3 GetObject, for small documents the console reads (Model Monitor reports)."""

from __future__ import annotations

from smtui.aws.calls import call
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients

MAX_BYTES = 8 * 1024 * 1024
"""Reports are small; anything bigger is not read whole into the console."""


def get_object(clients: Clients, bucket: str, key: str, max_bytes: int = MAX_BYTES) -> bytes:
    response = call(clients.client("s3"), "get_object", Bucket=bucket, Key=key)
    body = response["Body"]
    try:
        size = int(response.get("ContentLength") or 0)
        if size > max_bytes:
            raise AwsError(
                "ObjectTooLarge", f"s3://{bucket}/{key} is {size} bytes; at most {max_bytes} read"
            )
        return bytes(body.read(max_bytes + 1)[:max_bytes])
    except AwsError:
        raise
    except Exception as exc:  # a connection cut while streaming the body
        raise AwsError(type(exc).__name__, str(exc), "GetObject") from None
    finally:
        body.close()
