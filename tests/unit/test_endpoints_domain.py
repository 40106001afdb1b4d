"""Pure rules of the endpoints and autoscaling panes: input checks, joins, metrics maths."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from smtui.domain import scaling
from smtui.domain.endpoints import Endpoint, combine, error_role, fmt_rate, status_role

T = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "low, high, field, fragment, warning",
    [
        ("5", "2", "min", "cannot be greater than max", False),
        ("-1", "4", "min", "cannot be negative", False),
        ("1.5", "4", "min", "whole number", False),
        ("two", "4", "min", "whole number", False),
        ("1", "", "max", "required", False),
        ("0", "4", "min", "at least 1", False),
        ("1", "1e3", "max", "whole number", False),
        ("2", "500", "max", "quota", True),
    ],
)
def test_capacity_range_problems(
    low: str, high: str, field: str, fragment: str, warning: bool
) -> None:
    problems = scaling.check_capacity_range(low, high)
    assert problems, (low, high)
    first = problems[0]
    assert (first.field, first.warning) == (field, warning)
    assert fragment in first.message


def test_capacity_range_fine() -> None:
    assert scaling.check_capacity_range("2", "8") == []
    assert scaling.check_capacity_range(" 3 ", "3") == []


@pytest.mark.parametrize(
    "text, ok",
    [
        ("0", True),
        ("1", True),
        ("0.25", True),
        ("1.5", True),
        ("2", True),
        ("1000", True),
        ("-0.1", False),
        ("x", False),
        ("nan", False),
        ("inf", False),
        ("1e999", False),
        ("1e39", False),
        ("", False),
    ],
)
def test_weight_is_relative_non_negative_and_finite(text: str, ok: bool) -> None:
    """VariantWeight: float, min 0, no maximum but a 32-bit float (botocore model)."""
    value, problem = scaling.parse_weight(text)
    assert (problem == "") is ok
    assert (value is not None) is ok


def test_traffic_shares_are_weight_over_the_sum() -> None:
    shares = scaling.traffic_shares({"a": 3.0, "b": 1.0})
    assert shares == {"a": 0.75, "b": 0.25}
    assert scaling.shares_text(shares) == "a 75%, b 25%"
    assert scaling.traffic_shares({"a": 0.0}) == {}


def test_capacities_are_whole_32_bit_numbers() -> None:
    """ResourceCapacity is a botocore integer (32-bit): "2.0" and 10^20 are refused."""
    assert scaling.capacity_range("1", "2.0")[1][0].message.startswith("max must be a whole")
    (too_big,) = scaling.capacity_range("1", "99999999999999999999")[1]
    assert too_big.field == "max" and "at most 2147483647" in too_big.message
    assert scaling.capacity_range("2", "8") == ((2, 8), [])
    count, checks = scaling.desired_count("100000", (2, 8))
    assert count == 100000 and all(c.warning for c in checks)
    assert any("autoscaling range 2-8" in c.message for c in checks)
    assert scaling.desired_count("2.0", None)[0] is None


def test_all_zero_weights_refused() -> None:
    assert "cannot all be 0" in scaling.check_weights({"a": 0.0, "b": 0.0})
    assert scaling.check_weights({"a": 0.0, "b": 0.3}) == ""


def test_desired_count() -> None:
    assert scaling.check_desired_count("3", (2, 8)) == []
    (outside,) = scaling.check_desired_count("9", (2, 8))
    assert outside.warning and "2-8" in outside.message
    (zero,) = scaling.check_desired_count("0", None)
    assert not zero.warning
    (bad,) = scaling.check_desired_count("2.5", None)
    assert "whole number" in bad.message


@pytest.mark.parametrize(
    "text, ok",
    [("600", True), ("0.5", True), ("0", False), ("-3", False), ("inf", False), ("abc", False)],
)
def test_target_value_must_be_positive(text: str, ok: bool) -> None:
    assert (scaling.parse_target_value(text)[1] == "") is ok


def test_cooldown_is_a_whole_number_of_seconds() -> None:
    assert scaling.parse_cooldown("300", "cooldown") == (300, "")
    assert scaling.parse_cooldown("-5", "cooldown")[1]


def _describe(**extra: object) -> dict:
    return {
        "EndpointName": "e",
        "EndpointArn": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/e",
        "EndpointStatus": "InService",
        "CreationTime": T,
        "LastModifiedTime": T,
        "EndpointConfigName": "c",
        **extra,
    }


def test_instance_types_joined_from_the_config_by_variant_name() -> None:
    d = _describe(
        ProductionVariants=[
            {"VariantName": "b", "CurrentInstanceCount": 1, "DesiredInstanceCount": 2},
            {"VariantName": "a", "CurrentInstanceCount": 3, "DesiredInstanceCount": 3},
        ],
        DataCaptureConfig={"EnableCapture": True, "CurrentSamplingPercentage": 20},
    )
    config = {
        "ProductionVariants": [
            {"VariantName": "a", "InstanceType": "ml.m5.large", "ModelName": "ma"},
            {"VariantName": "b", "InstanceType": "ml.g5.xlarge", "ModelName": "mb"},
        ]
    }
    ep = Endpoint.from_describe(d, config)
    assert [(v.name, v.instance_type, v.model) for v in ep.variants] == [
        ("b", "ml.g5.xlarge", "mb"),
        ("a", "ml.m5.large", "ma"),
    ]
    assert ep.capacity_text() == "1/2,3" and ep.total_instances() == (4, 5)
    assert ep.capture == 20 and ep.hourly_units() == [("ml.g5.xlarge", 1), ("ml.m5.large", 3)]


def test_failed_endpoint_takes_variants_from_its_config() -> None:
    ep = Endpoint.from_describe(
        _describe(EndpointStatus="Failed", FailureReason="ping"),
        {"ProductionVariants": [{"VariantName": "AllTraffic", "InstanceType": "ml.g5.xlarge"}]},
    )
    assert ep.instance_types_text() == "ml.g5.xlarge" and ep.capture is None


def test_combine_metrics_microseconds_to_ms_and_rates() -> None:
    m = combine(
        {"a": 900.0, "b": 100.0},
        {"a": 9000.0, "b": 1000.0},
        {"a": 20000.0, "b": 50000.0},
        {"a": 9.0, "b": 1.0},
        {"a": 20.0, "b": None},
        5.0,
    )
    assert m.invocations_per_min == 200
    assert m.p50_ms == 9.0 and m.p99_ms == 50.0
    assert m.rate_4xx == pytest.approx(0.01) and m.rate_5xx == pytest.approx(0.02)
    assert error_role(m.rate_5xx) == "error" and error_role(0.002) == "warning"
    assert error_role(0.0) == "" and fmt_rate(0.0902) == "9.02%"


def test_status_roles_make_trouble_stand_out() -> None:
    assert status_role("Failed") == "error"
    assert status_role("Updating") == "warning"
    assert status_role("InService") == "ok"
