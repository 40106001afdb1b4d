"""`smtui jobs --kind KIND` in every format and `smtui stop KIND NAME`, against an
in-process sandbox (``--endpoint-url``), so names are known and every request is logged."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from smtui.cli import main
from smtui.domain.jobkinds import SPECS
from smtui.sandbox import SANDBOX_REGION, Sandbox
from smtui.sandbox.jobkinds import JobKindsArea, area
from tests.ui.surface_helpers import audit

START = 1_795_000_000.0
KINDS = ("processing", "transform", "tuning", "automl", "labeling", "compilation")


@pytest.fixture(scope="module")
def shared() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=200, speed=0, start=START).start() as sb:
        yield sb


@pytest.fixture
def own() -> Iterator[Sandbox]:
    """A sandbox of its own for tests that stop jobs."""
    with Sandbox(seed=7, jobs=200, speed=0, start=START).start() as sb:
        yield sb


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "sandbox")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "sandbox")


def smtui(sb: Sandbox, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, "--endpoint-url", sb.url, "--region", SANDBOX_REGION])
    out = capsys.readouterr()
    return code, out.out, out.err


def jobs_of(sb: Sandbox) -> JobKindsArea:
    return area(sb.world)


def named(sb: Sandbox, kind: str, *statuses: str) -> list[str]:
    jobs = jobs_of(sb)
    return sorted(n for n, s in jobs.kinds[kind].statuses(jobs.now()).items() if s in statuses)


@pytest.mark.parametrize("kind", KINDS)
def test_jobs_kind_in_every_format(shared: Sandbox, capsys, kind: str) -> None:
    spec = SPECS[kind]
    sim = jobs_of(shared).kinds[kind]
    code, out, err = smtui(shared, capsys, "jobs", "--kind", kind, "-o", "json")
    assert code == 0, err
    records: list[dict[str, Any]] = json.loads(out)
    assert len(records) == len(sim)
    keys = set(records[0])
    assert all(set(r) == keys for r in records), "every object has the same keys"
    assert {spec.name_field, spec.arn_field, spec.status_field, "CreationTime"} <= keys
    assert {"DurationSeconds", "Duration"} <= keys
    assert {r[spec.name_field] for r in records} == {j.name for j in sim.jobs()}
    assert {r[spec.status_field] for r in records} <= set(spec.statuses)
    created = [r["CreationTime"] for r in records]
    assert created == sorted(created, reverse=True) and created[0].endswith("Z")

    code, out, err = smtui(shared, capsys, "jobs", "--kind", kind, "-o", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    header, body = rows[0], rows[1:]
    assert header[:2] == [spec.name_field, spec.status_field] and len(body) == len(records)
    for path in header:
        assert path.split(".")[0] in keys, f"csv column {path} reads a json field"
    assert [r[0] for r in body] == [r[spec.name_field] for r in records]

    code, out, err = smtui(shared, capsys, "jobs", "--kind", kind)
    assert code == 0, err
    lines = out.rstrip("\n").splitlines()
    assert lines[0].split()[:2] == ["NAME", "STATUS"] and len(lines) == len(records) + 1


def test_jobs_kind_filters(shared: Sandbox, capsys) -> None:
    code, out, _ = smtui(
        shared, capsys, "jobs", "--kind", "compilation", "--status", "running", "-o", "json"
    )
    assert code == 0
    running = json.loads(out)
    assert sorted(r["CompilationJobName"] for r in running) == named(
        shared, "compilation", "INPROGRESS"
    )
    code, out, _ = smtui(
        shared, capsys, "jobs", "--kind", "labeling", "--status", "initializing", "-o", "json"
    )
    assert {r["LabelingJobStatus"] for r in json.loads(out)} == {"Initializing"}
    code, out, _ = smtui(shared, capsys, "jobs", "--kind", "tuning", "--limit", "3", "-o", "json")
    tuning = json.loads(out)
    assert len(tuning) == 3
    assert all(sum(r["TrainingJobStatusCounters"].values()) > 0 for r in tuning)
    fragment = tuning[0]["HyperParameterTuningJobName"].split("-")[0]
    code, out, _ = smtui(
        shared, capsys, "jobs", "--kind", "tuning", "--name-contains", fragment, "-o", "json"
    )
    assert all(fragment in r["HyperParameterTuningJobName"] for r in json.loads(out))
    code, _, err = smtui(shared, capsys, "jobs", "--kind", "labeling", "--status", "sleeping")
    assert code == 2 and "--status must be one of Initializing, InProgress" in err


@pytest.mark.parametrize("kind", ["tuning", "compilation"])
def test_stop_with_yes(own: Sandbox, capsys, kind: str) -> None:
    sim = jobs_of(own).kinds[kind]
    name = named(own, kind, *sim.stoppable)[0]
    code, out, err = smtui(own, capsys, "stop", kind, name, "--yes")
    assert code == 0, err
    stopping = sim.stop_words[0]
    assert out.strip() == f"Stop requested for {SPECS[kind].noun} {name}: it is {stopping}."
    assert sim.statuses(jobs_of(own).now())[name] == stopping
    assert [(r["action"], r["resource"], r["outcome"]) for r in audit()] == [
        (f"{kind}.stop", name, "ok")
    ]


def test_stop_a_finished_job_prints_what_aws_said(own: Sandbox, capsys) -> None:
    done = named(own, "processing", "Completed")[0]
    code, out, err = smtui(own, capsys, "stop", "processing", done, "-y")
    assert code == 2 and out == ""
    assert err.strip() == (
        "smtui: error: ValidationException (StopProcessingJob): The request was rejected "
        "because the processing job is in status Completed."
    )
    code, _, err = smtui(own, capsys, "stop", "compilation", "no-such-job", "-y")
    assert code == 2 and "ResourceNotFound (StopCompilationJob)" in err


def test_stop_training_job(own: Sandbox, capsys) -> None:
    name = sorted(n for n, s in own.simulator.statuses().items() if s == "InProgress")[0]
    code, out, err = smtui(own, capsys, "stop", "training", name, "--yes")
    assert code == 0, err
    assert out.strip() == f"Stop requested for training job {name}: it is Stopping."
    assert own.simulator.statuses()[name] == "Stopping"


def test_stop_without_a_terminal_or_in_read_only_sends_nothing(own: Sandbox, capsys) -> None:
    name = named(own, "tuning", "InProgress")[0]
    code, out, err = smtui(own, capsys, "stop", "tuning", name)
    assert code == 2 and "needs confirmation: run it in a terminal or pass --yes" in err
    code, out, err = smtui(own, capsys, "stop", "tuning", name, "--read-only", "--yes")
    assert code == 2
    assert err.strip() == f"smtui: error: read-only mode: tuning.stop on {name} was not sent"
    assert not [op for _, op in own.request_log if op.startswith("Stop")]
    assert jobs_of(own).tuning.statuses(jobs_of(own).now())[name] == "InProgress"
    assert [r["outcome"] for r in audit()] == ["refused: read-only"]
