"""Deterministic traffic, latency and incidents: pure functions of the seed and the time.

Nothing here is sequential: any minute can be computed on its own (hash-based noise), so
a metrics query for last week costs only the minutes it asks for.

Shape of a day: a sinusoid peaking in the afternoon (UTC), weekends at 75%, slow noise
(knots every 10 minutes, interpolated) and a little per-minute jitter. Incidents: about
one every four days per endpoint (a latency spike, or a 5xx burst), drawn per 6-hour
block; some endpoints also have incidents planted at fixed offsets from the sandbox
start, so a fresh console always has something to show.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from statistics import NormalDist

from .catalog import EndpointTemplate

MASK = (1 << 64) - 1
BLOCK = 6 * 3600.0
INCIDENT_ODDS = 0.06
_Z = NormalDist()


def key_of(*parts: object) -> int:
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def mix(key: int, n: int) -> float:
    """A uniform number in [0, 1) for (key, n): splitmix64's finaliser."""
    x = (key + (n & MASK) * 0x9E3779B97F4A7C15) & MASK
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & MASK
    x ^= x >> 31
    return x / 2.0**64


def hex_id(key: int, n: int, length: int) -> str:
    out = ""
    i = 0
    while len(out) < length:
        out += f"{int(mix(key, n * 131 + i) * 2**32):08x}"
        i += 1
    return out[:length]


@lru_cache(maxsize=64)
def z(q: float) -> float:
    """The standard normal quantile of q in (0, 1)."""
    return _Z.inv_cdf(min(max(q, 1e-9), 1 - 1e-9))


@dataclass(frozen=True)
class Incident:
    kind: str  # "latency", "5xx" or "surge"
    start: float
    end: float
    severity: float
    """latency: median multiplier; 5xx: error rate; surge: extra invocations per minute."""

    def level(self, t: float) -> float:
        """0 outside, ramping up over the first 10 minutes of a surge, else 1."""
        if not self.start <= t < self.end:
            return 0.0
        if self.kind == "surge":
            up = min(1.0, (t - self.start) / 600)
            down = min(1.0, (self.end - t) / 1800)
            return max(0.0, min(up, down))
        return 1.0


