"""Model Monitor's pure parts: schedule expressions in words, the next run, report parsing
and the statistics against the baseline."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from smtui.domain.monitoring import (
    ExecutionSummary,
    ReportError,
    Schedule,
    can_start,
    can_stop,
    execution_role,
    feature_rows,
    metric_rows,
    next_run,
    parse_constraints,
    parse_cron,
    parse_s3_uri,
    parse_statistics,
    parse_violations,
    report_uri,
    schedule_words,
    status_from_word,
    type_from_word,
)

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("cron(0 * ? * * *)", "hourly"),  # the documented hourly expression
        ("cron(0 12 ? * * *)", "daily at 12:00"),  # "Daily at 12 PM UTC"
        ("cron(0 0 ? * * *)", "daily at 00:00"),
        ("cron(0 3 ? * * *)", "daily at 03:00"),
        ("cron(0 0/2 ? * * *)", "every 2h"),  # "Every two hours, starting at 12 AM UTC"
        ("cron(0 17/12 ? * * *)", "every 12h from 17:00"),  # "Every 12 hours, from 5 PM"
        ("cron(0 0/6 ? * * *)", "every 6h"),
        ("cron(0 */4 ? * * *)", "every 4h"),
        ("cron(15 * ? * * *)", "hourly at :15"),
        ("cron(0 0/24 ? * * *)", "daily at 00:00"),
        ("NOW", "once, now"),
        ("now", "once, now"),
        ("", "-"),
        (None, "-"),
        # Outside the subset Model Monitor accepts: shown as written, never guessed.
        ("rate(1 hour)", "rate(1 hour)"),
        ("cron(0 3 ? * MON *)", "cron(0 3 ? * MON *)"),
        ("cron(0 3 * * ? 2027)", "cron(0 3 * * ? 2027)"),
        ("cron(0 25 ? * * *)", "cron(0 25 ? * * *)"),
        ("cron(0 * * * * *)", "cron(0 * * * * *)"),
        ("cron(x * ? * * *)", "cron(x * ? * * *)"),
    ],
)
def test_schedule_words(expression: str | None, words: str) -> None:
    assert schedule_words(expression) == words


def test_hours_wrap_past_midnight() -> None:
    cron = parse_cron("cron(0 17/12 ? * * *)")
    assert cron is not None and cron.hours() == (5, 17)
    six = parse_cron("cron(0 0/6 ? * * *)")
    assert six is not None and six.hours() == (0, 6, 12, 18)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("cron(0 * ? * * *)", NOON, datetime(2026, 11, 26, 13, 0, tzinfo=UTC)),
        ("cron(0 3 ? * * *)", NOON, datetime(2026, 11, 27, 3, 0, tzinfo=UTC)),
        ("cron(0 0/6 ? * * *)", NOON, datetime(2026, 11, 26, 18, 0, tzinfo=UTC)),
        ("cron(0 17/12 ? * * *)", NOON, datetime(2026, 11, 26, 17, 0, tzinfo=UTC)),
        (
            "cron(0 * ? * * *)",
            datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
            datetime(2027, 1, 1, tzinfo=UTC),
        ),
        ("NOW", NOON, None),
    ],
)
def test_next_run(expression: str, after: datetime, expected: datetime | None) -> None:
    assert next_run(expression, after) == expected


def test_words_and_roles() -> None:
    assert status_from_word("FAILED") == "Failed" and status_from_word("x") is None
    assert type_from_word("bias") == "ModelBias"
    assert type_from_word("model-quality") == "ModelQuality"
    assert type_from_word("DataQuality") == "DataQuality"
    assert execution_role("CompletedWithViolations") == "warning"
    assert execution_role("Failed") == "error" and execution_role("Completed") == "ok"
    assert can_stop("Scheduled") and can_stop("Pending") and not can_stop("Stopped")
    assert can_start("Stopped") and not can_start("Failed") and not can_start("Scheduled")


def test_s3_uris() -> None:
    assert parse_s3_uri("s3://bucket/a/b/c.json") == ("bucket", "a/b/c.json")
    assert parse_s3_uri("s3://bucket") == ("bucket", "")
    with pytest.raises(ValueError):
        parse_s3_uri("https://bucket/a")
    with pytest.raises(ValueError):
        parse_s3_uri("s3:///key")
    assert report_uri("s3://b/p/", "statistics.json") == "s3://b/p/statistics.json"


# --- constraint_violations.json ---------------------------------------------------------------
def test_data_quality_violations() -> None:
    text = json.dumps(
        {
            "violations": [
                {
                    "feature_name": "chas",
                    "constraint_check_type": "data_type_check",
                    "description": "Data type match requirement is not met.\n"
                    "    Expected data type: Integral, Expected match: 100.0%.",
                },
                {
                    "feature_name": "review_body",
                    "constraint_check_type": "baseline_drift_check",
                    "description": "Numerical distance: 0.27 exceeds numerical threshold: 0",
                },
            ]
        }
    )
    v = parse_violations(text)
    assert [(x.feature, x.check) for x in v] == [
        ("chas", "data_type_check"),
        ("review_body", "baseline_drift_check"),
    ]
    assert v[0].description == (
        "Data type match requirement is not met. Expected data type: Integral, Expected match: "
        "100.0%."
    )
    assert parse_violations(b'{"violations": []}') == ()


def test_model_quality_bias_and_attribution_violations() -> None:
    doc = {
        "version": "1.0",
        "violations": [
            {
                "metric_name": "auc",
                "constraint_check_type": "LessThanThreshold",
                "description": "Metric auc with 0.71 +/- 0.005 was LessThanThreshold 0.9",
            },
            {
                "facet": "Age",
                "facet_value": "40",
                "metric_name": "CI",
                "constraint_check_type": "bias_drift_check",
                "description": "Value 0.0751544567666083 does not meet the constraint requirement",
            },
            {
                "label": "label0",
                "metric_name": "shap",
                "constraint_check_type": "feature_attribution_drift_check",
                "description": "Feature attribution drift 0.7639720923277322 exceeds threshold 0.9",
            },
            {"constraint_check_type": "extra_column_check"},
        ],
    }
    assert [v.feature for v in parse_violations(json.dumps(doc))] == [
        "auc",
        "Age=40 CI",
        "label0 shap",
        "-",
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"violations": [{"feature_name": "a", "constraint', "not valid JSON"),
        ("", "not valid JSON"),
        ("[]", "not a JSON object"),
        ('{"violation": []}', 'no "violations" list'),
        ('{"violations": {"a": 1}}', 'no "violations" list'),
        ('{"violations": [{"feature_name": "a"}]}', "violation 1 has no constraint_check_type"),
        ('{"violations": ["x"]}', "violation 1 has no constraint_check_type"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_malformed_violations_say_how(text: str | bytes, reason: str) -> None:
    with pytest.raises(ReportError) as err:
        parse_violations(text)
    assert reason in str(err.value) and "constraint_violations.json" in str(err.value)


# --- statistics.json and constraints.json --------------------------------------------------------
STATS = {
    "version": 0,
    "dataset": {"item_count": 1000},
    "features": [
        {
            "name": "amount",
            "inferred_type": "Fractional",
            "numerical_statistics": {
                "common": {"num_present": 950, "num_missing": 50},
                "mean": 130.0,
                "sum": 123500.0,
                "std_dev": 60.0,
                "min": 1.0,
                "max": 900.0,
                "distribution": {"kll": {"buckets": []}},
            },
        },
        {
            "name": "country",
            "inferred_type": "String",
            "string_statistics": {
                "common": {"num_present": 1000, "num_missing": 0},
                "distinct_count": 7,
                "distribution": {
                    "categorical": {
                        "buckets": [
                            {"value": "CA", "count": 100},
                            {"value": "US", "count": 800},
                            {"value": "MX", "count": 50},
                            {"value": "GB", "count": 50},
                        ]
                    }
                },
            },
        },
        {"name": "odd", "inferred_type": "Unknown"},
    ],
}
BASELINE = {
    "version": 0,
    "dataset": {"item_count": 5000},
    "features": [
        {
            "name": "amount",
            "inferred_type": "Fractional",
            "numerical_statistics": {
                "common": {"num_present": 5000, "num_missing": 0},
                "mean": 100.0,
                "std_dev": 50.0,
            },
        },
        {
            "name": "country",
            "inferred_type": "String",
            "string_statistics": {
                "common": {"num_present": 5000, "num_missing": 0},
                "distinct_count": 5,
            },
        },
    ],
}
CONSTRAINTS = {
    "version": 0,
    "features": [
        {
            "name": "amount",
            "inferred_type": "Fractional",
            "completeness": 1.0,
            "num_constraints": {"is_non_negative": True},
        },
        {
            "name": "country",
            "inferred_type": "String",
            "completeness": 1.0,
            "string_constraints": {"domains": ["US", "CA"]},
        },
    ],
    "monitoring_config": {"distribution_constraints": {"comparison_threshold": 0.1}},
}


def test_statistics_against_the_baseline() -> None:
    current = parse_statistics(json.dumps(STATS))
    assert current.item_count == 1000
    amount = current.feature("amount")
    assert amount is not None and amount.completeness == pytest.approx(0.95)
    country = current.feature("country")
    assert country is not None and [v for v, _ in country.top] == ["US", "CA", "MX"]
    constraints = parse_constraints(json.dumps(CONSTRAINTS))
    assert constraints.comparison_threshold == 0.1
    rule = constraints.feature("country")
    assert rule is not None and rule.domains == ("US", "CA")
    rows = dict(feature_rows(current, parse_statistics(json.dumps(BASELINE)), constraints))
    assert rows["amount"] == "mean 100 -> 130 (+0.6σ); complete 95.0% (min 100.0%)"
    assert rows["country"] == "distinct 5 -> 7; top US, CA, MX"  # complete: not said
    assert rows["odd"] == "not in the baseline"
    only = feature_rows(current, None, None, only=("amount",))
    assert only == (("amount", "mean ? -> 130; complete 95.0%"),)


def test_model_quality_metrics_against_their_thresholds() -> None:
    stats = parse_statistics(
        json.dumps(
            {
                "version": 0.0,
                "dataset": {"item_count": 300},
                "binary_classification_metrics": {
                    "auc": {"value": 0.87, "standard_deviation": 0.004},
                    "recall": {"value": 0.8, "standard_deviation": 0},
                    "confusion_matrix": {"0": {"0": 10}},
                },
            }
        )
    )
    assert stats.metric("auc") == 0.87 and stats.metric("nope") is None
    constraints = parse_constraints(
        json.dumps(
            {
                "version": 0.0,
                "binary_classification_constraints": {
                    "auc": {"threshold": 0.9, "comparison_operator": "LessThanThreshold"},
                    "recall": {"threshold": 0.75, "comparison_operator": "LessThanThreshold"},
                },
            }
        )
    )
    rows = dict(metric_rows(stats, constraints))
    assert rows["auc"] == "0.87 ± 0.004  (alarm if LessThanThreshold 0.9: VIOLATED)"
    assert rows["recall"] == "0.8  (alarm if LessThanThreshold 0.75)"


@pytest.mark.parametrize("text", ["{", "[1]", '{"features": 3}', '{"version": 0}'])
def test_malformed_statistics(text: str) -> None:
    with pytest.raises(ReportError):
        parse_statistics(text)


def test_malformed_constraints() -> None:
    with pytest.raises(ReportError):
        parse_constraints('{"features": "x"}')
    assert parse_constraints('{"features": ["x", {"name": "a"}]}').features[0].name == "a"


# --- items ----------------------------------------------------------------------------------------
def test_schedule_and_execution_from_the_api() -> None:
    d = {
        "MonitoringScheduleName": "s",
        "MonitoringScheduleArn": "arn:aws:sagemaker:us-east-1:1:monitoring-schedule/s",
        "MonitoringScheduleStatus": "Scheduled",
        "CreationTime": NOON,
        "LastModifiedTime": NOON,
        "EndpointName": "ep",
        "MonitoringScheduleConfig": {
            "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
            "MonitoringType": "DataQuality",
        },
        "LastMonitoringExecutionSummary": {
            "MonitoringScheduleName": "s",
            "ScheduledTime": NOON,
            "CreationTime": NOON,
            "LastModifiedTime": NOON,
            "MonitoringExecutionStatus": "CompletedWithViolations",
            "ProcessingJobArn": "arn:aws:sagemaker:us-east-1:1:processing-job/model-monitoring-x",
        },
    }
    s = Schedule.from_api(d)
    assert (
        s.described and s.expression == "cron(0 * ? * * *)" and s.monitoring_type == "DataQuality"
    )
    assert s.last is not None and s.last.job_name == "model-monitoring-x" and s.last.has_report
    assert s.last.key == "s@2026-11-26T12:00:00Z"
    listed = Schedule.from_api({k: v for k, v in d.items() if k != "MonitoringScheduleConfig"})
    assert not listed.described and listed.expression is None
    pending = ExecutionSummary.from_api(
        {"MonitoringScheduleName": "s", "MonitoringExecutionStatus": "Pending"}
    )
    assert not pending.has_report and not pending.is_terminal and pending.key == "s@?"
