"""Amazon CloudWatch metrics: GetMetricData, GetMetricStatistics, ListMetrics.

Served over AWS JSON 1.0 (target prefix ``GraniteServiceVersion20100801``): that is the
protocol botocore 1.44 and the AWS CLI resolve for ``cloudwatch`` (see
``protocols/json_rpc.py``; checked with ``wire_protocol(service_model("cloudwatch"))``).
The data comes from ``world.metrics`` (:class:`smtui.sandbox.hubs.MetricsHub`): every
simulator area registers a provider for its namespaces.

Limits and rules as the CloudWatch API reference states them
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html,
API_GetMetricStatistics.html, API_ListMetrics.html, and the same text in botocore's
``cloudwatch`` model):

- GetMetricData: at most 500 MetricDataQuery structures; at most 100,800 data points per
  call by default (``MaxDatapoints``), paginated with ``NextToken``; ``ScanBy`` defaults
  to ``TimestampDescending`` (newest first); each ``Id`` starts with a lowercase letter
  and holds letters, digits and underscores; each query has either ``MetricStat`` or
  ``Expression``, not both.
- GetMetricStatistics: at most 1,440 data points per call, else InvalidParameterCombination
  "You have requested up to N datapoints, which exceeds the limit of 1440. ..." (the
  wording quoted in cloud-custodian/cloud-custodian#7683); ``Statistics`` or
  ``ExtendedStatistics``, not both.
- Period: 1, 5, 10, 20, 30 or a multiple of 60. Sandbox metrics are all regular
  resolution, so periods under 60 return no data. StartTime is rounded down to the
  minute (to 5 minutes past 15 days, to the hour past 63 days); a period that is not a
  multiple of 300 (past 15 days) or 3600 (past 63 days) returns no data points.
- ListMetrics: up to 500 results per call, ``NextToken`` for more.

Expressions (documented choice): simple metric math is supported -- ``+ - * /``, unary
minus, parentheses, numbers and the Ids of other queries (e.g. ``100 * errors /
invocations``), evaluated on the timestamps the referenced series share. Anything else
(functions such as ``SUM(METRICS())``, ``SEARCH(...)``, Metrics Insights ``SELECT``)
is answered with a ValidationError naming what the sandbox supports.

Error codes: parameter problems of GetMetricData answer ``ValidationError`` (the code
CloudWatch uses there, e.g. "The value Min for parameter MetricDataQueries.member.1.
MetricStat.Stat ..."); GetMetricStatistics and ListMetrics use their modelled
``InvalidParameterValue`` / ``InvalidParameterCombination`` / ``MissingParameter``.
The exact wording of messages other than the 1,440-datapoint one is an assumption.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import math
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from ..errors import ServiceError
from ..hubs import MetricId, MetricsHub, dims
from ..registry import Registry
from ..world import World

MAX_QUERIES = 500
DEFAULT_MAX_DATAPOINTS = 100_800
MAX_STATISTICS_DATAPOINTS = 1_440
LIST_PAGE_SIZE = 500
STANDARD_STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
HIGH_RESOLUTION_PERIODS = (1, 5, 10, 20, 30)
DAY = 86_400.0

_ID = re.compile(r"[a-z][A-Za-z0-9_]*")
_PERCENTILE = re.compile(r"p(\d{1,2}(\.\d{1,10})?|100(\.0{1,10})?)")
# Other extended statistics CloudWatch accepts but the sandbox does not compute
# (trimmed mean, winsorized mean, trimmed count/sum, percentile rank, IQM).
_UNSUPPORTED_STAT = re.compile(r"(tm|wm|tc|ts)\d.*|(TM|WM|TC|TS|PR)\(.*\)|IQM")

Points = list[tuple[float, float]]


def _validation(message: str) -> ServiceError:
    return ServiceError("ValidationError", message, 400)


def _invalid_value(message: str) -> ServiceError:
    return ServiceError("InvalidParameterValue", message, 400)


def _invalid_combination(message: str) -> ServiceError:
    return ServiceError("InvalidParameterCombination", message, 400)


def is_statistic(stat: str) -> bool:
    return stat in STANDARD_STATISTICS or _PERCENTILE.fullmatch(stat) is not None


def _period_valid(period: int) -> bool:
    return period in HIGH_RESOLUTION_PERIODS or (period >= 60 and period % 60 == 0)


def round_start(start: float, now: float) -> float:
    """StartTime as CloudWatch rounds it (minute / 5 minutes / hour by age)."""
    age = now - start
    step = 3600 if age > 63 * DAY else (300 if age > 15 * DAY else 60)
    return start - (start % step)


def _period_serves(period: int, start: float, now: float) -> bool:
    """Whether data points exist at this period for a window starting at ``start``."""
    if period < 60:
        return False  # only regular-resolution metrics in the sandbox
    age = now - start
    if age > 63 * DAY:
        return period % 3600 == 0
    if age > 15 * DAY:
        return period % 300 == 0
    return True


def _series(
    hub: MetricsHub,
    metric: MetricId,
    start: float,
    end: float,
    period: int,
    stat: str,
    now: float,
    unit: str | None,
) -> Points:
    if unit and hub.unit(metric) != unit:
        return []  # "If you specify a unit that does not match ... the results are null."
    if not _period_serves(period, start, now):
        return []
    end = min(end, now)
    if end <= start:
        return []
    points = hub.query(metric, start, end, period, stat)
    return sorted((float(t), float(v)) for t, v in points if start <= t < end and math.isfinite(v))


def _metric_id(metric: dict[str, Any]) -> MetricId:
    return MetricId(
        metric.get("Namespace", ""),
        metric.get("MetricName", ""),
        dims((d["Name"], d["Value"]) for d in metric.get("Dimensions") or []),
    )


# --- metric math ---------------------------------------------------------------------
_BINOPS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def _unsupported(expr: str, where: str) -> ServiceError:
    return _validation(
        f"The expression {expr!r} at {where} is not supported by the smtui sandbox: it "
        "evaluates + - * / on numbers and the Ids of other queries only (no functions, "
        "SEARCH or Metrics Insights queries)."
    )


def _compile(expr: str, where: str) -> tuple[ast.expr, set[str]]:
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError:
        raise _unsupported(expr, where) from None
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                raise _unsupported(expr, where)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub | ast.UAdd):
                raise _unsupported(expr, where)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise _unsupported(expr, where)
        elif not isinstance(
            node, ast.Expression | ast.Load | ast.operator | ast.unaryop | ast.Name
        ):
            raise _unsupported(expr, where)
    return tree.body, names


def _evaluate(node: ast.expr, values: dict[str, Points]) -> dict[float, float] | float:
    """A series (timestamp -> value) or a scalar."""
    if isinstance(node, ast.Constant):
        return float(node.value)  # type: ignore[arg-type]  # numbers only (_compile)
    if isinstance(node, ast.Name):
        return dict(values[node.id])
    if isinstance(node, ast.UnaryOp):
        inner = _evaluate(node.operand, values)
        sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
        if isinstance(inner, float):
            return sign * inner
        return {t: sign * v for t, v in inner.items()}
    assert isinstance(node, ast.BinOp)
    op = _BINOPS[type(node.op)]
    left, right = _evaluate(node.left, values), _evaluate(node.right, values)

    def safe(a: float, b: float) -> float:
        try:
            return op(a, b)
        except ZeroDivisionError:
            return math.nan

    if isinstance(left, float) and isinstance(right, float):
        return safe(left, right)
    if isinstance(left, float):
        assert isinstance(right, dict)
        return {t: safe(left, v) for t, v in right.items()}
    if isinstance(right, float):
        return {t: safe(v, right) for t, v in left.items()}
    return {t: safe(left[t], right[t]) for t in left.keys() & right.keys()}


# --- GetMetricData ---------------------------------------------------------------------
def _token_hash(params: dict[str, Any]) -> str:
    basis = {k: params.get(k) for k in ("MetricDataQueries", "StartTime", "EndTime", "ScanBy")}
    text = json.dumps(basis, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _encode_token(offset: int, digest: str) -> str:
    raw = json.dumps({"o": offset, "h": digest}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode_token(token: str, digest: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        offset = int(data["o"])
        same = data["h"] == digest
    except (ValueError, KeyError, TypeError):
        same, offset = False, -1
    if not same or offset < 0:
        raise ServiceError("InvalidNextToken", "The service found NextToken to be invalid.", 400)
    return offset


def _check_queries(queries: list[dict[str, Any]]) -> None:
    if len(queries) > MAX_QUERIES:
        raise _validation(
            f"The collection MetricDataQueries must not have a size greater than {MAX_QUERIES}."
        )
    seen: set[str] = set()
    for number, query in enumerate(queries, 1):
        where = f"MetricDataQueries.member.{number}"
        qid = query["Id"]
        if not _ID.fullmatch(qid):
            raise _validation(
                f"The value {qid} for parameter {where}.Id is not valid: it must start with "
                "a lowercase letter and contain only letters, numbers and underscores."
            )
        if qid in seen:
            raise _validation(f"The value {qid} for parameter {where}.Id is not unique.")
        seen.add(qid)
        stat, expr = query.get("MetricStat"), query.get("Expression")
        if (stat is None) == (expr is None):
            raise _validation(
                f"Exactly one element of the MetricStat or the Expression fields must be "
                f"specified in {where}."
            )
        if stat is not None:
            name = stat["Stat"]
            if _UNSUPPORTED_STAT.fullmatch(name):
                raise _validation(
                    f"The value {name} for parameter {where}.MetricStat.Stat is not "
                    "supported by the smtui sandbox (SampleCount, Average, Sum, Minimum, "
                    "Maximum and percentiles pNN.NN are)."
                )
            if not is_statistic(name):
                raise _validation(
                    f"The value {name} for parameter {where}.MetricStat.Stat is not a valid "
                    "statistic."
                )
            if not _period_valid(stat["Period"]):
                raise _validation(
                    f"The parameter {where}.MetricStat.Period must be 1, 5, 10, 20, 30 or a "
                    "multiple of 60."
                )
            if not stat["Metric"].get("Namespace") or not stat["Metric"].get("MetricName"):
                raise _validation(
                    f"The parameters {where}.MetricStat.Metric.Namespace and MetricName are "
                    "required."
                )
        elif query.get("Period") is not None and not _period_valid(query["Period"]):
            raise _validation(
                f"The parameter {where}.Period must be 1, 5, 10, 20, 30 or a multiple of 60."
            )


def _resolve(
    world: World, queries: list[dict[str, Any]], start: float, end: float
) -> dict[str, Points]:
    """Every query's points (ascending), expressions evaluated in dependency order."""
    now = world.now()
    out: dict[str, Points] = {}
    compiled: dict[str, tuple[ast.expr, set[str], str]] = {}
    ids = {q["Id"] for q in queries}
    for number, query in enumerate(queries, 1):
        if query.get("MetricStat") is not None:
            stat = query["MetricStat"]
            out[query["Id"]] = _series(
                world.metrics,
                _metric_id(stat["Metric"]),
                start,
                end,
                stat["Period"],
                stat["Stat"],
                now,
                stat.get("Unit"),
            )
        else:
            where = f"MetricDataQueries.member.{number}.Expression"
            node, names = _compile(query["Expression"], where)
            unknown = sorted(names - ids)
            if unknown:
                raise _validation(
                    f"Error in expression {query['Id']!r}: unknown metric or expression id "
                    f"{unknown[0]!r}."
                )
            compiled[query["Id"]] = (node, names, query["Expression"])
    pending = dict(compiled)
    while pending:
        ready = [qid for qid, (_, names, _) in pending.items() if names <= out.keys()]
        if not ready:
            raise _validation(
                f"Circular dependency between expressions: {', '.join(sorted(pending))}."
            )
        for qid in ready:
            node, _, _ = pending.pop(qid)
            value = _evaluate(node, out)
            if isinstance(value, float):
                out[qid] = []
            else:
                out[qid] = sorted((t, v) for t, v in value.items() if math.isfinite(v))
    return out


