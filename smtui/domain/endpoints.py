"""Endpoints as the console shows them: variants joined with their configs, live metrics,
autoscaling ranges. Pure: built from API dicts, no I/O.

Field names: DescribeEndpoint / DescribeEndpointConfig
(https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeEndpoint.html):
DescribeEndpoint has no instance type, so it is joined from the endpoint config's
ProductionVariants by VariantName. ModelLatency is published in microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

STATUSES = (
    "OutOfService",
    "Creating",
    "Updating",
    "SystemUpdating",
    "RollingBack",
    "InService",
    "Deleting",
    "Failed",
    "UpdateRollbackFailed",
)
STATUS_WORDS = {s.lower(): s for s in STATUSES} | {
    "failed": "Failed",
    "updating": "Updating",
    "creating": "Creating",
    "inservice": "InService",
    "in-service": "InService",
    "ok": "InService",
}
ERROR_5XX_RATE = 0.01
"""5xx responses above 1% of invocations: the row turns red (0.1%: amber)."""
WARN_5XX_RATE = 0.001


def status_role(status: str) -> str:
    if status in ("Failed", "UpdateRollbackFailed"):
        return "error"
    if status in ("Updating", "SystemUpdating", "RollingBack", "OutOfService"):
        return "warning"
    if status == "Creating":
        return "running"
    if status == "Deleting":
        return "muted"
    return "ok" if status == "InService" else ""


def status_from_word(word: str) -> str | None:
    return STATUS_WORDS.get(word.lower().replace("_", ""))


def error_role(rate: float | None) -> str:
    if rate is None:
        return ""
    if rate >= ERROR_5XX_RATE:
        return "error"
    if rate >= WARN_5XX_RATE:
        return "warning"
    return ""


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    instance_type: str | None = None
    """None until joined from the config, and for serverless variants."""
    current: int | None = None
    desired: int | None = None
    weight: float | None = None
    desired_weight: float | None = None
    serverless: dict[str, int] | None = None
    status: str = ""
    """The first VariantStatus (Creating, Updating, ...), "" when settled."""
    shadow: bool = False
    model: str = ""

    @property
    def is_serverless(self) -> bool:
        return self.serverless is not None

    def capacity_text(self) -> str:
        if self.serverless is not None:
            return f"{self.serverless.get('MaxConcurrency', '?')} conc"
        cur = "-" if self.current is None else str(self.current)
        want = "-" if self.desired is None else str(self.desired)
        return cur if cur == want else f"{cur}/{want}"


@dataclass(frozen=True, slots=True)
class Metrics:
    """The last few minutes of an endpoint, all production variants together."""

    invocations_per_min: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    rate_4xx: float | None = None
    rate_5xx: float | None = None


@dataclass(frozen=True, slots=True)
class ScalingRange:
    min: int
    max: int
    suspended: bool = False


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    arn: str
    status: str
    created: datetime
    modified: datetime
    variants: tuple[Variant, ...] = ()
    described: bool = False
    config: str = ""
    failure_reason: str = ""
    capture: int | None = None
    """Data capture sampling percentage; None when capture is off (or not known yet)."""
    metrics: Metrics | None = None
    scaling: dict[str, ScalingRange] = field(default_factory=dict)
    """Scalable targets by variant name."""

    @classmethod
    def from_summary(cls, s: dict[str, Any]) -> Endpoint:
        return cls(
            name=s["EndpointName"],
            arn=s["EndpointArn"],
            status=s["EndpointStatus"],
            created=s["CreationTime"],
            modified=s["LastModifiedTime"],
        )

    @classmethod
    def from_describe(cls, d: dict[str, Any], config: dict[str, Any] | None = None) -> Endpoint:
        types = instance_types(config)
        models = {
            v["VariantName"]: v.get("ModelName", "")
            for v in (config or {}).get("ProductionVariants", [])
            + (config or {}).get("ShadowProductionVariants", [])
        }
        variants = [
            variant_from_api(v, types, models, shadow=False)
            for v in d.get("ProductionVariants") or []
        ]
        variants += [
            variant_from_api(v, types, models, shadow=True)
            for v in d.get("ShadowProductionVariants") or []
        ]
        if not variants and config:  # a Failed endpoint has no ProductionVariants
            variants = [
                Variant(
                    name=v["VariantName"],
                    instance_type=v.get("InstanceType"),
                    serverless=v.get("ServerlessConfig"),
                    model=v.get("ModelName", ""),
                )
                for v in config.get("ProductionVariants", [])
            ]
        capture = d.get("DataCaptureConfig") or {}
        return cls(
            name=d["EndpointName"],
            arn=d["EndpointArn"],
            status=d["EndpointStatus"],
            created=d["CreationTime"],
            modified=d["LastModifiedTime"],
            variants=tuple(variants),
            described=True,
            config=d.get("EndpointConfigName", ""),
            failure_reason=d.get("FailureReason", ""),
            capture=capture.get("CurrentSamplingPercentage")
            if capture.get("EnableCapture")
            else None,
        )

    @property
    def production(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if not v.shadow)

    def with_extras(self, metrics: Metrics | None, scaling: dict[str, ScalingRange]) -> Endpoint:
        return replace(self, metrics=metrics, scaling=scaling)

    def instance_types_text(self) -> str:
        types = []
        for v in self.production:
            text = "serverless" if v.is_serverless else (v.instance_type or "?")
            if text not in types:
                types.append(text)
        return ",".join(types) if types else "-"

    def capacity_text(self) -> str:
        parts = [v.capacity_text() for v in self.production]
        return ",".join(parts) if parts else "-"

    def total_instances(self) -> tuple[int, int]:
        cur = sum(v.current or 0 for v in self.variants if not v.is_serverless)
        want = sum(v.desired or 0 for v in self.variants if not v.is_serverless)
        return cur, want

    def scaling_text(self) -> str:
        ranges = [self.scaling[v.name] for v in self.production if v.name in self.scaling]
        if not ranges:
            return "-"
        text = ",".join(f"{r.min}-{r.max}" for r in ranges)
        return text + (" susp" if any(r.suspended for r in ranges) else "")

    def hourly_units(self) -> list[tuple[str, int]]:
        """(instance type, count) of every instance-backed variant, shadows included: what
        the endpoint is billed for per hour (the price comes with the cost view)."""
        out = []
        for v in self.variants:
            if v.instance_type and not v.is_serverless:
                count = v.current if v.current is not None else (v.desired or 0)
                out.append((v.instance_type, count))
        return out


def instance_types(config: dict[str, Any] | None) -> dict[str, str]:
    if not config:
        return {}
    out = {}
    for v in config.get("ProductionVariants", []) + config.get("ShadowProductionVariants", []):
        if v.get("InstanceType"):
            out[v["VariantName"]] = v["InstanceType"]
    return out


def variant_from_api(
    v: dict[str, Any], types: dict[str, str], models: dict[str, str], *, shadow: bool
) -> Variant:
    status = v.get("VariantStatus") or []
    serverless = v.get("CurrentServerlessConfig")
    return Variant(
        name=v["VariantName"],
        instance_type=None if serverless else types.get(v["VariantName"]),
        current=v.get("CurrentInstanceCount"),
        desired=v.get("DesiredInstanceCount"),
        weight=v.get("CurrentWeight"),
        desired_weight=v.get("DesiredWeight"),
        serverless=serverless,
        status=status[0]["Status"] if status else "",
        shadow=shadow,
        model=models.get(v["VariantName"], ""),
    )


def combine(
    invocations: dict[str, float | None],
    p50_us: dict[str, float | None],
    p99_us: dict[str, float | None],
    errors_4xx: dict[str, float | None],
    errors_5xx: dict[str, float | None],
    minutes: float,
) -> Metrics:
    """One endpoint's metrics from its production variants' sums (invocations and errors
    over ``minutes``) and latency percentiles (microseconds; the busiest variant's p50,
    the worst p99)."""
    total = sum(v for v in invocations.values() if v) if invocations else 0.0
    known = [v for v in invocations.values() if v is not None]
    if not known:
        return Metrics()

    def rate(errors: dict[str, float | None]) -> float | None:
        count = sum(v for v in errors.values() if v)
        return count / total if total else None

    busiest = max(invocations, key=lambda k: invocations[k] or 0)
    p50 = p50_us.get(busiest)
    p99s = [v for v in p99_us.values() if v is not None]
    return Metrics(
        invocations_per_min=total / minutes,
        p50_ms=None if p50 is None else p50 / 1000,
        p99_ms=max(p99s) / 1000 if p99s else None,
        rate_4xx=rate(errors_4xx),
        rate_5xx=rate(errors_5xx),
    )


def fmt_rate(rate: float | None) -> str:
    if rate is None:
        return "-"
    pct = rate * 100
    if pct == 0:
        return "0%"
    return f"{pct:.2f}%" if pct < 10 else f"{pct:.0f}%"


def fmt_ms(ms: float | None) -> str:
    if ms is None:
        return "-"
    return f"{ms:.1f}" if ms < 100 else f"{ms:,.0f}"


def fmt_rpm(rpm: float | None) -> str:
    if rpm is None:
        return "-"
    return f"{rpm:,.0f}" if rpm >= 10 else f"{rpm:.1f}"
