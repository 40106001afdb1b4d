"""Example calls for the SageMaker Experiments operations (and Search)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox
from smtui.sandbox.experiments import experiments_area


def _area(sb: Sandbox) -> Any:
    return experiments_area(sb.world)


def _experiment(sb: Sandbox) -> str:
    return "reviews-bert-lr-sweep"


def _trial(sb: Sandbox) -> str:
    return "reviews-bert-lr-sweep-run-01"


def _running_component(sb: Sandbox) -> str:
    area = _area(sb)
    return next(
        n
        for n in area.component_names(experiment="churn-incremental-retrain")
        if area.component(n)["Status"]["PrimaryStatus"] == "InProgress"
    )


def _training_arn(sb: Sandbox) -> str:
    return _area(sb).component(_trial_component(sb))["Source"]["SourceArn"]


def _processing_component(sb: Sandbox) -> str:
    return next(n for n in _area(sb).component_names() if n.endswith("-aws-processing-job"))


def _trial_component(sb: Sandbox) -> str:
    return next(n for n in _area(sb).component_names(trial=_trial(sb)) if "aws-training" in n)


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sagemaker", "ListExperiments"): [
        lambda sb: {},
        lambda sb: {"MaxResults": 100, "SortBy": "Name", "SortOrder": "Ascending"},
    ],
    ("sagemaker", "DescribeExperiment"): [lambda sb: {"ExperimentName": _experiment(sb)}],
    ("sagemaker", "ListTrials"): [
        lambda sb: {"ExperimentName": _experiment(sb), "MaxResults": 100},
        lambda sb: {"TrialComponentName": f"{_experiment(sb)}-prepare-data"},
    ],
    ("sagemaker", "DescribeTrial"): [lambda sb: {"TrialName": _trial(sb)}],
    ("sagemaker", "ListTrialComponents"): [
        lambda sb: {"TrialName": _trial(sb)},
        lambda sb: {"ExperimentName": "churn-incremental-retrain", "MaxResults": 100},
        lambda sb: {"SourceArn": _training_arn(sb)},
        lambda sb: {"MaxResults": 100, "SortBy": "Name"},
    ],
    ("sagemaker", "DescribeTrialComponent"): [
        lambda sb: {"TrialComponentName": _trial_component(sb)},
        lambda sb: {"TrialComponentName": f"{_experiment(sb)}-prepare-data"},
        lambda sb: {"TrialComponentName": _running_component(sb)},
        lambda sb: {"TrialComponentName": _processing_component(sb)},
    ],
    ("sagemaker", "Search"): [
        lambda sb: {
            "Resource": "ExperimentTrialComponent",
            "SearchExpression": {
                "Filters": [
                    {"Name": "Metrics.eval_accuracy.Max", "Operator": "GreaterThan", "Value": "0.9"}
                ]
            },
            "SortBy": "Metrics.eval_accuracy.Max",
            "MaxResults": 100,
        },
        lambda sb: {"Resource": "ExperimentTrial", "MaxResults": 100},
        lambda sb: {"Resource": "Experiment", "MaxResults": 100},
    ],
}
