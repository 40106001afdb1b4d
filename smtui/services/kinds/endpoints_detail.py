"""An endpoint's detail: variants, metrics charts, autoscaling, multi-model, data capture,
monitoring schedules, logs and the raw describe.

Metric names and units: SageMaker developer guide, "Amazon SageMaker AI metrics in Amazon
CloudWatch" (ModelLatency and OverheadLatency in microseconds, shown here in ms;
CPUUtilization and GPUUtilization summed over cores / GPUs).
"""

from __future__ import annotations

import importlib.util
import weakref
from datetime import datetime, timedelta
from typing import Any

from smtui.aws import autoscaling as aas
from smtui.aws import endpoints as api
from smtui.aws.cloudwatch import MetricQuery, get_metric_series
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.elastic_inference import RETIREMENT_NOTE, accelerator_section_rows
from smtui.domain.endpoints import Endpoint, fmt_ms, status_role
from smtui.services.kinds import cost_cells
from smtui.services.kinds import endpoints_data as data
from smtui.services.kinds import inference_components_data as ic_data
from smtui.services.refresh import PARTIAL
from smtui.services.registry import Chart, DetailOptions, LogSource, Section, Series

# window -> (seconds, period): at most a few hundred points a series.
WINDOWS = {"1h": (3600, 60), "6h": (6 * 3600, 300), "24h": (86400, 900), "7d": (7 * 86400, 3600)}
LOG_GROUP = "/aws/sagemaker/Endpoints/{}"
NS, INSTANCE_NS = "AWS/SageMaker", "/aws/sagemaker/Endpoints"

# (tag, namespace, metric, stat): the charts of each variant.
VARIANT_QUERIES = (
    ("inv", NS, "Invocations", "Sum"),
    ("ipi", NS, "InvocationsPerInstance", "Sum"),
    ("p50", NS, "ModelLatency", "p50"),
    ("p99", NS, "ModelLatency", "p99"),
    ("ovh", NS, "OverheadLatency", "Average"),
    ("e4", NS, "Invocation4XXErrors", "Sum"),
    ("e5", NS, "Invocation5XXErrors", "Sum"),
    ("cpu", INSTANCE_NS, "CPUUtilization", "Average"),
    ("mem", INSTANCE_NS, "MemoryUtilization", "Average"),
    ("gpu", INSTANCE_NS, "GPUUtilization", "Average"),
    ("disk", INSTANCE_NS, "DiskUtilization", "Average"),
)
MME_QUERIES = (
    ("lmc", NS, "LoadedModelCount", "Average"),
    ("hit", NS, "ModelCacheHit", "Average"),
    ("wait", NS, "ModelLoadingWaitTime", "Average"),
)


