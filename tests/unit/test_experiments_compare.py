"""Compare logic: which parameters differ, which run is best per metric and how the goal
is decided, the exported records, and runs built from API components."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from smtui.domain.compare import Run, compare, labels, merged_run, metric_goal, run_of
from smtui.domain.experiments import TrialComponent, format_value, parse_source_arn


@pytest.mark.parametrize(
    ("name", "goal"),
    [
        ("validation:accuracy", "max"),
        ("eval_accuracy", "max"),
        ("train:auc", "max"),
        ("test:f1", "max"),
        ("validation:top1", "max"),
        ("mAP(bbox)/small", "max"),
        ("val_precision", "max"),
        ("train_loss", "min"),
        ("eval_loss", "min"),
        ("validation:rmse", "min"),
        ("train:error", "min"),
        ("accuracy_loss", "min"),
        ("epoch", None),
        ("learning_rate", None),
        ("gpu_utilization", None),
    ],
)
def test_metric_goal_from_the_name(name: str, goal: str | None) -> None:
    assert metric_goal(name) == goal


def _run(label: str, params: dict, metrics: dict) -> Run:
    return Run(key=f"run-{label}", label=label, title=label, parameters=params, metrics=metrics)


def test_differences_and_best_values() -> None:
    runs = [
        _run("A", {"lr": 1e-4, "bs": 32.0, "opt": "adam"}, {"val:accuracy": 0.91, "loss": 0.3}),
        _run("B", {"lr": 3e-4, "bs": 32.0, "opt": "adam"}, {"val:accuracy": 0.93, "loss": 0.3}),
        _run("C", {"lr": 1e-4, "bs": 32.0}, {"val:accuracy": 0.93, "loss": 0.4, "epoch": 3.0}),
    ]
    table = compare(runs)
    params = {r.name: r for r in table.parameters}
    assert params["lr"].differs and not params["bs"].differs
    assert params["opt"].differs and params["opt"].values == ("adam", "adam", None)
    metrics = {r.name: r for r in table.metrics}
    assert metrics["val:accuracy"].best == (1, 2)  # a tie: both marked
    assert metrics["val:accuracy"].goal == "max"
    assert metrics["loss"].best == (0, 1) and metrics["loss"].goal == "min"
    assert metrics["epoch"].best == () and metrics["epoch"].goal is None  # one value, no goal
    assert [r.name for r in compare(runs, only_differences=True).parameters] == ["lr", "opt"]


def test_best_needs_two_numbers() -> None:
    table = compare([_run("A", {}, {"acc": 0.5}), _run("B", {}, {})])
    assert table.metrics[0].best == ()


def test_records_for_export() -> None:
    table = compare([_run("A", {"lr": 0.1}, {"acc": 0.5}), _run("B", {"lr": 0.2}, {"acc": 0.7})])
    assert table.columns() == ["section", "name", "run-A", "run-B", "differs", "goal", "best"]
    assert table.records() == [
        {
            "section": "parameter",
            "name": "lr",
            "run-A": 0.1,
            "run-B": 0.2,
            "differs": True,
            "goal": "",
            "best": "",
        },
        {
            "section": "metric",
            "name": "acc",
            "run-A": 0.5,
            "run-B": 0.7,
            "differs": True,
            "goal": "max",
            "best": "run-B",
        },
    ]


def test_labels() -> None:
    assert labels(3) == ["A", "B", "C"]
    assert labels(28)[-2:] == ["AA", "AB"]


COMPONENT = {
    "TrialComponentName": "job-1-aws-training-job",
    "TrialComponentArn": (
        "arn:aws:sagemaker:us-east-1:123456789012:experiment-trial-component/job-1-aws-training-job"
    ),
    "DisplayName": "training",
    "Source": {
        "SourceArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1",
        "SourceType": "SageMakerTrainingJob",
    },
    "Status": {"PrimaryStatus": "Completed", "Message": "Status: Completed"},
    "StartTime": datetime(2026, 11, 20, 10, tzinfo=UTC),
    "EndTime": datetime(2026, 11, 20, 11, tzinfo=UTC),
    "Parameters": {"lr": {"NumberValue": 0.001}, "model": {"StringValue": '"bert"'}},
    "Metrics": [{"MetricName": "acc", "Last": 0.9, "Max": 0.95, "Min": 0.5, "Count": 10}],
    "InputArtifacts": {"train": {"Value": "s3://b/train", "MediaType": "text/csv"}},
    "OutputArtifacts": {"SageMaker.ModelArtifact": {"Value": "s3://b/model.tar.gz"}},
}


def test_component_from_api_and_run() -> None:
    c = TrialComponent.from_api(COMPONENT)
    assert c.detailed and c.status == "Completed" and c.param("lr") == 0.001
    assert c.source is not None and (c.source.kind, c.source.name) == ("training", "job-1")
    assert c.metric("acc") is not None and c.metric("acc").stat("max") == 0.95  # type: ignore[union-attr]
    assert c.inputs[0].media_type == "text/csv" and c.outputs[0].value == "s3://b/model.tar.gz"
    run = run_of(c, "A")
    assert run.metrics == {"acc": 0.9} and run.source == "training: job-1"
    summary = TrialComponent.from_api({k: COMPONENT[k] for k in ("TrialComponentName", "Status")})
    assert not summary.detailed and summary.parameters == ()


def test_trial_merges_its_components() -> None:
    training = TrialComponent.from_api(COMPONENT)
    prep = TrialComponent.from_api(
        {
            "TrialComponentName": "prep",
            "Status": {"PrimaryStatus": "Completed"},
            "Parameters": {"lr": {"NumberValue": 9.0}, "split": {"NumberValue": 0.9}},
        }
    )
    run = merged_run("trial-1", "A", [training, prep])
    assert run.parameters == {"lr": 0.001, "model": '"bert"', "split": 0.9}  # training wins
    assert run.status == "Completed" and run.source == "training: job-1"


def test_format_value_and_source_arns() -> None:
    assert format_value(3.0) == "3" and format_value(2e-05) == "2e-05"
    assert format_value(0.93848123) == "0.938481" and format_value(None) == "-"
    assert format_value('"bert-base-uncased"') == "bert-base-uncased"
    ref = parse_source_arn("arn:aws:sagemaker:us-east-1:1:processing-job/prep-7")
    assert ref is not None and (ref.kind, ref.name) == ("processing", "prep-7")
    assert parse_source_arn("not-an-arn") is None and parse_source_arn(None) is None
