"""Live cost accrual for one console session: prices, the ledger, and the sweeps that
feed it.

A sweep lists what ran in a window (training, processing and transform jobs running or
modified since its start, endpoints, InService notebooks), describes what it must
(through caches: a finished job is described once, ever), asks the price book for the
instance types involved, and folds the resulting charges into the ledger. The header
and the views then read the ledger every second without any API call.

One :class:`CostSession` per :class:`~smtui.aws.session.Clients` (``session_for``), so
every worker and view of a console shares it; ``latest()`` is the session of the
console this process runs, for table rows that have no clients at hand.

Over several sources (``--profile a,b --region x,y``) rows and details are priced by
their own source's session instead (smtui/services/cost_places.py). A charge without a
price in its region says so with the region (``localize``), never as $0.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from smtui.aws import cost_explorer as ce
from smtui.aws import cost_sources as src
from smtui.aws.cloudwatch import MetricQuery, get_metric_series
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients
from smtui.domain import cost as math
from smtui.domain.cost import Charge, VariantUsage
from smtui.domain.endpoints import Endpoint
from smtui.domain.lifetimes import LONGEST_RUN
from smtui.domain.training import COST_FIELDS
from smtui.services import paths
from smtui.services.cost_active import ActiveJobs
from smtui.services.cost_ledger import Ledger
from smtui.services.cost_places import localize
from smtui.services.describe_cache import DescribeCache
from smtui.services.pricing import PriceBook

Cancelled = Callable[[], bool]
DESCRIBE_WORKERS = 4
BILL_TTL_SECONDS = 6 * 3600.0
"""Cost Explorer refreshes its data a few times a day and each request costs money."""


@dataclass(frozen=True, slots=True)
class JobSource:
    kind: str
    list_method: str
    list_key: str
    name_field: str
    describe_method: str
    status_field: str
    terminal: frozenset[str]
    fields: tuple[str, ...]
    """The describe fields the cost needs: only these are kept (memory, disk)."""
    start_field: str = ""
    """Set once the job's instances run: until then a later describe can tell more."""
    end_fields: tuple[str, ...] | None = None
    """Summary fields that complete an earlier describe when the job ends (its instances
    and start do not change): no describe then. None: the end needs a describe (a
    training job's BillableTimeInSeconds is in DescribeTrainingJob only)."""
    lifetime: timedelta | None = None
    """From creation to end at the longest (None: not documented): bounds the listing of
    the jobs running now (cost_active)."""


JOB_SOURCES = (
    JobSource(
        "training",
        "list_training_jobs",
        "TrainingJobSummaries",
        "TrainingJobName",
        "describe_training_job",
        "TrainingJobStatus",
        frozenset({"Completed", "Failed", "Stopped"}),
        (*COST_FIELDS, "TrainingJobStatus"),
        "TrainingStartTime",
        None,
        LONGEST_RUN["training"],
    ),
    JobSource(
        "processing",
        "list_processing_jobs",
        "ProcessingJobSummaries",
        "ProcessingJobName",
        "describe_processing_job",
        "ProcessingJobStatus",
        frozenset({"Completed", "Failed", "Stopped"}),
        (
            "ProcessingJobName",
            "ProcessingJobStatus",
            "ProcessingResources",
            "ProcessingStartTime",
            "ProcessingEndTime",
        ),
        "ProcessingStartTime",
        # ProcessingJobSummary: ProcessingEndTime, ProcessingJobStatus (botocore model)
        ("ProcessingJobStatus", "ProcessingEndTime"),
        LONGEST_RUN["processing"],
    ),
    JobSource(
        "transform",
        "list_transform_jobs",
        "TransformJobSummaries",
        "TransformJobName",
        "describe_transform_job",
        "TransformJobStatus",
        frozenset({"Completed", "Failed", "Stopped"}),
        (
            "TransformJobName",
            "TransformJobStatus",
            "TransformResources",
            "TransformStartTime",
            "TransformEndTime",
        ),
        "TransformStartTime",
        # TransformJobSummary: TransformEndTime, TransformJobStatus (botocore model)
        ("TransformJobStatus", "TransformEndTime"),
    ),
)
KINDS = ("training", "processing", "transform", "endpoint", "notebook")
USE_OF = {
    "training": "training",
    "processing": "processing",
    "transform": "transform",
    "endpoint": "hosting",
    "notebook": "notebook",
}


@dataclass(slots=True)
class SweepResult:
    charges: list[Charge] = field(default_factory=list)
    covered: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)
    """kind -> why it could not be listed (as AWS said it)."""


