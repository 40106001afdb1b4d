"""CloudWatch metrics of endpoints, registered in the world's metrics hub.

Names, units and dimensions as the SageMaker developer guide lists them ("Amazon
SageMaker AI metrics in Amazon CloudWatch",
https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html, and "CloudWatch
Metrics for Multi-Model Endpoint Deployments"):

- ``AWS/SageMaker``, dimensions EndpointName + VariantName: Invocations,
  InvocationsPerInstance (1/number of instances sent per request), ModelLatency and
  OverheadLatency (microseconds), Invocation4XXErrors and Invocation5XXErrors (1 sent per
  error response, 0 otherwise: Average is the error rate); multi-model endpoints also
  LoadedModelCount, ModelCacheHit (1 per request whose model was loaded, so Average is
  the hit ratio), ModelLoadingWaitTime, ModelDownloadingTime, ModelLoadingTime
  (microseconds).
- ``/aws/sagemaker/Endpoints``, same dimensions, percent: CPUUtilization and
  GPUUtilization are sums over cores / GPUs (0-100% each, so 0-400% on four), as is
  GPUMemoryUtilization; MemoryUtilization and DiskUtilization are 0-100%. Serverless
  variants publish MemoryUtilization only.

Every value is derived per minute from the traffic model (traffic.py) and the instance
counts the autoscaler produced (area.py); longer periods aggregate the minutes (sampled
every few minutes past 15 minutes a bucket).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..hubs import MetricId, dims
from . import components
from .catalog import INSTANCE_SPECS
from .model import Endpoint, Variant
from .traffic import Dist, aggregate, key_of, mix

if TYPE_CHECKING:
    from .area import EndpointsArea

INVOCATIONS_NS = "AWS/SageMaker"
INSTANCES_NS = "/aws/sagemaker/Endpoints"
INVOCATION_METRICS = (
    "Invocations",
    "InvocationsPerInstance",
    "ModelLatency",
    "OverheadLatency",
    "Invocation4XXErrors",
    "Invocation5XXErrors",
)
MME_METRICS = (
    "LoadedModelCount",
    "ModelCacheHit",
    "ModelLoadingWaitTime",
    "ModelDownloadingTime",
    "ModelLoadingTime",
)
INSTANCE_METRICS = ("CPUUtilization", "MemoryUtilization", "DiskUtilization")
GPU_METRICS = ("GPUUtilization", "GPUMemoryUtilization")
MICROSECONDS = {"ModelLatency", "OverheadLatency", "ModelLoadingWaitTime"} | {
    "ModelDownloadingTime",
    "ModelLoadingTime",
}


def unit(metric: MetricId) -> str:
    if metric.namespace == INSTANCES_NS:
        return "Percent"
    return "Microseconds" if metric.name in MICROSECONDS else "None"


def metric_names(namespace: str, ep: Endpoint, v: Variant) -> tuple[str, ...]:
    tpl = v.tpl
    if namespace == INVOCATIONS_NS:
        names: tuple[str, ...] = INVOCATION_METRICS
        if tpl.serverless is not None:
            names = tuple(n for n in names if n != "InvocationsPerInstance")
        if tpl.multi_model:
            names += MME_METRICS
        return names
    if tpl.serverless is not None:
        return ("MemoryUtilization",)
    gpus = INSTANCE_SPECS.get(tpl.instance_type or "", (1, 0))[1]
    return INSTANCE_METRICS + (GPU_METRICS if gpus else ())


class EndpointMetrics:
    def __init__(self, area: EndpointsArea) -> None:
        self.area = area

    def metrics(self, namespace: str) -> list[MetricId]:
        now = self.area.sync()
        out = []
        for ep in self.area.live(now):
            if ep.in_service_since() is None:
                continue
            for v in ep.all_variants():
                d = dims({"EndpointName": ep.name, "VariantName": v.name})
                out += [MetricId(namespace, n, d) for n in metric_names(namespace, ep, v)]
        if namespace == INVOCATIONS_NS:
            for comp in self.area.components.values():
                if comp.exists(now) and comp.count(now) > 0:
                    d = dims({"InferenceComponentName": comp.name})
                    out += [MetricId(namespace, n, d) for n in components.METRICS]
        return out

    def series(
        self, metric: MetricId, start: float, end: float, period: int, stat: str
    ) -> list[tuple[float, float]]:
        self.area.sync()
        wanted = dict(metric.dimensions)
        if set(wanted) == {"InferenceComponentName"} and metric.namespace == INVOCATIONS_NS:
            comp = self.area.components.get(wanted["InferenceComponentName"])
            if comp is None or metric.name not in components.METRICS:
                return []
            area = self.area
            return aggregated(
                lambda m: components.minute_dist(area, comp, metric.name, m),
                start,
                end,
                period,
                stat,
            )
        if set(wanted) != {"EndpointName", "VariantName"}:
            return []
        found = self._find(wanted["EndpointName"], wanted["VariantName"])
        if found is None:
            return []
        ep, v = found
        if metric.name not in metric_names(metric.namespace, ep, v):
            return []
        return aggregated(lambda m: self.minute(metric.name, ep, v, m), start, end, period, stat)

    def _find(self, endpoint: str, variant: str) -> tuple[Endpoint, Variant] | None:
        for ep in reversed(self.area.every_endpoint()):
            if ep.name == endpoint:
                for v in ep.all_variants():
                    if v.name == variant:
                        return ep, v
        return None

    def minute(self, name: str, ep: Endpoint, v: Variant, m: int) -> Dist | None:
        t = m * 60.0
        if not ep.serving(t):
            return None
        tpl = v.template_at(t)
        inv = float(round(ep.invocations(v, m)))
        count = v.count(t)
        serverless = tpl.serverless is not None
        key = key_of(ep.name, v.name, name)
        noise = mix(key, m)
        u = self._load(ep, v, inv, count)
        incidents = ep.traffic.incidents(t)
        slow = max((i.severity for i in incidents if i.kind == "latency"), default=1.0)
        burst = sum(i.severity for i in incidents if i.kind == "5xx")
        if name in ("CPUUtilization", "MemoryUtilization", "DiskUtilization") or name in (
            "GPUUtilization",
            "GPUMemoryUtilization",
        ):
            n = 1.0 if serverless else float(count)
            if n <= 0:
                return None
            vcpus, gpus = INSTANCE_SPECS.get(tpl.instance_type or "", (2, 0))
            if name == "CPUUtilization":
                per_core = min(100.0, 4 + 76 * u * (0.9 + 0.2 * noise))
                return Dist("spread", n, per_core * vcpus, 0.12)
            if name == "MemoryUtilization":
                base = 62.0 if gpus else 34.0
                return Dist("spread", n, min(99.0, base + 14 * u + 3 * noise), 0.05)
            if name == "DiskUtilization":
                age_days = max(0.0, t - ep.created) / 86400
                return Dist("spread", n, min(95.0, 21 + 0.15 * age_days + noise), 0.02)
            if name == "GPUUtilization":
                return Dist("spread", n, min(100.0, 3 + 88 * u * (0.9 + 0.2 * noise)) * gpus, 0.1)
            return Dist("spread", n, min(100.0, 48 + 30 * u) * gpus, 0.04)
        if inv <= 0:
            return None
        if name == "Invocations":
            return Dist("const", inv, 1.0)
        if name == "InvocationsPerInstance":
            return Dist("const", inv, 1.0 / count) if count > 0 else None
        if name == "ModelLatency":
            median = tpl.latency_ms * 1000 * (1 + 1.6 * max(0.0, u - 0.75)) * slow
            median *= 0.95 + 0.1 * noise
            return Dist("lognormal", inv, median, tpl.sigma + (0.25 if slow > 1 else 0.0))
        if name == "OverheadLatency":
            median = (5200.0 if serverless else 1700.0) * (0.9 + 0.2 * noise)
            return Dist("lognormal", inv, median, 0.5)
        if name == "Invocation4XXErrors":
            return Dist("bernoulli", inv, 0.004 + 0.006 * mix(key, m // 30))
        if name == "Invocation5XXErrors":
            # Whole errors per minute, in proportion to the traffic: the expected count
            # (a 0.02% background, a burst, overload) dithered by the minute's noise, so
            # an endpoint at 2 invocations a minute shows no 5xx most minutes instead of a
            # constant 0.02% (Sum is the error count, Average the share of invocations).
            overload = 0.2 * max(0.0, u - 1.15)
            rate = min(1.0, 0.0002 + burst + overload)
            errors = min(inv, math.floor(inv * rate + noise))
            return Dist("bernoulli", inv, errors / inv)
        hit = max(0.5, 0.975 - 0.05 * u - 0.01 * noise)
        if name == "LoadedModelCount":
            return Dist("const", 1.0, float(round(34 + 40 * u + 8 * noise)))
        if name == "ModelCacheHit":
            return Dist("bernoulli", inv, hit)
        misses = max(1.0, inv * (1 - hit))
        medians = {
            "ModelLoadingWaitTime": 650_000.0,
            "ModelDownloadingTime": 420_000.0,
            "ModelLoadingTime": 180_000.0,
        }
        if name in medians:
            return Dist("lognormal", misses, medians[name] * (0.9 + 0.2 * noise), 0.5)
        return None

    @staticmethod
    def _load(ep: Endpoint, v: Variant, inv: float, count: int) -> float:
        """Utilisation of the variant's capacity (1.0 = saturated)."""
        tpl = v.tpl
        if tpl.serverless is not None:
            memory, concurrency, _ = tpl.serverless
            return min(1.2, inv * tpl.latency_ms / 60_000 / max(1, concurrency))
        if count <= 0:
            return 0.0
        if tpl.scaling is not None:
            per_instance = tpl.scaling.target * 1.5
        else:
            peak = (
                ep.traffic.rpm * (tpl.share if not v.shadow else 1.0) * (1 + ep.traffic.amplitude)
            )
            per_instance = max(1.0, peak * 1.4 / max(1, tpl.count))
        return inv / count / per_instance


def aggregated(
    minute: Callable[[int], Dist | None], start: float, end: float, period: int, stat: str
) -> list[tuple[float, float]]:
    """One ``stat`` a period from per-minute distributions (sampled past 12 minutes)."""
    out = []
    t0 = start
    while t0 < end:
        m0 = math.ceil(t0 / 60)
        m1 = math.ceil(min(t0 + period, end) / 60)
        step = max(1, (m1 - m0) // 12)
        minutes = []
        for m in range(m0, m1, step):
            dist = minute(m)
            if dist is not None:
                minutes.append((dist, float(min(step, m1 - m))))
        value = aggregate(minutes, stat)
        if value is not None:
            out.append((t0, value))
        t0 += period
    return out
