"""Model Monitor and S3 GetObject on the sandbox, with plain boto3 clients.

Each test that moves the clock has its own sandbox (frozen at a fixed start); the others
share one per module.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import Sandbox
from smtui.sandbox.monitoring import BUCKET, monitoring_area
from tests.sandbox.conftest import client, raw_request

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
FRAUD_DQ = "fraud-detector-prod-data-quality"
S3_AUTH = (
    "AWS4-HMAC-SHA256 Credential=sandbox/20261126/us-east-1/s3/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64
)
TYPES = {"DataQuality", "ModelQuality", "ModelBias", "ModelExplainability"}


@pytest.fixture(scope="module")
def msb() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=200, speed=0, start=START.timestamp()).start() as sandbox:
        yield sandbox


@pytest.fixture
def fresh() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=50, speed=0, start=START.timestamp()).start() as sandbox:
        yield sandbox


def schedules(sm: Any, **kwargs: Any) -> list[dict[str, Any]]:
    pages = sm.get_paginator("list_monitoring_schedules").paginate(**kwargs)
    return [s for page in pages for s in page["MonitoringScheduleSummaries"]]


def executions(sm: Any, **kwargs: Any) -> list[dict[str, Any]]:
    pages = sm.get_paginator("list_monitoring_executions").paginate(**kwargs)
    return [e for page in pages for e in page["MonitoringExecutionSummaries"]]


def report(sb: Sandbox, execution: dict[str, Any], name: str = "constraint_violations.json") -> Any:
    """The report an execution's processing job wrote, found as a user finds it."""
    sm, s3 = client(sb, "sagemaker"), client(sb, "s3")
    job = execution["ProcessingJobArn"].rsplit("/", 1)[1]
    described = sm.describe_processing_job(ProcessingJobName=job)
    uri = described["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    bucket, prefix = uri[5:].split("/", 1)
    return json.loads(s3.get_object(Bucket=bucket, Key=f"{prefix}/{name}")["Body"].read())


# --- ListMonitoringSchedules / DescribeMonitoringSchedule -------------------------------
def test_schedules_of_each_type_and_status_on_the_endpoints_that_capture(msb: Sandbox) -> None:
    sm = client(msb, "sagemaker")
    rows = schedules(sm)
    assert len(rows) == 8
    assert {r["MonitoringType"] for r in rows} == TYPES
    assert {r["MonitoringScheduleStatus"] for r in rows} == {
        "Scheduled",
        "Stopped",
        "Failed",
        "Pending",
    }
    # Every monitored endpoint exists and captures data (the endpoints area's fleet).
    for endpoint in {r["EndpointName"] for r in rows}:
        d = sm.describe_endpoint(EndpointName=endpoint)
        assert d["DataCaptureConfig"]["EnableCapture"] is True
    # Default order: CreationTime, Descending; MaxResults defaults to 10.
    created = [
        r["CreationTime"] for r in sm.list_monitoring_schedules()["MonitoringScheduleSummaries"]
    ]
    assert created == sorted(created, reverse=True)


def test_schedule_filters_sorting_and_paging(msb: Sandbox) -> None:
    sm = client(msb, "sagemaker")
    churn = schedules(sm, EndpointName="churn-xgb-prod")
    assert {r["EndpointName"] for r in churn} == {"churn-xgb-prod"} and len(churn) == 3
    bias = schedules(sm, MonitoringTypeEquals="ModelBias")
    assert [r["MonitoringScheduleName"] for r in bias] == ["churn-xgb-prod-model-bias"]
    assert [r["MonitoringScheduleName"] for r in schedules(sm, StatusEquals="Failed")] == [
        "llm-chat-prod-data-quality"
    ]
    assert len(schedules(sm, NameContains="FRAUD")) == 2  # case-insensitive here
    names = [
        r["MonitoringScheduleName"] for r in schedules(sm, SortBy="Name", SortOrder="Ascending")
    ]
    assert names == sorted(names)
    paged = schedules(sm, SortBy="Name", PaginationConfig={"PageSize": 3})
    assert sorted(r["MonitoringScheduleName"] for r in paged) == sorted(names)
    first = sm.list_monitoring_schedules(MaxResults=3)
    assert len(first["MonitoringScheduleSummaries"]) == 3 and first["NextToken"]
    with pytest.raises(ClientError) as err:
        sm.list_monitoring_schedules(MaxResults=3, NextToken=first["NextToken"], SortBy="Name")
    assert err.value.response["Error"]["Code"] == "ValidationException"
    later = schedules(sm, CreationTimeAfter=START - timedelta(days=3))
    assert {r["MonitoringScheduleName"] for r in later} == {
        "llm-chat-prod-data-quality",
        "pricing-ab-test-prod-data-quality",
    }


def test_describe_schedule_config_baseline_and_last_execution(msb: Sandbox) -> None:
    sm = client(msb, "sagemaker")
    d = sm.describe_monitoring_schedule(MonitoringScheduleName=FRAUD_DQ)
    config = d["MonitoringScheduleConfig"]
    assert config["ScheduleConfig"]["ScheduleExpression"] == "cron(0 * ? * * *)"
    baseline = config["MonitoringJobDefinition"]["BaselineConfig"]
    assert baseline["ConstraintsResource"]["S3Uri"].endswith("/constraints.json")
    newest = executions(sm, MonitoringScheduleName=FRAUD_DQ, SortBy="ScheduledTime")[0]
    assert d["LastMonitoringExecutionSummary"] == newest
    assert newest["ScheduledTime"] == START  # due now: Pending until its job starts
    assert newest["MonitoringExecutionStatus"] == "Pending" and "ProcessingJobArn" not in newest
    mq = sm.describe_monitoring_schedule(MonitoringScheduleName="fraud-detector-prod-model-quality")
    assert mq["MonitoringScheduleConfig"]["MonitoringJobDefinitionName"]
    assert "MonitoringJobDefinition" not in mq["MonitoringScheduleConfig"]
    failed = sm.describe_monitoring_schedule(MonitoringScheduleName="llm-chat-prod-data-quality")
    assert failed["MonitoringScheduleStatus"] == "Failed"
    assert failed["FailureReason"].startswith("ClientError: Failed to download data. AccessDenied")
    assert "LastMonitoringExecutionSummary" not in failed
    with pytest.raises(ClientError) as err:
        sm.describe_monitoring_schedule(MonitoringScheduleName="no-such-schedule")
    assert err.value.response["Error"]["Code"] == "ResourceNotFound"


# --- ListMonitoringExecutions -----------------------------------------------------------------
def test_executions_filters_sort_and_paging(msb: Sandbox) -> None:
    sm = client(msb, "sagemaker")
    rows = executions(sm, MonitoringScheduleName=FRAUD_DQ)
    assert len(rows) == 48  # hourly: two days of history, the last one due now
    times = [r["ScheduledTime"] for r in rows]
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)
    assert all(t.minute == 0 for t in times)
    window = executions(
        sm,
        MonitoringScheduleName=FRAUD_DQ,
        ScheduledTimeAfter=START - timedelta(hours=5, minutes=30),
        ScheduledTimeBefore=START,
        SortBy="ScheduledTime",
        SortOrder="Ascending",
    )
    assert [r["ScheduledTime"].hour for r in window] == [7, 8, 9, 10, 11]
    failed = executions(sm, StatusEquals="Failed")
    assert failed and {r["MonitoringScheduleName"] for r in failed} == {
        "pricing-ab-test-prod-model-quality"
    }
    assert {r["FailureReason"] for r in failed} == {"Job inputs had no data"}
    by_endpoint = executions(sm, EndpointName="churn-xgb-prod", SortBy="Status")
    assert {r["EndpointName"] for r in by_endpoint} == {"churn-xgb-prod"}
    statuses = [r["MonitoringExecutionStatus"] for r in by_endpoint]
    assert statuses == sorted(statuses, reverse=True)
    paged = executions(sm, MonitoringScheduleName=FRAUD_DQ, PaginationConfig={"PageSize": 7})
    assert paged == rows
    bias = executions(sm, MonitoringTypeEquals="ModelBias")
    assert bias and all(r["MonitoringJobDefinitionName"] for r in bias)
    assert executions(sm, MonitoringScheduleName="no-such-schedule") == []


