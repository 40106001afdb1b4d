"""The rest-json protocol is generic: any rest-json service botocore knows routes and
(de)serializes from its model. Lambda's Invoke puts members in the path, a header, the
query string and the raw payload, and answers with a status code and headers."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest

from smtui.sandbox import Sandbox
from smtui.sandbox.protocols.base import HttpRequest
from smtui.sandbox.protocols.rest_json import compile_route
from tests.sandbox.conftest import client, raw_request


@pytest.fixture
def lambda_sb() -> Iterator[tuple[Sandbox, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []

    def invoke(params: dict[str, Any]) -> dict[str, Any]:
        seen.append(params)
        echo = json.loads(params.get("Payload") or b"{}")
        return {
            "StatusCode": 202 if params.get("InvocationType") == "Event" else 200,
            "ExecutedVersion": "7",
            "LogResult": base64.b64encode(b"START RequestId").decode(),
            "Payload": json.dumps({"echo": echo}).encode(),
        }

    with Sandbox(seed=7, jobs=5, speed=0.0).start() as sb:
        sb.registry.register("lambda", "Invoke", invoke)
        yield sb, seen


def test_every_location_reaches_the_handler(
    lambda_sb: tuple[Sandbox, list[dict[str, Any]]],
) -> None:
    sb, seen = lambda_sb
    aws_lambda = client(sb, "lambda")
    response = aws_lambda.invoke(
        FunctionName="score-churn",
        InvocationType="RequestResponse",
        LogType="Tail",
        Qualifier="prod",
        Payload=json.dumps({"customer": 42}).encode(),
    )
    assert seen[-1]["FunctionName"] == "score-churn"
    assert seen[-1]["InvocationType"] == "RequestResponse"
    assert seen[-1]["LogType"] == "Tail"
    assert seen[-1]["Qualifier"] == "prod"
    assert json.loads(seen[-1]["Payload"]) == {"customer": 42}
    assert response["StatusCode"] == 200
    assert response["ExecutedVersion"] == "7"
    assert base64.b64decode(response["LogResult"]) == b"START RequestId"
    assert json.loads(response["Payload"].read()) == {"echo": {"customer": 42}}
    event = aws_lambda.invoke(FunctionName="score-churn", InvocationType="Event")
    assert event["StatusCode"] == 202


def test_header_enum_is_validated(lambda_sb: tuple[Sandbox, list[dict[str, Any]]]) -> None:
    sb, _ = lambda_sb
    status, headers, body = raw_request(
        sb.url,
        b"{}",
        {"X-Amz-Invocation-Type": "Sometimes"},
        path="/2015-03-31/functions/score-churn/invocations",
    )
    assert status == 400 and headers["x-amzn-errortype"] == "ValidationException"
    assert "enum value set" in json.loads(body)["message"]


def test_routes_prefer_literal_segments_and_honour_greedy_labels() -> None:
    s3 = botocore.session.get_session().get_service_model("s3")
    get_object = compile_route("s3", "GetObject", s3.operation_model("GetObject"))
    request = HttpRequest("GET", "/reports/2026/11/run%201.json", "", {}, b"")
    assert get_object.match(request) == {"Bucket": "reports", "Key": "2026/11/run 1.json"}
    assert get_object.match(HttpRequest("PUT", "/reports/k", "", {}, b"")) is None
    list_v2 = compile_route("s3", "ListObjectsV2", s3.operation_model("ListObjectsV2"))
    assert list_v2.literal_query == (("list-type", "2"),)
    assert list_v2.match(HttpRequest("GET", "/reports", "list-type=2&prefix=a", {}, b"")) == {
        "Bucket": "reports"
    }
    assert list_v2.match(HttpRequest("GET", "/reports", "prefix=a", {}, b"")) is None
    tagging = compile_route("s3", "GetBucketTagging", s3.operation_model("GetBucketTagging"))
    assert tagging.match(HttpRequest("GET", "/reports", "tagging", {}, b"")) == {
        "Bucket": "reports"
    }
    a2i = botocore.session.get_session().get_service_model("sagemaker-a2i-runtime")
    stop = compile_route("a2i", "StopHumanLoop", a2i.operation_model("StopHumanLoop"))
    describe = compile_route("a2i", "DescribeHumanLoop", a2i.operation_model("DescribeHumanLoop"))
    assert stop.specificity > describe.specificity
