"""The state of the endpoints area: endpoints, variants, configs, models, scalable targets.

Histories are piecewise constant and append-only in time order ((time, value) lists), so
the state at any past instant is a bisect away: metrics for last week read the same
instance counts and weights the autoscaler produced.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .catalog import EndpointTemplate, VariantTemplate
from .traffic import Traffic

DELETE_SECONDS = 90.0


def _when(entry: tuple[float, Any]) -> float:
    return entry[0]


def value_at(history: list[tuple[float, Any]], t: float, default: Any = None) -> Any:
    if history and history[-1][0] <= t:  # the common case: the latest value
        return history[-1][1]
    i = bisect.bisect_right(history, t, key=_when)
    return history[i - 1][1] if i else default


@dataclass
class Instance:
    id: str
    launched: float
    ready: float
    terminated: float | None = None

    def alive(self, t: float) -> bool:
        return self.launched <= t and (self.terminated is None or t < self.terminated)


@dataclass
class Variant:
    endpoint: str
    tpl: VariantTemplate
    shadow: bool = False
    counts: list[tuple[float, int]] = field(default_factory=list)
    """CurrentInstanceCount (instances in service) from each time on."""
    desired: list[tuple[float, int]] = field(default_factory=list)
    weights: list[tuple[float, float]] = field(default_factory=list)
    """CurrentWeight from each time on."""
    desired_weight: float = 1.0
    serverless: tuple[int, int, int | None] | None = None
    desired_serverless: tuple[int, int, int | None] | None = None
    instances: list[Instance] = field(default_factory=list)
    change: tuple[float, float, str] | None = None
    """(start, end, message) of the last change of this variant (VariantStatus Updating)."""
    swap: tuple[float, VariantTemplate] | None = None
    """A blue/green deployment replaces the model and instance type at this time."""

    @property
    def name(self) -> str:
        return self.tpl.name

    def template_at(self, t: float) -> VariantTemplate:
        if self.swap is not None and t >= self.swap[0]:
            return self.swap[1]
        return self.tpl

    def count(self, t: float) -> int:
        return int(value_at(self.counts, t, 0))

    def desired_count(self, t: float) -> int:
        return int(value_at(self.desired, t, 0))

    def weight(self, t: float) -> float:
        return float(value_at(self.weights, t, self.tpl.weight))


@dataclass
class Endpoint:
    tpl: EndpointTemplate
    name: str
    arn: str
    created: float
    config: str
    traffic: Traffic
    transitions: list[tuple[float, str]] = field(default_factory=list)
    failure: str = ""
    variants: list[Variant] = field(default_factory=list)
    shadows: list[Variant] = field(default_factory=list)
    capture: int | None = None
    modified: list[float] = field(default_factory=list)
    pending: tuple[str, float, float] | None = None
    """A blue/green deployment: (new config, start, end)."""
    deleted: float | None = None
    tags: list[dict[str, str]] = field(default_factory=list)
    _since: float | None = None

    def status(self, t: float) -> str:
        if self.deleted is not None and t >= self.deleted:
            return "Deleting"
        return str(value_at(self.transitions, t, "Creating"))

    def exists(self, t: float) -> bool:
        return self.created <= t and (self.deleted is None or t < self.deleted + DELETE_SECONDS)

    def in_service_since(self) -> float | None:
        if self._since is None:
            self._since = next((w for w, s in self.transitions if s == "InService"), -1.0)
        return None if self._since < 0 else self._since

    def serving(self, t: float) -> bool:
        """Taking traffic (published metrics): InService or Updating, not being deleted."""
        since = self.in_service_since()
        return since is not None and since <= t and self.status(t) in ("InService", "Updating")

    def last_modified(self, t: float) -> float:
        times = [m for m in self.modified if m <= t] + [w for w, _ in self.transitions if w <= t]
        if self.deleted is not None and self.deleted <= t:
            times.append(self.deleted)
        return max(times) if times else self.created

    def config_at(self, t: float) -> str:
        if self.pending is not None and t >= self.pending[2]:
            return self.pending[0]
        return self.config

    def all_variants(self) -> list[Variant]:
        return [*self.variants, *self.shadows]

    def share(self, variant: Variant, t: float) -> float:
        """The part of the endpoint's requests this variant serves at ``t``."""
        if variant.shadow:
            return 1.0  # a shadow variant receives a copy of the production traffic
        total = sum(v.weight(t) for v in self.variants)
        return variant.weight(t) / total if total > 0 else 0.0

    def invocations(self, variant: Variant, minute: int) -> float:
        t = minute * 60.0
        if not self.serving(t) or variant.count(t) <= 0 and variant.serverless is None:
            return 0.0
        return self.traffic.rate(minute) * self.share(variant, t)


