"""Wire-level behaviour: routing, errors per protocol, keep-alive, hooks."""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import sys
import threading
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from smtui.sandbox import SANDBOX_ACCOUNT, Sandbox, ServiceError
from smtui.sandbox.protocols.base import RequestContext

FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


def test_get_caller_identity(sts: Any) -> None:
    identity = sts.get_caller_identity()
    assert identity["Account"] == SANDBOX_ACCOUNT == "123456789012"
    assert identity["Arn"].startswith("arn:aws:iam::123456789012:")
    assert identity["UserId"]


def test_query_response_xml_layout(raw: Any) -> None:
    status, headers, body = raw("Action=GetCallerIdentity&Version=2011-06-15", FORM)
    assert status == 200 and headers["content-type"].startswith("text/xml")
    ns = "{https://sts.amazonaws.com/doc/2011-06-15/}"
    root = ET.fromstring(body)
    assert root.tag == f"{ns}GetCallerIdentityResponse"
    assert root.findtext(f"{ns}GetCallerIdentityResult/{ns}Account") == "123456789012"
    assert root.findtext(f"{ns}ResponseMetadata/{ns}RequestId") == headers["x-amzn-requestid"]


def test_query_unknown_action(raw: Any, make_client: Any) -> None:
    status, _, body = raw("Action=AssumeRoleWithMagic&Version=2011-06-15", FORM)
    assert status == 400
    root = ET.fromstring(body)
    ns = "{https://sts.amazonaws.com/doc/2011-06-15/}"
    assert root.tag == f"{ns}ErrorResponse"
    assert root.findtext(f"{ns}Error/{ns}Type") == "Sender"
    assert root.findtext(f"{ns}Error/{ns}Code") == "InvalidAction"
    assert root.findtext(f"{ns}RequestId")
    # A real STS operation the sandbox does not serve: botocore parses the error.
    with pytest.raises(ClientError) as info:
        make_client("sts").get_session_token()
    assert info.value.response["Error"]["Code"] == "InvalidAction"


def test_unknown_target_prefix(raw_sm: Any) -> None:
    status, headers, body = raw_sm("ListBuckets", {}, prefix="AmazonS3NotHere")
    assert status == 400
    assert body["__type"] == "UnknownOperationException"
    assert "AmazonS3NotHere" in body["message"] and "SageMaker" in body["message"]
    assert headers["content-length"] == str(len(json.dumps(body, separators=(",", ":"))))


@pytest.mark.parametrize("operation", ["NoSuchOperation", "ListClusters"])
def test_unknown_or_unimplemented_operation(raw_sm: Any, operation: str) -> None:
    status, headers, body = raw_sm(operation, {})
    assert status == 400
    assert headers["x-amzn-errortype"] == body["__type"] == "UnknownOperationException"
    assert operation in body["message"]


def test_invalid_json_body(raw_sm: Any) -> None:
    status, _, body = raw_sm("ListTrainingJobs", "{not json")
    assert status == 400 and body["__type"] == "SerializationException"


def test_request_without_protocol_markers(raw: Any) -> None:
    status, _, body = raw(b"{}", {"Content-Type": "application/json"})
    assert status == 400
    assert json.loads(body)["__type"] == "UnknownOperationException"


def test_health_check(sb: Sandbox) -> None:
    with urllib.request.urlopen(sb.url + "/", timeout=5) as resp:
        payload = json.loads(resp.read())
    assert payload["status"] == "ok"
    assert "sagemaker.ListTrainingJobs" in payload["operations"]