def get_metric_data(world: World, params: dict[str, Any]) -> dict[str, Any]:
    queries: list[dict[str, Any]] = params["MetricDataQueries"]
    _check_queries(queries)
    start_dt: datetime = params["StartTime"]
    end_dt: datetime = params["EndTime"]
    now = world.now()
    start = round_start(start_dt.timestamp(), now)
    end = end_dt.timestamp()
    if end <= start:
        raise _validation("The parameter StartTime must be less than the parameter EndTime.")
    limit = params.get("MaxDatapoints", DEFAULT_MAX_DATAPOINTS)
    if limit < 1:
        raise _validation("The parameter MaxDatapoints must be greater than 0.")
    descending = params.get("ScanBy", "TimestampDescending") == "TimestampDescending"
    digest = _token_hash(params)
    offset = _decode_token(params["NextToken"], digest) if params.get("NextToken") else 0

    resolved = _resolve(world, queries, start, end)
    results = []
    position = 0  # index of the first point of this query in the whole (flattened) answer
    more = False
    for query in queries:
        if not query.get("ReturnData", True):
            continue
        points = resolved[query["Id"]]
        if descending:
            points = points[::-1]
        lo = max(0, offset - position)
        hi = max(0, min(len(points), offset + limit - position))
        page = points[lo:hi] if lo < hi else []
        unfinished = hi < len(points)
        more = more or unfinished
        position += len(points)
        stat = query.get("MetricStat")
        default_label = stat["Metric"]["MetricName"] if stat else query["Id"]
        results.append(
            {
                "Id": query["Id"],
                "Label": query.get("Label") or default_label,
                "Timestamps": [datetime.fromtimestamp(t, tz=UTC) for t, _ in page],
                "Values": [v for _, v in page],
                "StatusCode": "PartialData" if unfinished else "Complete",
                "Messages": [],
            }
        )
    out: dict[str, Any] = {"MetricDataResults": results, "Messages": []}
    if more:
        out["NextToken"] = _encode_token(offset + limit, digest)
    return out


