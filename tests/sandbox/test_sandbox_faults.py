"""Fault injection, seen from a plain boto3 client: each fault in AWS's own shape."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.config
import botocore.exceptions as bx
import pytest

from smtui.sandbox import SANDBOX_REGION, Sandbox
from smtui.sandbox.faults import FaultRule, FaultSpecError, parse_faults


@pytest.fixture
def fsb() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=20, speed=0.0).start() as sandbox:
        yield sandbox


def client(sb: Sandbox, service: str = "sagemaker", attempts: int = 1, timeout: float = 5) -> Any:
    return boto3.client(
        service,
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id="x",
        aws_secret_access_key="y",
        config=botocore.config.Config(
            retries={"mode": "standard", "total_max_attempts": attempts},
            read_timeout=timeout,
            connect_timeout=2,
        ),
    )


def control(sb: Sandbox, changes: dict[str, Any] | None = None) -> dict[str, Any]:
    data = None if changes is None else json.dumps(changes).encode()
    req = urllib.request.Request(
        f"{sb.url}/_sandbox/faults", data=data, method="POST" if data else "GET"
    )
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.loads(resp.read())


def test_spec_parsing() -> None:
    rules = parse_faults("throttle=0.2,latency=200ms,error5xx=0.05,reset=0.01,latency@sagemaker=1s")
    assert rules == [
        FaultRule("throttle", 0.2),
        FaultRule("latency", 0.2),
        FaultRule("error5xx", 0.05),
        FaultRule("reset", 0.01),
        FaultRule("latency", 1.0, "sagemaker"),
    ]
    for bad in ("throttle", "flood=1", "throttle=2", "latency=fast"):
        with pytest.raises(FaultSpecError):
            parse_faults(bad)


def test_throttle_is_aws_throttling_and_botocore_retries_it(fsb: Sandbox) -> None:
    fsb.faults.update({"spec": "throttle@ListTrainingJobs=1"})
    with pytest.raises(bx.ClientError) as info:
        client(fsb, attempts=3).list_training_jobs()
    assert info.value.response["Error"] == {
        "Code": "ThrottlingException",
        "Message": "Rate exceeded",
    }
    assert fsb.faults.state()["injected"]["throttle"] == 3  # botocore retried twice
    client(fsb).describe_training_job(
        TrainingJobName=fsb.simulator.job_names()[0]
    )  # other ops fine


def test_5xx_and_reset(fsb: Sandbox) -> None:
    fsb.faults.update({"spec": "error5xx=1"})
    with pytest.raises(bx.ClientError) as info:
        client(fsb).list_training_jobs()
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    fsb.faults.update({"spec": "reset=1"})
    with pytest.raises((bx.ConnectionClosedError, bx.EndpointConnectionError)):
        client(fsb).list_training_jobs()


def test_latency_and_timeouts(fsb: Sandbox) -> None:
    fsb.faults.update({"spec": "latency=300ms"})
    started = time.monotonic()
    client(fsb).list_training_jobs(MaxResults=1)
    assert time.monotonic() - started >= 0.3
    fsb.faults.update({"spec": "latency=3s"})
    with pytest.raises(bx.ReadTimeoutError):
        client(fsb, timeout=0.5).list_training_jobs(MaxResults=1)


def test_control_endpoint_expires_credentials_denies_and_cuts(fsb: Sandbox) -> None:
    assert control(fsb)["expire_credentials"] is False
    control(fsb, {"expire_credentials": True})
    with pytest.raises(bx.ClientError) as info:
        client(fsb).list_training_jobs()
    assert info.value.response["Error"]["Code"] == "ExpiredTokenException"
    with pytest.raises(bx.ClientError) as info:
        client(fsb, "sts").get_caller_identity()
    assert info.value.response["Error"]["Code"] == "ExpiredToken"
    control(fsb, {"expire_credentials": False, "deny": ["sagemaker:StopTrainingJob"]})
    client(fsb).list_training_jobs()
    with pytest.raises(bx.ClientError) as info:
        client(fsb).stop_training_job(TrainingJobName="any")
    error = info.value.response["Error"]
    assert error["Code"] == "AccessDeniedException"
    assert "not authorized to perform: sagemaker:StopTrainingJob" in error["Message"]
    control(fsb, {"deny": [], "allow_only": ["sagemaker:List*", "sts:GetCallerIdentity"]})
    client(fsb).list_training_jobs()
    with pytest.raises(bx.ClientError):
        client(fsb).describe_training_job(TrainingJobName=fsb.simulator.job_names()[0])
    control(fsb, {"allow_only": None, "network_down": True})
    with pytest.raises((bx.ConnectionClosedError, bx.EndpointConnectionError)):
        client(fsb).list_training_jobs()
    state = control(fsb, {"network_down": False})
    assert state["injected"]["network_down"] >= 1
    client(fsb).list_training_jobs()


def test_bad_control_requests_are_refused(fsb: Sandbox) -> None:
    req = urllib.request.Request(
        f"{fsb.url}/_sandbox/faults", data=b'{"spec": "flood=1"}', method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=5)
    assert info.value.code == 400 and "unknown fault" in info.value.read().decode()


def test_deny_in_the_spec_refuses_the_action_and_simulation_agrees() -> None:
    spec = "deny=sagemaker:ListEndpoints,deny=sagemaker:Stop*"
    assert parse_faults(spec) == [
        FaultRule("deny", 1.0, "sagemaker:ListEndpoints"),
        FaultRule("deny", 1.0, "sagemaker:Stop*"),
    ]
    for bad in ("deny=ListEndpoints", "deny@sagemaker=sagemaker:X", "deny="):
        with pytest.raises(FaultSpecError):
            parse_faults(bad)
    with Sandbox(seed=7, jobs=5, speed=0.0, faults=spec).start() as sb:
        with pytest.raises(bx.ClientError) as denied:
            client(sb).list_endpoints(MaxResults=1)
        assert denied.value.response["Error"]["Code"] == "AccessDeniedException"
        client(sb).list_training_jobs(MaxResults=1)  # not denied
        actions = ["sagemaker:ListEndpoints", "sagemaker:StopTrainingJob", "sagemaker:ListApps"]
        answer = client(sb, "iam").simulate_principal_policy(
            PolicySourceArn="arn:aws:iam::123456789012:user/smtui", ActionNames=actions
        )
        decisions = {r["EvalActionName"]: r["EvalDecision"] for r in answer["EvaluationResults"]}
        assert decisions == {
            "sagemaker:ListEndpoints": "implicitDeny",
            "sagemaker:StopTrainingJob": "implicitDeny",
            "sagemaker:ListApps": "allowed",
        }
        control(sb, {"deny": ["sagemaker:ListApps"]})  # run-time denies count too
        answer = client(sb, "iam").simulate_principal_policy(
            PolicySourceArn="arn:aws:iam::123456789012:user/smtui", ActionNames=actions[2:]
        )
        assert answer["EvaluationResults"][0]["EvalDecision"] == "implicitDeny"
