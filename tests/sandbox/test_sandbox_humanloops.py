"""Augmented AI over plain boto3: flow definitions (AWS JSON) and human loops (rest-json)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import Sandbox
from tests.sandbox.conftest import client, raw_request

FLOW = "arn:aws:sagemaker:us-east-1:123456789012:flow-definition/invoice-review-textract"


@pytest.fixture
def fresh() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=20, speed=0.0).start() as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def a2i(sb: Sandbox) -> Any:
    return client(sb, "sagemaker-a2i-runtime")


def loops(a2i: Any, flow: str = FLOW) -> list[dict[str, Any]]:
    pages = a2i.get_paginator("list_human_loops").paginate(FlowDefinitionArn=flow)
    return [loop for page in pages for loop in page["HumanLoopSummaries"]]


def test_flow_definitions(sm: Any) -> None:
    flows = sm.list_flow_definitions()["FlowDefinitionSummaries"]
    assert {f["FlowDefinitionStatus"] for f in flows} == {"Active", "Failed"}
    d = sm.describe_flow_definition(FlowDefinitionName="invoice-review-textract")
    source = d["HumanLoopRequestSource"]["AwsManagedHumanLoopRequestSource"]
    assert source == "AWS/Textract/AnalyzeDocument/Forms/V1"
    assert d["OutputConfig"]["S3OutputPath"].startswith("s3://")
    failed = sm.describe_flow_definition(FlowDefinitionName="claims-photo-review")
    assert "does not exist" in failed["FailureReason"]


def test_human_loops_list_pages_and_describe(a2i: Any) -> None:
    every = loops(a2i)
    assert len(every) == 14
    assert {"InProgress", "Completed"} <= {loop["HumanLoopStatus"] for loop in every}
    page = a2i.list_human_loops(FlowDefinitionArn=FLOW, MaxResults=5, SortOrder="Ascending")
    assert len(page["HumanLoopSummaries"]) == 5 and page["NextToken"]
    created = [loop["CreationTime"] for loop in page["HumanLoopSummaries"]]
    assert created == sorted(created)
    done = next(loop for loop in every if loop["HumanLoopStatus"] == "Completed")
    d = a2i.describe_human_loop(HumanLoopName=done["HumanLoopName"])
    assert d["HumanLoopOutput"]["OutputS3Uri"].endswith(f"/{done['HumanLoopName']}/output.json")
    assert d["HumanLoopArn"].endswith(f":human-loop/{done['HumanLoopName']}")


def test_creation_time_filter_in_the_query_string(a2i: Any) -> None:
    every = loops(a2i)
    middle = sorted(loop["CreationTime"] for loop in every)[len(every) // 2]
    newer = a2i.list_human_loops(FlowDefinitionArn=FLOW, CreationTimeAfter=middle)
    assert newer["HumanLoopSummaries"]
    assert all(loop["CreationTime"] > middle for loop in newer["HumanLoopSummaries"])


def test_stop_human_loop(fresh: Sandbox) -> None:
    a2i = client(fresh, "sagemaker-a2i-runtime")
    running = next(loop for loop in loops(a2i) if loop["HumanLoopStatus"] == "InProgress")
    name = running["HumanLoopName"]
    a2i.stop_human_loop(HumanLoopName=name)
    assert a2i.describe_human_loop(HumanLoopName=name)["HumanLoopStatus"] == "Stopping"
    fresh.world.clock.advance(10)
    assert a2i.describe_human_loop(HumanLoopName=name)["HumanLoopStatus"] == "Stopped"
    with pytest.raises(ClientError) as info:
        a2i.stop_human_loop(HumanLoopName=name)
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_in_progress_loops_complete_as_time_passes(fresh: Sandbox) -> None:
    a2i = client(fresh, "sagemaker-a2i-runtime")
    assert any(loop["HumanLoopStatus"] == "InProgress" for loop in loops(a2i))
    fresh.world.clock.advance(3 * 3600)
    assert not any(loop["HumanLoopStatus"] == "InProgress" for loop in loops(a2i))


def test_errors_are_rest_json(a2i: Any, sb: Sandbox) -> None:
    with pytest.raises(ClientError) as info:
        a2i.describe_human_loop(HumanLoopName="no-such-loop")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    status, headers, body = raw_request(sb.url, b"", {}, method="GET", path="/human-loops/nope")
    assert status == 404
    assert headers["x-amzn-errortype"] == "ResourceNotFoundException"
    assert json.loads(body) == {"Message": "Human loop nope not found."}
    with pytest.raises(ClientError) as info:
        a2i.list_human_loops(FlowDefinitionArn=FLOW.replace("invoice", "nope"))
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_raw_rest_json_request(sb: Sandbox) -> None:
    path = f"/human-loops?FlowDefinitionArn={quote(FLOW, safe='')}&MaxResults=2"
    status, headers, body = raw_request(sb.url, b"", {}, method="GET", path=path)
    assert status == 200 and headers["content-type"] == "application/json"
    assert len(json.loads(body)["HumanLoopSummaries"]) == 2
    bad = path.replace("MaxResults=2", "MaxResults=500")
    status, headers, body = raw_request(sb.url, b"", {}, method="GET", path=bad)
    assert status == 400 and headers["x-amzn-errortype"] == "ValidationException"
    assert "less than or equal to 100" in json.loads(body)["Message"]
    status, headers, _ = raw_request(sb.url, b"", {}, method="GET", path=path + "x")
    assert status == 400 and headers["x-amzn-errortype"] == "SerializationException"


def test_modelled_but_unserved_operation(sb: Sandbox, a2i: Any) -> None:
    with pytest.raises(ClientError) as info:
        a2i.delete_human_loop(HumanLoopName="whatever")
    assert info.value.response["Error"]["Code"] == "UnknownOperationException"
    assert "DeleteHumanLoop" in info.value.response["Error"]["Message"]
