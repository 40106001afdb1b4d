"""CloudWatch Logs and the training metrics of the sandbox, through plain boto3 clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import Sandbox
from tests.sandbox.conftest import client

GROUP = "/aws/sagemaker/TrainingJobs"
START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def fresh() -> Iterator[Sandbox]:
    """A sandbox of our own: these tests move its clock."""
    with Sandbox(seed=7, jobs=200, speed=0.0, start=START).start() as sandbox:
        yield sandbox


def _in(sb: Sandbox, status: str, secondary: str | None = None, hosts: int = 1) -> str:
    records, now = sb.simulator.records()
    for job in reversed(records):  # newest first: its metrics are still listed
        if job.status(now) == status and job.instance_count >= hosts:
            if secondary is None or job.secondary(now) == secondary:
                return job.name
    raise AssertionError(f"no {status}/{secondary} job with {hosts}+ hosts")


def _streams(logs: Any, job: str) -> list[str]:
    response = logs.describe_log_streams(logGroupName=GROUP, logStreamNamePrefix=job + "/")
    return [s["logStreamName"] for s in response["logStreams"]]


def _code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def test_the_training_group_and_its_streams_one_per_host(sb: Sandbox) -> None:
    logs = client(sb, "logs")
    groups = [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]]
    assert GROUP in groups
    job = _in(sb, "Completed", hosts=2)
    sm = client(sb, "sagemaker")
    described = sm.describe_training_job(TrainingJobName=job)
    count = described["ResourceConfig"]["InstanceCount"]
    names = _streams(logs, job)
    epoch = int(described["TrainingStartTime"].timestamp())
    assert names == [f"{job}/algo-{n}-{epoch}" for n in range(1, count + 1)]
    stream = logs.describe_log_streams(logGroupName=GROUP, logStreamNamePrefix=names[0])
    item = stream["logStreams"][0]
    assert item["firstEventTimestamp"] <= item["lastEventTimestamp"]
    end = described["TrainingEndTime"].timestamp() * 1000
    assert item["lastEventTimestamp"] <= end


def test_streams_page_with_limit_and_token_and_order_by_last_event(sb: Sandbox) -> None:
    logs = client(sb, "logs")
    first = logs.describe_log_streams(logGroupName=GROUP, limit=5)
    assert len(first["logStreams"]) == 5 and first["nextToken"]
    second = logs.describe_log_streams(logGroupName=GROUP, limit=5, nextToken=first["nextToken"])
    names = [s["logStreamName"] for s in first["logStreams"] + second["logStreams"]]
    assert names == sorted(names) and len(set(names)) == 10
    latest = logs.describe_log_streams(
        logGroupName=GROUP, orderBy="LastEventTime", descending=True, limit=10
    )["logStreams"]
    stamps = [s.get("lastEventTimestamp", 0) for s in latest]
    assert stamps == sorted(stamps, reverse=True)
    with pytest.raises(ClientError) as exc:
        logs.describe_log_streams(
            logGroupName=GROUP, orderBy="LastEventTime", logStreamNamePrefix="x"
        )
    assert _code(exc) == "InvalidParameterException"


def test_unknown_group_and_stream_are_not_found(sb: Sandbox) -> None:
    logs = client(sb, "logs")
    with pytest.raises(ClientError) as exc:
        logs.describe_log_streams(logGroupName="/aws/sagemaker/Nope")
    assert _code(exc) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        logs.get_log_events(logGroupName=GROUP, logStreamName="nope/algo-1-1")
    assert _code(exc) == "ResourceNotFoundException"
    assert "log stream does not exist" in str(exc.value)
    with pytest.raises(ClientError) as exc:
        logs.filter_log_events(logGroupName="/nope")
    assert _code(exc) == "ResourceNotFoundException"


def test_get_log_events_pages_forward_and_back_and_the_end_returns_the_same_token(
    sb: Sandbox,
) -> None:
    logs = client(sb, "logs")
    stream = _streams(logs, _in(sb, "Completed"))[0]
    everything = logs.get_log_events(logGroupName=GROUP, logStreamName=stream, startFromHead=True)
    all_messages = [e["message"] for e in everything["events"]]
    assert len(all_messages) > 20
    collected: list[str] = []
    token = None
    while True:
        kwargs: dict[str, Any] = {"nextToken": token} if token else {}
        page = logs.get_log_events(
            logGroupName=GROUP, logStreamName=stream, startFromHead=True, limit=7, **kwargs
        )
        collected += [e["message"] for e in page["events"]]
        if page["nextForwardToken"] == token:
            assert page["events"] == []
            break
        token = page["nextForwardToken"]
    assert collected == all_messages
    tail = logs.get_log_events(logGroupName=GROUP, logStreamName=stream, limit=5)
    assert [e["message"] for e in tail["events"]] == all_messages[-5:]
    back = logs.get_log_events(
        logGroupName=GROUP, logStreamName=stream, limit=5, nextToken=tail["nextBackwardToken"]
    )
    assert [e["message"] for e in back["events"]] == all_messages[-10:-5]
    stamps = [e["timestamp"] for e in everything["events"]]
    assert stamps == sorted(stamps)
    mid = stamps[len(stamps) // 2]
    ranged = logs.get_log_events(
        logGroupName=GROUP,
        logStreamName=stream,
        startTime=mid,
        endTime=stamps[-1],
        startFromHead=True,
    )
    assert all(mid <= e["timestamp"] < stamps[-1] for e in ranged["events"])
    with pytest.raises(ClientError) as exc:
        logs.get_log_events(logGroupName=GROUP, logStreamName=stream, nextToken="garbage")
    assert _code(exc) == "InvalidParameterException"


def test_a_follower_sees_new_lines_as_the_clock_moves(fresh: Sandbox) -> None:
    logs = client(fresh, "logs")
    job = _in(fresh, "InProgress", "Training")
    stream = _streams(logs, job)[0]
    first = logs.get_log_events(logGroupName=GROUP, logStreamName=stream, startFromHead=True)
    token = first["nextForwardToken"]
    again = logs.get_log_events(
        logGroupName=GROUP, logStreamName=stream, startFromHead=True, nextToken=token
    )
    assert again["events"] == [] and again["nextForwardToken"] == token
    fresh.simulator.clock.advance(300)
    newer = logs.get_log_events(
        logGroupName=GROUP, logStreamName=stream, startFromHead=True, nextToken=token
    )
    assert newer["events"] and newer["nextForwardToken"] != token
    last_before = first["events"][-1]["timestamp"]
    now_ms = fresh.simulator.clock.now() * 1000
    assert all(last_before < e["timestamp"] <= now_ms for e in newer["events"])


def test_a_failed_job_ends_with_the_traceback_of_its_failure_reason(fresh: Sandbox) -> None:
    logs, sm = client(fresh, "logs"), client(fresh, "sagemaker")
    job = "bert-base-sentiment-2026-11-26-11-04-29-123"  # planted: fails with OOM in 300 s
    assert sm.describe_training_job(TrainingJobName=job)["TrainingJobStatus"] == "InProgress"
    fresh.simulator.clock.advance(400)
    reason = sm.describe_training_job(TrainingJobName=job)["FailureReason"]
    (stream,) = _streams(logs, job)
    messages = [
        e["message"]
        for e in logs.get_log_events(logGroupName=GROUP, logStreamName=stream)["events"]
    ]
    exception = re.search(r'ErrorMessage "(.*?)"', reason, re.S).group(1)  # type: ignore[union-attr]
    assert "Traceback (most recent call last):" in messages
    assert messages.index("Traceback (most recent call last):") < messages.index(exception)
    assert messages[-1] == reason.split("\n")[-1]


def test_filter_patterns_terms_phrases_or_and_exclusions(sb: Sandbox) -> None:
    logs = client(sb, "logs")
    job = _in(sb, "Completed", hosts=2)
    prefix = job + "/"

    def messages(pattern: str) -> list[str]:
        response = logs.filter_log_events(
            logGroupName=GROUP, logStreamNamePrefix=prefix, filterPattern=pattern
        )
        return [e["message"] for e in response["events"]]

    everything = messages("")
    assert len(everything) > 40
    both = messages("sagemaker-training-toolkit INFO")
    assert both and all("sagemaker-training-toolkit" in m and "INFO" in m for m in both)
    phrase = messages('"Reporting training SUCCESS"')
    assert len(phrase) == 2  # one per host
    either = messages("?SUCCESS ?Uploading")
    assert set(either) == {m for m in everything if "SUCCESS" in m or "Uploading" in m}
    without = messages("sagemaker-training-toolkit -INFO")
    assert without == [
        m for m in everything if "sagemaker-training-toolkit" in m and "INFO" not in m
    ]
    assert messages("success") == []  # case-sensitive, as CloudWatch
    assert messages("%Reporting training (SUCCESS|FAILURE)%") == phrase


def test_filter_interleaves_hosts_by_time_pages_and_ranges(sb: Sandbox) -> None:
    logs = client(sb, "logs")
    job = _in(sb, "Completed", hosts=2)
    response = logs.filter_log_events(logGroupName=GROUP, logStreamNamePrefix=job + "/")
    events = response["events"]
    assert len({e["logStreamName"] for e in events}) == 2
    assert [e["timestamp"] for e in events] == sorted(e["timestamp"] for e in events)
    pages, token, seen = 0, None, []
    while True:
        kwargs: dict[str, Any] = {"nextToken": token} if token else {}
        page = logs.filter_log_events(
            logGroupName=GROUP, logStreamNamePrefix=job + "/", limit=25, **kwargs
        )
        seen += [e["eventId"] for e in page["events"]]
        pages += 1
        token = page.get("nextToken")
        if not token:
            break
    assert seen == [e["eventId"] for e in events] and pages > 1
    t0, t1 = events[10]["timestamp"], events[20]["timestamp"]
    ranged = logs.filter_log_events(
        logGroupName=GROUP, logStreamNamePrefix=job + "/", startTime=t0, endTime=t1
    )["events"]
    assert ranged and all(t0 <= e["timestamp"] <= t1 for e in ranged)
    one = events[0]["logStreamName"]
    only = logs.filter_log_events(logGroupName=GROUP, logStreamNames=[one])["events"]
    assert {e["logStreamName"] for e in only} == {one}
    with pytest.raises(ClientError) as exc:
        logs.filter_log_events(logGroupName=GROUP, logStreamNames=[one], logStreamNamePrefix="x")
    assert _code(exc) == "InvalidParameterException"


def test_lines_written_before_a_stop_never_change(fresh: Sandbox) -> None:
    logs, sm = client(fresh, "logs"), client(fresh, "sagemaker")
    job = "bert-base-sentiment-2026-11-26-11-13-36-744"  # planted: Training for an hour more
    (stream,) = _streams(logs, job)
    before = logs.get_log_events(logGroupName=GROUP, logStreamName=stream, startFromHead=True)
    sm.stop_training_job(TrainingJobName=job)
    fresh.simulator.clock.advance(120)
    after = logs.get_log_events(logGroupName=GROUP, logStreamName=stream, startFromHead=True)
    assert after["events"][: len(before["events"])] == before["events"]
    tail = [e["message"] for e in after["events"][len(before["events"]) :]]
    assert "Received SIGTERM: the training job is stopping" in tail


def test_training_metrics_follow_the_logs_and_final_metrics(sb: Sandbox) -> None:
    cw, sm = client(sb, "cloudwatch"), client(sb, "sagemaker")
    job = _in(sb, "Completed", hosts=2)
    described = sm.describe_training_job(TrainingJobName=job)
    finals = {m["MetricName"]: m["Value"] for m in described["FinalMetricDataList"]}
    # Instance metrics per host (Host=JOB/algo-N), algorithm metrics per job
    # (TrainingJobName=JOB), as SageMaker publishes them ("SageMaker AI job metrics",
    # https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html).
    by_host = [{"Name": "Host", "Value": f"{job}/algo-2"}]
    by_job = [{"Name": "TrainingJobName", "Value": job}]
    on_host = {
        m["MetricName"] for m in cw.list_metrics(Namespace=GROUP, Dimensions=by_host)["Metrics"]
    }
    assert {"CPUUtilization", "MemoryUtilization", "DiskUtilization"} <= on_host
    assert not on_host & set(finals)
    on_job = {
        m["MetricName"] for m in cw.list_metrics(Namespace=GROUP, Dimensions=by_job)["Metrics"]
    }
    assert on_job == set(finals)
    start = described["TrainingStartTime"] - timedelta(minutes=1)
    end = described["TrainingEndTime"] + timedelta(minutes=1)

    def query(n: int, name: str, dimensions: list[dict[str, str]]) -> dict[str, object]:
        metric = {"Namespace": GROUP, "MetricName": name, "Dimensions": dimensions}
        return {"Id": f"m{n}", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Average"}}

    host1 = [{"Name": "Host", "Value": f"{job}/algo-1"}]
    queries = [query(n, name, by_job) for n, name in enumerate(finals)]
    queries.append(query(len(finals), "CPUUtilization", host1))
    queries += [query(len(finals) + 1 + n, name, host1) for n, name in enumerate(finals)]
    response = cw.get_metric_data(
        MetricDataQueries=queries, StartTime=start, EndTime=end, ScanBy="TimestampAscending"
    )
    results = {r["Id"]: r["Values"] for r in response["MetricDataResults"]}
    # No algorithm metric under Host: that is where the console used to look.
    assert all(results[f"m{len(finals) + 1 + n}"] == [] for n in range(len(finals)))
    # The SDK's TrainingJobAnalytics asks GetMetricStatistics with TrainingJobName.
    name = next(iter(finals))
    stats = cw.get_metric_statistics(
        Namespace=GROUP,
        MetricName=name,
        Dimensions=by_job,
        StartTime=start,
        EndTime=end,
        Period=60,
        Statistics=["Average"],
    )["Datapoints"]
    assert len(stats) > 3
    for n, (name, final) in enumerate(finals.items()):
        values = results[f"m{n}"]
        assert len(values) > 3
        assert values[-1] == pytest.approx(final, abs=0.02)
        if "loss" in name:
            assert values[0] > final  # loss falls towards its final value
        else:
            assert values[0] < final  # accuracy / AUC rises
    cpu = results[f"m{len(finals)}"]
    assert cpu and all(v >= 0 for v in cpu)
