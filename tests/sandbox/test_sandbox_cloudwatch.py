"""CloudWatch metrics over the metrics hub: plain boto3 against the sandbox, and the aws layer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.aws.cloudwatch import MetricQuery, get_metric_series, list_metrics
from smtui.aws.session import Clients, Target
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.sandbox.hubs import MetricId, dims

NS = "Smtui/Test"
SHARDS = 620  # more than one ListMetrics page (500)


def _value(metric: MetricId, t: float) -> float:
    shard = int(dict(metric.dimensions).get("Shard", "0"))
    return float(shard + int(t // 60) % 100)


def _series(
    metric: MetricId, start: float, end: float, period: int, stat: str
) -> list[tuple[float, float]]:
    if metric.name not in ("Requests", "Latency"):
        return []
    out = []
    t = start
    while t < end:
        v = _value(metric, t)
        if stat == "Sum":
            v *= period / 60
        elif stat == "SampleCount":
            v = period / 60
        elif stat.startswith("p"):
            v *= 1 + float(stat[1:]) / 100
        out.append((t, v))
        t += period
    return out


def _metrics() -> list[MetricId]:
    return [
        MetricId(NS, name, dims({"Shard": str(i), "Fleet": "blue" if i % 2 else "green"}))
        for i in range(SHARDS)
        for name in ("Requests", "Latency")
    ]


@pytest.fixture(scope="module")
def cw(sb: Sandbox, make_client) -> Any:
    sb.world.metrics.register(
        NS, _series, _metrics, units=lambda m: "Count" if m.name == "Requests" else "Milliseconds"
    )
    return make_client("cloudwatch")


@pytest.fixture(scope="module")
def clients(sb: Sandbox, cw) -> Clients:
    return Clients(
        Target(
            region=SANDBOX_REGION,
            endpoint_url=sb.url,
            access_key=SANDBOX_ACCESS_KEY,
            secret_key=SANDBOX_SECRET_KEY,
        )
    )


def _window(sb: Sandbox, minutes: int) -> tuple[datetime, datetime]:
    now = sb.world.now()
    end = datetime.fromtimestamp(now - now % 60, tz=UTC)
    return end - timedelta(minutes=minutes), end


def _stat_query(qid: str, shard: int, stat: str = "Average", **extra: Any) -> dict[str, Any]:
    return {
        "Id": qid,
        "MetricStat": {
            "Metric": {
                "Namespace": NS,
                "MetricName": extra.pop("name", "Requests"),
                "Dimensions": [
                    {"Name": "Shard", "Value": str(shard)},
                    {"Name": "Fleet", "Value": "blue" if shard % 2 else "green"},
                ],
            },
            "Period": extra.pop("period", 60),
            "Stat": stat,
            **extra,
        },
    }


def _code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


# --- GetMetricData ------------------------------------------------------------------------
def test_get_metric_data_newest_first_by_default(sb: Sandbox, cw: Any) -> None:
    start, end = _window(sb, 10)
    r = cw.get_metric_data(MetricDataQueries=[_stat_query("m1", 3)], StartTime=start, EndTime=end)
    (result,) = r["MetricDataResults"]
    assert result["Id"] == "m1" and result["Label"] == "Requests"
    assert result["StatusCode"] == "Complete"
    stamps = result["Timestamps"]
    assert len(stamps) == 10 and stamps == sorted(stamps, reverse=True)
    assert stamps[0] == end - timedelta(minutes=1)  # EndTime is exclusive
    expected = 3 + int((end - timedelta(minutes=1)).timestamp() // 60) % 100
    assert result["Values"][0] == expected


def test_scan_ascending_sum_percentile_and_return_data(sb: Sandbox, cw: Any) -> None:
    start, end = _window(sb, 30)
    r = cw.get_metric_data(
        MetricDataQueries=[
            _stat_query("total", 1, "Sum", period=300),
            _stat_query("tail", 1, "p99", period=300),
            {**_stat_query("hidden", 1), "ReturnData": False},
        ],
        StartTime=start,
        EndTime=end,
        ScanBy="TimestampAscending",
    )
    results = {x["Id"]: x for x in r["MetricDataResults"]}
    assert set(results) == {"total", "tail"}
    total = results["total"]
    assert total["Timestamps"] == sorted(total["Timestamps"]) and len(total["Timestamps"]) == 6
    first = 1 + int(start.timestamp() // 60) % 100
    assert total["Values"][0] == first * 5
    assert results["tail"]["Values"][0] == pytest.approx(first * 1.99)


def test_pagination_by_max_datapoints_returns_every_point_once(sb: Sandbox, cw: Any) -> None:
    start, end = _window(sb, 60)
    queries = [_stat_query(f"q{i}", i) for i in range(3)]
    seen: dict[str, list[datetime]] = {}
    token = None
    calls = 0
    while True:
        kwargs: dict[str, Any] = {"NextToken": token} if token else {}
        r = cw.get_metric_data(
            MetricDataQueries=queries, StartTime=start, EndTime=end, MaxDatapoints=50, **kwargs
        )
        calls += 1
        assert sum(len(x["Values"]) for x in r["MetricDataResults"]) <= 50
        for x in r["MetricDataResults"]:
            seen.setdefault(x["Id"], []).extend(x["Timestamps"])
        token = r.get("NextToken")
        if not token:
            break
        assert any(x["StatusCode"] == "PartialData" for x in r["MetricDataResults"])
    assert calls == 4  # 180 points, 50 a page
    assert all(len(v) == 60 and len(set(v)) == 60 for v in seen.values())


def test_bad_next_token(sb: Sandbox, cw: Any) -> None:
    start, end = _window(sb, 5)
    with pytest.raises(ClientError) as exc:
        cw.get_metric_data(
            MetricDataQueries=[_stat_query("m", 1)], StartTime=start, EndTime=end, NextToken="x"
        )
    assert _code(exc) == "InvalidNextToken"


def test_expressions_simple_math(sb: Sandbox, cw: Any) -> None:
    start, end = _window(sb, 5)
    r = cw.get_metric_data(
        MetricDataQueries=[
            {**_stat_query("a", 2), "ReturnData": False},
            {**_stat_query("b", 4), "ReturnData": False},
            {"Id": "ratio", "Expression": "100 * (b - a) / b", "Label": "pct"},
            {"Id": "double", "Expression": "ratio * 2"},
        ],
        StartTime=start,
        EndTime=end,
        ScanBy="TimestampAscending",
    )
    results = {x["Id"]: x for x in r["MetricDataResults"]}
    assert set(results) == {"ratio", "double"} and results["ratio"]["Label"] == "pct"
    minute = int(start.timestamp() // 60) % 100
    assert results["ratio"]["Values"][0] == pytest.approx(100 * 2 / (4 + minute))
    assert results["double"]["Values"][0] == pytest.approx(2 * results["ratio"]["Values"][0])


@pytest.mark.parametrize(
    "queries, fragment",
    [
        ([_stat_query(f"m{i}", i) for i in range(501)], "greater than 500"),
        ([_stat_query("M1", 1)], "Id is not valid"),
        ([_stat_query("m1", 1), _stat_query("m1", 2)], "not unique"),
        ([{**_stat_query("m1", 1), "Expression": "m1"}], "Exactly one"),
        ([{"Id": "m1"}], "Exactly one"),
        ([_stat_query("m1", 1, "Min")], "not a valid statistic"),
        ([_stat_query("m1", 1, "tm99")], "not supported by the smtui sandbox"),
        ([_stat_query("m1", 1, period=90)], "multiple of 60"),
        ([_stat_query("m1", 1), {"Id": "e", "Expression": "SUM(METRICS())"}], "not supported"),
        ([{"Id": "e", "Expression": "nope * 2"}], "unknown metric or expression id"),
        ([{"Id": "a", "Expression": "b + 1"}, {"Id": "b", "Expression": "a + 1"}], "Circular"),
    ],
    ids=[
        "too-many",
        "bad-id",
        "dup-id",
        "both",
        "neither",
        "bad-stat",
        "trimmed-mean",
        "period",
        "function",
        "unknown-id",
        "cycle",
    ],
)
def test_get_metric_data_validation(sb: Sandbox, cw: Any, queries: list, fragment: str) -> None:
    start, end = _window(sb, 5)
    with pytest.raises(ClientError) as exc:
        cw.get_metric_data(MetricDataQueries=queries, StartTime=start, EndTime=end)
    assert _code(exc) == "ValidationError"
    assert fragment in exc.value.response["Error"]["Message"]


def test_start_after_end_and_unit_filter(sb: Sandbox, cw: Any) -> None:
    start, end = _window(sb, 5)
    with pytest.raises(ClientError) as exc:
        cw.get_metric_data(MetricDataQueries=[_stat_query("m", 1)], StartTime=end, EndTime=start)
    assert _code(exc) == "ValidationError"
    r = cw.get_metric_data(
        MetricDataQueries=[
            _stat_query("right", 1, Unit="Count"),
            _stat_query("wrong", 1, Unit="Percent"),
        ],
        StartTime=start,
        EndTime=end,
    )
    got = {x["Id"]: len(x["Values"]) for x in r["MetricDataResults"]}
    assert got == {"right": 5, "wrong": 0}


def test_unknown_metric_is_empty_not_an_error(sb: Sandbox, cw: Any) -> None:
    start, end = _window(sb, 5)
    q = _stat_query("m", 1, name="NoSuchMetric")
    r = cw.get_metric_data(MetricDataQueries=[q], StartTime=start, EndTime=end)
    assert r["MetricDataResults"][0]["Values"] == []
    assert r["MetricDataResults"][0]["StatusCode"] == "Complete"


# --- GetMetricStatistics --------------------------------------------------------------
def _stats_dims(shard: int) -> list[dict[str, str]]:
    return [
        {"Name": "Shard", "Value": str(shard)},
        {"Name": "Fleet", "Value": "blue" if shard % 2 else "green"},
    ]


def test_get_metric_statistics_standard_and_extended(sb: Sandbox, cw: Any) -> None:
    start, end = _window(sb, 10)
    r = cw.get_metric_statistics(
        Namespace=NS,
        MetricName="Latency",
        Dimensions=_stats_dims(5),
        StartTime=start,
        EndTime=end,
        Period=60,
        Statistics=["Average", "Sum", "SampleCount"],
    )
    assert r["Label"] == "Latency" and len(r["Datapoints"]) == 10
    point = r["Datapoints"][0]
    assert point["Unit"] == "Milliseconds" and point["SampleCount"] == 1
    assert point["Average"] == point["Sum"]
    r = cw.get_metric_statistics(
        Namespace=NS,
        MetricName="Latency",
        Dimensions=_stats_dims(5),
        StartTime=start,
        EndTime=end,
        Period=300,
        ExtendedStatistics=["p50", "p99"],
    )
    assert len(r["Datapoints"]) == 2
    ext = r["Datapoints"][0]["ExtendedStatistics"]
    assert set(ext) == {"p50", "p99"} and ext["p99"] > ext["p50"]


def test_get_metric_statistics_limits(sb: Sandbox, cw: Any) -> None:
    start, end = _window(sb, 1441)
    base = {"Namespace": NS, "MetricName": "Latency", "Dimensions": _stats_dims(1)}
    with pytest.raises(cw.exceptions.InvalidParameterCombinationException) as exc:
        cw.get_metric_statistics(
            **base, StartTime=start, EndTime=end, Period=60, Statistics=["Average"]
        )
    assert "which exceeds the limit of 1440" in str(exc.value)
    with pytest.raises(cw.exceptions.InvalidParameterCombinationException):
        cw.get_metric_statistics(
            **base,
            StartTime=end - timedelta(hours=1),
            EndTime=end,
            Period=60,
            Statistics=["Average"],
            ExtendedStatistics=["p99"],
        )
    with pytest.raises(cw.exceptions.InvalidParameterValueException):
        cw.get_metric_statistics(
            **base,
            StartTime=end - timedelta(hours=1),
            EndTime=end,
            Period=45,
            Statistics=["Average"],
        )
    with pytest.raises(cw.exceptions.MissingRequiredParameterException):
        cw.get_metric_statistics(**base, StartTime=end - timedelta(hours=1), EndTime=end, Period=60)


# --- ListMetrics -------------------------------------------------------------------------
def test_list_metrics_filters_and_pages(sb: Sandbox, cw: Any) -> None:
    first = cw.list_metrics(Namespace=NS)
    assert len(first["Metrics"]) == 500 and "NextToken" in first
    everything = [
        m
        for page in cw.get_paginator("list_metrics").paginate(Namespace=NS)
        for m in page["Metrics"]
    ]
    assert len(everything) == 2 * SHARDS
    only = cw.list_metrics(
        Namespace=NS, MetricName="Latency", Dimensions=[{"Name": "Shard", "Value": "7"}]
    )["Metrics"]
    assert len(only) == 1
    assert {d["Name"] for d in only[0]["Dimensions"]} == {"Shard", "Fleet"}
    blue = cw.list_metrics(
        Namespace=NS, MetricName="Requests", Dimensions=[{"Name": "Fleet", "Value": "blue"}]
    )
    assert len(blue["Metrics"]) == SHARDS // 2
    assert cw.list_metrics(Namespace="Nope/Nothing")["Metrics"] == []


# --- the aws layer ---------------------------------------------------------------------------
def test_get_metric_series_batches_and_follows_next_token(sb: Sandbox, clients: Clients) -> None:
    start, end = _window(sb, 240)  # 240 points a series: 450 series need two pages of 100,800
    queries = [
        MetricQuery(
            f"s{i}", NS, "Requests", {"Shard": str(i), "Fleet": "blue" if i % 2 else "green"}
        )
        for i in range(450)
    ]
    before = len(sb.request_log)
    series = get_metric_series(clients, queries, start, end, 60)
    calls = [op for _, op in sb.request_log[before:]]
    assert calls == ["GetMetricData", "GetMetricData"]
    assert set(series) == {q.id for q in queries}
    assert all(len(points) == 240 for points in series.values())
    stamps = [t for t, _ in series["s7"]]
    assert stamps == sorted(stamps) and stamps[0] == start
    assert series["s7"][0][1] == 7 + int(start.timestamp() // 60) % 100


def test_get_metric_series_splits_over_500_queries(sb: Sandbox, clients: Clients) -> None:
    start, end = _window(sb, 5)
    queries = [
        MetricQuery(
            f"m{i}", NS, "Latency", {"Shard": str(i), "Fleet": "blue" if i % 2 else "green"}, "p99"
        )
        for i in range(1100)
    ]
    queries.append(MetricQuery("missing", NS, "Nothing", {}, "Sum"))
    before = len(sb.request_log)
    series = get_metric_series(clients, queries, start, end, 60)
    assert [op for _, op in sb.request_log[before:]] == ["GetMetricData"] * 3
    assert len(series) == 1101 and series["missing"] == []
    assert all(len(series[f"m{i}"]) == 5 for i in range(1100))


def test_list_metrics_layer(sb: Sandbox, clients: Clients) -> None:
    everything = list_metrics(clients, NS)
    assert len(everything) == 2 * SHARDS
    one = list_metrics(clients, NS, {"Shard": "3"}, "Requests")
    assert one == [("Requests", {"Fleet": "blue", "Shard": "3"})]
