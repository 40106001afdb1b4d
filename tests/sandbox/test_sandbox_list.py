"""ListTrainingJobs: paging, filters, sort orders and input validation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import Sandbox

PLAN_ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/genai-p5-reserved-q4"


@pytest.fixture(scope="module")
def everything(sm: Any) -> list[dict[str, Any]]:
    """The whole fleet as listed 100 at a time (the clock is frozen)."""
    return [
        s
        for p in sm.get_paginator("list_training_jobs").paginate(PaginationConfig={"PageSize": 100})
        for s in p["TrainingJobSummaries"]
    ]


def names(summaries: list[dict[str, Any]]) -> list[str]:
    return [s["TrainingJobName"] for s in summaries]


def whole_second(dt: datetime) -> datetime:
    return dt.replace(microsecond=0)


def test_default_page_is_ten_newest_first(sm: Any, everything: list[dict[str, Any]]) -> None:
    page = sm.list_training_jobs()
    assert len(page["TrainingJobSummaries"]) == 10
    assert page["NextToken"]
    created = [s["CreationTime"] for s in page["TrainingJobSummaries"]]
    assert created == sorted(created, reverse=True)
    assert names(page["TrainingJobSummaries"]) == names(everything)[:10]


def test_pagination_returns_whole_fleet_once(sb: Sandbox, sm: Any) -> None:
    seen: list[str] = []
    token = None
    while True:
        kwargs: dict[str, Any] = {"MaxResults": 7}
        if token:
            kwargs["NextToken"] = token
        page = sm.list_training_jobs(**kwargs)
        assert len(page["TrainingJobSummaries"]) <= 7
        seen += names(page["TrainingJobSummaries"])
        token = page.get("NextToken")
        if token is None:
            break
    assert len(seen) == sb.simulator.job_count() == 200
    assert len(set(seen)) == len(seen)
    assert set(seen) == set(sb.simulator.job_names())


def test_summaries_carry_expected_fields(everything: list[dict[str, Any]]) -> None:
    for s in everything:
        assert s["TrainingJobArn"].endswith(f":training-job/{s['TrainingJobName']}")
        assert s["LastModifiedTime"] >= s["CreationTime"]
        if s["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
            assert s["TrainingEndTime"] >= s["CreationTime"]
        else:
            assert "TrainingEndTime" not in s
    assert any("WarmPoolStatus" in s for s in everything)


@pytest.mark.parametrize(
    ("sort_by", "order", "key"),
    [
        ("Name", "Ascending", lambda s: s["TrainingJobName"]),
        ("Name", "Descending", lambda s: s["TrainingJobName"]),
        ("CreationTime", "Ascending", lambda s: s["CreationTime"]),
        ("CreationTime", "Descending", lambda s: s["CreationTime"]),
        ("Status", "Ascending", lambda s: s["TrainingJobStatus"]),
        ("Status", "Descending", lambda s: s["TrainingJobStatus"]),
    ],
)
def test_sort_orders(
    all_jobs: Any, everything: list[dict[str, Any]], sort_by: str, order: str, key: Any
) -> None:
    listed = all_jobs(SortBy=sort_by, SortOrder=order, PaginationConfig={"PageSize": 9})
    values = [key(s) for s in listed]
    assert values == sorted(values, reverse=order == "Descending")
    assert sorted(names(listed)) == sorted(names(everything))


def _expect(everything: list[dict[str, Any]], pred: Any) -> set[str]:
    return {s["TrainingJobName"] for s in everything if pred(s)}


def test_creation_time_filters(all_jobs: Any, everything: list[dict[str, Any]]) -> None:
    ordered = sorted(everything, key=lambda s: s["CreationTime"])
    low = whole_second(ordered[40]["CreationTime"])
    high = whole_second(ordered[150]["CreationTime"])
    got = set(names(all_jobs(CreationTimeAfter=low, CreationTimeBefore=high)))
    want = _expect(everything, lambda s: low < s["CreationTime"] < high)
    assert got == want and 100 < len(want) < 115
    assert set(names(all_jobs(CreationTimeAfter=high))) == _expect(
        everything, lambda s: s["CreationTime"] > high
    )
    # The filters narrow the range for the other sort orders too.
    by_name = all_jobs(CreationTimeBefore=low, SortBy="Name")
    assert set(names(by_name)) == _expect(everything, lambda s: s["CreationTime"] < low)


def test_last_modified_filters(all_jobs: Any, everything: list[dict[str, Any]]) -> None:
    ordered = sorted(everything, key=lambda s: s["LastModifiedTime"])
    cut = whole_second(ordered[100]["LastModifiedTime"])
    assert set(names(all_jobs(LastModifiedTimeAfter=cut))) == _expect(
        everything, lambda s: s["LastModifiedTime"] > cut
    )
    assert set(names(all_jobs(LastModifiedTimeBefore=cut))) == _expect(
        everything, lambda s: s["LastModifiedTime"] < cut
    )


def test_name_contains(all_jobs: Any, everything: list[dict[str, Any]]) -> None:
    want = _expect(everything, lambda s: "resnet" in s["TrainingJobName"])
    assert want
    assert set(names(all_jobs(NameContains="resnet"))) == want
    assert set(names(all_jobs(NameContains="RESNET"))) == want
    assert all_jobs(NameContains="no-such-family") == []


@pytest.mark.parametrize("status", ["Completed", "Failed", "Stopped", "InProgress", "Stopping"])
def test_status_equals(all_jobs: Any, everything: list[dict[str, Any]], status: str) -> None:
    want = _expect(everything, lambda s: s["TrainingJobStatus"] == status)
    assert want
    assert set(names(all_jobs(StatusEquals=status, PaginationConfig={"PageSize": 25}))) == want


def test_status_equals_filters_after_max_results(sm: Any, everything: list[dict[str, Any]]) -> None:
    """Documented quirk: MaxResults jobs are taken first, then filtered by status."""
    page = sm.list_training_jobs(MaxResults=10, StatusEquals="Failed")
    first_ten = everything[:10]
    assert names(page["TrainingJobSummaries"]) == [
        s["TrainingJobName"] for s in first_ten if s["TrainingJobStatus"] == "Failed"
    ]
    assert page["NextToken"]


def test_warm_pool_status_equals(all_jobs: Any, everything: list[dict[str, Any]]) -> None:
    for status in ("Available", "Terminated", "Reused", "InUse"):
        want = _expect(
            everything, lambda s, st=status: s.get("WarmPoolStatus", {}).get("Status") == st
        )
        assert bool(want) == (status != "InUse"), status
        assert set(names(all_jobs(WarmPoolStatusEquals=status))) == want
    reused = next(s for s in everything if s.get("WarmPoolStatus", {}).get("Status") == "Reused")
    assert reused["WarmPoolStatus"]["ReusedByJob"] in names(everything)


def test_training_plan_arn_equals(all_jobs: Any, everything: list[dict[str, Any]]) -> None:
    want = _expect(everything, lambda s: s.get("TrainingPlanArn") == PLAN_ARN)
    assert want
    assert set(names(all_jobs(TrainingPlanArnEquals=PLAN_ARN))) == want
    other = PLAN_ARN.replace("genai-p5-reserved-q4", "someone-elses-plan")
    assert all_jobs(TrainingPlanArnEquals=other) == []


def test_max_results_101_is_rejected(sm: Any) -> None:
    with pytest.raises(ClientError) as info:
        sm.list_training_jobs(MaxResults=101)
    err = info.value.response
    assert err["Error"]["Code"] == "ValidationException"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "less than or equal to 100" in err["Error"]["Message"]
    assert "'maxResults'" in err["Error"]["Message"]


@pytest.mark.parametrize("value", [0, -1, 101, 1000])
def test_max_results_out_of_range_raw(raw_sm: Any, value: int) -> None:
    status, headers, body = raw_sm("ListTrainingJobs", {"MaxResults": value})
    assert status == 400
    assert headers["x-amzn-errortype"] == "ValidationException"
    assert body["__type"] == "ValidationException"
    assert body["message"].startswith("1 validation error detected: Value")


def test_bad_next_token(sm: Any) -> None:
    for token in ("garbage", "eyJ2IjoxfQ", "x" * 50):
        with pytest.raises(ClientError) as info:
            sm.list_training_jobs(NextToken=token)
        assert info.value.response["Error"]["Code"] == "ValidationException"


def test_token_from_other_query_is_rejected(sm: Any) -> None:
    token = sm.list_training_jobs(MaxResults=5, SortBy="Name")["NextToken"]
    assert sm.list_training_jobs(MaxResults=5, SortBy="Name", NextToken=token)[
        "TrainingJobSummaries"
    ]
    with pytest.raises(ClientError) as info:
        sm.list_training_jobs(MaxResults=5, SortBy="CreationTime", NextToken=token)
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_bad_enum_and_pattern_raw(raw_sm: Any) -> None:
    status, _, body = raw_sm("ListTrainingJobs", {"SortBy": "Size", "StatusEquals": "Running"})
    assert status == 400 and body["__type"] == "ValidationException"
    assert body["message"].startswith("2 validation errors detected")
    assert "Member must satisfy enum value set: [Name, CreationTime, Status]" in body["message"]
    status, _, body = raw_sm("ListTrainingJobs", {"NameContains": "bad name!"})
    assert status == 400 and "regular expression pattern" in body["message"]


def test_wrong_types_raw(raw_sm: Any) -> None:
    status, _, body = raw_sm("ListTrainingJobs", {"MaxResults": "ten"})
    assert status == 400 and body["__type"] == "SerializationException"
    status, _, body = raw_sm("ListTrainingJobs", {"CreationTimeAfter": "not a date"})
    assert status == 400 and body["__type"] == "SerializationException"


def test_future_filter_is_empty(all_jobs: Any) -> None:
    future = datetime.now(UTC) + timedelta(days=3650)
    assert all_jobs(CreationTimeAfter=future) == []
