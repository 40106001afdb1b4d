"""Every served operation of a sandbox of another region and account still fits botocore's
output shape, and names nothing of the canonical identity (us-east-1, 123456789012).

The examples of tests/sandbox/examples/ build their parameters from the sandbox's own
(canonical) state; a client of this sandbox would send them in its identity, so each is
swapped before it is sent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import boto3
import pytest
from botocore import xform_name

from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY, Sandbox
from tests.sandbox.test_sandbox_contract import EXAMPLES, assert_fits_output

REGION = "ap-southeast-2"  # longer than us-east-1: lengths and patterns still fit
ACCOUNT = "555666777888"
CANONICAL = re.compile(r"us-east-1|123456789012")


@pytest.fixture(scope="module")
def far() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=200, speed=0, region=REGION, account=ACCOUNT).start() as sandbox:
        yield sandbox


@pytest.mark.parametrize("key", sorted(EXAMPLES), ids=lambda k: f"{k[0]}.{k[1]}")
def test_operation_output_fits_and_names_the_sandbox_identity(
    far: Sandbox, key: tuple[str, str]
) -> None:
    service, operation = key
    c = boto3.client(
        service,
        endpoint_url=far.url,
        region_name=REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )
    swap = far.identity.for_request(SANDBOX_ACCESS_KEY, service)
    assert swap.active == (service != "pricing")
    for make_params in EXAMPLES[key]:
        response = getattr(c, xform_name(operation))(**swap.apply(make_params(far)))
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert_fits_output(c, operation, response)
        if swap.active:
            body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
            leaked = CANONICAL.findall(json.dumps(body, default=str))
            assert not leaked, f"{operation} answers {leaked}"
