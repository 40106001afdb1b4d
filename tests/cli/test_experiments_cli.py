"""`smtui experiments`, run as a user runs it, against a sandbox served in this process;
every exported value is checked against a plain boto3 read of the same components."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from tests.ui.conftest import FROZEN_START

SWEEP = "reviews-bert-lr-sweep"


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=200, speed=0.0, start=FROZEN_START) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def sm(sb: Sandbox) -> Any:
    return boto3.client(
        "sagemaker",
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )


def smtui(sb: Sandbox, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": SANDBOX_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SANDBOX_SECRET_KEY,
    }
    env.pop("AWS_PROFILE", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "smtui",
            "experiments",
            "--endpoint-url",
            sb.url,
            "--region",
            SANDBOX_REGION,
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def parameter(d: dict[str, Any], name: str) -> Any:
    p = d["Parameters"].get(name)
    return None if p is None else p.get("NumberValue", p.get("StringValue"))


def metric_last(d: dict[str, Any], name: str) -> float | None:
    return next((m["Last"] for m in d["Metrics"] if m["MetricName"] == name), None)


def sweep_runs(sm: Any) -> list[str]:
    comps = sm.list_trial_components(ExperimentName=SWEEP, MaxResults=100)
    return sorted(
        c["TrialComponentName"]
        for c in comps["TrialComponentSummaries"]
        if c["TrialComponentName"].endswith("-aws-training-job")
    )[:3]


def test_compare_csv_matches_boto3_value_by_value(sb: Sandbox, sm: Any) -> None:
    names = sweep_runs(sm)
    out = smtui(sb, "--compare", ",".join(names), "--output", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["section", "name", *names, "differs", "goal", "best"]
    described = {n: sm.describe_trial_component(TrialComponentName=n) for n in names}
    params = sorted({k for d in described.values() for k in d["Parameters"]})
    metrics = sorted({m["MetricName"] for d in described.values() for m in d["Metrics"]})
    assert [(r["section"], r["name"]) for r in rows] == [
        *(("parameter", p) for p in params),
        *(("metric", m) for m in metrics),
    ]
    checked = 0
    for row in rows:
        values = []
        for n in names:
            d = described[n]
            expected = (
                parameter(d, row["name"])
                if row["section"] == "parameter"
                else metric_last(d, row["name"])
            )
            cell = row[n]
            if isinstance(expected, float):
                assert float(cell) == expected  # exact, not rounded
            else:
                assert cell == ("" if expected is None else expected)
            values.append(expected)
            checked += 1
        assert row["differs"] == ("yes" if len(set(values)) > 1 else "no")
        if row["section"] == "metric":
            goal = row["goal"]
            assert goal == {"eval_accuracy": "max", "train_loss": "min"}[row["name"]]
            best = (max if goal == "max" else min)(v for v in values if v is not None)
            assert row["best"].split(",") == [
                n for n, v in zip(names, values, strict=True) if v == best
            ]
    assert checked == len(rows) * 3 >= 30


def test_compare_json_keeps_numbers(sb: Sandbox, sm: Any) -> None:
    names = sweep_runs(sm)
    out = smtui(sb, "--compare", ",".join(names), "--output", "json")
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    accuracy = next(r for r in records if r["name"] == "eval_accuracy")
    for n in names:
        d = sm.describe_trial_component(TrialComponentName=n)
        assert accuracy[n] == metric_last(d, "eval_accuracy")
    assert isinstance(accuracy["differs"], bool)


def test_lists_trials_runs_and_search(sb: Sandbox, sm: Any) -> None:
    exps = json.loads(smtui(sb, "--output", "json").stdout)
    assert {e["ExperimentName"] for e in exps} == {
        e["ExperimentName"] for e in sm.list_experiments(MaxResults=100)["ExperimentSummaries"]
    }
    sweep = next(e for e in exps if e["ExperimentName"] == SWEEP)
    assert sweep["Trials"] == len(sm.list_trials(ExperimentName=SWEEP)["TrialSummaries"])
    trials = json.loads(smtui(sb, SWEEP, "--output", "json").stdout)
    assert all(t["Components"] == 2 and len(t["SourceJobs"]) == 1 for t in trials)
    trial = f"{SWEEP}-run-02"
    runs = list(csv.DictReader(io.StringIO(smtui(sb, "--trial", trial, "-o", "csv").stdout)))
    expected = sm.list_trial_components(TrialName=trial)["TrialComponentSummaries"]
    assert {r["TrialComponentName"] for r in runs} == {c["TrialComponentName"] for c in expected}
    for r in runs:
        d = sm.describe_trial_component(TrialComponentName=r["TrialComponentName"])
        last = metric_last(d, "eval_accuracy")
        assert r["eval_accuracy"] == ("" if last is None else repr(last))
    found = json.loads(
        smtui(sb, "--search", "metrics.eval_accuracy.max > 0.92", "--output", "json").stdout
    )
    hits = sm.search(
        Resource="ExperimentTrialComponent",
        SearchExpression={
            "Filters": [
                {"Name": "Metrics.eval_accuracy.Max", "Operator": "GreaterThan", "Value": "0.92"}
            ]
        },
        MaxResults=100,
    )["Results"]
    assert [f["TrialComponentName"] for f in found] == [
        h["TrialComponent"]["TrialComponentName"]
        for h in sorted(
            hits,
            key=lambda h: (
                -next(
                    m["Max"]
                    for m in h["TrialComponent"]["Metrics"]
                    if m["MetricName"] == "eval_accuracy"
                )
            ),
        )
    ]
    table = smtui(sb, "--search", "metrics.eval_accuracy.max > 0.92")
    assert table.returncode == 0 and "TrialComponentName" in table.stdout.splitlines()[0]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--search", "metrics.acc > 1"], "--search: metrics.acc: write metrics.NAME.STAT"),
        (["--compare", "only-one"], "--compare needs two or more"),
        (["--compare", "a,b", "--search", "status = failed"], "use one of"),
        (["--compare", "nope-1,nope-2"], "ResourceNotFound"),
        (["no-such-experiment"], "ResourceNotFound"),
    ],
)
def test_errors_are_one_line(sb: Sandbox, args: list[str], fragment: str) -> None:
    out = smtui(sb, *args)
    assert out.returncode == 2
    assert fragment in out.stderr and len(out.stderr.strip().splitlines()) == 1
