"""Notebook instances over plain boto3: fleet, listing, start/stop lifecycles, errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import Sandbox
from tests.sandbox.conftest import client


@pytest.fixture
def fresh() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=50, speed=0.0).start() as sandbox:
        yield sandbox


def statuses(sm: Any) -> dict[str, str]:
    rows = sm.list_notebook_instances(MaxResults=100)["NotebookInstances"]
    return {r["NotebookInstanceName"]: r["NotebookInstanceStatus"] for r in rows}


def test_fleet_has_every_interesting_status(sm: Any) -> None:
    seen = statuses(sm)
    assert len(seen) == 14
    assert {"InService", "Stopped", "Pending", "Stopping", "Failed"} <= set(seen.values())
    failed = sm.describe_notebook_instance(NotebookInstanceName="eun-ji-rl-sim")
    assert "took longer than 5 minutes" in failed["FailureReason"]
    old = sm.describe_notebook_instance(NotebookInstanceName="vision-label-audit")
    assert old["AcceleratorTypes"] == ["ml.eia1.medium"]


def test_listing_pages_sorts_and_filters(sm: Any) -> None:
    names = []
    token = None
    while True:
        kwargs: dict[str, Any] = {"MaxResults": 4}
        if token:
            kwargs["NextToken"] = token
        page = sm.list_notebook_instances(**kwargs)
        names += [n["NotebookInstanceName"] for n in page["NotebookInstances"]]
        token = page.get("NextToken")
        if not token:
            break
    assert names == sorted(names) and len(names) == 14  # default: Name, Ascending
    stopped = sm.list_notebook_instances(StatusEquals="Stopped")["NotebookInstances"]
    assert stopped and all(n["NotebookInstanceStatus"] == "Stopped" for n in stopped)
    alice = sm.list_notebook_instances(NameContains="alice")["NotebookInstances"]
    assert [n["NotebookInstanceName"] for n in alice] == ["alice-churn-eda"]


def test_describe_has_volume_network_and_role(sm: Any) -> None:
    d = sm.describe_notebook_instance(NotebookInstanceName="alice-churn-eda")
    assert d["VolumeSizeInGB"] == 50
    assert d["SubnetId"].startswith("subnet-") and d["SecurityGroups"]
    assert d["DirectInternetAccess"] == "Disabled"
    assert d["RoleArn"].startswith("arn:aws:iam::123456789012:role/")
    assert d["NotebookInstanceLifecycleConfigName"] == "auto-stop-idle"


def test_stop_then_start_lifecycle(fresh: Sandbox) -> None:
    sm = client(fresh, "sagemaker")
    before = sm.describe_notebook_instance(NotebookInstanceName="bob-scratch")
    assert before["NotebookInstanceStatus"] == "InService"
    sm.stop_notebook_instance(NotebookInstanceName="bob-scratch")
    after = sm.describe_notebook_instance(NotebookInstanceName="bob-scratch")
    assert after["NotebookInstanceStatus"] == "Stopping"
    assert after["LastModifiedTime"] > before["LastModifiedTime"]
    fresh.world.clock.advance(125)
    assert statuses(sm)["bob-scratch"] == "Stopped"
    sm.start_notebook_instance(NotebookInstanceName="bob-scratch")
    assert statuses(sm)["bob-scratch"] == "Pending"
    fresh.world.clock.advance(305)
    assert statuses(sm)["bob-scratch"] == "InService"


def test_the_planted_transitions_complete(fresh: Sandbox) -> None:
    sm = client(fresh, "sagemaker")
    fresh.world.clock.advance(400)
    now = statuses(sm)
    assert now["ads-ctr-analysis"] == "InService"
    assert now["dmitri-spark-notebook"] == "Stopped"


def test_wrong_state_and_unknown_name_errors(sm: Any) -> None:
    with pytest.raises(ClientError) as info:
        sm.start_notebook_instance(NotebookInstanceName="alice-churn-eda")
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith("Status (InService) not in ([Stopped, Failed])")
    with pytest.raises(ClientError) as info:
        sm.describe_notebook_instance(NotebookInstanceName="no-such-notebook")
    assert info.value.response["Error"]["Message"] == "RecordNotFound"