def test_keep_alive_reuses_one_connection(sb: Sandbox) -> None:
    parts = urlsplit(sb.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    headers = {
        "X-Amz-Target": "SageMaker.ListTrainingJobs",
        "Content-Type": "application/x-amz-json-1.1",
    }
    try:
        sockets = set()
        for max_results in (1, 2, 0, 3):  # the error response must keep the connection too
            conn.request("POST", "/", body=json.dumps({"MaxResults": max_results}), headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            assert resp.getheader("Content-Length") == str(len(body))
            assert resp.status == (400 if max_results == 0 else 200)
            assert not resp.will_close
            sockets.add(id(conn.sock))
        assert len(sockets) == 1
    finally:
        conn.close()


def test_chunked_request_body(sb: Sandbox) -> None:
    parts = urlsplit(sb.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        body = iter([b'{"MaxResults"', b": 4}"])
        conn.request(
            "POST",
            "/",
            body=body,
            encode_chunked=True,
            headers={"X-Amz-Target": "SageMaker.ListTrainingJobs", "Transfer-Encoding": "chunked"},
        )
        resp = conn.getresponse()
        assert resp.status == 200
        assert len(json.loads(resp.read())["TrainingJobSummaries"]) == 4
    finally:
        conn.close()


def test_hook_can_inject_errors(sb: Sandbox) -> None:
    seen: list[RequestContext] = []

    def throttle_sagemaker(ctx: RequestContext) -> None:
        seen.append(ctx)
        if ctx.service == "sagemaker":
            raise ServiceError("ThrottlingException", "Rate exceeded", 400)
        if ctx.operation == "GetCallerIdentity":
            raise ServiceError("ServiceUnavailable", "Service unavailable", 503, sender=False)

    no_retry = Config(retries={"max_attempts": 1, "mode": "standard"})
    creds = {"aws_access_key_id": "sandbox", "aws_secret_access_key": "sandbox"}
    sm = boto3.client(
        "sagemaker", endpoint_url=sb.url, region_name="us-east-1", config=no_retry, **creds
    )
    sts = boto3.client(
        "sts", endpoint_url=sb.url, region_name="us-east-1", config=no_retry, **creds
    )
    sb.hooks.append(throttle_sagemaker)
    try:
        with pytest.raises(ClientError) as info:
            sm.list_training_jobs()
        assert info.value.response["Error"]["Code"] == "ThrottlingException"
        with pytest.raises(ClientError) as info:
            sts.get_caller_identity()
        assert info.value.response["Error"]["Code"] == "ServiceUnavailable"
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    finally:
        sb.hooks.remove(throttle_sagemaker)
    assert sm.list_training_jobs(MaxResults=1)["TrainingJobSummaries"]
    assert seen[0].access_key == "sandbox" and seen[0].region == "us-east-1"
    assert seen[0].operation == "ListTrainingJobs" and seen[0].protocol == "json"


def test_stopped_sandbox_refuses_connections() -> None:
    sandbox = Sandbox(jobs=3, speed=0).start()
    url = sandbox.url
    with urllib.request.urlopen(url + "/", timeout=5) as resp:
        assert resp.status == 200
    sandbox.stop()
    sandbox.stop()  # idempotent
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/", timeout=2)


def test_concurrent_clients(sb: Sandbox, make_client: Any) -> None:
    names = sb.simulator.job_names()[:40]
    errors: list[BaseException] = []

    def worker(offset: int) -> None:
        try:
            c = make_client("sagemaker")
            for name in names[offset::4]:
                assert c.describe_training_job(TrainingJobName=name)["TrainingJobName"] == name
                assert c.list_training_jobs(MaxResults=5)["TrainingJobSummaries"]
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors


def test_serve_forever_exits_cleanly_on_ctrl_c() -> None:
    code = (
        "from smtui.sandbox import Sandbox\n"
        "sb = Sandbox(jobs=5)\n"
        "print(sb.url, flush=True)\n"
        "sb.serve_forever()\n"
        "print('stopped', flush=True)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        url = proc.stdout.readline().strip() if proc.stdout else ""
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "/", timeout=5) as resp:
            assert resp.status == 200
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err


def test_stop_ends_a_foreground_serve_forever() -> None:
    sandbox = Sandbox(jobs=3, speed=0)
    loop = threading.Thread(target=sandbox.serve_forever, daemon=True)
    loop.start()
    with urllib.request.urlopen(sandbox.url + "/", timeout=5) as resp:
        assert resp.status == 200
    sandbox.stop()
    loop.join(timeout=5)
    assert not loop.is_alive()