class Traffic:
    """The endpoint-wide request rate and the incidents of one endpoint."""

    def __init__(self, seed: int, tpl: EndpointTemplate, start: float) -> None:
        self.key = key_of(seed, tpl.name, "traffic")
        self.incident_key = key_of(seed, tpl.name, "incidents")
        self.rpm = tpl.rpm * (0.92 + 0.16 * mix(self.key, -1))
        self.amplitude = tpl.amplitude
        self.peak = tpl.peak_hour + (mix(self.key, -2) - 0.5) * 2
        self.planted = tuple(
            Incident(
                kind,
                start + a,
                start + b,
                2.6 * self.rpm if kind == "surge" else (6.0 if kind == "latency" else 0.09),
            )
            for kind, a, b in tpl.planted
        )
        self.random_incidents = tpl.rpm > 0

    @lru_cache(maxsize=65536)  # noqa: B019 - one Traffic per endpoint, lives with the sandbox
    def rate(self, minute: int) -> float:
        """Invocations per minute for the whole endpoint during ``minute`` (epoch // 60)."""
        if self.rpm <= 0:
            return 0.0
        t = minute * 60.0
        hour = (t % 86400) / 3600
        daily = 1 + self.amplitude * math.sin(2 * math.pi * (hour - self.peak + 6) / 24)
        weekly = 0.75 if datetime.fromtimestamp(t, tz=UTC).weekday() >= 5 else 1.0
        knot, frac = divmod(minute, 10)
        slow = (1 - frac / 10) * mix(self.key, knot) + (frac / 10) * mix(self.key, knot + 1)
        noise = 1 + 0.16 * (slow - 0.5) + 0.06 * (mix(self.key ^ 0x5A5A, minute) - 0.5)
        rate = self.rpm * daily * weekly * noise
        for inc in self.incidents(t):
            if inc.kind == "surge":
                rate += inc.severity * inc.level(t)
        return max(0.0, rate)

    def incidents(self, t: float) -> list[Incident]:
        """Incidents active at ``t``."""
        out = [i for i in self.planted if i.start <= t < i.end]
        if not self.random_incidents:
            return out
        block = int(t // BLOCK)
        for b in (block - 1, block):
            inc = self._block_incident(b)
            if inc is not None and inc.start <= t < inc.end:
                out.append(inc)
        return out

    def incidents_between(self, start: float, end: float) -> list[Incident]:
        out = [i for i in self.planted if i.start < end and i.end > start]
        if self.random_incidents:
            for b in range(int(start // BLOCK) - 1, int(end // BLOCK) + 1):
                inc = self._block_incident(b)
                if inc is not None and inc.start < end and inc.end > start:
                    out.append(inc)
        return sorted(out, key=lambda i: i.start)

    @lru_cache(maxsize=4096)  # noqa: B019
    def _block_incident(self, block: int) -> Incident | None:
        if mix(self.incident_key, block) >= INCIDENT_ODDS:
            return None
        start = block * BLOCK + mix(self.incident_key, block + 7_000_001) * (BLOCK - 3600)
        length = 600 + mix(self.incident_key, block + 7_000_002) * 1800
        if mix(self.incident_key, block + 7_000_003) < 0.5:
            return Incident("latency", start, start + length, 3 + 4 * mix(self.key, block))
        return Incident("5xx", start, start + length, 0.03 + 0.12 * mix(self.key, block))


# --- per-minute distributions ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Dist:
    """What one metric published during one minute: ``n`` samples of a distribution.

    kind "const": every sample is ``a``; "lognormal": median ``a``, sigma ``b``;
    "bernoulli": samples are 1 with probability ``a``, else 0; "spread": samples uniform
    in [a(1-b), a(1+b)] (one per instance, for utilisation).
    """

    kind: str
    n: float
    a: float
    b: float = 0.0

    @property
    def mean(self) -> float:
        if self.kind == "lognormal":
            return self.a * math.exp(self.b * self.b / 2)
        return self.a

    @property
    def minimum(self) -> float:
        if self.kind == "lognormal":
            return self.a * math.exp(-3.0 * self.b)
        if self.kind == "bernoulli":
            return 1.0 if self.a >= 1 else 0.0
        if self.kind == "spread":
            return self.a * (1 - self.b)
        return self.a

    @property
    def maximum(self) -> float:
        if self.kind == "lognormal":
            return self.a * math.exp(3.3 * self.b)
        if self.kind == "bernoulli":
            return 1.0 if self.a > 0 else 0.0
        if self.kind == "spread":
            return self.a * (1 + self.b)
        return self.a

    def quantile(self, q: float) -> float:
        """q in [0, 1]."""
        if self.kind == "lognormal":
            return self.a * math.exp(self.b * z(q))
        if self.kind == "bernoulli":
            return 1.0 if q > 1 - self.a else 0.0
        if self.kind == "spread":
            return self.a * (1 - self.b + 2 * self.b * q)
        return self.a


def sampler(
    minute: Callable[[str, int], Dist | None],
) -> Callable[[str, str, int], float | None]:
    """(metric, stat, minute) -> that minute's statistic, from a per-minute distribution."""

    def sample(name: str, stat: str, m: int) -> float | None:
        dist = minute(name, m)
        return None if dist is None else aggregate([(dist, 1.0)], stat)

    return sample


def aggregate(minutes: list[tuple[Dist, float]], stat: str) -> float | None:
    """One CloudWatch statistic over weighted minutes ((dist, weight in minutes))."""
    minutes = [(d, w) for d, w in minutes if d.n > 0]
    if not minutes:
        return None
    if stat == "Sum":
        return sum(d.mean * d.n * w for d, w in minutes)
    if stat == "SampleCount":
        return sum(d.n * w for d, w in minutes)
    if stat == "Minimum":
        return min(d.minimum for d, _ in minutes)
    if stat == "Maximum":
        return max(d.maximum for d, _ in minutes)
    total = sum(d.n * w for d, w in minutes)
    if stat == "Average":
        return sum(d.mean * d.n * w for d, w in minutes) / total
    if stat.startswith("p"):
        # Approximation: the sample-weighted mean of each minute's percentile.
        q = float(stat[1:]) / 100
        return sum(d.quantile(q) * d.n * w for d, w in minutes) / total
    return None