def test_executions_run_on_each_cron_as_the_clock_moves(fresh: Sandbox) -> None:
    sm = client(fresh, "sagemaker")

    def count(name: str) -> int:
        return len(executions(sm, MonitoringScheduleName=name))

    names = (
        FRAUD_DQ,  # hourly
        "fraud-detector-prod-model-quality",  # every 6 hours
        "churn-xgb-prod-model-bias",  # daily at 05:00
        "churn-xgb-prod-model-explainability",  # Stopped
        "pricing-ab-test-prod-data-quality",  # Pending, Scheduled 150 s after the start
    )
    before = {n: count(n) for n in names}
    assert before["pricing-ab-test-prod-data-quality"] == 0
    fresh.simulator.clock.advance(3600 + 40 * 60)  # 13:40: started by 13:20, done by 13:34
    after = {n: count(n) for n in names}
    assert after[FRAUD_DQ] == before[FRAUD_DQ] + 1
    assert after["pricing-ab-test-prod-data-quality"] == 1
    for name in names[1:4]:
        assert after[name] == before[name], name
    newest = executions(sm, MonitoringScheduleName=FRAUD_DQ)[0]
    assert newest["ScheduledTime"] == START + timedelta(hours=1)
    assert newest["MonitoringExecutionStatus"] in ("Completed", "CompletedWithViolations")
    # The one due at the start ran too: Pending, then InProgress, then done.
    due = executions(sm, MonitoringScheduleName=FRAUD_DQ)[1]
    assert due["ScheduledTime"] == START and due["ProcessingJobArn"]
    assert due["CreationTime"] <= due["LastModifiedTime"]
    fresh.simulator.clock.advance(5 * 3600)  # 18:40: the 6-hourly one runs at 18:00
    assert (
        count("fraud-detector-prod-model-quality")
        == before["fraud-detector-prod-model-quality"] + 1
    )
    assert count("churn-xgb-prod-model-bias") == before["churn-xgb-prod-model-bias"]
    # LastModifiedTime of the schedule moves with its last execution (sandbox rule).
    d = sm.describe_monitoring_schedule(MonitoringScheduleName=FRAUD_DQ)
    assert d["LastModifiedTime"] == d["LastMonitoringExecutionSummary"]["LastModifiedTime"]


