"""What SageMaker resources cost: hourly prices x usage, accrued over time windows.

Pure functions over real-shaped API dicts; no I/O. A resource's cost is a :class:`Charge`:
segments of spending at a constant rate (a finished job is one closed segment, a running
job or an in-service endpoint an open one that grows with the clock), so totals for any
window (today, this month, a past day) and the burn rate now are plain arithmetic and
can tick every second without an API call.

Billing rules, as the SageMaker API reference states them (DescribeTrainingJob, botocore
sagemaker model):

- ``TrainingStartTime``: "You are billed for the time interval between this time and the
  value of TrainingEndTime."
- ``BillableTimeInSeconds``: "Multiply BillableTimeInSeconds by the number of instances
  (InstanceCount) in your training cluster to get the total compute time SageMaker bills
  you"; managed spot is already discounted in it: the saving is
  "(1 - BillableTimeInSeconds / TrainingTimeInSeconds) * 100".
- ``WarmPoolStatus.ResourceRetainedBillableTimeInSeconds``: "The billable time in seconds
  used by the warm pool ... ResourceRetainedBillableTimeInSeconds * InstanceCount"; a pool
  still Available is billed until reused or ``KeepAlivePeriodInSeconds`` runs out.
- Serverless inference is billed per second of compute by memory size, plus data
  processed (SageMaker pricing page); the console estimates it from CloudWatch's
  Invocations and ModelLatency, so such figures are marked as estimates.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from math import isclose
from typing import Any, Literal

Use = Literal["training", "hosting", "processing", "transform", "notebook"]
USES: tuple[Use, ...] = ("training", "hosting", "processing", "transform", "notebook")

HOURS_PER_MONTH = 730.0
"""Storage is priced per GB-month; AWS prorates it over 730 hours a month."""

SOURCE_API = "price list API"


@dataclass(frozen=True, slots=True)
class Price:
    usd_per_hour: float
    source: str
    """Where the figure came from: "price list API", "bundled table (2025-01)", "--price"."""


PriceOf = Callable[[str], Price | None]
"""instance type -> its hourly price for one use in one region (None: unknown)."""


# --- segments and charges ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Segment:
    """Spending at ``usd_per_hour`` from ``start`` to ``end`` (None: still going on, up to
    "now" and never past ``limit``)."""

    start: datetime
    end: datetime | None
    usd_per_hour: float
    limit: datetime | None = None

    def until(self, now: datetime) -> datetime:
        end = self.end if self.end is not None else now
        if self.limit is not None and end > self.limit:
            end = self.limit
        return end

    def amount(self, a: datetime | None, b: datetime | None, now: datetime) -> float:
        """USD spent in [a, b) (None: unbounded), as seen at ``now``."""
        lo = self.start if a is None or a < self.start else a
        end = self.until(now)
        hi = end if b is None or b > end else b
        seconds = (hi - lo).total_seconds()
        return self.usd_per_hour * seconds / 3600.0 if seconds > 0 else 0.0

    def is_open(self, now: datetime) -> bool:
        return self.end is None and (self.limit is None or now < self.limit)


@dataclass(frozen=True, slots=True)
class Charge:
    """One resource's cost: where it spent and where it spends now."""

    kind: str
    """training, processing, transform, endpoint, notebook."""
    key: str
    status: str = ""
    segments: tuple[Segment, ...] = ()
    instances: str = ""
    """What runs, e.g. ``ml.g5.2xlarge x2`` or ``serverless 4096 MB``."""
    source: str = ""
    """The price source(s) behind the figures."""
    notes: tuple[str, ...] = ()
    upper_bound: bool = False
    """A running spot job: the on-demand figure bounds what it will cost."""
    estimate: bool = False
    """Derived from metrics or assumptions (serverless, endpoint capacity history)."""
    priced: bool = True
    """False when an instance type has no known price (the figures then leave it out)."""
    spot_saved_usd: float = 0.0
    """Realized managed-spot saving at on-demand prices (finished spot jobs)."""
    invocations_24h: float | None = None
    """Endpoints: invocations over the last 24 hours, when fetched (idle detection)."""
    idle_usd_per_hour: float = 0.0
    """Endpoints: what its instance-backed variants without a single invocation in the
    last 24 hours cost per hour (all of it when the whole endpoint is idle)."""
    integrate: bool = False
    """Open-ended resources (endpoints, notebooks): the ledger integrates the rates it
    observes over time instead of trusting the current rate for the whole past."""
    started: datetime | None = None

    def hourly(self, now: datetime) -> float:
        """The burn rate now, USD per hour."""
        return sum(s.usd_per_hour for s in self.segments if s.is_open(now))

    def accrued(
        self, now: datetime, start: datetime | None = None, end: datetime | None = None
    ) -> float:
        return sum(s.amount(start, end, now) for s in self.segments)

    @property
    def running(self) -> bool:
        return any(s.end is None for s in self.segments)


