"""The other job kinds' specs, rows, `:kind` arguments and detail sections, on plain data
shaped like the API's responses (the sandbox tests cover the wire)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from smtui.domain.jobkinds import (
    COMPILATION,
    LABELING,
    PROCESSING,
    SPECS,
    TUNING,
    JobItem,
    display_status,
    duration,
    status_role,
)
from smtui.services.kinds.jobkind_common import LOADING, arg_words, relative, short_image, short_uri
from smtui.services.kinds.jobkinds import OTHER_JOB_KINDS
from smtui.services.kinds.labeling_jobs import LABELING_JOBS
from smtui.services.kinds.processing_jobs import PROCESSING_JOBS
from smtui.services.kinds.tuning_jobs import TUNING_JOBS
from smtui.services.registry import QueryError

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ARN = "arn:aws:sagemaker:us-east-1:123456789012"
REGISTRY = "683313688378.dkr.ecr.us-east-1.amazonaws.com"


def processing(status: str = "InProgress", **extra: Any) -> dict[str, Any]:
    return {
        "ProcessingJobName": "churn-preprocess-1",
        "ProcessingJobArn": f"{ARN}:processing-job/churn-preprocess-1",
        "ProcessingJobStatus": status,
        "CreationTime": T0,
        "LastModifiedTime": T0 + timedelta(minutes=3),
        **extra,
    }


def test_status_words_per_kind() -> None:
    assert PROCESSING.status_from_word("running") == "InProgress"
    assert PROCESSING.status_from_word("FAILED") == "Failed"
    assert COMPILATION.status_from_word("running") == "INPROGRESS"
    assert COMPILATION.status_from_word("starting") == "STARTING"
    assert COMPILATION.status_from_word("COMPLETED") == "COMPLETED"
    assert LABELING.status_from_word("initializing") == "Initializing"
    assert TUNING.status_from_word("sleeping") is None
    assert "running" in arg_words(COMPILATION) and "initializing" in arg_words(LABELING)


def test_stop_rules_per_kind() -> None:
    assert PROCESSING.can_stop("InProgress") and not PROCESSING.can_stop("Completed")
    assert not PROCESSING.can_stop("Stopping")
    assert COMPILATION.can_stop("STARTING") and COMPILATION.can_stop("INPROGRESS")
    assert LABELING.can_stop("Initializing") and not LABELING.can_stop("Stopped")
    for spec in SPECS.values():
        assert spec.stoppable and not spec.stoppable & spec.terminal


def test_roles_and_display_of_every_status() -> None:
    for spec in SPECS.values():
        for status in spec.statuses:
            assert status_role(status), f"{spec.kind}: {status} has no role"
    assert status_role("INPROGRESS") == "running" and display_status("INPROGRESS") == "InProgress"
    assert status_role("FAILED") == "error" and status_role("Stopped") == "muted"


def test_item_version_and_duration() -> None:
    item = JobItem.from_api(PROCESSING, processing())
    later = JobItem.from_api(PROCESSING, processing(LastModifiedTime=T0 + timedelta(hours=1)))
    assert item.version != later.version and item.detail is None
    assert duration(PROCESSING, item, T0 + timedelta(minutes=10)) == 600
    done = JobItem.from_api(
        PROCESSING, processing("Completed", ProcessingEndTime=T0 + timedelta(minutes=5))
    )
    assert duration(PROCESSING, done, T0 + timedelta(days=1)) == 300
    labeled = JobItem.from_api(
        LABELING,
        {
            "LabelingJobName": "x",
            "LabelingJobArn": f"{ARN}:labeling-job/x",
            "LabelingJobStatus": "Completed",
            "CreationTime": T0,
            "LastModifiedTime": T0 + timedelta(hours=2),
        },
    )
    assert duration(LABELING, labeled, T0 + timedelta(days=3)) == 7200  # no end field: last change


def test_parse_args() -> None:
    parse = PROCESSING_JOBS.parse_args
    assert parse(["failed", "churn"]) == {"status": "Failed", "name_contains": "churn"}
    assert parse(["churn"]) == {"name_contains": "churn"}
    with pytest.raises(QueryError):
        parse(["failed", "churn", "extra"])


def test_row_shows_loading_until_the_describe_then_the_describe() -> None:
    item = JobItem.from_api(PROCESSING, processing())
    row = PROCESSING_JOBS.row(item, T0 + timedelta(minutes=5))
    assert row.cells[0] == "churn-preprocess-1"
    assert row.cells[1] == ("InProgress", "running")
    assert row.cells[2] == LOADING and row.cells[3] == LOADING
    detail = processing(
        ProcessingResources={
            "ClusterConfig": {
                "InstanceType": "ml.m5.xlarge",
                "InstanceCount": 2,
                "VolumeSizeInGB": 30,
            }
        },
        AppSpecification={"ImageUri": f"{REGISTRY}/sagemaker-scikit-learn:1.2-1-cpu-py3"},
    )
    row = PROCESSING_JOBS.row(item.with_detail(detail), T0 + timedelta(minutes=5))
    assert row.cells[2] == "ml.m5.xlarge x 2"
    assert row.cells[3] == "sagemaker-scikit-learn:1.2-1-cpu-py3"
    assert row.cells[-1] == "5m00s" and "ml.m5.xlarge" in row.search_text


def test_labeling_counters_come_from_the_summary() -> None:
    item = JobItem.from_api(
        LABELING,
        {
            "LabelingJobName": "bbox-1",
            "LabelingJobArn": f"{ARN}:labeling-job/bbox-1",
            "LabelingJobStatus": "InProgress",
            "CreationTime": T0,
            "LastModifiedTime": T0,
            "LabelCounters": {
                "TotalLabeled": 1500,
                "HumanLabeled": 1000,
                "MachineLabeled": 500,
                "FailedNonRetryableError": 20,
                "Unlabeled": 480,
            },
        },
    )
    row = LABELING_JOBS.row(item, T0)
    assert row.cells[2:7] == ("1,500", "1,000", "500", "20", "76%")
    assert row.sort_values[2] == 1500


def test_detail_puts_the_failure_first_then_logs_and_raw() -> None:
    data = processing(
        "Failed",
        FailureReason="AlgorithmError: See job logs for more information",
        ExitMessage="KeyError: 'churned'",
        ProcessingEndTime=T0 + timedelta(minutes=4),
    )
    item = JobItem.from_api(PROCESSING, data, detail=True)
    assert PROCESSING_JOBS.detail is not None
    sections = PROCESSING_JOBS.detail(item, data)
    titles = [s.title for s in sections]
    assert titles[0] == "Failure reason" and titles[1] == "Overview" and titles[-1] == "Raw"
    assert sections[0].role == "error" and "KeyError: 'churned'" in sections[0].text
    logs = next(s for s in sections if s.title == "Logs").logs
    assert logs is not None
    assert (logs.group, logs.stream_prefix) == (
        "/aws/sagemaker/ProcessingJobs",
        "churn-preprocess-1/",
    )
    assert sections[-1].raw is data


def test_tuning_detail_has_the_best_job_and_ranges() -> None:
    best = {
        "TrainingJobName": "xgb-hpo-1-004-0a1b2c3d",
        "TrainingJobArn": f"{ARN}:training-job/xgb-hpo-1-004-0a1b2c3d",
        "CreationTime": T0,
        "TrainingJobStatus": "Completed",
        "TunedHyperParameters": {"eta": "0.2", "max_depth": "6"},
        "FinalHyperParameterTuningJobObjectiveMetric": {
            "MetricName": "validation:auc",
            "Value": 0.91234,
        },
    }
    data = {
        "HyperParameterTuningJobName": "xgb-hpo-1",
        "HyperParameterTuningJobArn": f"{ARN}:hyper-parameter-tuning-job/xgb-hpo-1",
        "HyperParameterTuningJobStatus": "Completed",
        "CreationTime": T0,
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {
                "Type": "Maximize",
                "MetricName": "validation:auc",
            },
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 8, "MaxParallelTrainingJobs": 2},
            "ParameterRanges": {
                "ContinuousParameterRanges": [
                    {
                        "Name": "eta",
                        "MinValue": "0.01",
                        "MaxValue": "0.5",
                        "ScalingType": "Logarithmic",
                    }
                ],
                "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
            },
        },
        "TrainingJobStatusCounters": {
            "Completed": 7,
            "InProgress": 0,
            "RetryableError": 0,
            "NonRetryableError": 1,
            "Stopped": 0,
        },
        "ObjectiveStatusCounters": {"Succeeded": 7, "Pending": 0, "Failed": 1},
        "BestTrainingJob": best,
    }
    item = JobItem.from_api(TUNING, data, detail=True)
    row = TUNING_JOBS.row(item, T0)
    assert row.cells[2] == "validation:auc" and row.cells[3] == "0.9123"
    assert row.cells[4] == "004-0a1b2c3d"  # the best job, relative to the tuning job
    assert row.cells[5:9] == ("7", "0", "1", "0")
    assert TUNING_JOBS.detail is not None
    sections = {s.title: s for s in TUNING_JOBS.detail(item, data)}
    assert "Failure reason" not in sections
    assert ("Name (b opens it)", best["TrainingJobName"]) in sections["Best training job"].rows
    assert ("booster", "gbtree | dart") in sections["Parameter ranges"].rows
    assert "Logs" not in sections  # tuning jobs write no logs of their own


def test_helpers() -> None:
    assert (
        short_image("763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1")
        == "pytorch-training:2.1"
    )
    assert short_image("my-image:1") == "my-image:1"
    assert short_uri("s3://bucket/churn/batch/run-1/input") == "run-1/input"
    assert short_uri("s3://bucket/x") == "s3://bucket/x"
    assert relative("hpo-1-004-abc", "hpo-1") == "004-abc" and relative("other", "hpo-1") == "other"


def test_every_kind_is_registered_with_a_stop_and_unique_keys() -> None:
    from smtui.services.kinds import default_registry

    registry = default_registry()
    for kind in OTHER_JOB_KINDS:
        assert registry.kinds[kind.name] is kind
    for name in SPECS:
        kind = registry.kinds[name]
        assert [a.id for a in kind.actions] == [f"{name}.stop"]
        assert kind.actions[0].mutating and kind.actions[0].confirm is not None
        assert registry.resolve(name) is kind
    child = registry.kinds["tuning-training-jobs"]
    assert not child.listed and child.enter == "tuning_training.open"
    assert "tuning-training-jobs" not in registry.completions()
    assert "tuning running" in registry.completions()


def test_incremental_refresh_lists_changes_whatever_their_status() -> None:
    item = JobItem.from_api(PROCESSING, processing("Completed"))
    assert PROCESSING_JOBS.list_changed is not None
    assert PROCESSING_JOBS.matches(item, {}) and PROCESSING_JOBS.matches(
        item, {"status": "Completed"}
    )
    assert not PROCESSING_JOBS.matches(item, {"status": "InProgress"})