def test_an_execution_is_pending_then_in_progress_then_done(fresh: Sandbox) -> None:
    sm = client(fresh, "sagemaker")
    area = monitoring_area(fresh.world)
    execution = area.schedules[FRAUD_DQ].executions[-1]
    job = execution.job
    seen = []
    for at in (START.timestamp() + 1, job.created + 1, job.starts[-1] + 1):
        fresh.simulator.clock.advance(at - fresh.simulator.clock.now())
        row = executions(sm, MonitoringScheduleName=FRAUD_DQ)[0]
        seen.append(row["MonitoringExecutionStatus"])
    assert seen[:2] == ["Pending", "InProgress"]
    assert seen[2] in ("Completed", "CompletedWithViolations")


def test_violations_grow_when_the_traffic_surges(fresh: Sandbox) -> None:
    """The endpoints area plants a traffic surge on fraud-detector-prod 5 minutes after the
    start: the next hourly executions see the inputs' distributions move further."""
    sm = client(fresh, "sagemaker")
    rows = executions(sm, MonitoringScheduleName=FRAUD_DQ, SortBy="ScheduledTime")
    done = [r for r in rows if r["MonitoringExecutionStatus"].startswith("Completed")]
    counts = [
        len(report(fresh, r)["violations"]) for r in done[:-1][:24] if not _malformed(fresh, r)
    ]
    # The slow drift planted since yesterday: recent executions find more than older ones.
    assert max(counts[:3]) > min(counts[-3:])
    fresh.simulator.clock.advance(2 * 3600 + 30 * 60)  # 14:30: the 13:00 and 14:00 ran
    surge = [
        r for r in executions(sm, MonitoringScheduleName=FRAUD_DQ) if r["ScheduledTime"] > START
    ]
    assert len(surge) == 2
    assert all(r["MonitoringExecutionStatus"] == "CompletedWithViolations" for r in surge)
    during = [len(report(fresh, r)["violations"]) for r in surge]
    assert min(during) > max(counts[:3])
    # The endpoint's traffic is what moved: its Invocations metric shows the surge.
    cw = client(fresh, "cloudwatch")
    points = cw.get_metric_statistics(
        Namespace="AWS/SageMaker",
        MetricName="Invocations",
        Dimensions=[
            {"Name": "EndpointName", "Value": "fraud-detector-prod"},
            {"Name": "VariantName", "Value": "AllTraffic"},
        ],
        StartTime=START - timedelta(hours=2),
        EndTime=START + timedelta(hours=2),
        Period=3600,
        Statistics=["Sum"],
    )["Datapoints"]
    by_hour = {p["Timestamp"].hour: p["Sum"] for p in points}
    assert by_hour[13] > 2 * by_hour[10]


