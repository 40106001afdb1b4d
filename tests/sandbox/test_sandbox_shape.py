"""A fleet of a given shape (`smtui sandbox serve --running N --endpoints N`): the scale
benchmark's steady state is 10,000 jobs with 20 running and 50 endpoints."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from smtui.sandbox import Sandbox
from tests.sandbox.conftest import client

JOBS = 3000


@pytest.fixture(scope="module")
def shaped() -> Iterator[Sandbox]:
    with Sandbox(jobs=JOBS, speed=0, running=20, endpoints=40).start() as sb:
        yield sb


@pytest.fixture(scope="module")
def plain() -> Iterator[Sandbox]:
    with Sandbox(jobs=JOBS, speed=0).start() as sb:
        yield sb


def _running(sb: Sandbox) -> list[dict[str, Any]]:
    sm = client(sb, "sagemaker")
    sm.list_hyper_parameter_tuning_jobs()  # the tuning jobs' training jobs join the fleet
    pages = sm.get_paginator("list_training_jobs").paginate(StatusEquals="InProgress")
    return [s for page in pages for s in page["TrainingJobSummaries"]]


def _count(sb: Sandbox) -> int:
    pages = client(sb, "sagemaker").get_paginator("list_training_jobs").paginate()
    return sum(len(page["TrainingJobSummaries"]) for page in pages)


def test_running_is_capped_and_the_fleet_keeps_its_size(shaped: Sandbox, plain: Sandbox) -> None:
    running = _running(shaped)
    assert 5 <= len(running) <= 20
    assert len(_running(plain)) > 40  # a month of history at this pace runs many at once
    assert _count(shaped) == _count(plain)


def test_tuning_jobs_run_within_the_cap(shaped: Sandbox) -> None:
    sm = client(shaped, "sagemaker")
    tuning = sm.list_hyper_parameter_tuning_jobs(StatusEquals="InProgress", MaxResults=100)
    assert len(tuning["HyperParameterTuningJobSummaries"]) <= 2


def test_endpoints_are_added_up_to_the_count(shaped: Sandbox, plain: Sandbox) -> None:
    sm = client(shaped, "sagemaker")
    names = [e["EndpointName"] for e in sm.list_endpoints(MaxResults=100)["Endpoints"]]
    assert len(names) == 40
    base = {
        e["EndpointName"]
        for e in client(plain, "sagemaker").list_endpoints(MaxResults=100)["Endpoints"]
    }
    extra = sorted(set(names) - base)
    assert extra and all(any(n.startswith(f"{b}-") for b in base) for n in extra)
    described = sm.describe_endpoint(EndpointName=extra[0])
    assert described["EndpointStatus"] == "InService"
    config = sm.describe_endpoint_config(EndpointConfigName=described["EndpointConfigName"])
    assert config["ProductionVariants"]


def test_serve_refuses_a_negative_shape() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smtui", "sandbox", "serve", "--running", "-1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--running: running cannot be negative" in done.stderr
