"""Describe results keyed by resource and version (LastModifiedTime).

Terminal resources (Completed, Failed, Stopped) never change, so their describes are
also kept on disk: a restart costs no Describe for them.
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from smtui.services.atomic import write_private

_MEMORY_LIMIT = 5_000


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    raise TypeError(f"cannot cache {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "$dt" in obj:
        return datetime.fromisoformat(obj["$dt"])
    return obj


class DescribeCache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        # One entry per resource, its latest version only: a live job that changes every
        # poll replaces its entry instead of piling up old versions.
        self._memory: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str, version: str) -> Path | None:
        if self.directory is None:
            return None
        digest = hashlib.sha256(f"{kind}\0{key}\0{version}".encode()).hexdigest()
        return self.directory / kind / f"{digest}.json"

    def get(self, kind: str, key: str, version: str) -> dict[str, Any] | None:
        with self._lock:
            entry = self._memory.get((kind, key))
            hit = entry[1] if entry is not None and entry[0] == version else None
        if hit is None:
            path = self._path(kind, key, version)
            if path is not None and path.exists():
                try:
                    hit = json.loads(path.read_text("utf-8"), object_hook=_decode)
                except (OSError, ValueError):
                    hit = None
        with self._lock:
            if hit is None:
                self.misses += 1
            else:
                self.hits += 1
                self._memory[(kind, key)] = (version, hit)
        return hit

    def latest(self, kind: str, key: str) -> tuple[str, dict[str, Any]] | None:
        """The version held in memory for ``key`` and its data, whatever the version."""
        with self._lock:
            return self._memory.get((kind, key))

    def put(
        self, kind: str, key: str, version: str, data: dict[str, Any], *, persist: bool
    ) -> None:
        with self._lock:
            self._memory.pop((kind, key), None)
            if len(self._memory) >= _MEMORY_LIMIT:
                self._memory.pop(next(iter(self._memory)))  # the least recently stored
            self._memory[(kind, key)] = (version, data)
        path = self._path(kind, key, version)
        if persist and path is not None:
            try:
                write_private(path, json.dumps(data, default=_encode))
            except (OSError, TypeError):
                pass  # a cache that cannot be written only costs a Describe next time