def _malformed(sb: Sandbox, row: dict[str, Any]) -> bool:
    area = monitoring_area(sb.world)
    schedule = area.schedules[row["MonitoringScheduleName"]]
    return any(
        e.malformed and e.scheduled == row["ScheduledTime"].timestamp() for e in schedule.executions
    )


# --- Start / Stop ---------------------------------------------------------------------------------
def test_stop_and_start_a_schedule_with_aws_errors_for_invalid_changes(fresh: Sandbox) -> None:
    sm = client(fresh, "sagemaker")
    name = "churn-xgb-prod-data-quality"

    def status() -> str:
        return str(
            sm.describe_monitoring_schedule(MonitoringScheduleName=name)["MonitoringScheduleStatus"]
        )

    sm.stop_monitoring_schedule(MonitoringScheduleName=name)
    assert status() == "Stopped"
    with pytest.raises(ClientError) as err:
        sm.stop_monitoring_schedule(MonitoringScheduleName=name)
    assert err.value.response["Error"]["Code"] == "ValidationException"
    assert "Stopped" in err.value.response["Error"]["Message"]
    before = len(executions(sm, MonitoringScheduleName=name))
    fresh.simulator.clock.advance(2 * 3600)
    assert len(executions(sm, MonitoringScheduleName=name)) == before  # nothing while stopped
    sm.start_monitoring_schedule(MonitoringScheduleName=name)
    assert status() == "Scheduled"
    with pytest.raises(ClientError) as err:
        sm.start_monitoring_schedule(MonitoringScheduleName=name)
    assert err.value.response["Error"]["Code"] == "ValidationException"
    fresh.simulator.clock.advance(3600)
    assert len(executions(sm, MonitoringScheduleName=name)) == before + 1
    with pytest.raises(ClientError) as err:  # a Failed schedule cannot be started
        sm.start_monitoring_schedule(MonitoringScheduleName="llm-chat-prod-data-quality")
    assert err.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as err:
        sm.stop_monitoring_schedule(MonitoringScheduleName="no-such-schedule")
    assert err.value.response["Error"]["Code"] == "ResourceNotFound"