# --- time windows (UTC, as AWS bills and Cost Explorer reports) ---------------------------
def day_start(now: datetime) -> datetime:
    now = now.astimezone(UTC)
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


def month_start(now: datetime) -> datetime:
    now = now.astimezone(UTC)
    return datetime(now.year, now.month, 1, tzinfo=UTC)


def month_end(now: datetime) -> datetime:
    now = now.astimezone(UTC)
    days = calendar.monthrange(now.year, now.month)[1]
    return datetime(now.year, now.month, 1, tzinfo=UTC) + timedelta(days=days)


def projection(month_to_date: float, burn_per_hour: float, now: datetime) -> float:
    """Month-end spend if today's burn rate held until the month ends."""
    hours_left = max(0.0, (month_end(now) - now).total_seconds() / 3600.0)
    return month_to_date + burn_per_hour * hours_left


def budget_state(projected: float, budget: float) -> str:
    """ "over" when the projection crosses the budget, "near" above 90% of it, else ""."""
    if budget <= 0:
        return ""
    if projected > budget:
        return "over"
    return "near" if projected > 0.9 * budget else ""


# --- prices x capacity --------------------------------------------------------------------
def instance_groups(resources: Mapping[str, Any] | None) -> list[tuple[str, int]]:
    """(instance type, count) of a ResourceConfig: its InstanceGroups (heterogeneous
    clusters), else InstanceType x InstanceCount."""
    rc = resources or {}
    groups = [
        (str(g.get("InstanceType", "")), int(g.get("InstanceCount") or 0))
        for g in rc.get("InstanceGroups") or []
    ]
    if groups:
        return groups
    if rc.get("InstanceType"):
        return [(str(rc["InstanceType"]), int(rc.get("InstanceCount") or 1))]
    return []


@dataclass(frozen=True, slots=True)
class Rate:
    usd_per_hour: float
    sources: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    """Instance types without a known price (left out of the figure)."""

    @property
    def source(self) -> str:
        return ", ".join(dict.fromkeys(self.sources))


def rate_of(groups: Iterable[tuple[str, int]], price_of: PriceOf) -> Rate:
    total, sources, missing = 0.0, [], []
    for instance_type, count in groups:
        price = price_of(instance_type)
        if price is None:
            missing.append(instance_type)
            continue
        total += price.usd_per_hour * count
        sources.append(price.source)
    return Rate(total, tuple(sources), tuple(missing))


def instances_text(groups: Sequence[tuple[str, int]]) -> str:
    return " + ".join(f"{t} x{n}" for t, n in groups) or "-"