# --- GetMetricStatistics -------------------------------------------------------------------
def get_metric_statistics(world: World, params: dict[str, Any]) -> dict[str, Any]:
    statistics = params.get("Statistics") or []
    extended = params.get("ExtendedStatistics") or []
    if statistics and extended:
        raise _invalid_combination(
            "The parameters Statistics and ExtendedStatistics are mutually exclusive: "
            "specify one of them."
        )
    if not statistics and not extended:
        raise ServiceError(
            "MissingParameter", "Either Statistics or ExtendedStatistics must be specified.", 400
        )
    for stat in extended:
        if not _PERCENTILE.fullmatch(stat):
            raise _invalid_value(
                f"The value {stat} for parameter ExtendedStatistics is not a valid percentile "
                "(p0.0 to p100)."
            )
    period: int = params["Period"]
    if not _period_valid(period):
        raise _invalid_value("The parameter Period must be 1, 5, 10, 20, 30 or a multiple of 60.")
    now = world.now()
    start = round_start(params["StartTime"].timestamp(), now)
    end = params["EndTime"].timestamp()
    if end <= start:
        raise _invalid_value("The parameter StartTime must be less than the parameter EndTime.")
    requested = math.ceil((end - start) / period)
    if requested > MAX_STATISTICS_DATAPOINTS:
        raise _invalid_combination(
            f"You have requested up to {requested} datapoints, which exceeds the limit of "
            f"{MAX_STATISTICS_DATAPOINTS}. You may reduce the datapoints requested by "
            "increasing Period, or decreasing the time range."
        )
    metric = MetricId(
        params["Namespace"],
        params["MetricName"],
        dims((d["Name"], d["Value"]) for d in params.get("Dimensions") or []),
    )
    unit = params.get("Unit")
    buckets: dict[float, dict[str, Any]] = {}
    for stat in [*statistics, *extended]:
        for t, v in _series(world.metrics, metric, start, end, period, stat, now, unit):
            point = buckets.setdefault(t, {})
            if stat in STANDARD_STATISTICS:
                point[stat] = v
            else:
                point.setdefault("ExtendedStatistics", {})[stat] = v
    metric_unit = world.metrics.unit(metric)
    datapoints = [
        {"Timestamp": datetime.fromtimestamp(t, tz=UTC), **values, "Unit": metric_unit}
        for t, values in sorted(buckets.items())
    ]
    return {"Label": params["MetricName"], "Datapoints": datapoints}


