"""SageMaker Experiments: experiments, trials, trial components, and Search over them.

List calls page with MaxResults 100 (the maximum: API_ListExperiments, API_ListTrials,
API_ListTrialComponents, API_Search all take 1..100).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from smtui.aws.calls import call, pages
from smtui.aws.session import Clients
from smtui.domain.experiments import Experiment, Trial, TrialComponent

PAGE_SIZE = 100
TRAINING_NAMESPACE = "/aws/sagemaker/TrainingJobs"
"""CloudWatch namespace of training job metrics: algorithm metrics under the dimension
TrainingJobName=JOB, instance metrics under Host=JOB/algo-N
(https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html#cloudwatch-metrics-jobs;
sagemaker-python-sdk src/sagemaker/analytics.py, TrainingJobAnalytics)."""

Cancelled = Callable[[], bool]


def _never() -> bool:
    return False


def list_experiments(clients: Clients, cancelled: Cancelled = _never) -> Iterator[list[Experiment]]:
    client = clients.client("sagemaker")
    for items in pages(
        client,
        "list_experiments",
        "ExperimentSummaries",
        cancelled=cancelled,
        SortBy="CreationTime",
        SortOrder="Descending",
        MaxResults=PAGE_SIZE,
    ):
        yield [Experiment.from_api(i) for i in items]


def describe_experiment(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_experiment", ExperimentName=name)


def list_trials(
    clients: Clients,
    *,
    experiment: str | None = None,
    component: str | None = None,
    cancelled: Cancelled = _never,
) -> Iterator[list[Trial]]:
    params: dict[str, Any] = {"MaxResults": PAGE_SIZE}
    if experiment:
        params["ExperimentName"] = experiment
    if component:
        params["TrialComponentName"] = component
    client = clients.client("sagemaker")
    for items in pages(client, "list_trials", "TrialSummaries", cancelled=cancelled, **params):
        yield [Trial.from_api(i, experiment) for i in items]


def describe_trial(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_trial", TrialName=name)


def list_trial_components(
    clients: Clients,
    *,
    experiment: str | None = None,
    trial: str | None = None,
    source_arn: str | None = None,
    cancelled: Cancelled = _never,
) -> Iterator[list[TrialComponent]]:
    """Summaries (no parameters or metrics: describe each for those). At most one of
    experiment, trial, source_arn (API_ListTrialComponents)."""
    params: dict[str, Any] = {"MaxResults": PAGE_SIZE}
    if experiment:
        params["ExperimentName"] = experiment
    if trial:
        params["TrialName"] = trial
    if source_arn:
        params["SourceArn"] = source_arn
    client = clients.client("sagemaker")
    for items in pages(
        client, "list_trial_components", "TrialComponentSummaries", cancelled=cancelled, **params
    ):
        yield [TrialComponent.from_api(i) for i in items]


def describe_trial_component(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_trial_component", TrialComponentName=name)


def search_trial_components(
    clients: Clients,
    expression: dict[str, Any] | None,
    *,
    sort: tuple[str, str] | None = None,
    limit: int | None = None,
    cancelled: Cancelled = _never,
) -> Iterator[list[TrialComponent]]:
    """Search(Resource=ExperimentTrialComponent): full components (parameters, metrics,
    artifacts, parents) in pages, ``limit`` at most."""
    params: dict[str, Any] = {"Resource": "ExperimentTrialComponent", "MaxResults": PAGE_SIZE}
    if expression:
        params["SearchExpression"] = expression
    if sort is not None:
        params["SortBy"], params["SortOrder"] = sort
    remaining = limit
    client = clients.client("sagemaker")
    for items in pages(client, "search", "Results", cancelled=cancelled, **params):
        batch = [
            TrialComponent.from_api(r["TrialComponent"]) for r in items if "TrialComponent" in r
        ]
        if remaining is not None:
            batch = batch[:remaining]
            remaining -= len(batch)
        yield batch
        if remaining is not None and remaining <= 0:
            return


def training_metric_series(
    clients: Clients,
    job: str,
    metrics: list[str],
    start: datetime,
    end: datetime,
    period: int = 60,
) -> dict[str, list[tuple[datetime, float]]]:
    """metric -> the training job's series over [start, end], from CloudWatch (namespace
    /aws/sagemaker/TrainingJobs, dimension TrainingJobName=JOB, where SageMaker publishes
    algorithm metrics): one GetMetricData call."""
    from smtui.aws.cloudwatch import MetricQuery, get_metric_series

    queries = [
        MetricQuery(
            id=f"m{n}",
            namespace=TRAINING_NAMESPACE,
            name=metric,
            dimensions={"TrainingJobName": job},
            stat="Average",
        )
        for n, metric in enumerate(metrics)
    ]
    series = get_metric_series(clients, queries, start, end, period)
    return {metric: series.get(f"m{n}", []) for n, metric in enumerate(metrics)}


def describe_source_job(clients: Clients, kind: str, name: str) -> dict[str, Any]:
    """DescribeTrainingJob / DescribeProcessingJob / DescribeTransformJob of a component's
    source (kind as :func:`smtui.domain.experiments.parse_source_arn` names it)."""
    client = clients.client("sagemaker")
    if kind == "training":
        return call(client, "describe_training_job", TrainingJobName=name)
    if kind == "processing":
        return call(client, "describe_processing_job", ProcessingJobName=name)
    if kind == "transform":
        return call(client, "describe_transform_job", TransformJobName=name)
    raise ValueError(f"no describe for a {kind} source")
