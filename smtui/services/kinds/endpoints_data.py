"""What the endpoints and autoscaling views fetch beyond a list call, kept cheap.

- Describes are memoised per clients by (endpoint, LastModifiedTime): an endpoint that did
  not change costs no DescribeEndpoint; endpoint configs and models never change, so each
  is described once.
- Every endpoint's metrics come in one GetMetricData call per poll (500 queries a call,
  five per production variant: Invocations, ModelLatency p50 and p99, 4xx and 5xx).
- Scalable targets: one DescribeScalableTargets for the whole namespace.
"""

from __future__ import annotations

import threading
import weakref
from datetime import datetime, timedelta
from typing import Any

from smtui.aws import autoscaling as aas
from smtui.aws import endpoints as api
from smtui.aws.cloudwatch import MetricQuery, get_metric_series
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients
from smtui.domain.endpoints import Endpoint, Metrics, ScalingRange, combine
from smtui.services import gaps

METRICS_MINUTES = 5
NS = "AWS/SageMaker"
METRICS_PART = "metric columns (INV/MIN, P50MS, P99MS, 5XX, 4XX)"
"""What a failed GetMetricData leaves blank (smtui/services/gaps.py)."""
DESCRIBE_PART = "instance columns (INST, TYPE, VAR, $/HR) of some endpoints"
"""What a failed DescribeEndpoint (other than the endpoint being gone) leaves blank."""
SCALING_PART = "autoscaling column (SCALE)"
"""What a failed DescribeScalableTargets leaves blank."""


class _Memo:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.describes: dict[tuple[str, str], dict[str, Any]] = {}
        self.configs: dict[str, dict[str, Any]] = {}
        self.models: dict[str, dict[str, Any]] = {}


_MEMOS: weakref.WeakKeyDictionary[Clients, _Memo] = weakref.WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


def memo(clients: Clients) -> _Memo:
    with _MEMOS_LOCK:
        found = _MEMOS.get(clients)
        if found is None:
            found = _MEMOS[clients] = _Memo()
        return found


def now_of(clients: Clients) -> datetime:
    return clients.clock()


def describe(clients: Clients, name: str, modified: datetime | None = None) -> dict[str, Any]:
    """DescribeEndpoint, from the memo when LastModifiedTime is unchanged."""
    m = memo(clients)
    key = (name, modified.isoformat() if modified else "")
    if modified is not None:
        with m.lock:
            if key in m.describes:
                return m.describes[key]
    data = api.describe_endpoint(clients, name)
    key = (name, data["LastModifiedTime"].isoformat())
    with m.lock:
        for old in [k for k in m.describes if k[0] == name]:
            del m.describes[old]
        m.describes[key] = data
    return data


def config(clients: Clients, name: str) -> dict[str, Any] | None:
    """DescribeEndpointConfig (immutable: described once); None when it is gone."""
    if not name:
        return None
    m = memo(clients)
    with m.lock:
        if name in m.configs:
            return m.configs[name]
    try:
        data = api.describe_endpoint_config(clients, name)
    except AwsError as exc:
        if exc.code == "ValidationException":
            return None
        raise
    with m.lock:
        m.configs[name] = data
    return data


def model(clients: Clients, name: str) -> dict[str, Any] | None:
    if not name:
        return None
    m = memo(clients)
    with m.lock:
        if name in m.models:
            return m.models[name]
    try:
        data = api.describe_model(clients, name)
    except AwsError as exc:
        if exc.code == "ValidationException":
            return None
        raise
    with m.lock:
        m.models[name] = data
    return data


def enrich(clients: Clients, summaries: list[Endpoint]) -> list[Endpoint]:
    """Variants (with instance types), metrics and autoscaling ranges of every endpoint."""
    out: list[Endpoint] = []
    for ep in summaries:
        try:
            d = describe(clients, ep.name, ep.modified)
        except AwsError as exc:
            out.append(ep)  # gone, or denied: keep the summary
            gaps.note_unless_gone(DESCRIBE_PART, exc)
            continue
        out.append(Endpoint.from_describe(d, config(clients, d.get("EndpointConfigName", ""))))
    scaling = scaling_ranges(clients)
    metrics = endpoint_metrics(clients, out)
    return [ep.with_extras(metrics.get(ep.name), scaling.get(ep.name, {})) for ep in out]


def scaling_ranges(clients: Clients) -> dict[str, dict[str, ScalingRange]]:
    """endpoint -> variant -> range, from one DescribeScalableTargets (paged)."""
    try:
        targets = aas.describe_scalable_targets(clients)
    except AwsError as exc:
        gaps.note(SCALING_PART, exc)
        return {}
    out: dict[str, dict[str, ScalingRange]] = {}
    for t in targets:
        parts = t["ResourceId"].split("/")
        if len(parts) != 4 or parts[0] != "endpoint":
            continue
        suspended = any((t.get("SuspendedState") or {}).values())
        out.setdefault(parts[1], {})[parts[3]] = ScalingRange(
            t["MinCapacity"], t["MaxCapacity"], suspended
        )
    return out


def endpoint_metrics(clients: Clients, endpoints: list[Endpoint]) -> dict[str, Metrics]:
    """The last few minutes of every serving endpoint, in one GetMetricData call per 500
    queries."""
    queries: list[MetricQuery] = []
    keys: dict[str, tuple[str, str, str]] = {}
    for i, ep in enumerate(endpoints):
        if ep.status not in ("InService", "Updating", "SystemUpdating"):
            continue
        for j, v in enumerate(ep.production):
            dims = {"EndpointName": ep.name, "VariantName": v.name}
            for metric, stat, tag in (
                ("Invocations", "Sum", "inv"),
                ("ModelLatency", "p50", "p50"),
                ("ModelLatency", "p99", "p99"),
                ("Invocation4XXErrors", "Sum", "e4"),
                ("Invocation5XXErrors", "Sum", "e5"),
            ):
                qid = f"e{i}v{j}{tag}"
                queries.append(MetricQuery(qid, NS, metric, dims, stat))
                keys[qid] = (ep.name, v.name, tag)
    if not queries:
        return {}
    end = now_of(clients).replace(second=0, microsecond=0)
    start = end - timedelta(minutes=METRICS_MINUTES)
    try:
        series = get_metric_series(clients, queries, start, end, METRICS_MINUTES * 60)
    except AwsError as exc:
        gaps.note(METRICS_PART, exc)
        return {}
    values: dict[str, dict[str, dict[str, float | None]]] = {}
    for qid, (ep_name, variant, tag) in keys.items():
        points = series.get(qid) or []
        value = points[-1][1] if points else None
        values.setdefault(ep_name, {}).setdefault(tag, {})[variant] = value
    return {
        name: combine(by["inv"], by["p50"], by["p99"], by["e4"], by["e5"], float(METRICS_MINUTES))
        for name, by in values.items()
    }