# --- ListMetrics ------------------------------------------------------------------------------
def list_metrics(world: World, params: dict[str, Any]) -> dict[str, Any]:
    namespace = params.get("Namespace")
    name = params.get("MetricName")
    filters = params.get("Dimensions") or []
    matching = []
    for metric in world.metrics.list_metrics(namespace):
        if name and metric.name != name:
            continue
        have = dict(metric.dimensions)
        if any(
            f["Name"] not in have or ("Value" in f and have[f["Name"]] != f["Value"])
            for f in filters
        ):
            continue
        matching.append(metric)
    matching = sorted(set(matching), key=lambda m: (m.namespace, m.name, m.dimensions))
    token = params.get("NextToken")
    start = 0
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode().removeprefix("list:"))
        except ValueError:
            start = -1
        if not 0 <= start <= len(matching):
            raise _invalid_value("The value of NextToken is not valid.")
    page = matching[start : start + LIST_PAGE_SIZE]
    out: dict[str, Any] = {
        "Metrics": [
            {
                "Namespace": m.namespace,
                "MetricName": m.name,
                "Dimensions": [{"Name": k, "Value": v} for k, v in m.dimensions],
            }
            for m in page
        ]
    }
    if start + LIST_PAGE_SIZE < len(matching):
        nxt = f"list:{start + LIST_PAGE_SIZE}".encode()
        out["NextToken"] = base64.urlsafe_b64encode(nxt).decode()
    return out


def register(registry: Registry, world: World) -> None:
    registry.register("cloudwatch", "GetMetricData", partial(get_metric_data, world))
    registry.register("cloudwatch", "GetMetricStatistics", partial(get_metric_statistics, world))
    registry.register("cloudwatch", "ListMetrics", partial(list_metrics, world))
