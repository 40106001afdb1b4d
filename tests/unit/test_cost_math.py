"""The cost math (smtui/domain/cost.py) on real-shaped describes.

Describe shapes follow DescribeTrainingJob / DescribeEndpoint in botocore's sagemaker
model; the prices are round test figures, so every expected amount can be checked by
hand.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from smtui.domain import cost as math
from smtui.domain.cost import Price, Segment, VariantUsage

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PRICES = {"ml.g5.2xlarge": 1.5, "ml.m5.xlarge": 0.25, "ml.p4d.24xlarge": 40.0}


def price_of(instance_type: str) -> Price | None:
    usd = PRICES.get(instance_type)
    return None if usd is None else Price(usd, "test table")


def job(status: str = "Completed", **extra: Any) -> dict[str, Any]:
    """A DescribeTrainingJob answer: ml.g5.2xlarge x2, trained 09:00-10:00."""
    d: dict[str, Any] = {
        "TrainingJobName": "bert-finetune-2026-11-26-08-55-00-123",
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/bert",
        "TrainingJobStatus": status,
        "SecondaryStatus": status,
        "CreationTime": T0 - timedelta(minutes=5),
        "ResourceConfig": {
            "InstanceType": "ml.g5.2xlarge",
            "InstanceCount": 2,
            "VolumeSizeInGB": 30,
        },
        "EnableManagedSpotTraining": False,
        "TrainingStartTime": T0,
    }
    if status in ("Completed", "Failed", "Stopped"):
        d.update(
            TrainingEndTime=T0 + timedelta(hours=1),
            TrainingTimeInSeconds=3600,
            BillableTimeInSeconds=3600,
        )
    d.update(extra)
    return d


def test_on_demand_job_is_billable_seconds_x_instances_x_hourly() -> None:
    c = math.training_charge(job(), price_of, T0 + timedelta(hours=5))
    # 3600 s x 2 instances x $1.50/h / 3600 = $3.00
    assert c.accrued(T0 + timedelta(hours=5)) == pytest.approx(3.0)
    assert c.hourly(T0 + timedelta(hours=5)) == 0 and not c.running
    assert c.source == "test table, test table" or c.source == "test table"
    # Spread over the hour it trained: half of it by 09:30.
    assert c.accrued(T0 + timedelta(hours=5), None, T0 + timedelta(minutes=30)) == pytest.approx(
        1.5
    )


def test_storage_is_added_per_gb_month() -> None:
    c = math.training_charge(job(), price_of, T0, storage_usd_per_gb_month=0.14)
    # 30 GB x 2 hosts x $0.14 / 730 h for one hour, on top of the $3.00
    assert c.accrued(T0 + timedelta(hours=2)) == pytest.approx(3.0 + 60 * 0.14 / 730)


def test_managed_spot_bills_fewer_seconds_and_reports_the_saving() -> None:
    d = job(EnableManagedSpotTraining=True, BillableTimeInSeconds=720)
    c = math.training_charge(d, price_of, T0 + timedelta(hours=2))
    assert c.accrued(T0 + timedelta(hours=2)) == pytest.approx(720 * 2 * 1.5 / 3600)  # $0.60
    # 1 - 720/3600 = 80% saved, $2.40 at on-demand prices
    assert c.spot_saved_usd == pytest.approx(2.4)
    assert not c.upper_bound


def test_running_job_accrues_live_from_training_start() -> None:
    d = job("InProgress")
    c = math.training_charge(d, price_of, T0)
    assert c.running and c.hourly(T0 + timedelta(minutes=30)) == pytest.approx(3.0)
    assert c.accrued(T0 + timedelta(minutes=30)) == pytest.approx(1.5)
    assert c.accrued(T0 + timedelta(minutes=90)) == pytest.approx(4.5)


def test_running_spot_job_shows_the_on_demand_figure_as_an_upper_bound() -> None:
    c = math.training_charge(job("InProgress", EnableManagedSpotTraining=True), price_of, T0)
    assert c.upper_bound
    assert any("upper bound" in n for n in c.notes)
    assert c.accrued(T0 + timedelta(hours=1)) == pytest.approx(3.0)


def test_a_job_still_starting_is_not_billed_yet() -> None:
    d = job("InProgress")
    del d["TrainingStartTime"]
    c = math.training_charge(d, price_of, T0)
    assert c.segments == () and c.hourly(T0) == 0
    assert any("not billed yet" in n for n in c.notes)


def test_instance_groups_sum() -> None:
    d = job(
        ResourceConfig={
            "InstanceGroups": [
                {"InstanceGroupName": "gpu", "InstanceType": "ml.p4d.24xlarge", "InstanceCount": 1},
                {"InstanceGroupName": "cpu", "InstanceType": "ml.m5.xlarge", "InstanceCount": 4},
            ],
            "VolumeSizeInGB": 100,
        }
    )
    c = math.training_charge(d, price_of, T0 + timedelta(hours=2))
    # (1 x $40 + 4 x $0.25) for one billable hour
    assert c.accrued(T0 + timedelta(hours=2)) == pytest.approx(41.0)
    assert c.instances == "ml.p4d.24xlarge x1 + ml.m5.xlarge x4"


def test_warm_pool_retained_billable_time_is_added() -> None:
    d = job(
        ResourceConfig={
            "InstanceType": "ml.m5.xlarge",
            "InstanceCount": 1,
            "KeepAlivePeriodInSeconds": 1800,
        },
        WarmPoolStatus={"Status": "Terminated", "ResourceRetainedBillableTimeInSeconds": 1800},
    )
    now = T0 + timedelta(hours=3)
    c = math.training_charge(d, price_of, now)
    # 1 h of training + 0.5 h retained, x $0.25
    assert c.accrued(now) == pytest.approx(0.375)
    assert c.accrued(now, T0 + timedelta(hours=1)) == pytest.approx(0.125)  # the pool alone


def test_available_warm_pool_accrues_until_its_keep_alive_ends() -> None:
    d = job(
        ResourceConfig={
            "InstanceType": "ml.m5.xlarge",
            "InstanceCount": 1,
            "KeepAlivePeriodInSeconds": 3600,
        },
        WarmPoolStatus={"Status": "Available"},
    )
    end = T0 + timedelta(hours=1)
    c = math.training_charge(d, price_of, end + timedelta(minutes=30))
    assert c.hourly(end + timedelta(minutes=30)) == pytest.approx(0.25)  # still billed
    assert c.hourly(end + timedelta(hours=2)) == 0  # keep-alive over
    assert c.accrued(end + timedelta(hours=5), end) == pytest.approx(0.25)


def test_failed_job_without_billable_time_costs_nothing() -> None:
    d = job(
        "Failed", FailureReason="CapacityError: Unable to provision requested ML compute capacity"
    )
    for key in ("TrainingStartTime", "TrainingTimeInSeconds", "BillableTimeInSeconds"):
        d.pop(key)
    c = math.training_charge(d, price_of, T0 + timedelta(hours=1))
    assert c.accrued(T0 + timedelta(hours=1)) == 0 and c.segments == ()
    assert "no billable time" in c.notes


def test_unknown_instance_type_is_left_out_and_said() -> None:
    d = job(ResourceConfig={"InstanceType": "ml.x99.huge", "InstanceCount": 1})
    c = math.training_charge(d, price_of, T0 + timedelta(hours=2))
    assert not c.priced and any("ml.x99.huge" in n for n in c.notes)


def test_processing_and_transform_jobs_bill_start_to_end() -> None:
    p = math.processing_charge(
        {
            "ProcessingJobName": "features",
            "ProcessingJobStatus": "Completed",
            "ProcessingResources": {
                "ClusterConfig": {
                    "InstanceType": "ml.m5.xlarge",
                    "InstanceCount": 4,
                    "VolumeSizeInGB": 30,
                }
            },
            "ProcessingStartTime": T0,
            "ProcessingEndTime": T0 + timedelta(minutes=30),
        },
        price_of,
    )
    assert p.accrued(T0 + timedelta(hours=1)) == pytest.approx(0.5)  # 4 x $0.25 x 0.5 h
    t = math.transform_charge(
        {
            "TransformJobName": "score",
            "TransformJobStatus": "InProgress",
            "TransformResources": {"InstanceType": "ml.g5.2xlarge", "InstanceCount": 1},
            "TransformStartTime": T0,
        },
        price_of,
    )
    assert t.hourly(T0 + timedelta(minutes=1)) == pytest.approx(1.5)


def variants() -> list[VariantUsage]:
    return [
        VariantUsage("champion", "ml.g5.2xlarge", 3, invocations_24h=90_000),
        VariantUsage("challenger", "ml.m5.xlarge", 2, invocations_24h=0),
        VariantUsage("shadow", "ml.m5.xlarge", 1, shadow=True, invocations_24h=0),
    ]


def test_multi_variant_endpoint_is_count_x_hosting_price_per_variant() -> None:
    c = math.endpoint_charge("recsys-ranker-prod", "InService", variants(), T0, price_of)
    # 3 x $1.50 + 2 x $0.25 + 1 x $0.25 (shadows are billed too)
    assert c.hourly(T0 + timedelta(hours=1)) == pytest.approx(5.25)
    assert c.accrued(T0 + timedelta(hours=2)) == pytest.approx(10.5)
    # The challenger has not served a request in 24 h: $0.50/h of idle capacity.
    assert c.idle_usd_per_hour == pytest.approx(0.5)
    assert c.invocations_24h == 90_000


def test_failed_endpoint_is_not_billed() -> None:
    c = math.endpoint_charge("nlp-ner-staging", "Failed", variants(), T0, price_of)
    assert c.segments == () and c.hourly(T0) == 0


def test_serverless_endpoint_is_an_estimate_from_invocations_duration_memory() -> None:
    v = VariantUsage(
        "AllTraffic", memory_mb=4096, invocations_per_hour=2700, seconds_per_invocation=0.2
    )
    c = math.endpoint_charge(
        "doc-classifier-serverless",
        "InService",
        [v],
        T0,
        price_of,
        serverless_usd_per_gb_s=0.00002,
        serverless_source="test table",
    )
    # 2700 x 0.2 s x 4 GB x $0.00002 = $0.0432 per hour
    assert c.hourly(T0 + timedelta(hours=1)) == pytest.approx(0.0432)
    assert c.estimate and any("estimated" in n for n in c.notes)
    assert c.instances == "serverless 4096 MB"


def test_serverless_without_metrics_says_so() -> None:
    c = math.endpoint_charge(
        "x",
        "InService",
        [VariantUsage("v", memory_mb=2048)],
        T0,
        price_of,
        serverless_usd_per_gb_s=2e-5,
    )
    assert c.hourly(T0) == 0 and any("no recent invocation metrics" in n for n in c.notes)


def test_endpoint_since_is_when_its_current_config_came_into_service() -> None:
    endpoint = {"CreationTime": T0 - timedelta(days=30)}
    assert math.endpoint_since(
        endpoint, {"CreationTime": T0 - timedelta(days=40)}
    ) == T0 - timedelta(days=30)
    assert math.endpoint_since(endpoint, {"CreationTime": T0}) == T0


def test_integrating_a_scaled_endpoint_keeps_its_past_rate() -> None:
    before = math.endpoint_charge(
        "e", "InService", [VariantUsage("v", "ml.m5.xlarge", 2)], T0, price_of
    )
    later = T0 + timedelta(hours=2)
    after = math.endpoint_charge(
        "e", "InService", [VariantUsage("v", "ml.m5.xlarge", 4)], T0, price_of
    )
    merged = math.integrate(before, after, later)
    # 2 h at $0.50/h, then $1.00/h: not 3 h at $1.00
    assert merged.accrued(later + timedelta(hours=1)) == pytest.approx(1.0 + 1.0)
    assert merged.hourly(later + timedelta(hours=1)) == pytest.approx(1.0)
    # Seen again at the same rate: still one open segment.
    again = math.integrate(merged, after, later + timedelta(hours=1))
    assert len(again.segments) == len(merged.segments)
    closed = math.close(again, later + timedelta(hours=3))
    assert closed.hourly(later + timedelta(hours=4)) == 0
    assert closed.accrued(later + timedelta(hours=9)) == pytest.approx(1.0 + 3.0)


def test_totals_projection_and_budget() -> None:
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    running = math.notebook_charge(
        "nb", "InService", "ml.m5.xlarge", now - timedelta(hours=4), price_of
    )
    done = math.training_charge(job(), price_of, now)
    old = math.Charge(
        "training",
        "last-month",
        segments=(Segment(now - timedelta(days=40), now - timedelta(days=39), 10.0),),
    )
    t = math.totals([running, done, old], now)
    assert t.burn_per_hour == pytest.approx(0.25) and t.running == 1
    assert t.today == pytest.approx(1.0 + 3.0)
    assert t.month == pytest.approx(4.0)
    hours_left = (datetime(2026, 12, 1, tzinfo=UTC) - now).total_seconds() / 3600
    assert t.projected == pytest.approx(4.0 + 0.25 * hours_left)
    assert math.budget_state(t.projected, 10.0) == "over"
    assert math.budget_state(t.projected, t.projected / 0.95) == "near"
    assert math.budget_state(t.projected, 0) == ""


def test_windows_are_utc_days_and_months() -> None:
    now = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert math.day_start(now) == datetime(2026, 12, 31, tzinfo=UTC)
    assert math.month_start(now) == datetime(2026, 12, 1, tzinfo=UTC)
    assert math.month_end(now) == datetime(2027, 1, 1, tzinfo=UTC)


def test_money_formats() -> None:
    assert math.usd(1234.5) == "$1,234.50" and math.usd(12345.6) == "$12,346"
    assert math.usd_rate(0.05) == "$0.050" and math.usd_rate(1.5) == "$1.50"
    assert math.usd_rate(226.3) == "$226" and math.usd(None) == "-"
