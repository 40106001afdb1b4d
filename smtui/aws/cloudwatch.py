"""CloudWatch metrics for every pane: time series by GetMetricData, discovery by ListMetrics.

``get_metric_series`` packs as many queries as one call takes (500, the GetMetricData
limit: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html)
and follows ``NextToken`` until every data point arrived, so a whole table's worth of
metrics costs one call per 500 series.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from smtui.aws.calls import call, pages
from smtui.aws.session import Clients

MAX_QUERIES_PER_CALL = 500
"""GetMetricData: "A single GetMetricData call can include as many as 500 MetricDataQuery
structures" (API reference)."""


@dataclass(frozen=True)
class MetricQuery:
    """One series: a metric (namespace, name, dimensions) and the statistic wanted.

    ``id`` keys the result; it must start with a lowercase letter and hold only letters,
    digits and underscores (GetMetricData's rule for MetricDataQuery.Id).
    """

    id: str
    namespace: str
    name: str
    dimensions: dict[str, str]
    stat: str = "Average"
    label: str = ""


def _query(q: MetricQuery, period: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Id": q.id,
        "MetricStat": {
            "Metric": {
                "Namespace": q.namespace,
                "MetricName": q.name,
                "Dimensions": [{"Name": k, "Value": v} for k, v in sorted(q.dimensions.items())],
            },
            "Period": period,
            "Stat": q.stat,
        },
        "ReturnData": True,
    }
    if q.label:
        out["Label"] = q.label
    return out


def _batches(queries: list[MetricQuery]) -> Iterator[list[MetricQuery]]:
    for i in range(0, len(queries), MAX_QUERIES_PER_CALL):
        yield queries[i : i + MAX_QUERIES_PER_CALL]


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def get_metric_series(
    clients: Clients,
    queries: list[MetricQuery],
    start: datetime,
    end: datetime,
    period: int,
) -> dict[str, list[tuple[datetime, float]]]:
    """id -> [(timestamp, value)], oldest first, for every query (empty when no data).

    One GetMetricData call per 500 queries, plus one per page of data points.
    """
    ids = [q.id for q in queries]
    if len(set(ids)) != len(ids):
        raise ValueError("MetricQuery ids must be unique")
    series: dict[str, dict[datetime, float]] = {q.id: {} for q in queries}
    if not queries:
        return {}
    client = clients.client("cloudwatch")
    for batch in _batches(queries):
        params: dict[str, Any] = {
            "MetricDataQueries": [_query(q, period) for q in batch],
            "StartTime": _aware(start),
            "EndTime": _aware(end),
            "ScanBy": "TimestampAscending",
        }
        token: str | None = None
        while True:
            if token:
                params["NextToken"] = token
            response = call(client, "get_metric_data", **params)
            for result in response.get("MetricDataResults", []):
                points = series.setdefault(result["Id"], {})
                for when, value in zip(result["Timestamps"], result["Values"], strict=False):
                    points[_aware(when)] = float(value)
            token = response.get("NextToken")
            if not token:
                break
    return {qid: sorted(points.items()) for qid, points in series.items()}


def list_metrics(
    clients: Clients,
    namespace: str,
    dimensions: dict[str, str] | None = None,
    metric_name: str | None = None,
) -> list[tuple[str, dict[str, str]]]:
    """(metric name, dimensions) of every metric in ``namespace`` that has ``dimensions``
    (and ``metric_name``), following NextToken."""
    params: dict[str, Any] = {"Namespace": namespace}
    if dimensions:
        params["Dimensions"] = [{"Name": k, "Value": v} for k, v in sorted(dimensions.items())]
    if metric_name:
        params["MetricName"] = metric_name
    out: list[tuple[str, dict[str, str]]] = []
    for page in pages(clients.client("cloudwatch"), "list_metrics", "Metrics", **params):
        for metric in page:
            dims = {d["Name"]: d["Value"] for d in metric.get("Dimensions", [])}
            out.append((metric["MetricName"], dims))
    return out
