"""The generated fleet: deterministic, varied, realistic and fast at scale."""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest

from smtui.sandbox import Simulator
from smtui.sandbox.simulator import ListQuery

START = 1_795_000_000.0  # a fixed virtual start so runs are comparable
NAME_RE = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")  # TrainingJobName pattern


@pytest.fixture(scope="module")
def fleet() -> tuple[Simulator, list[dict]]:
    sim = Simulator(seed=7, jobs=200, speed=0, start=START)
    return sim, [sim.describe_training_job(n) for n in sim.job_names()]


def test_same_seed_same_fleet() -> None:
    a = Simulator(seed=11, jobs=300, speed=0, start=START)
    b = Simulator(seed=11, jobs=300, speed=0, start=START)
    assert a.job_names() == b.job_names()
    for name in a.job_names()[::37]:
        assert a.describe_training_job(name) == b.describe_training_job(name)
    c = Simulator(seed=12, jobs=300, speed=0, start=START)
    assert c.job_names() != a.job_names()


def test_names_are_unique_valid_and_familiar(fleet: tuple[Simulator, list[dict]]) -> None:
    sim, jobs = fleet
    names = sim.job_names()
    assert len(names) == len(set(names)) == 200
    assert all(NAME_RE.fullmatch(n) for n in names)
    families = {re.sub(r"-\d{4}(-\d\d){5}-\d{3}$", "", n) for n in names}
    assert {
        "xgboost-churn",
        "pytorch-resnet50-imagenet",
        "hf-llama3-8b-lora",
        "bert-base-sentiment",
        "tf-wide-deep-ctr",
        "sklearn-rf-fraud",
    } <= families


def test_history_spans_thirty_days(fleet: tuple[Simulator, list[dict]]) -> None:
    _, jobs = fleet
    created = [j["CreationTime"].timestamp() for j in jobs]
    assert START - 31 * 86400 < min(created) < START - 25 * 86400
    assert max(created) <= START


def test_every_status_is_represented(fleet: tuple[Simulator, list[dict]]) -> None:
    _, jobs = fleet
    statuses = Counter(j["TrainingJobStatus"] for j in jobs)
    assert statuses["Completed"] > 100
    assert statuses["Failed"] > 0 and statuses["Stopped"] > 0 and statuses["Stopping"] > 0
    assert statuses["InProgress"] >= 4
    running = {j["SecondaryStatus"] for j in jobs if j["TrainingJobStatus"] == "InProgress"}
    assert {"Starting", "Downloading", "Training", "Uploading"} <= running


def test_instances_spot_and_failures_look_real(fleet: tuple[Simulator, list[dict]]) -> None:
    _, jobs = fleet
    types = {j["ResourceConfig"]["InstanceType"] for j in jobs}
    assert {"ml.m5.xlarge", "ml.p4d.24xlarge", "ml.trn1.32xlarge"} <= types
    assert any(j["ResourceConfig"]["InstanceCount"] > 1 for j in jobs)
    spot = [j for j in jobs if j["EnableManagedSpotTraining"]]
    assert spot and len(spot) < len(jobs)
    for j in spot:
        assert (
            j["StoppingCondition"]["MaxWaitTimeInSeconds"]
            >= j["StoppingCondition"]["MaxRuntimeInSeconds"]
        )
        assert j["CheckpointConfig"]["S3Uri"].startswith("s3://sandbox-ml-data/")
        if "TrainingTimeInSeconds" in j:
            assert j["BillableTimeInSeconds"] < j["TrainingTimeInSeconds"]
    for j in jobs:
        if not j["EnableManagedSpotTraining"] and "TrainingTimeInSeconds" in j:
            assert j["BillableTimeInSeconds"] == j["TrainingTimeInSeconds"]
    reasons = [j["FailureReason"] for j in jobs if j["TrainingJobStatus"] == "Failed"]
    assert reasons and all(
        re.match(r"(AlgorithmError|ClientError|CapacityError|InternalServerError):", r)
        for r in reasons
    )
    assert all("FailureReason" not in j for j in jobs if j["TrainingJobStatus"] != "Failed")


def test_describe_details(fleet: tuple[Simulator, list[dict]]) -> None:
    _, jobs = fleet
    for j in jobs:
        assert j["RoleArn"] == "arn:aws:iam::123456789012:role/SageMakerExecutionRole"
        assert j["TrainingJobArn"] == (
            f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{j['TrainingJobName']}"
        )
        assert re.fullmatch(
            r"\d{12}\.dkr\.ecr\.us-east-1\.amazonaws\.com/[\w.-]+:[\w.-]+",
            j["AlgorithmSpecification"]["TrainingImage"],
        )
        assert j["ModelArtifacts"]["S3ModelArtifacts"].endswith(
            f"{j['TrainingJobName']}/output/model.tar.gz"
        )
        channels = {c["ChannelName"] for c in j["InputDataConfig"]}
        assert "train" in channels
        assert j["HyperParameters"]
        if j["TrainingJobStatus"] == "Completed":
            assert j["FinalMetricDataList"] and "TrainingTimeInSeconds" in j
    assert any("VpcConfig" in j for j in jobs)
    assert any("ExperimentConfig" in j for j in jobs)


def test_clock_speed_scales_time() -> None:
    sim = Simulator(seed=1, jobs=5, speed=200)
    t0 = sim.clock.now()
    time.sleep(0.1)
    assert sim.clock.now() - t0 >= 10  # 0.1 s real = 20 virtual s (loosely)
    frozen = Simulator(seed=1, jobs=5, speed=0)
    t1 = frozen.clock.now()
    time.sleep(0.02)
    assert frozen.clock.now() == t1
    assert frozen.clock.advance(30) == t1 + 30
    with pytest.raises(ValueError):
        frozen.clock.advance(-1)


def test_hundred_thousand_jobs_build_and_list_fast() -> None:
    t0 = time.perf_counter()
    sim = Simulator(seed=5, jobs=100_000, speed=0)
    built = time.perf_counter() - t0
    assert sim.job_count() == 100_000
    t1 = time.perf_counter()
    token = None
    seen = 0
    for _ in range(20):
        page, token = sim.list_training_jobs(ListQuery(max_results=100, next_token=token))
        seen += len(page)
    for sort_by in ("Name", "Status"):
        page, _ = sim.list_training_jobs(ListQuery(max_results=100, sort_by=sort_by))
        assert len(page) == 100
    page, _ = sim.list_training_jobs(ListQuery(max_results=100, name_contains="resnet"))
    listed = time.perf_counter() - t1
    assert seen == 2000 and len(page) == 100
    # Loose bounds: generous for slow CI, but catch accidental O(n^2) work.
    assert built < 30, built
    assert listed < 10, listed