@dataclass
class Config:
    name: str
    arn: str
    created: float
    tpl: EndpointTemplate
    variants: tuple[VariantTemplate, ...]
    shadow: VariantTemplate | None = None
    capture: int | None = None


@dataclass
class Model:
    name: str
    arn: str
    created: float
    tpl: VariantTemplate


@dataclass(frozen=True)
class AlarmSpec:
    """The CloudWatch alarm a step scaling policy acts on (the sandbox evaluates it itself:
    CloudWatch alarms are not served). ``metric`` is one the scaled resource publishes per
    minute, read with ``stat``; the breach is ``value - threshold``."""

    name: str
    metric: str
    stat: str
    threshold: float


@dataclass
class Policy:
    name: str
    type: str
    config: dict[str, Any]
    created: float
    arn: str
    alarms: list[dict[str, str]]
    alarm_spec: AlarmSpec | None = None
    """Step scaling: the alarm, when the fleet defines it (else see area.step_alarm)."""
    last_action: float = -math.inf
    """Step scaling: when this policy last changed the capacity (its Cooldown)."""

    def tracks(self, metric: str) -> bool:
        spec = self.config.get("PredefinedMetricSpecification") or {}
        return self.type == "TargetTrackingScaling" and spec.get("PredefinedMetricType") == metric

    @property
    def tracks_invocations(self) -> bool:
        return self.tracks("SageMakerVariantInvocationsPerInstance")


@dataclass
class Subject:
    """What a scalable target scales, as the autoscaler sees it: a variant's instances or an
    inference component's copies (area.py builds one per target and minute)."""

    resource_id: str
    dimension: str
    noun: str
    """"instance count" or "copy count": the activity texts say it."""
    metric: str
    """The predefined metric target tracking follows for this resource."""
    per_unit_metric: str
    """Its CloudWatch metric (InvocationsPerInstance, InvocationsPerCopy)."""
    desired: Callable[[float], int]
    current: Callable[[float], int]
    invocations: Callable[[int], float]
    """Requests served during a minute (epoch // 60), all units together."""
    sample: Callable[[str, str, int], float | None]
    """(metric name, statistic, minute) -> what CloudWatch has for that minute."""
    apply: Callable[[float, int], float]
    """Sets the desired count at a time; returns how long the change takes."""
    capacity: float
    """Requests per minute one unit is sized for (a step policy's default threshold)."""


@dataclass
class Target:
    resource_id: str
    dimension: str
    endpoint: str
    variant: str
    min: int
    max: int
    created: float
    arn: str
    role: str
    suspended: dict[str, bool] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    component: str = ""
    """The inference component this target scales ("" for a variant)."""
    high: int = 0
    low: int = 0
    last_out: float = -math.inf
    last_in: float = -math.inf
    last_not_scaled: float = -math.inf

    def is_suspended(self, which: str) -> bool:
        return bool(self.suspended.get(which, False))


@dataclass
class Activity:
    id: str
    resource_id: str
    dimension: str
    description: str
    cause: str
    start: float
    end: float
    message: str
    not_scaled: list[dict[str, Any]] | None = None

    def as_api(self, now: float) -> dict[str, Any] | None:
        from datetime import UTC, datetime

        if self.start > now:
            return None
        done = now >= self.end
        out: dict[str, Any] = {
            "ActivityId": self.id,
            "ServiceNamespace": "sagemaker",
            "ResourceId": self.resource_id,
            "ScalableDimension": self.dimension,
            "Description": self.description,
            "Cause": self.cause,
            "StartTime": datetime.fromtimestamp(self.start, tz=UTC),
        }
        if self.not_scaled is not None:
            out.update(StatusCode="Failed", StatusMessage=self.message)
            out["EndTime"] = datetime.fromtimestamp(self.start, tz=UTC)
            out["NotScaledReasons"] = self.not_scaled
        elif done:
            out.update(StatusCode="Successful", StatusMessage=self.message)
            out["EndTime"] = datetime.fromtimestamp(self.end, tz=UTC)
        else:
            out["StatusCode"] = "InProgress"
        return out