def _ts(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


def _notes(rate: Rate, *extra: str) -> tuple[str, ...]:
    notes = [n for n in extra if n]
    if rate.missing:
        notes.append(f"no price known for {', '.join(rate.missing)}")
    return tuple(notes)


# --- training jobs -------------------------------------------------------------------------
RUNNING_TRAINING = frozenset({"InProgress", "Stopping"})


def training_charge(
    d: Mapping[str, Any],
    price_of: PriceOf,
    now: datetime,
    *,
    storage_usd_per_gb_month: float = 0.0,
) -> Charge:
    """A training job's cost from its DescribeTrainingJob response.

    Finished: BillableTimeInSeconds x instances x hourly / 3600 (spot already discounted),
    spread over its training interval; running: live from TrainingStartTime (for spot, the
    on-demand figure is an upper bound); a warm pool adds its retained billable time.
    Instance groups sum. ML storage (VolumeSizeInGB per instance) is added at its per
    GB-month price while the instances run.
    """
    name = str(d.get("TrainingJobName", ""))
    status = str(d.get("TrainingJobStatus", ""))
    rc = d.get("ResourceConfig") or {}
    groups = instance_groups(rc)
    rate = rate_of(groups, price_of)
    hosts = sum(n for _, n in groups)
    storage = float(rc.get("VolumeSizeInGB") or 0) * hosts * storage_usd_per_gb_month
    per_hour = rate.usd_per_hour + storage / HOURS_PER_MONTH
    spot = bool(d.get("EnableManagedSpotTraining"))
    start = _ts(d.get("TrainingStartTime"))
    end = _ts(d.get("TrainingEndTime"))
    segments: list[Segment] = []
    notes: list[str] = []
    saved = 0.0
    upper = False
    if status in RUNNING_TRAINING:
        if start is not None:
            segments.append(Segment(start, None, per_hour))
            if spot:
                upper = True
                notes.append("running spot job: the on-demand figure is an upper bound")
        else:
            notes.append("not billed yet: waiting for its instances")
    else:
        billable = float(d.get("BillableTimeInSeconds") or 0)
        trained = float(d.get("TrainingTimeInSeconds") or 0)
        if start is not None and end is not None and not trained:
            trained = max(0.0, (end - start).total_seconds())
        if billable <= 0 or start is None:
            notes.append("no billable time")
        else:
            span = max(trained, billable)
            # Billed seconds spread evenly over the time it trained (spot: fewer of them).
            effective = per_hour * billable / span
            segments.append(Segment(start, start + timedelta(seconds=span), effective))
            if spot and trained > billable:
                saved = (trained - billable) * rate.usd_per_hour / 3600.0
        warm = d.get("WarmPoolStatus") or {}
        retained = warm.get("ResourceRetainedBillableTimeInSeconds")
        pool_from = end or (start + timedelta(seconds=trained) if start else None)
        if pool_from is not None and retained:
            segments.append(
                Segment(pool_from, pool_from + timedelta(seconds=float(retained)), per_hour)
            )
            notes.append(f"warm pool retained {int(retained)} s")
        elif pool_from is not None and warm.get("Status") == "Available":
            keep = float(rc.get("KeepAlivePeriodInSeconds") or 0)
            limit = pool_from + timedelta(seconds=keep) if keep else None
            segments.append(Segment(pool_from, None, per_hour, limit=limit))
            notes.append("warm pool available: billed until reused or its keep-alive ends")
    return Charge(
        kind="training",
        key=name,
        status=status,
        segments=tuple(segments),
        instances=instances_text(groups) + (" spot" if spot else ""),
        source=rate.source,
        notes=_notes(rate, *notes),
        upper_bound=upper,
        priced=not rate.missing,
        spot_saved_usd=saved,
        started=start,
    )


# --- processing and batch transform jobs --------------------------------------------------
def _interval_charge(
    kind: str,
    name: str,
    status: str,
    groups: list[tuple[str, int]],
    start: datetime | None,
    end: datetime | None,
    running: bool,
    price_of: PriceOf,
    storage: float = 0.0,
) -> Charge:
    rate = rate_of(groups, price_of)
    per_hour = rate.usd_per_hour + storage / HOURS_PER_MONTH
    segments: tuple[Segment, ...] = ()
    notes: list[str] = []
    if start is not None and (end is not None or running):
        segments = (Segment(start, None if running else end, per_hour),)
    elif not running:
        notes.append("no billable time")
    return Charge(
        kind=kind,
        key=name,
        status=status,
        segments=segments,
        instances=instances_text(groups),
        source=rate.source,
        notes=_notes(rate, *notes),
        priced=not rate.missing,
        started=start,
    )


def processing_charge(
    d: Mapping[str, Any], price_of: PriceOf, *, storage_usd_per_gb_month: float = 0.0
) -> Charge:
    """ProcessingStartTime to ProcessingEndTime x ClusterConfig's instances."""
    cluster = (d.get("ProcessingResources") or {}).get("ClusterConfig") or {}
    groups = instance_groups(cluster)
    hosts = sum(n for _, n in groups)
    storage = float(cluster.get("VolumeSizeInGB") or 0) * hosts * storage_usd_per_gb_month
    status = str(d.get("ProcessingJobStatus", ""))
    return _interval_charge(
        "processing",
        str(d.get("ProcessingJobName", "")),
        status,
        groups,
        _ts(d.get("ProcessingStartTime")),
        _ts(d.get("ProcessingEndTime")),
        status in ("InProgress", "Stopping"),
        price_of,
        storage,
    )


def transform_charge(d: Mapping[str, Any], price_of: PriceOf) -> Charge:
    """TransformStartTime to TransformEndTime x TransformResources' instances."""
    groups = instance_groups(d.get("TransformResources"))
    status = str(d.get("TransformJobStatus", ""))
    return _interval_charge(
        "transform",
        str(d.get("TransformJobName", "")),
        status,
        groups,
        _ts(d.get("TransformStartTime")),
        _ts(d.get("TransformEndTime")),
        status in ("InProgress", "Stopping"),
        price_of,
    )


# --- endpoints ------------------------------------------------------------------------------
BILLED_ENDPOINT = frozenset({"InService", "Updating", "SystemUpdating", "RollingBack"})


@dataclass(frozen=True, slots=True)
class VariantUsage:
    """One variant as billed: instances x type, or serverless memory and traffic."""

    name: str
    instance_type: str | None = None
    count: int = 0
    memory_mb: int | None = None
    """Serverless: MemorySizeInMB."""
    invocations_per_hour: float | None = None
    """Serverless: recent invocations per hour (CloudWatch Invocations)."""
    seconds_per_invocation: float | None = None
    """Serverless: compute time per invocation (CloudWatch ModelLatency)."""
    invocations_24h: float | None = None
    """Invocations over the last 24 hours (None: not fetched)."""
    shadow: bool = False


def serverless_usd_per_hour(
    invocations_per_hour: float, seconds_per_invocation: float, memory_mb: int, usd_per_gb_s: float
) -> float:
    """Serverless compute: invocations x duration x memory (GB) x price per GB-second."""
    return invocations_per_hour * seconds_per_invocation * (memory_mb / 1024.0) * usd_per_gb_s


def endpoint_charge(
    name: str,
    status: str,
    variants: Sequence[VariantUsage],
    since: datetime | None,
    price_of: PriceOf,
    *,
    serverless_usd_per_gb_s: float | None = None,
    serverless_source: str = "",
    invocations_24h: float | None = None,
) -> Charge:
    """Per variant (shadows included) current instance count x hosting price, accrued
    since the endpoint (or its current config) came into service; serverless variants
    from recent invocations, duration and memory size (an estimate)."""
    groups = [(v.instance_type, v.count) for v in variants if v.instance_type]
    rate = rate_of(groups, price_of)
    per_hour = rate.usd_per_hour
    sources = list(rate.sources)
    notes: list[str] = []
    estimate = False
    shown = [f"{t} x{n}" for t, n in groups]
    for v in variants:
        if v.memory_mb is None or v.instance_type:
            continue
        shown.append(f"serverless {v.memory_mb} MB")
        estimate = True
        if serverless_usd_per_gb_s is None:
            notes.append("no serverless price known")
            continue
        if v.invocations_per_hour is None or v.seconds_per_invocation is None:
            notes.append(f"{v.name}: no recent invocation metrics")
            continue
        per_hour += serverless_usd_per_hour(
            v.invocations_per_hour, v.seconds_per_invocation, v.memory_mb, serverless_usd_per_gb_s
        )
        sources.append(serverless_source)
    if estimate:
        notes.append("serverless: estimated from CloudWatch invocations and latency")
    idle_groups = [
        (v.instance_type, v.count)
        for v in variants
        if v.instance_type and not v.shadow and v.invocations_24h == 0
    ]
    idle = rate_of(idle_groups, price_of).usd_per_hour if status in BILLED_ENDPOINT else 0.0
    if idle:
        names = [v.name for v in variants if v.instance_type and v.invocations_24h == 0]
        notes.append(f"no invocations in 24 h on {', '.join(names)}: {idle * 24:.2f} USD/day")
    seen = [v.invocations_24h for v in variants if v.invocations_24h is not None]
    if invocations_24h is None and seen:
        invocations_24h = sum(seen)
    billed = status in BILLED_ENDPOINT and since is not None
    segments = (Segment(since, None, per_hour),) if billed and since is not None else ()
    if not billed:
        notes.append(f"{status or 'not in service'}: not billed")
    return Charge(
        kind="endpoint",
        key=name,
        status=status,
        segments=segments,
        instances=" + ".join(shown) or "-",
        source=", ".join(dict.fromkeys(s for s in sources if s)),
        notes=_notes(rate, *notes),
        estimate=estimate,
        priced=not rate.missing,
        invocations_24h=invocations_24h,
        idle_usd_per_hour=idle,
        integrate=True,
        started=since,
    )


def endpoint_since(
    endpoint: Mapping[str, Any], config: Mapping[str, Any] | None
) -> datetime | None:
    """When the endpoint, or its current config, came into service: the later of the
    endpoint's and the config's CreationTime (a config created later was deployed later)."""
    created = _ts(endpoint.get("CreationTime"))
    config_created = _ts((config or {}).get("CreationTime"))
    if created is None:
        return config_created
    if config_created is not None and config_created > created:
        return config_created
    return created


# --- notebook instances ---------------------------------------------------------------------
def notebook_charge(
    name: str, status: str, instance_type: str, since: datetime | None, price_of: PriceOf
) -> Charge:
    """An InService notebook instance: its hourly price since it came into service
    (LastModifiedTime of the InService transition)."""
    rate = rate_of([(instance_type, 1)], price_of)
    running = status == "InService" and since is not None
    segments = (Segment(since, None, rate.usd_per_hour),) if running and since else ()
    return Charge(
        kind="notebook",
        key=name,
        status=status,
        segments=segments,
        instances=instance_type,
        source=rate.source,
        notes=_notes(rate),
        priced=not rate.missing,
        integrate=True,
        started=since,
    )


# --- following open-ended resources over time ------------------------------------------
def integrate(previous: Charge, current: Charge, at: datetime) -> Charge:
    """An open-ended resource seen again at ``at``: its past as observed before, its
    present at the current rate from ``at`` on (an endpoint that scaled does not re-price
    its whole past at the new capacity)."""
    if not previous.integrate or not current.integrate:
        return current
    was_open = any(s.end is None for s in previous.segments)
    kept: list[Segment] = []
    for s in previous.segments:
        if s.end is None:
            if at > s.start:
                kept.append(replace(s, end=at))
        else:
            kept.append(s)
    opens = [s for s in current.segments if s.end is None]
    if opens:
        rate = sum(s.usd_per_hour for s in opens)
        start = min(s.start for s in opens)
        same = kept and isclose(kept[-1].usd_per_hour, rate, rel_tol=1e-9, abs_tol=1e-12)
        if was_open and same and kept[-1].end == at:
            # Nothing changed: one segment, not one per observation.
            kept.append(replace(kept.pop(), end=None))
        elif was_open:
            kept.append(Segment(max(at, start), None, rate))
        else:  # came (back) into service since last seen: from when it did
            last_end = max((s.end for s in kept if s.end is not None), default=start)
            kept.append(Segment(max(start, last_end), None, rate))
    return replace(current, segments=tuple(kept))


def close(charge: Charge, at: datetime) -> Charge:
    """An open-ended resource that disappeared (deleted, stopped): billed until ``at``."""
    segments = tuple(
        replace(s, end=at) if s.end is None else s for s in charge.segments if s.start < at
    )
    return replace(charge, segments=segments, status=charge.status or "gone")


# --- totals -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Totals:
    burn_per_hour: float
    today: float
    month: float
    projected: float
    spot_saved_month: float
    running: int
    by_kind: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    """kind -> (burn per hour, today, month)."""


def totals(charges: Iterable[Charge], now: datetime) -> Totals:
    day, month = day_start(now), month_start(now)
    burn = today = mtd = saved = 0.0
    running = 0
    by_kind: dict[str, tuple[float, float, float]] = {}
    for c in charges:
        h, t, m = c.hourly(now), c.accrued(now, day), c.accrued(now, month)
        burn, today, mtd = burn + h, today + t, mtd + m
        running += h > 0
        if c.started is None or c.started >= month:
            saved += c.spot_saved_usd
        k = by_kind.get(c.kind, (0.0, 0.0, 0.0))
        by_kind[c.kind] = (k[0] + h, k[1] + t, k[2] + m)
    return Totals(burn, today, mtd, projection(mtd, burn, now), saved, running, by_kind)


def add_totals(a: Totals, b: Totals, now: datetime) -> Totals:
    """The totals of two disjoint sets of charges (the projection from the sums)."""
    month = a.month + b.month
    burn = a.burn_per_hour + b.burn_per_hour
    by_kind = dict(a.by_kind)
    for kind, (h, t, m) in b.by_kind.items():
        k = by_kind.get(kind, (0.0, 0.0, 0.0))
        by_kind[kind] = (k[0] + h, k[1] + t, k[2] + m)
    return Totals(
        burn,
        a.today + b.today,
        month,
        projection(month, burn, now),
        a.spot_saved_month + b.spot_saved_month,
        a.running + b.running,
        by_kind,
    )


def usd(value: float | None, *, cents: bool = True) -> str:
    """$1,234.56 (or $1,235 without cents); "-" when unknown."""
    if value is None:
        return "-"
    if not cents or abs(value) >= 10_000:
        return f"${value:,.0f}"
    return f"${value:,.2f}"


def usd_rate(value: float | None) -> str:
    """$/h with enough digits for cheap instances ($0.05/h)."""
    if value is None:
        return "-"
    if value >= 100:
        return f"${value:,.0f}"
    return f"${value:.2f}" if value >= 1 or value == 0 else f"${value:.3f}"
