"""The parallel, CreationTime-partitioned listing returns exactly what NextToken paging does:
for any creation times (one millisecond, microseconds apart, a few jobs, thousands), against
a sandbox that sorts as AWS does, one that ignores SortBy/SortOrder as moto does, and moto."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smtui.aws.partitioned import list_partitioned, windows
from smtui.cli import main
from smtui.sandbox import Sandbox
from smtui.sandbox.simulator.generator import draw_job
from smtui.sandbox.simulator.job import JobRecord
from tests.moto.server import running as moto_server
from tests.sandbox.conftest import client, list_all

START = datetime(2026, 3, 1, tzinfo=UTC).timestamp()


def test_windows_cover_every_time_and_overlap_by_a_millisecond() -> None:
    a = datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=UTC)
    b = a + timedelta(days=1)
    spans = windows(a, b, 4)
    assert len(spans) == 4
    assert spans[0][0] is None and spans[-1][1] is None  # open at both ends
    for (_, high), (low, _) in zip(spans, spans[1:], strict=False):
        assert high is not None and low is not None
        assert high - low == timedelta(milliseconds=1)
        assert high.microsecond % 1000 == 0  # whole milliseconds
    # A span narrower than the partition count still gets one window per millisecond.
    assert len(windows(a, a + timedelta(microseconds=1500), 8)) == 2
    assert windows(a, a, 8) == [(None, None)]


@pytest.fixture(scope="module")
def bare() -> Iterator[Sandbox]:
    with Sandbox(seed=3, jobs=0, speed=0.0, start=START).start() as sandbox:
        yield sandbox


def _jobs(offsets_us: list[int]) -> list[JobRecord]:
    """Completed jobs created ``offset`` microseconds before the sandbox's clock."""
    jobs = []
    for k, offset in enumerate(offsets_us):
        job = draw_job(random.Random(k), "Completed")
        created = round(START - 30 * 86400 + offset / 1e6, 6)
        job.name, job.created = f"job-{k:05d}", created
        job.starts = tuple(round(created + o, 3) for o in job.starts)
        jobs.append(job)
    return jobs


def _names(items: list[dict[str, Any]]) -> list[str]:
    return [i["TrainingJobName"] for i in items]


# Microsecond offsets within the last 30 days, drawn at several scales.
_SCALES = (999, 10_000, 2_000_000, 30 * 86400 * 10**6 - 1)


@st.composite
def creation_times(draw: st.DrawFn) -> list[int]:
    scale = draw(st.sampled_from(_SCALES))
    if draw(st.booleans()):  # a few jobs, each time chosen
        return draw(st.lists(st.integers(0, scale), max_size=5))
    count = draw(st.sampled_from((6, 150, 2500)))
    rng = random.Random(draw(st.integers(0, 2**16)))
    base = rng.randrange(0, scale + 1 - min(scale, count))
    if draw(st.booleans()):  # microseconds apart, as a burst of submissions
        return [base + n for n in range(count)]
    return [rng.randrange(0, scale + 1) for _ in range(count)]


@pytest.mark.parametrize("sort_ignored", [False, True], ids=["aws-order", "moto-order"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offsets=creation_times())
def test_partitioned_equals_next_token_paging(
    bare: Sandbox, sort_ignored: bool, offsets: list[int]
) -> None:
    sim = bare.simulator
    sim.replace_jobs(_jobs(offsets))
    sim.sort_ignored = sort_ignored
    try:
        sm = client(bare, "sagemaker")
        plain = _names(list_all(sm, SortBy="CreationTime", SortOrder="Descending"))
        parallel = list_partitioned(sm, "list_training_jobs", "TrainingJobSummaries", {})
    finally:
        sim.sort_ignored = False
    assert len(plain) == len(offsets)
    assert _names(parallel) == plain


def test_windows_are_used_when_the_service_sorts(bare: Sandbox) -> None:
    """Against an AWS-like order the listing really is split (not always the fallback),
    and an ignored sort order is detected before any window is asked for."""
    rng = random.Random(5)
    bare.simulator.replace_jobs(_jobs([rng.randrange(0, 86400 * 10**6) for _ in range(500)]))
    sm = client(bare, "sagemaker")
    sent: list[dict[str, Any]] = []
    sm.meta.events.register(
        "provide-client-params.sagemaker.ListTrainingJobs", lambda params, **_: sent.append(params)
    )
    listed = list_partitioned(sm, "list_training_jobs", "TrainingJobSummaries", {})
    assert len(listed) == 500
    assert sum("CreationTimeAfter" in p or "CreationTimeBefore" in p for p in sent) >= 8
    sent.clear()
    bare.simulator.sort_ignored = True
    try:
        assert len(list_partitioned(sm, "list_training_jobs", "TrainingJobSummaries", {})) == 500
    finally:
        bare.simulator.sort_ignored = False
    assert not any("CreationTimeAfter" in p or "CreationTimeBefore" in p for p in sent)


def test_partitioned_equals_sequential(sb, sm) -> None:
    sequential = list_all(sm)
    for partitions in (1, 3, 8):
        parallel = list_partitioned(
            sm, "list_training_jobs", "TrainingJobSummaries", {}, partitions=partitions
        )
        assert _names(parallel) == _names(sequential)


def test_partitioned_keeps_filters(sb, sm) -> None:
    failed = list_all(sm, StatusEquals="Failed")
    parallel = list_partitioned(
        sm, "list_training_jobs", "TrainingJobSummaries", {"StatusEquals": "Failed"}, partitions=4
    )
    assert _names(parallel) == _names(failed)
    assert (
        list_partitioned(
            sm,
            "list_training_jobs",
            "TrainingJobSummaries",
            {"NameContains": "no-such-job-anywhere"},
        )
        == []
    )


def test_partitioned_against_moto_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """moto ignores SortOrder and applies MaxResults before its filters: 1 job lists 1,
    3 jobs list 3 (before: 0 and 0-1), as plain paging sees them, and so does
    ``smtui jobs`` (no --limit: the partitioned listing)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with moto_server() as url:
        sm = _moto_client(url)
        assert list_partitioned(sm, "list_training_jobs", "TrainingJobSummaries", {}) == []
        for count in (1, 3):
            while len(list_all(sm)) < count:
                _create_moto_job(sm, f"moto-job-{len(list_all(sm))}")
            listed = list_partitioned(sm, "list_training_jobs", "TrainingJobSummaries", {})
            assert sorted(_names(listed)) == sorted(_names(list_all(sm)))
            assert len(listed) == count
            code = main(["jobs", "--endpoint-url", url, "--region", "us-east-1", "-o", "json"])
            out = capsys.readouterr()
            assert code == 0, out.err
            assert len(json.loads(out.out)) == count


def _moto_client(url: str) -> Any:
    import boto3

    return boto3.client(
        "sagemaker",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _create_moto_job(sm: Any, name: str) -> None:
    sm.create_training_job(
        TrainingJobName=name,
        AlgorithmSpecification={"TrainingImage": "img:latest", "TrainingInputMode": "File"},
        RoleArn="arn:aws:iam::123456789012:role/sagemaker",
        OutputDataConfig={"S3OutputPath": "s3://bucket/out"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )
