"""The other job kinds over the wire, with plain boto3: listing filters, sort orders and
pagination, describes of every job, lifecycles on the virtual clock, stop rules, the tuning
jobs' training jobs, AutoML V1/V2 and the CloudWatch Logs the kinds write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import Sandbox
from smtui.sandbox.jobkinds import JobKindsArea, area
from smtui.sandbox.jobkinds.automl import FAMILIES as AUTOML_FAMILIES
from tests.sandbox.conftest import client
from tests.sandbox.test_sandbox_contract import assert_fits_output

START = 1_795_000_000.0

# kind -> (list method, result key, describe, stop, name param, status field, running status)
KINDS: dict[str, tuple[str, str, str, str, str, str, str]] = {
    "processing": (
        "list_processing_jobs",
        "ProcessingJobSummaries",
        "describe_processing_job",
        "stop_processing_job",
        "ProcessingJobName",
        "ProcessingJobStatus",
        "InProgress",
    ),
    "transform": (
        "list_transform_jobs",
        "TransformJobSummaries",
        "describe_transform_job",
        "stop_transform_job",
        "TransformJobName",
        "TransformJobStatus",
        "InProgress",
    ),
    "tuning": (
        "list_hyper_parameter_tuning_jobs",
        "HyperParameterTuningJobSummaries",
        "describe_hyper_parameter_tuning_job",
        "stop_hyper_parameter_tuning_job",
        "HyperParameterTuningJobName",
        "HyperParameterTuningJobStatus",
        "InProgress",
    ),
    "automl": (
        "list_auto_ml_jobs",
        "AutoMLJobSummaries",
        "describe_auto_ml_job_v2",
        "stop_auto_ml_job",
        "AutoMLJobName",
        "AutoMLJobStatus",
        "InProgress",
    ),
    "labeling": (
        "list_labeling_jobs",
        "LabelingJobSummaryList",
        "describe_labeling_job",
        "stop_labeling_job",
        "LabelingJobName",
        "LabelingJobStatus",
        "InProgress",
    ),
    "compilation": (
        "list_compilation_jobs",
        "CompilationJobSummaries",
        "describe_compilation_job",
        "stop_compilation_job",
        "CompilationJobName",
        "CompilationJobStatus",
        "INPROGRESS",
    ),
}
STOPPED = {"compilation": ("STOPPING", "STOPPED")}
OPERATIONS = {
    "list_processing_jobs": "ListProcessingJobs",
    "list_transform_jobs": "ListTransformJobs",
    "list_hyper_parameter_tuning_jobs": "ListHyperParameterTuningJobs",
    "list_auto_ml_jobs": "ListAutoMLJobs",
    "list_labeling_jobs": "ListLabelingJobs",
    "list_compilation_jobs": "ListCompilationJobs",
    "describe_processing_job": "DescribeProcessingJob",
    "describe_transform_job": "DescribeTransformJob",
    "describe_hyper_parameter_tuning_job": "DescribeHyperParameterTuningJob",
    "describe_auto_ml_job_v2": "DescribeAutoMLJobV2",
    "describe_labeling_job": "DescribeLabelingJob",
    "describe_compilation_job": "DescribeCompilationJob",
}


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Sandbox, Any, JobKindsArea]]:
    with Sandbox(seed=7, jobs=200, speed=0, start=START).start() as sandbox:
        yield sandbox, client(sandbox, "sagemaker"), area(sandbox.world)


@pytest.fixture
def fresh() -> Iterator[tuple[Sandbox, Any, JobKindsArea]]:
    """A sandbox of its own, for tests that stop jobs or move the clock."""
    with Sandbox(seed=7, jobs=200, speed=0, start=START).start() as sandbox:
        yield sandbox, client(sandbox, "sagemaker"), area(sandbox.world)


def list_all(sm: Any, kind: str, **kwargs: Any) -> list[dict[str, Any]]:
    method, key = KINDS[kind][0], KINDS[kind][1]
    out: list[dict[str, Any]] = []
    while True:
        page = getattr(sm, method)(**kwargs)
        out.extend(page[key])
        if not page.get("NextToken"):
            return out
        kwargs["NextToken"] = page["NextToken"]


def names(rows: list[dict[str, Any]], kind: str) -> list[str]:
    return [r[KINDS[kind][4]] for r in rows]


def with_status(jobs: JobKindsArea, kind: str, status: str) -> list[str]:
    return sorted(n for n, s in jobs.kinds[kind].statuses(jobs.now()).items() if s == status)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_pagination_covers_every_job_once_in_every_order(world, kind: str) -> None:
    sb, sm, jobs = world
    total = len(jobs.kinds[kind])
    assert total >= 10, "tens of jobs of each kind by default"
    for sort_by in ("Name", "CreationTime", "Status"):
        for order in ("Ascending", "Descending"):
            rows = list_all(sm, kind, SortBy=sort_by, SortOrder=order, MaxResults=7)
            got = names(rows, kind)
            assert len(got) == len(set(got)) == total
            if sort_by == "Name":
                assert got == sorted(got, reverse=order == "Descending")
            if sort_by == "CreationTime":
                created = [r["CreationTime"] for r in rows]
                assert created == sorted(created, reverse=order == "Descending")
            if sort_by == "Status":
                statuses = [r[KINDS[kind][5]] for r in rows]
                assert statuses == sorted(statuses, reverse=order == "Descending")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_filters(world, kind: str) -> None:
    sb, sm, jobs = world
    status_field = KINDS[kind][5]
    every = list_all(sm, kind, MaxResults=100)
    for status in {r[status_field] for r in every}:
        rows = list_all(sm, kind, StatusEquals=status, MaxResults=3)
        expected = [r for r in every if r[status_field] == status]
        assert sorted(names(rows, kind)) == sorted(names(expected, kind))
    fragment = names(every, kind)[0].split("-")[0]
    rows = list_all(sm, kind, NameContains=fragment.upper(), MaxResults=100)
    assert rows and all(fragment in n for n in names(rows, kind))
    created = sorted(r["CreationTime"] for r in every)
    middle = created[len(created) // 2]
    after = list_all(sm, kind, CreationTimeAfter=middle, MaxResults=100)
    before = list_all(sm, kind, CreationTimeBefore=middle, MaxResults=100)
    # Stored to the microsecond, answered in milliseconds (as AWS): the job answered at
    # ``middle`` was created a little after it, so CreationTimeAfter=middle finds it.
    assert all(r["CreationTime"] >= middle for r in after)
    assert all(r["CreationTime"] < middle for r in before)
    assert len(after) + len(before) == len(every)
    recent = list_all(sm, kind, LastModifiedTimeAfter=middle, MaxResults=100)
    assert recent and all(r["LastModifiedTime"] > middle for r in recent)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_default_page_size_and_token_rules(world, kind: str) -> None:
    sb, sm, jobs = world
    method, key = KINDS[kind][0], KINDS[kind][1]
    first = getattr(sm, method)()
    assert len(first[key]) == 10 and first["NextToken"]  # MaxResults: "default value is 10"
    with pytest.raises(ClientError) as err:
        getattr(sm, method)(NextToken=first["NextToken"], NameContains="x")
    assert err.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError):
        getattr(sm, method)(NextToken="not-a-token")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_job_describes_and_fits_the_output_shape(world, kind: str) -> None:
    sb, sm, jobs = world
    describe, param, status_field = KINDS[kind][2], KINDS[kind][4], KINDS[kind][5]
    seen = set()
    for job in jobs.kinds[kind].jobs():
        response = getattr(sm, describe)(**{param: job.name})
        assert_fits_output(sm, OPERATIONS[describe], response)
        seen.add(response[status_field])
        if response[status_field].lower() == "failed":
            assert response["FailureReason"]
    assert {"completed", "failed", "inprogress"} <= {s.lower() for s in seen}
    with pytest.raises(ClientError) as err:
        getattr(sm, describe)(**{param: "no-such-job"})
    assert err.value.response["Error"]["Code"] == "ResourceNotFound"


def test_automl_v1_describes_tabular_jobs_only(world) -> None:
    sb, sm, jobs = world
    for job in jobs.automl.jobs():
        tabular = AUTOML_FAMILIES[job.family].problem == "Tabular"
        v2 = sm.describe_auto_ml_job_v2(AutoMLJobName=job.name)
        assert v2["AutoMLProblemTypeConfigName"] == AUTOML_FAMILIES[job.family].problem
        if tabular:
            v1 = sm.describe_auto_ml_job(AutoMLJobName=job.name)
            assert_fits_output(sm, "DescribeAutoMLJob", v1)
            assert v1["AutoMLJobStatus"] == v2["AutoMLJobStatus"]
            assert v1.get("BestCandidate") == v2.get("BestCandidate")
        else:
            with pytest.raises(ClientError) as err:
                sm.describe_auto_ml_job(AutoMLJobName=job.name)
            assert err.value.response["Error"]["Code"] == "ValidationException"
            assert "DescribeAutoMLJobV2" in err.value.response["Error"]["Message"]
    completed = [
        sm.describe_auto_ml_job_v2(AutoMLJobName=n)
        for n in with_status(jobs, "automl", "Completed")
    ]
    assert completed and all("BestCandidate" in d for d in completed)
    assert all(
        d["BestCandidate"]["FinalAutoMLJobObjectiveMetric"]["MetricName"]
        == d["AutoMLJobObjective"]["MetricName"]
        for d in completed
    )


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_stop_moves_to_stopping_then_stopped_and_refuses_a_finished_job(fresh, kind: str) -> None:
    sb, sm, jobs = fresh
    _, _, describe, stop, param, status_field, running = KINDS[kind]
    stopping, stopped = STOPPED.get(kind, ("Stopping", "Stopped"))
    name = with_status(jobs, kind, running)[0]
    getattr(sm, stop)(**{param: name})
    assert getattr(sm, describe)(**{param: name})[status_field] == stopping
    with pytest.raises(ClientError) as err:  # Stopping is not stoppable either
        getattr(sm, stop)(**{param: name})
    assert err.value.response["Error"]["Code"] == "ValidationException"
    sb.simulator.clock.advance(200)
    after = getattr(sm, describe)(**{param: name})
    assert after[status_field] == stopped
    done = with_status(jobs, kind, "COMPLETED" if kind == "compilation" else "Completed")[0]
    with pytest.raises(ClientError) as err:
        getattr(sm, stop)(**{param: done})
    error = err.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith("The request was rejected because the ")
    assert error["Message"].endswith("is in status Completed.") or error["Message"].endswith(
        "is in status COMPLETED."
    )
    with pytest.raises(ClientError) as err:
        getattr(sm, stop)(**{param: "no-such-job"})
    assert err.value.response["Error"]["Code"] == "ResourceNotFound"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_running_jobs_finish_as_the_clock_moves(fresh, kind: str) -> None:
    sb, sm, jobs = fresh
    sim = jobs.kinds[kind]
    before = sim.statuses(jobs.now())
    running = [n for n, s in before.items() if s not in ("Completed", "Failed", "Stopped")]
    assert running
    sb.simulator.clock.advance(4 * 86400)
    after = sim.statuses(jobs.now())
    assert all(after[n].title() in ("Completed", "Failed", "Stopped") for n in running)
    assert {after[n].title() for n in running} >= {"Completed"}


def test_labeling_counters_grow_in_steps(fresh) -> None:
    sb, sm, jobs = fresh
    name = with_status(jobs, "labeling", "InProgress")[0]
    first = sm.describe_labeling_job(LabelingJobName=name)
    sb.simulator.clock.advance(3600)
    later = sm.describe_labeling_job(LabelingJobName=name)
    assert later["LabelCounters"]["TotalLabeled"] > first["LabelCounters"]["TotalLabeled"]
    assert later["LastModifiedTime"] > first["LastModifiedTime"]
    total = sum(
        first["LabelCounters"][k] for k in ("TotalLabeled", "FailedNonRetryableError", "Unlabeled")
    )
    sb.simulator.clock.advance(30 * 86400)
    done = sm.describe_labeling_job(LabelingJobName=name)
    counters = done["LabelCounters"]
    assert (
        counters["TotalLabeled"] + counters["FailedNonRetryableError"] + counters["Unlabeled"]
        == total
    )
    assert counters["HumanLabeled"] + counters["MachineLabeled"] == counters["TotalLabeled"]
    if done["LabelingJobStatus"] == "Completed":
        assert counters["Unlabeled"] == 0
        assert done["LabelingJobOutput"]["OutputDatasetS3Uri"].endswith("output.manifest")


# -- tuning jobs and their training jobs -----------------------------------------------------
def test_tuning_training_jobs_are_real_training_jobs(world) -> None:
    sb, sm, jobs = world
    assert sb.simulator.job_count() == 200, "the training fleet keeps the size asked for"
    listed = {
        j["TrainingJobName"]
        for p in sm.get_paginator("list_training_jobs").paginate()
        for j in p["TrainingJobSummaries"]
    }
    assert len(listed) == 200
    for job in jobs.tuning.jobs():
        rows = sm.list_training_jobs_for_hyper_parameter_tuning_job(
            HyperParameterTuningJobName=job.name, MaxResults=100
        )["TrainingJobSummaries"]
        assert rows and {r["TrainingJobName"] for r in rows} <= listed
        summary = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=job.name)
        counters = summary["TrainingJobStatusCounters"]
        assert sum(counters.values()) == len(rows)
        assert counters["Completed"] == sum(r["TrainingJobStatus"] == "Completed" for r in rows)
        assert counters["InProgress"] == sum(r["TrainingJobStatus"] == "InProgress" for r in rows)
        for r in rows:
            assert r["TrainingJobName"].startswith(job.name + "-")
            assert r["TuningJobName"] == job.name
            training = sm.describe_training_job(TrainingJobName=r["TrainingJobName"])
            assert training["TuningJobArn"] == summary["HyperParameterTuningJobArn"]
            for k, v in r["TunedHyperParameters"].items():
                assert training["HyperParameters"][k] == v
            metric = r.get("FinalHyperParameterTuningJobObjectiveMetric")
            if r["TrainingJobStatus"] == "Completed":
                finals = {m["MetricName"]: m["Value"] for m in training["FinalMetricDataList"]}
                assert metric and finals[metric["MetricName"]] == metric["Value"]
                assert r["ObjectiveStatus"] == "Succeeded"
        scored = [r for r in rows if "FinalHyperParameterTuningJobObjectiveMetric" in r]
        if scored:
            objective = summary["HyperParameterTuningJobConfig"]["HyperParameterTuningJobObjective"]
            pick = max if objective["Type"] == "Maximize" else min
            best = pick(
                scored, key=lambda r: r["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]
            )
            assert summary["BestTrainingJob"]["TrainingJobName"] == best["TrainingJobName"]
        else:
            assert "BestTrainingJob" not in summary
        if summary["HyperParameterTuningJobStatus"] == "Failed":
            assert summary["FailureReason"]


def test_tuning_training_jobs_listing_options(world) -> None:
    sb, sm, jobs = world
    name = max(jobs.tuning.jobs(), key=lambda j: len(j.extra["children"])).name
    call = sm.list_training_jobs_for_hyper_parameter_tuning_job
    every = call(HyperParameterTuningJobName=name, MaxResults=100)["TrainingJobSummaries"]
    assert [r["TrainingJobName"] for r in every] == sorted(r["TrainingJobName"] for r in every)
    pages, token = [], None
    while True:
        kwargs: dict[str, Any] = {"HyperParameterTuningJobName": name, "MaxResults": 2}
        if token:
            kwargs["NextToken"] = token
        page = call(**kwargs)
        pages.append(page["TrainingJobSummaries"])
        token = page.get("NextToken")
        if not token:
            break
    assert [r for p in pages for r in p] == every and len(pages) > 1
    by_value = call(
        HyperParameterTuningJobName=name,
        SortBy="FinalObjectiveMetricValue",
        SortOrder="Descending",
        MaxResults=100,
    )["TrainingJobSummaries"]
    values = [r["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] for r in by_value]
    assert values == sorted(values, reverse=True)
    assert len(by_value) == sum("FinalHyperParameterTuningJobObjectiveMetric" in r for r in every)
    done = call(HyperParameterTuningJobName=name, StatusEquals="Completed", MaxResults=100)
    assert {r["TrainingJobStatus"] for r in done["TrainingJobSummaries"]} == {"Completed"}
    with pytest.raises(ClientError) as err:
        call(HyperParameterTuningJobName="no-such-tuning-job")
    assert err.value.response["Error"]["Code"] == "ResourceNotFound"


def test_stopping_a_tuning_job_stops_its_running_training_jobs(fresh) -> None:
    sb, sm, jobs = fresh
    name = with_status(jobs, "tuning", "InProgress")[0]
    rows = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=name, MaxResults=100
    )["TrainingJobSummaries"]
    running = [r["TrainingJobName"] for r in rows if r["TrainingJobStatus"] == "InProgress"]
    assert running
    sm.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
    for child in running:
        assert sm.describe_training_job(TrainingJobName=child)["TrainingJobStatus"] == "Stopping"
    assert (
        sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)[
            "HyperParameterTuningJobStatus"
        ]
        == "Stopping"
    )
    sb.simulator.clock.advance(200)
    summary = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
    assert summary["HyperParameterTuningJobStatus"] == "Stopped"
    assert summary["TrainingJobStatusCounters"]["Stopped"] == len(running)
    assert summary["HyperParameterTuningEndTime"] > summary["CreationTime"]


def test_a_training_job_stopped_directly_shows_in_its_tuning_job(fresh) -> None:
    sb, sm, jobs = fresh
    name = with_status(jobs, "tuning", "InProgress")[0]
    rows = sm.list_training_jobs_for_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=name, MaxResults=100
    )["TrainingJobSummaries"]
    for r in rows:
        if r["TrainingJobStatus"] == "InProgress":
            sm.stop_training_job(TrainingJobName=r["TrainingJobName"])
    sb.simulator.clock.advance(200)
    summary = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
    assert summary["TrainingJobStatusCounters"]["InProgress"] == 0
    assert summary["HyperParameterTuningJobStatus"] == "Completed"


# -- fleets ----------------------------------------------------------------------------------
def test_fleets_are_deterministic_and_scale_with_the_training_fleet() -> None:
    a = Sandbox(seed=3, jobs=200, speed=0, start=START)
    b = Sandbox(seed=3, jobs=200, speed=0, start=START)
    small = Sandbox(seed=3, jobs=40, speed=0, start=START)
    big = Sandbox(seed=3, jobs=2000, speed=0, start=START)
    try:
        ja, jb = area(a.world), area(b.world)
        for kind in KINDS:
            assert [j.name for j in ja.kinds[kind].jobs()] == [
                j.name for j in jb.kinds[kind].jobs()
            ]
        assert a.simulator.job_names() == b.simulator.job_names()
        sizes = {k: len(s) for k, s in area(small.world).kinds.items()}
        bigger = {k: len(s) for k, s in area(big.world).kinds.items()}
        assert all(bigger[k] > sizes[k] for k in KINDS)
        assert big.simulator.job_count() == 2000 and small.simulator.job_count() == 40
    finally:
        for sb in (a, b, small, big):
            sb.stop()


# -- logs ------------------------------------------------------------------------------------
GROUPS = {
    "processing": "/aws/sagemaker/ProcessingJobs",
    "transform": "/aws/sagemaker/TransformJobs",
    "labeling": "/aws/sagemaker/LabelingJobs",
    "compilation": "/aws/sagemaker/CompilationJobs",
}


@pytest.mark.parametrize("kind", sorted(GROUPS))
def test_logs_follow_each_job(fresh, kind: str) -> None:
    sb, sm, jobs = fresh
    group = GROUPS[kind]
    source = sb.world.logs.source_for(group)
    assert source is not None and group in sb.world.logs.groups()
    sb.simulator.clock.advance(3600)  # the running jobs planned to fail have failed by now
    now = jobs.now()
    streams = source.streams(group, now)
    assert streams and all(s.created <= now for s in streams)
    sim = jobs.kinds[kind]
    statuses = sim.statuses(now)
    failed = [s for s in streams if statuses.get(s.name.split("/")[0], "").lower() == "failed"]
    assert failed, "some failed job wrote logs"
    tails = [source.events(group, s.name, now)[-1].message for s in failed]
    assert any("Error" in t or "Traceback" in t or "ClientError" in t for t in tails)
    running = [s for s in streams if statuses[s.name.split("/")[0]] in sim.stoppable]
    if running:
        stream = running[0].name
        before = source.events(group, stream, now)
        sb.simulator.clock.advance(86400 * 3)
        after = source.events(group, stream, jobs.now())
        assert after[: len(before)] == before and len(after) >= len(before)


def test_failed_processing_logs_end_with_the_traceback(world) -> None:
    sb, sm, jobs = world
    group = GROUPS["processing"]
    source = sb.world.logs.source_for(group)
    assert source is not None
    for job in jobs.processing.jobs():
        d = sm.describe_processing_job(ProcessingJobName=job.name)
        if d["ProcessingJobStatus"] != "Failed" or not d.get("ExitMessage"):
            continue
        stream = next(
            s for s in source.streams(group, jobs.now()) if s.name.startswith(job.name + "/algo-1")
        )
        lines = [e.message for e in source.events(group, stream.name, jobs.now())]
        assert "Traceback (most recent call last):" in lines
        assert d["ExitMessage"] in lines[-1]
        return
    pytest.fail("no failed processing job with an exit message")


def test_stop_keeps_the_lines_already_written(fresh) -> None:
    sb, sm, jobs = fresh
    group = GROUPS["processing"]
    source = sb.world.logs.source_for(group)
    assert source is not None
    now = jobs.now()
    statuses = jobs.processing.statuses(now)
    stream = next(
        s for s in source.streams(group, now) if statuses[s.name.split("/")[0]] == "InProgress"
    )
    job = stream.name.split("/")[0]
    before = source.events(group, stream.name, now)
    sm.stop_processing_job(ProcessingJobName=job)
    sb.simulator.clock.advance(300)
    after = source.events(group, stream.name, jobs.now())
    assert after[: len(before)] == before
    assert "SIGTERM" in after[-1].message


def test_list_clock_window_is_consistent_with_describe(world) -> None:
    sb, sm, jobs = world
    rows = list_all(sm, "processing", MaxResults=100)
    for r in rows[:5]:
        d = sm.describe_processing_job(ProcessingJobName=r["ProcessingJobName"])
        assert d["ProcessingJobStatus"] == r["ProcessingJobStatus"]
        assert d["LastModifiedTime"] == r["LastModifiedTime"]
        if "ProcessingEndTime" in r:
            assert r["ProcessingEndTime"] - r["CreationTime"] < timedelta(days=2)
