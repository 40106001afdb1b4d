"""Example calls for the CloudWatch metrics operations (GetMetricData, GetMetricStatistics,
ListMetrics), on the endpoint metrics the endpoints area publishes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from smtui.sandbox import Sandbox


def _window(sb: Sandbox, hours: float) -> tuple[datetime, datetime]:
    end = datetime.fromtimestamp(sb.world.now(), tz=UTC)
    return end - timedelta(hours=hours), end


def _variant(sb: Sandbox) -> list[dict[str, str]]:
    """Dimensions of a live endpoint variant (AWS/SageMaker, EndpointName + VariantName)."""
    metrics = sb.world.metrics.list_metrics("AWS/SageMaker")
    for metric in metrics:
        dims = dict(metric.dimensions)
        if metric.name == "Invocations" and set(dims) == {"EndpointName", "VariantName"}:
            return [{"Name": k, "Value": v} for k, v in sorted(dims.items())]
    return [{"Name": "EndpointName", "Value": "none"}, {"Name": "VariantName", "Value": "none"}]


def _stat(sb: Sandbox, qid: str, name: str, stat: str, period: int = 60) -> dict[str, Any]:
    return {
        "Id": qid,
        "MetricStat": {
            "Metric": {
                "Namespace": "AWS/SageMaker",
                "MetricName": name,
                "Dimensions": _variant(sb),
            },
            "Period": period,
            "Stat": stat,
        },
    }


def _gmd(sb: Sandbox, **extra: Any) -> dict[str, Any]:
    start, end = _window(sb, 1)
    return {
        "MetricDataQueries": [
            _stat(sb, "inv", "Invocations", "Sum"),
            _stat(sb, "p99", "ModelLatency", "p99"),
            {**_stat(sb, "err", "Invocation5XXErrors", "Sum"), "ReturnData": False},
            {"Id": "rate", "Expression": "100 * err / inv", "Label": "5xx %"},
        ],
        "StartTime": start,
        "EndTime": end,
        **extra,
    }


def _gms(sb: Sandbox, **stats: Any) -> dict[str, Any]:
    start, end = _window(sb, 6)
    return {
        "Namespace": "AWS/SageMaker",
        "MetricName": "ModelLatency",
        "Dimensions": _variant(sb),
        "StartTime": start,
        "EndTime": end,
        "Period": 300,
        **stats,
    }


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("cloudwatch", "GetMetricData"): [
        lambda sb: _gmd(sb),
        lambda sb: _gmd(sb, ScanBy="TimestampAscending", MaxDatapoints=20),
    ],
    ("cloudwatch", "GetMetricStatistics"): [
        lambda sb: _gms(sb, Statistics=["Average", "Maximum", "SampleCount"]),
        lambda sb: _gms(sb, ExtendedStatistics=["p50", "p99"], Unit="Microseconds"),
    ],
    ("cloudwatch", "ListMetrics"): [
        lambda sb: {},
        lambda sb: {"Namespace": "AWS/SageMaker", "MetricName": "Invocations"},
        lambda sb: {
            "Namespace": "/aws/sagemaker/Endpoints",
            "Dimensions": [{"Name": "EndpointName"}],
            "RecentlyActive": "PT3H",
        },
    ],
}
