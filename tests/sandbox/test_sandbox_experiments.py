"""SageMaker Experiments in the sandbox, with plain boto3: every operation, lineage both
ways, metrics that agree with the training jobs, and Search filters checked against a
brute-force reading of the same components."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import SANDBOX_REGION, Sandbox

SWEEP = "reviews-bert-lr-sweep"
CHAIN = "churn-incremental-retrain"


def paginate(sm: Any, method: str, key: str, **kwargs: Any) -> list[dict[str, Any]]:
    return [i for page in sm.get_paginator(method).paginate(**kwargs) for i in page[key]]


@pytest.fixture(scope="module")
def everything(sm: Any) -> dict[str, dict[str, Any]]:
    """Every trial component, described, by name (the brute-force reference)."""
    names = [
        c["TrialComponentName"]
        for c in paginate(sm, "list_trial_components", "TrialComponentSummaries")
    ]
    return {n: sm.describe_trial_component(TrialComponentName=n) for n in names}


def code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


# -- experiments and trials -----------------------------------------------------------------
def test_list_experiments_pages_and_sorts(sm: Any) -> None:
    first = sm.list_experiments(MaxResults=2)
    assert len(first["ExperimentSummaries"]) == 2 and first["NextToken"]
    names = [e["ExperimentName"] for e in paginate(sm, "list_experiments", "ExperimentSummaries")]
    assert {SWEEP, CHAIN} <= set(names)
    assert any(n.endswith("-experiments") for n in names)
    by_name = paginate(
        sm, "list_experiments", "ExperimentSummaries", SortBy="Name", SortOrder="Ascending"
    )
    assert [e["ExperimentName"] for e in by_name] == sorted(names)
    created = [e["CreationTime"] for e in paginate(sm, "list_experiments", "ExperimentSummaries")]
    assert created == sorted(created, reverse=True)  # CreationTime, Descending by default


def test_describe_experiment_and_not_found(sm: Any) -> None:
    d = sm.describe_experiment(ExperimentName=SWEEP)
    assert d["ExperimentArn"].endswith(f":experiment/{SWEEP}")
    assert "sweep" in d["Description"] and d["CreatedBy"]["UserProfileName"]
    with pytest.raises(ClientError) as exc:
        sm.describe_experiment(ExperimentName="no-such-experiment")
    assert code(exc) == "ResourceNotFound"
    with pytest.raises(ClientError) as exc:
        sm.list_trials(ExperimentName="no-such-experiment")
    assert code(exc) == "ResourceNotFound"


def test_trials_by_experiment_and_by_component(sm: Any) -> None:
    trials = paginate(sm, "list_trials", "TrialSummaries", ExperimentName=SWEEP)
    assert len(trials) >= 3
    for t in trials:
        d = sm.describe_trial(TrialName=t["TrialName"])
        assert d["ExperimentName"] == SWEEP and d["TrialArn"] == t["TrialArn"]
    shared = paginate(
        sm, "list_trials", "TrialSummaries", TrialComponentName=f"{SWEEP}-prepare-data"
    )
    assert {t["TrialName"] for t in shared} == {t["TrialName"] for t in trials}
    with pytest.raises(ClientError) as exc:
        sm.describe_trial(TrialName="nope")
    assert code(exc) == "ResourceNotFound"


# -- trial components -----------------------------------------------------------------------
def test_list_trial_components_filters_are_exclusive(sm: Any) -> None:
    with pytest.raises(ClientError) as exc:
        sm.list_trial_components(ExperimentName=SWEEP, TrialName=f"{SWEEP}-run-01")
    assert code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:
        sm.list_trial_components(TrialName="no-such-trial")
    assert code(exc) == "ResourceNotFound"
    with pytest.raises(ClientError) as exc:
        sm.list_trial_components(NextToken="garbage")
    assert code(exc) == "ValidationException"


def test_components_by_experiment_trial_and_source(sm: Any) -> None:
    comps = paginate(sm, "list_trial_components", "TrialComponentSummaries", ExperimentName=SWEEP)
    by_trial = {
        c["TrialComponentName"]
        for t in paginate(sm, "list_trials", "TrialSummaries", ExperimentName=SWEEP)
        for c in sm.list_trial_components(TrialName=t["TrialName"])["TrialComponentSummaries"]
    }
    assert {c["TrialComponentName"] for c in comps} == by_trial
    sourced = [c for c in comps if "TrialComponentSource" in c]
    assert sourced and len(sourced) == len(comps) - 1  # all but prepare-data
    for c in sourced:
        arn = c["TrialComponentSource"]["SourceArn"]
        same = sm.list_trial_components(SourceArn=arn)["TrialComponentSummaries"]
        assert [s["TrialComponentName"] for s in same] == [c["TrialComponentName"]]
    page = sm.list_trial_components(ExperimentName=SWEEP, MaxResults=2)
    rest = sm.list_trial_components(ExperimentName=SWEEP, NextToken=page["NextToken"])
    assert len(page["TrialComponentSummaries"]) == 2
    assert rest["TrialComponentSummaries"][0] not in page["TrialComponentSummaries"]


def test_component_mirrors_its_training_job_both_ways(sm: Any, everything: dict) -> None:
    """Every sourced component's job names it in ExperimentConfig, and every job with an
    ExperimentConfig has its component in that trial."""
    checked = 0
    for name, comp in everything.items():
        if "Source" not in comp or comp["Source"]["SourceType"] == "SageMakerProcessingJob":
            continue
        assert comp["Source"]["SourceType"] == "SageMakerTrainingJob"
        job_name = comp["Source"]["SourceArn"].split("training-job/")[1]
        job = sm.describe_training_job(TrainingJobName=job_name)
        assert name == f"{job['TrainingJobName']}-aws-training-job"
        config = job["ExperimentConfig"]
        trials = sm.list_trials(TrialComponentName=name)["TrialSummaries"]
        assert [t["TrialName"] for t in trials] == [config["TrialName"]]
        assert (
            sm.describe_trial(TrialName=config["TrialName"])["ExperimentName"]
            == (config["ExperimentName"])
        )
        assert comp["DisplayName"] == config["TrialComponentDisplayName"]
        assert comp["Status"]["PrimaryStatus"] == job["TrainingJobStatus"]
        assert comp["CreationTime"] == job["CreationTime"]
        finals = {m["MetricName"]: m["Value"] for m in job.get("FinalMetricDataList", [])}
        for metric in comp["Metrics"]:
            if metric["MetricName"] in finals:
                assert metric["Last"] == pytest.approx(finals[metric["MetricName"]])
            assert metric["Min"] <= metric["Avg"] <= metric["Max"]
            assert metric["Min"] <= metric["Last"] <= metric["Max"] and metric["Count"] >= 1
        if job["TrainingJobStatus"] == "Completed":
            assert (
                comp["OutputArtifacts"]["SageMaker.ModelArtifact"]["Value"]
                == (job["ModelArtifacts"]["S3ModelArtifacts"])
            )
            assert {m["MetricName"] for m in comp["Metrics"]} == set(finals)
        channels = {c["ChannelName"]: c for c in job["InputDataConfig"]}
        for channel, spec in channels.items():
            uri = spec["DataSource"]["S3DataSource"]["S3Uri"]
            assert comp["InputArtifacts"][channel]["Value"] == uri
        for key, value in job["HyperParameters"].items():
            param = comp["Parameters"][key]
            assert param.get("StringValue", value) == value
            if "NumberValue" in param:
                assert param["NumberValue"] == float(value)
        checked += 1
    assert checked >= 10
    tracked = 0
    for summary in paginate(sm, "list_training_jobs", "TrainingJobSummaries"):
        job = sm.describe_training_job(TrainingJobName=summary["TrainingJobName"])
        if "ExperimentConfig" in job:
            assert f"{job['TrainingJobName']}-aws-training-job" in everything
            tracked += 1
    assert tracked == checked


def training_of(sm: Any, trial: str) -> dict[str, Any]:
    (name,) = [
        c["TrialComponentName"]
        for c in sm.list_trial_components(TrialName=trial)["TrialComponentSummaries"]
        if c["TrialComponentName"].endswith("-aws-training-job")
    ]
    return dict(sm.describe_trial_component(TrialComponentName=name))


def test_incremental_chain_starts_from_the_previous_model(sm: Any) -> None:
    trials = paginate(
        sm, "list_trials", "TrialSummaries", ExperimentName=CHAIN, SortOrder="Ascending"
    )
    comps = [training_of(sm, t["TrialName"]) for t in trials]
    assert len(comps) >= 3 and "base-model" not in comps[0]["InputArtifacts"]
    for before, after in zip(comps, comps[1:], strict=False):
        job = before["Source"]["SourceArn"].split("training-job/")[1]
        model = sm.describe_training_job(TrainingJobName=job)["ModelArtifacts"]
        assert after["InputArtifacts"]["base-model"]["Value"] == model["S3ModelArtifacts"]
        assert after["StartTime"] >= before["EndTime"]


def test_chain_steps_hold_their_preprocessing_job(sm: Any) -> None:
    """Processing components mirror DescribeProcessingJob and ran before the training."""
    found = 0
    for t in paginate(sm, "list_trials", "TrialSummaries", ExperimentName=CHAIN):
        for c in sm.list_trial_components(TrialName=t["TrialName"])["TrialComponentSummaries"]:
            if not c["TrialComponentName"].endswith("-aws-processing-job"):
                continue
            comp = sm.describe_trial_component(TrialComponentName=c["TrialComponentName"])
            arn = comp["Source"]["SourceArn"]
            assert comp["Source"]["SourceType"] == "SageMakerProcessingJob"
            job = sm.describe_processing_job(ProcessingJobName=arn.split("processing-job/")[1])
            assert job["ProcessingJobArn"] == arn
            assert comp["Status"]["PrimaryStatus"] == job["ProcessingJobStatus"] == "Completed"
            assert comp["EndTime"] == job["ProcessingEndTime"]
            outputs = {
                o["OutputName"]: o["S3Output"]["S3Uri"]
                for o in job["ProcessingOutputConfig"]["Outputs"]
            }
            assert {k: v["Value"] for k, v in comp["OutputArtifacts"].items()} == outputs
            assert comp["EndTime"] <= training_of(sm, t["TrialName"])["CreationTime"]
            same = sm.list_trial_components(SourceArn=arn)["TrialComponentSummaries"]
            assert [s["TrialComponentName"] for s in same] == [c["TrialComponentName"]]
            found += 1
    assert found >= 1


def test_describe_by_arn_and_logged_component(sm: Any) -> None:
    name = f"{SWEEP}-prepare-data"
    d = sm.describe_trial_component(TrialComponentName=name)
    assert "Source" not in d and d["Status"]["PrimaryStatus"] == "Completed"
    assert d["Parameters"]["max_seq_length"] == {"NumberValue": 128.0}
    assert set(d["OutputArtifacts"]) == {"train", "test"}
    same = sm.describe_trial_component(TrialComponentName=d["TrialComponentArn"])
    assert same["TrialComponentName"] == name
    with pytest.raises(ClientError) as exc:
        sm.describe_trial_component(TrialComponentName="nope")
    assert code(exc) == "ResourceNotFound"


def test_running_component_follows_its_job() -> None:
    with Sandbox(seed=7, jobs=200, speed=0.0) as sb:
        sm = boto3.client(
            "sagemaker",
            endpoint_url=sb.url,
            region_name=SANDBOX_REGION,
            aws_access_key_id="sandbox",
            aws_secret_access_key="sandbox",
        )
        comps = paginate(
            sm, "list_trial_components", "TrialComponentSummaries", ExperimentName=CHAIN
        )
        running = [c for c in comps if c["Status"]["PrimaryStatus"] == "InProgress"]
        assert len(running) == 1
        name = running[0]["TrialComponentName"]
        before = sm.describe_trial_component(TrialComponentName=name)
        assert (
            "EndTime" not in before and "SageMaker.ModelArtifact" not in before["OutputArtifacts"]
        )
        sb.simulator.clock.advance(3 * 86400)
        after = sm.describe_trial_component(TrialComponentName=name)
        job = sm.describe_training_job(TrainingJobName=name.removesuffix("-aws-training-job"))
        assert after["Status"]["PrimaryStatus"] == job["TrainingJobStatus"] != "InProgress"
        assert after["EndTime"] == job["TrainingEndTime"]
        assert after["LastModifiedTime"] > before["LastModifiedTime"]


# -- Search ---------------------------------------------------------------------------------
def search_all(sm: Any, expression: dict[str, Any] | None, **kwargs: Any) -> list[dict]:
    params: dict[str, Any] = {"Resource": "ExperimentTrialComponent", **kwargs}
    if expression is not None:
        params["SearchExpression"] = expression
    return [r["TrialComponent"] for r in paginate(sm, "search", "Results", **params)]


def names(records: list[dict[str, Any]]) -> set[str]:
    return {r["TrialComponentName"] for r in records}


def metric(comp: dict[str, Any], name: str, stat: str) -> float | None:
    return next((m[stat] for m in comp["Metrics"] if m["MetricName"] == name), None)


def param(comp: dict[str, Any], name: str) -> Any:
    p = comp.get("Parameters", {}).get(name)
    return None if p is None else p.get("NumberValue", p.get("StringValue"))


def test_search_metric_filter_and_sort(sm: Any, everything: dict) -> None:
    expected = {n for n, c in everything.items() if (metric(c, "eval_accuracy", "Max") or 0) > 0.9}
    assert expected
    found = search_all(
        sm,
        {
            "Filters": [
                {"Name": "Metrics.eval_accuracy.Max", "Operator": "GreaterThan", "Value": "0.9"}
            ]
        },
        SortBy="Metrics.eval_accuracy.Max",
        SortOrder="Descending",
    )
    assert names(found) == expected
    values = [metric(c, "eval_accuracy", "Max") for c in found]
    assert values == sorted(values, reverse=True)
    # the lower-case form SageMaker's examples use means the same
    lower = search_all(
        sm,
        {
            "Filters": [
                {"Name": "metrics.eval_accuracy.max", "Operator": "GreaterThan", "Value": "0.9"}
            ]
        },
    )
    assert names(lower) == expected


@pytest.mark.parametrize(
    ("op", "check"),
    [
        ("LessThan", lambda v, x: v < x),
        ("LessThanOrEqualTo", lambda v, x: v <= x),
        ("GreaterThan", lambda v, x: v > x),
        ("GreaterThanOrEqualTo", lambda v, x: v >= x),
        ("Equals", lambda v, x: v == x),
        ("NotEquals", lambda v, x: v != x),
    ],
)
def test_search_numeric_parameter_operators(sm: Any, everything: dict, op: str, check) -> None:
    value = 3e-05
    expected = {
        n
        for n, c in everything.items()
        if isinstance(param(c, "learning_rate"), float) and check(param(c, "learning_rate"), value)
    }
    found = search_all(
        sm, {"Filters": [{"Name": "Parameters.learning_rate", "Operator": op, "Value": "3e-05"}]}
    )
    assert names(found) == expected


def test_search_text_exists_in_nested_and_or(sm: Any, everything: dict) -> None:
    contains = search_all(
        sm,
        {"Filters": [{"Name": "TrialComponentName", "Operator": "Contains", "Value": "PREPARE"}]},
    )
    assert names(contains) == {n for n in everything if "prepare" in n}
    has = search_all(sm, {"Filters": [{"Name": "Source.SourceArn", "Operator": "Exists"}]})
    lacks = search_all(sm, {"Filters": [{"Name": "Source.SourceArn", "Operator": "NotExists"}]})
    assert names(has) | names(lacks) == set(everything) and not names(has) & names(lacks)
    status = search_all(
        sm,
        {
            "Filters": [
                {"Name": "Status.PrimaryStatus", "Operator": "In", "Value": "Failed,Stopped"}
            ]
        },
    )
    assert names(status) == {
        n for n, c in everything.items() if c["Status"]["PrimaryStatus"] in ("Failed", "Stopped")
    }
    nested = search_all(
        sm,
        {
            "NestedFilters": [
                {
                    "NestedPropertyName": "Parents",
                    "Filters": [
                        {"Name": "Parents.ExperimentName", "Operator": "Equals", "Value": SWEEP},
                        {
                            "Name": "Parents.TrialName",
                            "Operator": "Equals",
                            "Value": f"{SWEEP}-run-01",
                        },
                    ],
                }
            ]
        },
    )
    assert names(nested) == {
        c["TrialComponentName"]
        for c in sm.list_trial_components(TrialName=f"{SWEEP}-run-01")["TrialComponentSummaries"]
    }
    either = search_all(
        sm,
        {
            "SubExpressions": [
                {"Filters": [{"Name": "Parents.ExperimentName", "Value": SWEEP}]},
                {"Filters": [{"Name": "Parents.ExperimentName", "Value": CHAIN}]},
            ],
            "Operator": "Or",
        },
    )
    in_either = {
        c["TrialComponentName"]
        for exp in (SWEEP, CHAIN)
        for c in paginate(
            sm, "list_trial_components", "TrialComponentSummaries", ExperimentName=exp
        )
    }
    assert names(either) == in_either


def test_search_pages_with_tokens_and_counts_hits(sm: Any, everything: dict) -> None:
    first = sm.search(Resource="ExperimentTrialComponent", MaxResults=5)
    assert len(first["Results"]) == 5 and first["NextToken"]
    assert first["TotalHits"] == {"Value": len(everything), "Relation": "EqualTo"}
    modified = [r["TrialComponent"]["LastModifiedTime"] for r in first["Results"]]
    assert modified == sorted(modified, reverse=True)  # LastModifiedTime, Descending
    everyone = search_all(sm, None)
    assert len(everyone) == len(everything) == len(names(everyone))
    records = sm.search(
        Resource="ExperimentTrialComponent",
        SearchExpression={"Filters": [{"Name": "Parents.TrialName", "Value": f"{SWEEP}-run-01"}]},
    )["Results"]
    assert all(r["TrialComponent"]["Parents"] for r in records)


@pytest.mark.parametrize(
    "expression",
    [
        {},
        {"Filters": [{"Name": "DisplayName", "Operator": "GreaterThan", "Value": "a"}]},
        {"Filters": [{"Name": "Metrics.eval_accuracy.Max", "Operator": "Contains", "Value": "9"}]},
        {
            "Filters": [
                {"Name": "Metrics.eval_accuracy.Max", "Operator": "GreaterThan", "Value": "high"}
            ]
        },
        {"Filters": [{"Name": "CreationTime", "Operator": "GreaterThan", "Value": "yesterday"}]},
        {"Filters": [{"Name": "Parameters.learning_rate", "Operator": "GreaterThan"}]},
        {
            "Filters": [
                {"Name": "Status.Message", "Operator": "Contains", "Value": "a"},
                {"Name": "Source.SourceArn", "Operator": "Contains", "Value": "b"},
            ]
        },
    ],
    ids=["empty", "text-gt", "number-contains", "nan", "bad-time", "no-value", "contains-2"],
)
def test_search_rejects_bad_expressions(sm: Any, expression: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as exc:
        sm.search(Resource="ExperimentTrialComponent", SearchExpression=expression)
    assert code(exc) == "ValidationException"


def test_search_timestamps_trials_and_experiments(sm: Any, everything: dict) -> None:
    cut = sorted(c["CreationTime"] for c in everything.values())[len(everything) // 2]
    found = search_all(
        sm,
        {
            "Filters": [
                {
                    "Name": "CreationTime",
                    "Operator": "GreaterThanOrEqualTo",
                    "Value": cut.strftime("%Y-%m-%dT%H:%M:%S"),
                }
            ]
        },
    )
    floor = cut.replace(microsecond=0)
    assert names(found) == {n for n, c in everything.items() if c["CreationTime"] >= floor}
    trials = [
        r["Trial"]
        for r in paginate(
            sm,
            "search",
            "Results",
            Resource="ExperimentTrial",
            SearchExpression={"Filters": [{"Name": "ExperimentName", "Value": SWEEP}]},
        )
    ]
    assert {t["TrialName"] for t in trials} == {
        t["TrialName"] for t in paginate(sm, "list_trials", "TrialSummaries", ExperimentName=SWEEP)
    }
    assert all(len(t["TrialComponentSummaries"]) == 2 for t in trials)
    exps = sm.search(
        Resource="Experiment",
        SearchExpression={
            "Filters": [{"Name": "Description", "Operator": "Contains", "Value": "sweep"}]
        },
    )["Results"]
    assert [e["Experiment"]["ExperimentName"] for e in exps] == [SWEEP]
    with pytest.raises(ClientError) as exc:
        sm.search(Resource="Endpoint")
    assert code(exc) == "ValidationException"
