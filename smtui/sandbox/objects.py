"""The sandbox's S3 objects: areas register the buckets they write, S3 GetObject reads them.

An area registers a provider per bucket with :func:`object_store` (the store is built once
per world with ``world.area``); a provider answers ``(key, now) -> S3Object | None`` from
the area's own state, so an object appears when the simulated job writes it and its
content is derived, not stored.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import ServiceError

if TYPE_CHECKING:
    from .world import World


class S3Error(ServiceError):
    """An S3 error with the extra elements S3 puts in its ``<Error>`` document (``Key``,
    ``BucketName``); a provider may raise one (AccessDenied)."""

    def __init__(self, code: str, message: str, status: int, **fields: str) -> None:
        super().__init__(code, message, status)
        self.fields = fields


@dataclass(frozen=True, slots=True)
class S3Object:
    body: bytes
    last_modified: float
    """Epoch seconds on the world's clock."""
    content_type: str = "application/octet-stream"

    @property
    def etag(self) -> str:
        """The ETag S3 returns for a single-part upload: the quoted MD5 of the body."""
        return '"' + hashlib.md5(self.body, usedforsecurity=False).hexdigest() + '"'


Provider = Callable[[str, float], S3Object | None]
"""(key, now) -> the object, None when there is none (NoSuchKey); may raise S3Error."""


class ObjectStore:
    def __init__(self) -> None:
        self._buckets: dict[str, Provider] = {}
        self._lock = threading.Lock()

    def register(self, bucket: str, provider: Provider) -> None:
        with self._lock:
            self._buckets[bucket] = provider

    def has_bucket(self, bucket: str) -> bool:
        with self._lock:
            return bucket in self._buckets

    def get(self, bucket: str, key: str, now: float) -> S3Object | None:
        with self._lock:
            provider = self._buckets.get(bucket)
        return provider(key, now) if provider is not None else None


def object_store(world: World) -> ObjectStore:
    return world.area("s3", lambda _world: ObjectStore())