def _safe(fn: Any, *args: Any, default: Any = None, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except AwsError as exc:
        return {"_error": f"{exc.code}: {exc.message}"} if default is None else default


def describe(clients: Clients, item: Endpoint, options: DetailOptions) -> dict[str, Any]:
    d = data.describe(clients, item.name)
    config = data.config(clients, d.get("EndpointConfigName", ""))
    pending_name = (d.get("PendingDeploymentSummary") or {}).get("EndpointConfigName", "")
    pending = data.config(clients, pending_name) if pending_name else None
    ep = Endpoint.from_describe(d, config)
    models = {}
    for v in ep.variants:
        if v.model:
            models[v.model] = data.model(clients, v.model)
    multi = sorted(
        name
        for name, m in models.items()
        if m and (m.get("PrimaryContainer") or {}).get("Mode") == "MultiModel"
    )
    rids = [aas.variant_resource(ep.name, v.name) for v in ep.production]
    # Each autoscaling call on its own: a denied one is named in the section (never
    # "does not autoscale"), the others still show.
    unread: list[str] = []

    def part(where: str, fn: Any, *args: Any) -> list[dict[str, Any]]:
        try:
            return list(fn(*args))
        except AwsError as exc:
            if f"{where}: {exc}" not in unread:
                unread.append(f"{where}: {exc}")
            return []

    targets = part("scalable targets", aas.describe_scalable_targets, clients, rids)
    policies: dict[str, list[dict[str, Any]]] = {}
    activities: dict[str, list[dict[str, Any]]] = {}
    for t in targets:
        rid = t["ResourceId"]
        policies[rid] = part("policies", aas.describe_scaling_policies, clients, rid)
        activities[rid] = part("activities", aas.describe_scaling_activities, clients, rid, 8)
    scaling = data.scaling_ranges(clients).get(ep.name, {})
    now = options.now or data.now_of(clients)
    window = options.window or "1h"
    series = _metrics(clients, ep, now, window, multi_model=bool(multi))
    summary = data.endpoint_metrics(clients, [ep]).get(ep.name)
    return {
        "endpoint": d,
        "config": config,
        "pending_config": pending,
        "models": models,
        "multi_model": multi,
        "targets": targets,
        "policies": policies,
        "activities": activities,
        "scaling_unread": unread,
        **({PARTIAL: True} if unread else {}),  # not cached: asked again next time
        "series": series,
        "window": window,
        "_now": now,
        "monitoring": _monitoring(clients, ep.name),
        # Only an endpoint whose variant deploys no model itself hosts inference components.
        "components": _safe(ic_data.components_of, clients, ep.name, default=[])
        if any(not v.model for v in ep.production)
        else [],
        "_endpoint": ep.with_extras(summary, scaling),
    }


_NO_MONITORING: weakref.WeakSet[Clients] = weakref.WeakSet()


def _monitoring(clients: Clients, name: str) -> list[dict[str, Any]] | str:
    """Monitoring schedules of the endpoint, or why there are none to show."""
    if clients in _NO_MONITORING:
        return "not available on this endpoint URL"
    try:
        return api.list_monitoring_schedules(clients, name)
    except AwsError as exc:
        if exc.code in ("UnknownOperationException", "AccessDeniedException"):
            _NO_MONITORING.add(clients)  # do not ask again every refresh
        return f"{exc.code}: {exc.message}"


def _metrics(
    clients: Clients, ep: Endpoint, now: datetime, window: str, *, multi_model: bool
) -> dict[str, list[tuple[float, float]]]:
    seconds, period = WINDOWS.get(window, WINDOWS["1h"])
    end = now.replace(second=0, microsecond=0)
    start = end - timedelta(seconds=seconds)
    queries = []
    for j, v in enumerate(ep.variants):
        dims = {"EndpointName": ep.name, "VariantName": v.name}
        wanted = VARIANT_QUERIES + (MME_QUERIES if multi_model and not v.shadow else ())
        for tag, ns, metric, stat in wanted:
            queries.append(MetricQuery(f"v{j}{tag}", ns, metric, dims, stat))
    if not queries or ep.status in ("Creating", "Failed"):
        return {}
    try:
        raw = get_metric_series(clients, queries, start, end, period)
    except AwsError as exc:
        return {f"_error:{exc.code}: {exc.message}": []}
    return {qid: [(t.timestamp(), v) for t, v in points] for qid, points in raw.items()}


# --- sections ------------------------------------------------------------------------------------
def _chart(title: str, unit: str, *series: tuple[str, list[tuple[float, float]]]) -> Chart | None:
    kept = tuple(Series(label, tuple(points)) for label, points in series if points)
    return Chart(title, kept, unit) if kept else None


def _scaled(points: list[tuple[float, float]], factor: float) -> list[tuple[float, float]]:
    return [(t, v * factor) for t, v in points]


def _per_minute(points: list[tuple[float, float]], period: int) -> list[tuple[float, float]]:
    return _scaled(points, 60 / period)


def _hourly(ep: Endpoint) -> str:
    """The rate the list's $/HR shows (the same cost session and prices), with its
    source; before the first cost sweep priced it, what it is made of."""
    text = cost_cells.endpoint_rate_text(ep)
    if text == "price not known":
        return "arrives with the first cost sweep (instance type x count above)"
    return text


def _overview(ep: Endpoint, d: dict[str, Any]) -> Section:
    units = ep.hourly_units()
    rows = [
        ("Name", ep.name),
        ("ARN", ep.arn),
        ("Status", ep.status),
        ("Config", ep.config or "-"),
        ("Created", timefmt.timestamp(ep.created)),
        ("Last modified", timefmt.timestamp(ep.modified)),
        ("Instances", ", ".join(f"{t} x {n}" for t, n in units) or "serverless"),
        ("Cost per hour", _hourly(ep)),
    ]
    if ep.metrics is not None and ep.metrics.invocations_per_min is not None:
        m = ep.metrics
        rows.append(
            (
                "Last 5 minutes",
                f"{m.invocations_per_min:,.0f} inv/min  p50 {fmt_ms(m.p50_ms)} ms  "
                f"p99 {fmt_ms(m.p99_ms)} ms",
            )
        )
    return Section("Overview", tuple(rows), role=status_role(ep.status))


def _variants(ep: Endpoint, d: dict[str, Any], config: dict[str, Any] | None) -> Section:
    rows = []
    for v in ep.variants:
        label = f"{v.name}{' (shadow)' if v.shadow else ''}"
        if v.serverless is not None:
            s = v.serverless
            what = (
                f"serverless {s.get('MemorySizeInMB')} MB, max concurrency "
                f"{s.get('MaxConcurrency')}"
                + (
                    f", provisioned {s['ProvisionedConcurrency']}"
                    if s.get("ProvisionedConcurrency")
                    else ""
                )
            )
        else:
            what = f"{v.instance_type or '?'}  {v.current}/{v.desired} instances (current/desired)"
        weight = "-" if v.weight is None else f"{v.weight:g}"
        if v.desired_weight is not None and v.desired_weight != v.weight:
            weight += f" -> {v.desired_weight:g}"
        status = f"  {v.status}" if v.status else ""
        rows.append((label, f"{what}  weight {weight}{status}"))
        if v.model:
            rows.append(("  model", v.model))
    pending = d.get("PendingDeploymentSummary")
    if pending:
        rows.append(("Pending deployment", pending.get("EndpointConfigName", "-")))
        for p in pending.get("ProductionVariants") or []:
            stage = ", ".join(s["Status"] for s in p.get("VariantStatus") or [])
            rows.append(
                (
                    f"  {p['VariantName']}",
                    f"{p.get('InstanceType', '?')}  {p.get('CurrentInstanceCount', 0)}/"
                    f"{p.get('DesiredInstanceCount', 0)}  {stage}",
                )
            )
    role = "warning" if pending or any(v.status for v in ep.variants) else ""
    return Section("Variants", tuple(rows), role=role)


def _metric_sections(ep: Endpoint, data_: dict[str, Any]) -> list[Section]:
    series: dict[str, list[tuple[float, float]]] = data_.get("series") or {}
    window = data_.get("window", "1h")
    errors = [k.removeprefix("_error:") for k in series if k.startswith("_error:")]
    if errors:
        return [Section("Metrics", text=f"Could not load metrics: {errors[0]}", role="error")]
    period = WINDOWS.get(window, WINDOWS["1h"])[1]
    out = []
    for j, v in enumerate(ep.variants):
        s = {tag: series.get(f"v{j}{tag}", []) for tag, *_ in VARIANT_QUERIES}
        charts = [
            _chart("Invocations / min", "", (v.name, _per_minute(s["inv"], period))),
            _chart(
                "Invocations per instance / min",
                "",
                ("per instance", _per_minute(s["ipi"], period)),
            ),
            _chart(
                "ModelLatency",
                "ms",
                ("p50", _scaled(s["p50"], 1e-3)),
                ("p99", _scaled(s["p99"], 1e-3)),
            ),
            _chart("OverheadLatency (avg)", "ms", ("avg", _scaled(s["ovh"], 1e-3))),
            _chart(
                "Errors / min",
                "",
                ("4xx", _per_minute(s["e4"], period)),
                ("5xx", _per_minute(s["e5"], period)),
            ),
            # One unit per axis: CPU and GPU utilisation are summed over cores / GPUs
            # (up to 100 x their count), memory and disk are shares of the instance.
            _chart("CPU utilisation (avg, summed over cores)", "% of a core", ("cpu", s["cpu"])),
            _chart("GPU utilisation (avg, summed over GPUs)", "% of a GPU", ("gpu", s["gpu"])),
            _chart(
                "Memory and disk utilisation (avg)",
                "%",
                ("memory", s["mem"]),
                ("disk", s["disk"]),
            ),
        ]
        kept = tuple(c for c in charts if c is not None)
        title = f"Metrics: {v.name}{' (shadow)' if v.shadow else ''} ({window})"
        if kept:
            out.append(Section(title, charts=kept))
        else:
            out.append(Section(title, text="No data points in this window."))
    return out


def _autoscaling(ep: Endpoint, data_: dict[str, Any]) -> Section:
    targets = data_.get("targets") or []
    unread = [("not read", line) for line in data_.get("scaling_unread") or []]
    if not targets and unread:
        return Section("Autoscaling", tuple(unread), role="warning")
    if not targets:
        return Section("Autoscaling", text="No scalable target: this endpoint does not autoscale.")
    rows: list[tuple[str, str]] = list(unread)
    for t in targets:
        rid = t["ResourceId"]
        variant = rid.split("/")[-1]
        suspended = [k for k, v in (t.get("SuspendedState") or {}).items() if v]
        rows.append(
            (
                variant,
                f"min {t['MinCapacity']}  max {t['MaxCapacity']}  "
                + ("suspended: " + ", ".join(suspended) if suspended else "not suspended"),
            )
        )
        for p in (data_.get("policies") or {}).get(rid, []):
            rows.append((f"  policy {p['PolicyName']}", policy_summary(p)))
        for a in (data_.get("activities") or {}).get(rid, []):
            rows.append(
                (
                    f"  {timefmt.timestamp(a['StartTime'])}",
                    f"{a['StatusCode']}: {a['Description']}  ({a['Cause']})",
                )
            )
    return Section("Autoscaling", tuple(rows))


def _components(data_: dict[str, Any]) -> Section | None:
    """The endpoint's inference components: status, copies current/desired, model, compute."""
    found = data_.get("components") or []
    if not found:
        return None
    rows = []
    pending = False
    for d in found:
        spec = d.get("Specification") or {}
        runtime = d.get("RuntimeConfig") or {}
        current, desired = runtime.get("CurrentCopyCount"), runtime.get("DesiredCopyCount")
        pending = pending or (current is not None and desired is not None and current < desired)
        rows.append(
            (
                d["InferenceComponentName"],
                f"{d.get('InferenceComponentStatus', '-')}  copies {current}/{desired}  "
                f"model {spec.get('ModelName', '-')}  "
                f"{ic_data.compute_text(spec.get('ComputeResourceRequirements') or {})}",
            )
        )
    return Section(
        "Inference components",
        tuple(rows),
        text="See :inferencecomponents for each one's scaling and metrics.",
        role="warning" if pending else "",
    )


def policy_summary(p: dict[str, Any]) -> str:
    tt = p.get("TargetTrackingScalingPolicyConfiguration")
    if tt:
        spec = tt.get("PredefinedMetricSpecification") or {}
        metric = spec.get("PredefinedMetricType") or (
            (tt.get("CustomizedMetricSpecification") or {}).get("MetricName", "custom")
        )
        return (
            f"target tracking {metric} = {tt['TargetValue']:g}, cooldowns out "
            f"{tt.get('ScaleOutCooldown', '-')}s / in {tt.get('ScaleInCooldown', '-')}s"
            + (", scale-in disabled" if tt.get("DisableScaleIn") else "")
        )
    step = p.get("StepScalingPolicyConfiguration") or {}
    steps = ", ".join(
        f"[{s.get('MetricIntervalLowerBound', '-inf')}, {s.get('MetricIntervalUpperBound', 'inf')})"
        f" {s['ScalingAdjustment']:+d}"
        for s in step.get("StepAdjustments", [])
    )
    alarms = ", ".join(a["AlarmName"] for a in p.get("Alarms", []))
    return f"step scaling {step.get('AdjustmentType', '')} {steps}; alarm {alarms or '-'}"


def _multi_model(ep: Endpoint, data_: dict[str, Any]) -> Section | None:
    multi = data_.get("multi_model") or []
    if not multi:
        return None
    series = data_.get("series") or {}
    charts = []
    for j, v in enumerate(ep.variants):
        if v.shadow:
            continue
        chart = [
            _chart("LoadedModelCount", "", (v.name, series.get(f"v{j}lmc", []))),
            _chart("ModelCacheHit (ratio)", "", (v.name, series.get(f"v{j}hit", []))),
            _chart(
                "ModelLoadingWaitTime", "ms", (v.name, _scaled(series.get(f"v{j}wait", []), 1e-3))
            ),
        ]
        charts += [c for c in chart if c is not None]
    text = (
        f"Multi-model endpoint (model {', '.join(multi)} in MultiModel mode): models load "
        "on first use and stay cached while memory allows."
    )
    if not charts:
        text += " No model loading metrics in this window."
    return Section("Multi-model", text=text, charts=tuple(charts))


def _capture(
    ep: Endpoint, d: dict[str, Any], config: dict[str, Any] | None, data_: dict
) -> Section:
    capture = d.get("DataCaptureConfig") or {}
    rows: list[tuple[str, str]] = []
    if capture.get("EnableCapture"):
        rows += [
            ("Status", capture.get("CaptureStatus", "-")),
            ("Sampling", f"{capture.get('CurrentSamplingPercentage', '-')}%"),
            ("Destination", capture.get("DestinationS3Uri", "-")),
            ("KMS key", capture.get("KmsKeyId") or "-"),
        ]
        cfg = (config or {}).get("DataCaptureConfig") or {}
        modes = ", ".join(o["CaptureMode"] for o in cfg.get("CaptureOptions", []))
        if modes:
            rows.append(("Captures", modes))
    else:
        rows.append(("Status", "off"))
    monitoring = data_.get("monitoring")
    if isinstance(monitoring, str):
        rows.append(("Monitoring schedules", f"unknown ({monitoring})"))
    elif monitoring:
        for m in monitoring:
            rows.append(
                (
                    "Monitoring schedule",
                    f"{m.get('MonitoringScheduleName')}  {m.get('MonitoringScheduleStatus', '')}"
                    f"  {m.get('MonitoringType', '')}  (see :monitoring)",
                )
            )
    else:
        rows.append(("Monitoring schedules", "none"))
    return Section("Data capture and monitoring", tuple(rows))


def _logs_available() -> bool:
    """The log viewer widget is built separately; show the logs section once it exists."""
    try:
        return importlib.util.find_spec("smtui.ui.widgets.log_view") is not None
    except (ImportError, ValueError):
        return False


def endpoint_sections(item: Endpoint, data_: dict[str, Any]) -> list[Section]:
    d = data_.get("endpoint") or {}
    config = data_.get("config")
    ep = data_.get("_endpoint") or Endpoint.from_describe(d, config)
    sections: list[Section] = []
    if d.get("FailureReason"):
        sections.append(Section("Failure reason", text=str(d["FailureReason"]), role="error"))
    sections.append(_overview(ep, d))
    sections.append(_variants(ep, d, config))
    accelerators = accelerator_section_rows(config or {})
    if accelerators:
        sections.append(
            Section("Elastic Inference", accelerators, text=RETIREMENT_NOTE, role="warning")
        )
    components = _components(data_)
    if components is not None:
        sections.append(components)
    sections += _metric_sections(ep, data_)
    sections.append(_autoscaling(ep, data_))
    multi = _multi_model(ep, data_)
    if multi is not None:
        sections.append(multi)
    sections.append(_capture(ep, d, config, data_))
    if _logs_available():
        sections.append(Section("Logs", logs=LogSource(LOG_GROUP.format(ep.name))))
    cost = cost_cells.endpoint_cost_section(ep, config, data_.get("_now"))
    if cost is not None:
        sections.append(cost)
    sections.append(Section("Raw describe", raw=d))
    return sections