class CostSession:
    def __init__(self, clients: Clients, cache_dir: Any = None) -> None:
        base = paths.cache_dir() if cache_dir is None else cache_dir
        self.region = clients.region
        self.book = PriceBook(base / "pricing")
        self.ledger = Ledger()
        self.describes = DescribeCache(base / "describe")
        self.sweep_lock = threading.Lock()
        self.errors: dict[str, str] = {}
        self.endpoint_describes: dict[str, tuple[str, dict[str, Any]]] = {}
        self.endpoint_configs: dict[str, dict[str, Any] | None] = {}
        self.invocations_24h: dict[tuple[str, str], float] = {}
        """(endpoint, variant) -> invocations over the last 24 hours (idle detection)."""
        self.bills: dict[tuple[date, date], tuple[float, list[ce.BilledDay]]] = {}
        self.bill_error: str | None = None
        self.sweeps = 0
        self.active = {
            s.kind: ActiveJobs(s.list_method, s.list_key, s.name_field, s.status_field, s.lifetime)
            for s in JOB_SOURCES
        }
        """Per job kind, what the sweeps listed (only changes are listed again)."""

    # --- prices -------------------------------------------------------------------------------
    def price_of(self, use: Any) -> math.PriceOf:
        return self.book.price_of(self.region, use)

    def storage_rate(self) -> float:
        price = self.book.storage(self.region)
        return price.usd_per_hour if price else 0.0

    def training_charge(self, d: Mapping[str, Any], now: datetime) -> Charge:
        """A training job's charge at this session's (its region's) prices."""
        charge = math.training_charge(
            d, self.price_of("training"), now, storage_usd_per_gb_month=self.storage_rate()
        )
        return self.localize(charge)

    def localize(self, charge: Charge) -> Charge:
        """An unpriced charge's reason with this session's region: "no price for
        ml.m5.large in eu-west-1" (the domain only knows the types)."""
        return localize(charge, self.region)

    # --- one sweep -----------------------------------------------------------------------------
    def sweep(
        self,
        clients: Clients,
        since: datetime,
        now: datetime,
        *,
        provided: Mapping[str, Sequence[Any]] | None = None,
        idle: bool = False,
        cancelled: Cancelled = lambda: False,
    ) -> SweepResult:
        """List and price everything active since ``since``; fold it into the ledger.

        ``provided``: items a view on screen polls anyway (``endpoints``: enriched
        :class:`Endpoint` items), used instead of listing them again. ``idle``: also fetch
        every endpoint's invocations over the last 24 hours (one GetMetricData call)."""
        with self.sweep_lock:
            result = self._sweep(clients, since, now, provided or {}, idle, cancelled)
            if not cancelled():
                self.ledger.apply(result.charges, now, covered=result.covered, since=since)
                self.errors = result.errors
                self.sweeps += 1
            return result

    def _sweep(
        self,
        clients: Clients,
        since: datetime,
        now: datetime,
        provided: Mapping[str, Sequence[Any]],
        idle: bool,
        cancelled: Cancelled,
    ) -> SweepResult:
        result = SweepResult()
        described: dict[str, list[dict[str, Any]]] = {}
        for source in JOB_SOURCES:
            if cancelled():
                return result
            try:
                # Listed by the sweep whatever is on screen: one path prices every job, so
                # the header's rate is the same in every view (a view's rows may be
                # filtered, or lag behind).
                described[source.kind] = self._jobs(clients, source, since, now, cancelled)
                result.covered.add(source.kind)
            except AwsError as exc:
                result.errors[source.kind] = f"{exc.code}: {exc.message}"
        endpoints: list[tuple[Endpoint, dict[str, Any] | None]] = []
        try:
            endpoints = self._endpoints(clients, provided.get("endpoints"), cancelled)
            result.covered.add("endpoint")
        except AwsError as exc:
            result.errors["endpoint"] = f"{exc.code}: {exc.message}"
        notebooks: list[dict[str, Any]] = []
        try:
            notebooks = src.notebooks_in_service(clients, cancelled=cancelled)
            result.covered.add("notebook")
        except AwsError as exc:
            result.errors["notebook"] = f"{exc.code}: {exc.message}"
        if idle and endpoints and not cancelled():
            self._fetch_invocations_24h(clients, [e for e, _ in endpoints], now)
        # Prices for every instance type involved, in one pass.
        types: set[str] = set()
        for jobs in described.values():
            for d in jobs:
                for key in ("ResourceConfig", "TransformResources"):
                    types.update(t for t, _ in math.instance_groups(d.get(key)))
                cluster = (d.get("ProcessingResources") or {}).get("ClusterConfig")
                types.update(t for t, _ in math.instance_groups(cluster))
        for ep, _ in endpoints:
            types.update(v.instance_type for v in ep.variants if v.instance_type)
        types.update(str(n.get("InstanceType", "")) for n in notebooks)
        if not cancelled():
            self.book.ensure(
                clients, self.region, sorted(t for t in types if t), cancelled=cancelled
            )
        storage = self.storage_rate()
        for d in described.get("training", []):
            result.charges.append(
                math.training_charge(
                    d, self.price_of("training"), now, storage_usd_per_gb_month=storage
                )
            )
        for d in described.get("processing", []):
            result.charges.append(
                math.processing_charge(
                    d, self.price_of("processing"), storage_usd_per_gb_month=storage
                )
            )
        for d in described.get("transform", []):
            result.charges.append(math.transform_charge(d, self.price_of("transform")))
        for ep, config in endpoints:
            result.charges.append(self.endpoint_charge(ep, config))
        for n in notebooks:
            since_nb = n.get("LastModifiedTime")
            result.charges.append(
                math.notebook_charge(
                    str(n.get("NotebookInstanceName", "")),
                    str(n.get("NotebookInstanceStatus", "")),
                    str(n.get("InstanceType", "")),
                    since_nb if isinstance(since_nb, datetime) else None,
                    self.price_of("notebook"),
                )
            )
        result.charges = [self.localize(c) for c in result.charges]
        return result

    # --- jobs ---------------------------------------------------------------------------------
    def _jobs(
        self,
        clients: Clients,
        source: JobSource,
        since: datetime,
        now: datetime,
        cancelled: Cancelled,
    ) -> list[dict[str, Any]]:
        from concurrent.futures import ThreadPoolExecutor

        summaries = self.active[source.kind].refresh(clients, since, now, cancelled)
        if summaries is None:
            return []

        def one(summary: Mapping[str, Any]) -> dict[str, Any] | None:
            return None if cancelled() else self.describe_job(clients, source, summary)

        # A few describes at once (the API budget still paces them); cached ones are free.
        with ThreadPoolExecutor(max_workers=DESCRIBE_WORKERS) as pool:
            out = [d for d in pool.map(one, summaries) if d is not None]
        # Jobs the ledger saw running that the listing no longer shows (they ended before
        # a new window began): described again, so none keeps accruing after it ended.
        listed = {str(s.get(source.name_field)) for s in summaries}
        for charge in self.ledger.charges():
            if charge.kind != source.kind or not charge.running or charge.key in listed:
                continue
            if cancelled():
                break
            try:
                full = src.describe(
                    clients, source.describe_method, **{source.name_field: charge.key}
                )
            except AwsError:
                continue  # gone or not allowed: the next sweep tries again
            out.append({k: full[k] for k in source.fields if k in full})
        return out

    def describe_job(
        self, clients: Clients, source: JobSource, summary: Mapping[str, Any]
    ) -> dict[str, Any]:
        """A job's describe, from the cache when its LastModifiedTime and status did not
        change (finished jobs are kept on disk: described once, ever)."""
        name = str(summary[source.name_field])
        status = str(summary.get(source.status_field, ""))
        modified = summary.get("LastModifiedTime")
        version = f"{modified.isoformat() if isinstance(modified, datetime) else ''}|{status}"
        namespace = f"cost.{source.kind}"
        data = self.describes.get(namespace, name, version)
        if data is not None:
            return data
        data = self._still_valid(source, namespace, name, summary)
        if data is None:
            full = src.describe(clients, source.describe_method, **{source.name_field: name})
            if "WarmPoolStatus" in summary and "WarmPoolStatus" not in full:
                full["WarmPoolStatus"] = summary["WarmPoolStatus"]
            data = {k: full[k] for k in source.fields if k in full}
        terminal = status in source.terminal and not _warm_pool_open(data)
        self.describes.put(namespace, name, version, data, persist=terminal)
        return data

    def _still_valid(
        self,
        source: JobSource,
        namespace: str,
        name: str,
        summary: Mapping[str, Any],
    ) -> dict[str, Any] | None:
        """An earlier describe of the job that still tells its cost; None when a
        describe is needed. A running job that moved to another
        secondary status runs on the same instances since the same start; a processing
        or transform job that ended adds its status and end time from the summary."""
        latest = self.describes.latest(namespace, name)
        if latest is None:
            return None
        old_version, old = latest
        status = str(summary.get(source.status_field, ""))
        old_status = old_version.rpartition("|")[2]
        if not old.get(source.start_field) or old_status in source.terminal:
            return None
        if status == old_status and status not in source.terminal:
            return dict(old)
        if status in source.terminal and source.end_fields is not None:
            return {**old, **{k: summary[k] for k in source.end_fields if k in summary}}
        return None

    def training_costs(
        self, clients: Clients, summaries: Sequence[Mapping[str, Any]], now: datetime
    ) -> dict[str, dict[str, Any]]:
        """CostUSD (so far), HourlyUSD (its instances' price per hour) and PriceSource of
        each training job, by name: describes through the cache, a few at a time."""
        from concurrent.futures import ThreadPoolExecutor

        source = JOB_SOURCES[0]

        def one(summary: Mapping[str, Any]) -> tuple[str, dict[str, Any] | None]:
            try:
                return str(summary["TrainingJobName"]), self.describe_job(clients, source, summary)
            except AwsError:
                return str(summary["TrainingJobName"]), None

        with ThreadPoolExecutor(max_workers=DESCRIBE_WORKERS) as pool:
            described = dict(pool.map(one, summaries))
        types = {
            t
            for d in described.values()
            if d
            for t, _ in math.instance_groups(d.get("ResourceConfig"))
        }
        self.book.ensure(clients, self.region, sorted(types))
        price_of = self.price_of("training")
        out: dict[str, dict[str, Any]] = {}
        for name, d in described.items():
            if d is None:
                out[name] = {"CostUSD": None, "HourlyUSD": None, "PriceSource": None}
                continue
            charge = self.training_charge(d, now)
            rate = math.rate_of(math.instance_groups(d.get("ResourceConfig")), price_of)
            priced = charge.priced
            out[name] = {
                "CostUSD": round(charge.accrued(now), 4) if priced else None,
                "HourlyUSD": round(rate.usd_per_hour, 4) if priced else None,
                "PriceSource": rate.source or None,
            }
        return out

    # --- endpoints ------------------------------------------------------------------------------
    def _endpoints(
        self, clients: Clients, provided: Sequence[Any] | None, cancelled: Cancelled
    ) -> list[tuple[Endpoint, dict[str, Any] | None]]:
        from smtui.aws import endpoints as api
        from smtui.services.kinds import endpoints_data

        if provided is not None:
            # A view on screen polls them anyway: its items, and the configs it described.
            memo = endpoints_data.memo(clients)
            with memo.lock:
                configs = dict(memo.configs)
            return [(ep, configs.get(ep.config)) for ep in provided if isinstance(ep, Endpoint)]
        eps: list[Endpoint] = []
        configs_of: dict[str, dict[str, Any] | None] = {}
        for page in api.list_endpoints(clients, cancelled=cancelled):
            for s in page:
                if cancelled():
                    return []
                name, modified = s["EndpointName"], s["LastModifiedTime"].isoformat()
                cached = self.endpoint_describes.get(name)
                if cached is None or cached[0] != modified:
                    d = api.describe_endpoint(clients, name)
                    self.endpoint_describes[name] = (modified, d)
                else:
                    d = cached[1]
                config_name = d.get("EndpointConfigName", "")
                if config_name and config_name not in self.endpoint_configs:
                    try:
                        self.endpoint_configs[config_name] = api.describe_endpoint_config(
                            clients, config_name
                        )
                    except AwsError:
                        self.endpoint_configs[config_name] = None
                config = self.endpoint_configs.get(config_name)
                configs_of[name] = config
                eps.append(Endpoint.from_describe(d, config))
        metrics = endpoints_data.endpoint_metrics(clients, eps) if eps else {}
        return [(ep.with_extras(metrics.get(ep.name), {}), configs_of.get(ep.name)) for ep in eps]

    def endpoint_charge(self, ep: Endpoint, config: Mapping[str, Any] | None) -> Charge:
        m = ep.metrics
        usage = []
        for v in ep.variants:
            memory = (v.serverless or {}).get("MemorySizeInMB") if v.serverless else None
            serverless = memory is not None
            usage.append(
                VariantUsage(
                    name=v.name,
                    instance_type=None if serverless else v.instance_type,
                    count=(v.current if v.current is not None else (v.desired or 0)),
                    memory_mb=int(memory) if memory is not None else None,
                    invocations_per_hour=(
                        m.invocations_per_min * 60
                        if serverless and m and m.invocations_per_min is not None
                        else None
                    ),
                    seconds_per_invocation=(
                        m.p50_ms / 1000 if serverless and m and m.p50_ms is not None else None
                    ),
                    invocations_24h=self.invocations_24h.get((ep.name, v.name)),
                    shadow=v.shadow,
                )
            )
        per_gb_s = self.book.serverless(self.region)
        since = math.endpoint_since(
            {"CreationTime": ep.created}, dict(config) if config is not None else None
        )
        charge = math.endpoint_charge(
            ep.name,
            ep.status,
            usage,
            since,
            self.price_of("hosting"),
            serverless_usd_per_gb_s=per_gb_s.usd_per_hour if per_gb_s else None,
            serverless_source=per_gb_s.source if per_gb_s else "",
        )
        if per_gb_s is None and any(u.memory_mb is not None for u in usage):
            # A serverless variant without a price in this region is unpriced, not free.
            charge = replace(charge, priced=False)
        return self.localize(charge)

    def endpoint_costs(
        self, clients: Clients, endpoints: Sequence[Endpoint], now: datetime
    ) -> dict[str, dict[str, Any]]:
        """HourlyUSD (its instances x hosting price now; serverless estimated) and
        PriceSource of each endpoint, by name."""
        types = {v.instance_type for ep in endpoints for v in ep.variants if v.instance_type}
        self.book.ensure(clients, self.region, sorted(t for t in types if t))
        out: dict[str, dict[str, Any]] = {}
        for ep in endpoints:
            charge = self.endpoint_charge(ep, None)
            out[ep.name] = {
                "HourlyUSD": round(charge.hourly(now), 4) if charge.priced else None,
                "PriceSource": charge.source or None,
            }
        return out

    def _fetch_invocations_24h(self, clients: Clients, eps: list[Endpoint], now: datetime) -> None:
        """Invocations of every production variant over the last 24 hours (idle endpoints)."""
        queries, owner = [], {}
        for i, ep in enumerate(eps):
            for j, v in enumerate(ep.production):
                qid = f"e{i}v{j}"
                owner[qid] = (ep.name, v.name)
                dims = {"EndpointName": ep.name, "VariantName": v.name}
                queries.append(MetricQuery(qid, "AWS/SageMaker", "Invocations", dims, "Sum"))
        if not queries:
            return
        end = now.replace(second=0, microsecond=0)
        try:
            series = get_metric_series(clients, queries, end - timedelta(days=1), end, 3600)
        except AwsError:
            return
        for qid, key in owner.items():
            # No datapoint at all is no invocation (CloudWatch publishes none then).
            self.invocations_24h[key] = sum(v for _, v in series.get(qid) or [])

    # --- the bill -------------------------------------------------------------------------------
    def billed_days(
        self, clients: Clients, start: date, end: date, wall: float
    ) -> list[ce.BilledDay] | None:
        """Cost Explorer's SageMaker cost per day, cached for a few hours; None when Cost
        Explorer is not allowed or not reachable (``bill_error`` says why)."""
        cached = self.bills.get((start, end))
        if cached is not None and wall - cached[0] < BILL_TTL_SECONDS:
            return cached[1]
        try:
            days = ce.daily_sagemaker_cost(clients, start, end)
        except AwsError as exc:
            self.bill_error = f"{exc.code}: {exc.message}"
            return None
        self.bill_error = None
        self.bills[(start, end)] = (wall, days)
        return days


def _warm_pool_open(d: Mapping[str, Any]) -> bool:
    return (d.get("WarmPoolStatus") or {}).get("Status") in ("Available", "InUse")


_SESSIONS: weakref.WeakKeyDictionary[Clients, CostSession] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
_LATEST: list[CostSession] = []


def session_for(clients: Clients, *, cache_dir: Any = None) -> CostSession:
    """The clients' session (made on first use, with its caches under ``cache_dir``:
    default the user cache directory)."""
    with _LOCK:
        found = _SESSIONS.get(clients)
        if found is None:
            found = _SESSIONS[clients] = CostSession(clients, cache_dir)
        _LATEST[:] = [found]
        return found


def latest() -> CostSession | None:
    """The session of the console this process runs (for rows, which have no clients)."""
    with _LOCK:
        return _LATEST[0] if _LATEST else None


def sweep_scope(now: datetime, monthly_budget: float) -> datetime:
    """What the background sweep covers: today, or the month when a budget needs the
    month-end projection."""
    return math.month_start(now) if monthly_budget > 0 else math.day_start(now)


def charges_of(kinds: Iterable[str], session: CostSession) -> list[Charge]:
    wanted = set(kinds)
    return [c for c in session.ledger.charges() if c.kind in wanted]
