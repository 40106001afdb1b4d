"""What the areas share: timelines read through the clock, paging tokens, ids."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from ..constants import SANDBOX_ACCOUNT, SANDBOX_REGION
from ..errors import validation_error

T = TypeVar("T")
ARN_PREFIX = f"arn:aws:sagemaker:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}"


def ts(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=UTC)


def epoch(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def rng_for(seed: int, *parts: object) -> random.Random:
    """A generator for one thing of one area: the same seed always draws the same."""
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def short_id(seed: int, *parts: object, length: int = 12) -> str:
    """Lower-case alphanumeric id, stable per seed and parts (execution ids, domain ids)."""
    digest = hashlib.sha256(":".join(str(p) for p in (seed, *parts)).encode()).digest()
    alphabet = string.ascii_lowercase + string.digits
    return "".join(alphabet[b % len(alphabet)] for b in digest[:length])


@dataclass(slots=True)
class Timeline:
    """Statuses with the virtual time each begins; the status at ``now`` is the last
    one begun. Mutations (start, stop, delete) replace the planned future."""

    events: list[tuple[float, str]] = field(default_factory=list)

    def status(self, now: float) -> str:
        current = self.events[0][1]
        for at, status in self.events:
            if at > now:
                break
            current = status
        return current

    def since(self, now: float) -> float:
        """When the status at ``now`` began."""
        start = self.events[0][0]
        for at, _ in self.events:
            if at > now:
                break
            start = at
        return start

    def replan(self, now: float, *steps: tuple[float, str]) -> None:
        """Drop what has not happened yet and plan ``(delay from now, status)`` steps."""
        self.events = [e for e in self.events if e[0] <= now]
        self.events += [(now + delay, status) for delay, status in steps]


def page(
    items: list[T], params: dict[str, Any], default_max: int = 10
) -> tuple[list[T], str | None]:
    """One page of ``items`` by MaxResults/NextToken; the token is an opaque offset."""
    limit = int(params.get("MaxResults") or default_max)
    offset = 0
    token = params.get("NextToken")
    if token:
        try:
            body = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            offset = int(body["o"])
        except (ValueError, KeyError, TypeError) as exc:
            raise validation_error(
                "Invalid NextToken: the token is malformed, expired, or was issued for a "
                "request with different parameters."
            ) from exc
    chunk = items[offset : offset + limit]
    after = offset + len(chunk)
    if after >= len(items):
        return chunk, None
    raw = json.dumps({"v": 1, "o": after}, separators=(",", ":")).encode()
    return chunk, base64.urlsafe_b64encode(raw).decode().rstrip("=")


def sort_desc(params: dict[str, Any], default: str = "Descending") -> bool:
    return (params.get("SortOrder") or default) == "Descending"
