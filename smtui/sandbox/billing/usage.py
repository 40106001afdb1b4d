"""What the simulated fleet costs, hour by hour: Cost Explorer's source of truth.

Every resource becomes spending segments (start, end, USD per hour) read from the same
simulators the SageMaker API answers from:

- training jobs: BillableTimeInSeconds x instances x the training price, spread over
  their training time (managed spot bills fewer seconds), plus ML storage for their
  volumes, plus a warm pool's retained billable time;
- processing and batch transform jobs: start to end x instances x their price;
- endpoint instances: from in service to terminated x the hosting price of the variant's
  instance type at that time (blue/green deployments change it); serverless variants:
  invocations x mean model latency x memory size x the serverless price, per 10 minutes;
- notebook instances: their InService intervals x the notebook price.
"""

from __future__ import annotations

import math
import threading
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..constants import SANDBOX_REGION
from .prices import PriceList

if TYPE_CHECKING:
    from ..world import World

HOURS_PER_MONTH = 730.0
SERVERLESS_STEP = 600  # seconds sampled together for serverless traffic

Segment = tuple[float, float, float]
"""(start, end, USD per hour), epoch seconds."""


def _epoch(value: Any) -> float | None:
    return value.timestamp() if isinstance(value, datetime) else None


class Biller:
    def __init__(self, world: World) -> None:
        self.world = world
        self.prices = PriceList()
        self.region = SANDBOX_REGION
        self._lock = threading.Lock()

    # --- the bill ------------------------------------------------------------------------
    def cost(self, start: float, end: float, segments: list[Segment] | None = None) -> float:
        """USD billed for SageMaker in [start, end)."""
        total = 0.0
        for s0, s1, rate in segments if segments is not None else self.segments():
            lo, hi = max(s0, start), min(s1, end)
            if hi > lo:
                total += rate * (hi - lo) / 3600.0
        return total

    def segments(self, since: float = 0.0) -> list[Segment]:
        """Every spending segment as of now (serverless sampled from ``since`` on)."""
        with self._lock:
            now = self.world.clock.now()
            out: list[Segment] = []
            out += self._training(now)
            out += self._jobkinds(now)
            out += self._endpoints(now, since)
            out += self._notebooks(now)
            return out

    # --- sources ---------------------------------------------------------------------------
    def _price(self, instance_type: str | None, use: str) -> float:
        return self.prices.price(self.region, instance_type, use)

    def _storage_per_hour(self, gb: float) -> float:
        return gb * self.prices.storage.get(self.region, 0.0) / HOURS_PER_MONTH

    def _training(self, now: float) -> list[Segment]:
        from ..simulator.describe import describe

        out: list[Segment] = []
        records, now = self.world.training.records()
        for job in records:
            d = describe(job, now)
            start = _epoch(d.get("TrainingStartTime"))
            if start is None:
                continue
            rc = d["ResourceConfig"]
            count = int(rc.get("InstanceCount", 1))
            rate = self._price(rc.get("InstanceType"), "training") * count
            rate += self._storage_per_hour(float(rc.get("VolumeSizeInGB", 0)) * count)
            if d["TrainingJobStatus"] in ("InProgress", "Stopping"):
                out.append((start, now, rate))
                continue
            trained = float(d.get("TrainingTimeInSeconds") or 0)
            billable = float(d.get("BillableTimeInSeconds") or 0)
            if trained > 0 and billable > 0:
                out.append((start, start + trained, rate * billable / trained))
            pool = d.get("WarmPoolStatus") or {}
            end = _epoch(d.get("TrainingEndTime")) or start + trained
            if pool.get("ResourceRetainedBillableTimeInSeconds"):
                out.append((end, end + pool["ResourceRetainedBillableTimeInSeconds"], rate))
            elif pool.get("Status") == "Available":
                out.append(
                    (end, min(now, end + float(rc.get("KeepAlivePeriodInSeconds", 0))), rate)
                )
        return out

    def _jobkinds(self, now: float) -> list[Segment]:
        from ..jobkinds import area

        kinds = area(self.world)
        out: list[Segment] = []
        for sim, use, resources, start_key, end_key in (
            (
                kinds.processing,
                "processing",
                "ProcessingResources",
                "ProcessingStartTime",
                "ProcessingEndTime",
            ),
            (
                kinds.transform,
                "transform",
                "TransformResources",
                "TransformStartTime",
                "TransformEndTime",
            ),
        ):
            for job in sim.jobs():
                d = sim.describe_named(job.name, now)
                res = d.get(resources) or {}
                res = res.get("ClusterConfig", res)
                start = _epoch(d.get(start_key))
                if start is None:
                    continue
                end = _epoch(d.get(end_key)) or now
                count = int(res.get("InstanceCount", 1))
                rate = self._price(res.get("InstanceType"), use) * count
                if use == "processing":
                    rate += self._storage_per_hour(float(res.get("VolumeSizeInGB", 0)) * count)
                out.append((start, end, rate))
        return out

    def _endpoints(self, now: float, since: float) -> list[Segment]:
        from ..endpoints import endpoints_area

        area = endpoints_area(self.world)
        now = area.sync()
        out: list[Segment] = []
        per_gb_s = self.prices.serverless.get(self.region, 0.0)
        with area.lock:
            for ep in area.every_endpoint():
                for v in ep.all_variants():
                    if v.tpl.serverless is not None:
                        out += self._serverless(ep, v, now, since, per_gb_s)
                        continue
                    for inst in v.instances:
                        start = inst.ready
                        end = inst.terminated if inst.terminated is not None else now
                        if ep.deleted is not None:
                            end = min(end, ep.deleted)
                        end = min(end, now)
                        if end <= start:
                            continue
                        tpl = v.template_at(start)
                        out.append((start, end, self._price(tpl.instance_type, "hosting")))
        return out

    def _serverless(self, ep: Any, v: Any, now: float, lo: float, per_gb_s: float) -> list[Segment]:
        since = ep.in_service_since()
        if since is None:
            return []
        out: list[Segment] = []
        t = math.floor(max(since, lo) / SERVERLESS_STEP) * SERVERLESS_STEP
        while t < now:
            tpl = v.template_at(t)
            memory_gb = (tpl.serverless or (1024, 1, None))[0] / 1024.0
            mean_s = tpl.latency_ms / 1000.0 * math.exp(tpl.sigma**2 / 2)
            per_minute = ep.invocations(v, int(t // 60))
            usd_per_hour = per_minute * 60 * mean_s * memory_gb * per_gb_s
            out.append((t, min(t + SERVERLESS_STEP, now), usd_per_hour))
            t += SERVERLESS_STEP
        return out

    def _notebooks(self, now: float) -> list[Segment]:
        from ..areas.notebooks import notebook_area

        out: list[Segment] = []
        for nb in notebook_area(self.world).notebooks.values():
            events = [e for e in nb.timeline.events if e[0] <= now]
            price = self._price(nb.instance_type, "notebook")
            for (at, status), nxt in zip(events, [*events[1:], (now, "")], strict=True):
                if status == "InService" and nxt[0] > at:
                    out.append((at, nxt[0], price))
        return out
