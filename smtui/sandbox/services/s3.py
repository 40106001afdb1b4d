"""Amazon S3 GetObject, for the objects the simulated areas write (Model Monitor reports).

Objects come from the world's :class:`~smtui.sandbox.objects.ObjectStore`, where each area
registers the buckets it writes. Errors as S3 sends them ("Error responses", Amazon S3 API
reference, https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html): 404
``NoSuchKey`` "The specified key does not exist." with the ``Key``, 404 ``NoSuchBucket``
"The specified bucket does not exist." with the ``BucketName``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..objects import S3Error, object_store
from ..registry import Registry
from ..world import World


def get_object(world: World, params: dict[str, Any]) -> dict[str, Any]:
    bucket, key = params["Bucket"], params["Key"]
    store = object_store(world)
    if not store.has_bucket(bucket):
        raise S3Error(
            "NoSuchBucket", "The specified bucket does not exist.", 404, BucketName=bucket
        )
    obj = store.get(bucket, key, world.now())
    if obj is None:
        raise S3Error("NoSuchKey", "The specified key does not exist.", 404, Key=key)
    return {
        "Body": obj.body,
        "ContentType": obj.content_type,
        "ContentLength": len(obj.body),
        "ETag": obj.etag,
        "LastModified": datetime.fromtimestamp(obj.last_modified, tz=UTC),
        "AcceptRanges": "bytes",
        "ServerSideEncryption": "AES256",
    }


def register(registry: Registry, world: World) -> None:
    registry.register("s3", "GetObject", lambda params: get_object(world, params))
