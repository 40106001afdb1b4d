"""Jobs move with the virtual clock; Describe/Stop behave like SageMaker."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import Sandbox

PHASES = ["Starting", "Downloading", "Training", "Uploading", "Completed"]


def describe(sm: Any, name: str) -> dict[str, Any]:
    return sm.describe_training_job(TrainingJobName=name)


def jobs_in(sb: Sandbox, status: str) -> list[str]:
    return [n for n, s in sb.simulator.statuses().items() if s == status]


def test_describe_unknown_job(sm: Any) -> None:
    with pytest.raises(ClientError) as info:
        sm.describe_training_job(TrainingJobName="no-such-job")
    err = info.value.response
    assert err["Error"]["Code"] == "ResourceNotFound"
    assert err["Error"]["Message"] == "Requested resource not found."
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_describe_missing_name_raw(raw_sm: Any) -> None:
    status, headers, body = raw_sm("DescribeTrainingJob", {})
    assert status == 400
    assert headers["x-amzn-errortype"] == "ValidationException"
    assert body == {
        "__type": "ValidationException",
        "message": "1 validation error detected: Value null at 'trainingJobName' failed to "
        "satisfy constraint: Member must not be null",
    }
    assert headers["x-amzn-requestid"]


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("bad_name", "regular expression pattern"),
        ("a" * 64, "length less than or equal to 63"),
        ("", "length greater than or equal to 1"),
    ],
)
def test_describe_invalid_name_raw(raw_sm: Any, name: str, needle: str) -> None:
    status, _, body = raw_sm("DescribeTrainingJob", {"TrainingJobName": name})
    assert status == 400 and body["__type"] == "ValidationException"
    assert needle in body["message"]


def test_a_running_job_moves_within_a_minute(sb: Sandbox) -> None:
    """At speed 1.0 a watcher sees the fleet change secondary status within ~60 s."""
    sim = sb.simulator
    running = jobs_in(sb, "InProgress")
    before = {n: sim.describe_training_job(n)["SecondaryStatus"] for n in running}
    sim.clock.advance(60)
    after = {n: sim.describe_training_job(n)["SecondaryStatus"] for n in running}
    assert any(before[n] != after[n] for n in running)


def test_running_job_walks_through_every_phase(sb: Sandbox, sm: Any) -> None:
    starting = [
        n for n in jobs_in(sb, "InProgress") if describe(sm, n)["SecondaryStatus"] == "Starting"
    ]
    assert starting
    observed: dict[str, list[str]] = {n: [] for n in starting}
    modified: dict[str, set] = {n: set() for n in starting}
    step = 10.0
    for _ in range(400):
        changed = False
        for name in starting:
            d = describe(sm, name)
            modified[name].add(d["LastModifiedTime"])
            if not observed[name] or observed[name][-1] != d["SecondaryStatus"]:
                observed[name].append(d["SecondaryStatus"])
                changed = True
            if d["TrainingJobStatus"] == "InProgress":
                assert "TrainingTimeInSeconds" not in d and "TrainingEndTime" not in d
        if all(describe(sm, n)["TrainingJobStatus"] != "InProgress" for n in starting):
            break
        step = 10.0 if changed else min(step * 2, 1800.0)
        sb.simulator.clock.advance(step)
    completed = [n for n in starting if describe(sm, n)["TrainingJobStatus"] == "Completed"]
    assert completed, observed
    for name in completed:
        d = describe(sm, name)
        seen = observed[name]
        assert seen[0] == "Starting" and seen[-1] == "Completed"
        assert [p for p in PHASES if p in seen] == seen  # in order, nothing foreign
        assert len(seen) >= 4
        assert [t["Status"] for t in d["SecondaryStatusTransitions"]] == PHASES
        assert all("EndTime" in t for t in d["SecondaryStatusTransitions"])
        assert d["SecondaryStatusTransitions"][-1]["StatusMessage"] == "Training job completed"
        assert d["TrainingTimeInSeconds"] > 0
        assert 0 < d["BillableTimeInSeconds"] <= d["TrainingTimeInSeconds"]
        assert d["TrainingStartTime"] < d["TrainingEndTime"]
        assert d["FinalMetricDataList"]
        assert len(modified[name]) >= 4  # LastModifiedTime moved with each transition


def test_stop_running_job(sb: Sandbox, sm: Any) -> None:
    name = jobs_in(sb, "InProgress")[0]
    assert sm.stop_training_job(TrainingJobName=name)["ResponseMetadata"]["HTTPStatusCode"] == 200
    d = describe(sm, name)
    assert (d["TrainingJobStatus"], d["SecondaryStatus"]) == ("Stopping", "Stopping")
    assert "TrainingEndTime" not in d
    with pytest.raises(ClientError) as info:
        sm.stop_training_job(TrainingJobName=name)
    assert info.value.response["Error"]["Message"] == (
        "The request was rejected because the training job is in status Stopping."
    )
    sb.simulator.clock.advance(95)
    d = describe(sm, name)
    assert (d["TrainingJobStatus"], d["SecondaryStatus"]) == ("Stopped", "Stopped")
    assert [t["Status"] for t in d["SecondaryStatusTransitions"]][-2:] == ["Stopping", "Stopped"]
    stopping = d["SecondaryStatusTransitions"][-2]
    assert 30 <= (stopping["EndTime"] - stopping["StartTime"]).total_seconds() <= 90
    assert d["TrainingEndTime"] == stopping["EndTime"]


def test_stop_completed_job_is_rejected(sb: Sandbox, sm: Any) -> None:
    name = jobs_in(sb, "Completed")[0]
    with pytest.raises(ClientError) as info:
        sm.stop_training_job(TrainingJobName=name)
    err = info.value.response
    assert err["Error"]["Code"] == "ValidationException"
    assert err["Error"]["Message"] == (
        "The request was rejected because the training job is in status Completed."
    )
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert describe(sm, name)["TrainingJobStatus"] == "Completed"


def test_stop_unknown_job(sm: Any) -> None:
    with pytest.raises(ClientError) as info:
        sm.stop_training_job(TrainingJobName="ghost-job")
    assert info.value.response["Error"]["Code"] == "ResourceNotFound"


def test_new_jobs_arrive_over_time(sb: Sandbox, sm: Any) -> None:
    before = sb.simulator.job_count()
    sb.simulator.clock.advance(3600)
    after = sb.simulator.job_count()
    assert 8 <= after - before <= 31  # one every 2-7 virtual minutes
    newest = sm.list_training_jobs(MaxResults=1)["TrainingJobSummaries"][0]
    assert newest["TrainingJobName"] == sb.simulator.job_names()[-1]


def test_list_tags(sb: Sandbox, sm: Any) -> None:
    arn = describe(sm, sb.simulator.job_names()[0])["TrainingJobArn"]
    tags = sm.list_tags(ResourceArn=arn)["Tags"]
    keys = {t["Key"] for t in tags}
    assert {"project", "team", "owner"} <= keys
    assert sm.list_tags(ResourceArn=arn, MaxResults=50)["Tags"] == tags
    with pytest.raises(ClientError) as info:
        sm.list_tags(ResourceArn=arn.replace("training-job/", "training-job/missing-"))
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_request_log_records_calls(sb: Sandbox, sm: Any, sts: Any) -> None:
    start = len(sb.request_log)
    sts.get_caller_identity()
    sm.list_training_jobs(MaxResults=1)
    with pytest.raises(ClientError):
        sm.describe_training_job(TrainingJobName="nope")
    assert sb.request_log[start:] == [
        ("sts", "GetCallerIdentity"),
        ("sagemaker", "ListTrainingJobs"),
        ("sagemaker", "DescribeTrainingJob"),
    ]
