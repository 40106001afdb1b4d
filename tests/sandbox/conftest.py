"""Fixtures for the sandbox tests: one loopback Sandbox per test module.

The clock is frozen (speed=0): it only moves through
``sb.simulator.clock.advance()``, so listings are stable within a test and
lifecycle tests are deterministic.  Helpers are exposed as fixtures so test
modules need no imports from here.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest

from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox

SEED = 7
JOBS = 200
FAKE_AUTH = (
    "AWS4-HMAC-SHA256 Credential=sandbox/20261120/us-east-1/sagemaker/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=" + "0" * 64
)


def client(sb: Sandbox, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )


def raw_request(
    url: str, body: bytes | str, headers: dict[str, str], method: str = "POST", path: str = "/"
) -> tuple[int, dict[str, str], bytes]:
    """One request over http.client, bypassing botocore's client-side validation."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        data = body.encode() if isinstance(body, str) else body
        conn.request(method, path, body=data, headers={"Authorization": FAKE_AUTH, **headers})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def raw_json(
    url: str, operation: str, payload: Any, prefix: str = "SageMaker"
) -> tuple[int, dict, dict]:
    """POST an AWS JSON 1.1 request; returns (status, headers, decoded body)."""
    status, headers, body = raw_request(
        url,
        payload if isinstance(payload, str) else json.dumps(payload),
        {"X-Amz-Target": f"{prefix}.{operation}", "Content-Type": "application/x-amz-json-1.1"},
    )
    return status, headers, json.loads(body)


def list_all(sm: Any, **kwargs: Any) -> list[dict[str, Any]]:
    """Every summary via the boto3 paginator."""
    pages = sm.get_paginator("list_training_jobs").paginate(**kwargs)
    return [s for page in pages for s in page["TrainingJobSummaries"]]


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with Sandbox(seed=SEED, jobs=JOBS, speed=0.0).start() as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def sm(sb: Sandbox) -> Any:
    return client(sb, "sagemaker")


@pytest.fixture(scope="module")
def sts(sb: Sandbox) -> Any:
    return client(sb, "sts")


@pytest.fixture(scope="module")
def make_client(sb: Sandbox) -> Callable[[str], Any]:
    return lambda service: client(sb, service)


@pytest.fixture
def raw(sb: Sandbox) -> Callable[..., tuple[int, dict[str, str], bytes]]:
    return lambda body, headers, **kw: raw_request(sb.url, body, headers, **kw)


@pytest.fixture
def raw_sm(sb: Sandbox) -> Callable[..., tuple[int, dict, dict]]:
    """POST an AWS JSON 1.1 request to the sandbox: (status, headers, JSON body)."""
    return lambda operation, payload, **kw: raw_json(sb.url, operation, payload, **kw)


@pytest.fixture
def all_jobs(sm: Any) -> Callable[..., list[dict[str, Any]]]:
    return lambda **kw: list_all(sm, **kw)