# --- processing jobs ---------------------------------------------------------------------------
def test_monitoring_jobs_are_processing_jobs_with_their_logs(msb: Sandbox) -> None:
    sm = client(msb, "sagemaker")
    row = next(
        r
        for r in executions(sm, MonitoringScheduleName=FRAUD_DQ)
        if r["MonitoringExecutionStatus"] == "CompletedWithViolations"
    )
    name = row["ProcessingJobArn"].rsplit("/", 1)[1]
    job = sm.describe_processing_job(ProcessingJobName=name)
    assert job["ProcessingJobStatus"] == "Completed"
    assert job["MonitoringScheduleArn"].endswith(f"monitoring-schedule/{FRAUD_DQ}")
    assert "sagemaker-model-monitor-analyzer" in job["AppSpecification"]["ImageUri"]
    output = job["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    stamp = row["ScheduledTime"].strftime("%Y/%m/%d/%H")
    assert output == f"s3://{BUCKET}/model-monitor/reports/fraud-detector-prod/{FRAUD_DQ}/{stamp}"
    listed = [
        j["ProcessingJobName"]
        for page in sm.get_paginator("list_processing_jobs").paginate(
            NameContains="model-monitoring"
        )
        for j in page["ProcessingJobSummaries"]
    ]
    assert name in listed
    failed = executions(sm, StatusEquals="Failed")[0]
    failed_job = sm.describe_processing_job(
        ProcessingJobName=failed["ProcessingJobArn"].rsplit("/", 1)[1]
    )
    assert failed_job["ProcessingJobStatus"] == "Failed"
    assert failed_job["FailureReason"] == failed["FailureReason"]
    logs = client(msb, "logs")
    streams = logs.describe_log_streams(
        logGroupName="/aws/sagemaker/ProcessingJobs", logStreamNamePrefix=name
    )["logStreams"]
    assert streams
    events = logs.get_log_events(
        logGroupName="/aws/sagemaker/ProcessingJobs",
        logStreamName=streams[0]["logStreamName"],
        startFromHead=True,
    )["events"]
    text = "\n".join(e["message"] for e in events)
    assert f"Monitoring schedule: {FRAUD_DQ}" in text and "constraint violations" in text


# --- S3 GetObject ---------------------------------------------------------------------------------
def test_reports_in_model_monitor_formats(msb: Sandbox) -> None:
    sm = client(msb, "sagemaker")
    row = next(
        r
        for r in executions(sm, MonitoringScheduleName=FRAUD_DQ)
        if r["MonitoringExecutionStatus"] == "CompletedWithViolations" and not _malformed(msb, r)
    )
    violations = report(msb, row)["violations"]
    assert violations
    for v in violations:
        assert set(v) == {"feature_name", "constraint_check_type", "description"}
        assert v["constraint_check_type"] in {
            "data_type_check",
            "completeness_check",
            "baseline_drift_check",
            "missing_column_check",
            "extra_column_check",
            "categorical_values_check",
        }
    stats = report(msb, row, "statistics.json")
    assert stats["dataset"]["item_count"] > 0
    kinds = {f["inferred_type"] for f in stats["features"]}
    assert {"Fractional", "Integral", "String"} <= kinds
    numeric = next(f for f in stats["features"] if f["inferred_type"] == "Fractional")
    assert {"common", "mean", "std_dev", "min", "max"} <= set(numeric["numerical_statistics"])
    text = next(f for f in stats["features"] if f["inferred_type"] == "String")
    assert "distinct_count" in text["string_statistics"]
    s3 = client(msb, "s3")
    d = sm.describe_monitoring_schedule(MonitoringScheduleName=FRAUD_DQ)
    uri = d["MonitoringScheduleConfig"]["MonitoringJobDefinition"]["BaselineConfig"][
        "ConstraintsResource"
    ]["S3Uri"]
    bucket, key = uri[5:].split("/", 1)
    obj = s3.get_object(Bucket=bucket, Key=key)
    assert obj["ContentType"] == "application/json" and obj["ETag"].startswith('"')
    constraints = json.loads(obj["Body"].read())
    assert (
        constraints["monitoring_config"]["distribution_constraints"]["comparison_threshold"] == 0.1
    )
    assert all("inferred_type" in f and "completeness" in f for f in constraints["features"])
    # The other monitor types: model quality metrics, bias and attribution drift.
    mq = next(
        r
        for r in executions(sm, MonitoringScheduleName="fraud-detector-prod-model-quality")
        if r["MonitoringExecutionStatus"] == "CompletedWithViolations"
    )
    assert {v["constraint_check_type"] for v in report(msb, mq)["violations"]} == {
        "LessThanThreshold"
    }
    assert "auc" in report(msb, mq, "statistics.json")["binary_classification_metrics"]
    bias = executions(sm, MonitoringScheduleName="churn-xgb-prod-model-bias")[0]
    doc = report(msb, bias)
    assert (
        doc["version"] == "1.0"
        and doc["violations"][0]["constraint_check_type"] == "bias_drift_check"
    )
    assert {"facet", "facet_value", "metric_name"} <= set(doc["violations"][0])


def test_get_object_errors_are_s3s(msb: Sandbox) -> None:
    s3 = client(msb, "s3")
    with pytest.raises(ClientError) as err:
        s3.get_object(Bucket=BUCKET, Key="model-monitor/reports/nope/constraint_violations.json")
    e = err.value.response
    assert e["Error"]["Code"] == "NoSuchKey" and e["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert e["Error"]["Message"] == "The specified key does not exist."
    assert e["Error"]["Key"] == "model-monitor/reports/nope/constraint_violations.json"
    with pytest.raises(ClientError) as err:
        s3.get_object(Bucket="no-such-bucket-here", Key="x/y")
    assert err.value.response["Error"]["Code"] == "NoSuchBucket"
    with pytest.raises(ClientError) as err:  # the Failed schedule's baseline
        s3.get_object(
            Bucket=BUCKET, Key="model-monitor/baselines/llm-chat-prod/data-quality/constraints.json"
        )
    assert err.value.response["Error"]["Code"] == "AccessDenied"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    # A failed execution wrote no report.
    sm = client(msb, "sagemaker")
    failed = executions(sm, StatusEquals="Failed")[0]
    with pytest.raises(ClientError) as err:
        report(msb, failed)
    assert err.value.response["Error"]["Code"] == "NoSuchKey"


def test_a_truncated_report_is_served_as_it_is(msb: Sandbox) -> None:
    area = monitoring_area(msb.world)
    bad = next(e for e in area.schedules[FRAUD_DQ].executions if e.malformed)
    key = bad.output_uri().split(f"{BUCKET}/", 1)[1] + "/constraint_violations.json"
    body = client(msb, "s3").get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert body.startswith(b"{")
    with pytest.raises(ValueError):
        json.loads(body)


def test_path_style_virtual_host_and_unsigned_requests(msb: Sandbox) -> None:
    key = "model-monitor/baselines/fraud-detector-prod/data-quality/statistics.json"
    status, headers, body = raw_request(
        msb.url,
        b"",
        {"Host": f"{BUCKET}.localhost:{msb.port}", "Authorization": S3_AUTH},
        method="GET",
        path=f"/{key}",
    )
    assert status == 200 and json.loads(body)["dataset"]["item_count"] > 0
    assert headers["content-length"] == str(len(body))
    unsigned = raw_request(
        msb.url, b"", {"Authorization": ""}, method="GET", path=f"/{BUCKET}/{key}"
    )
    assert unsigned[0] == 200 and unsigned[2] == body
    status, headers, body = raw_request(
        msb.url, b"", {"Authorization": ""}, method="GET", path=f"/{BUCKET}/missing/key.json"
    )
    assert status == 404 and headers["content-type"] == "application/xml"
    assert (
        b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>" in body
    )
    assert b"<Key>missing/key.json</Key>" in body
