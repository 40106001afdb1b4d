"""Every served operation answers with a response that fits botocore's output shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore import xform_name
from botocore.validate import ParamValidator

from smtui.sandbox import Sandbox
from smtui.sandbox.protocols.validation import validate_input
from tests.sandbox.examples import all_examples

# At least one realistic call per served operation, gathered from tests/sandbox/examples/
# (one module per service area).  A newly registered operation without an entry there
# fails test_every_operation_has_an_example.
EXAMPLES = all_examples()


def assert_fits_output(service_client: Any, operation: str, response: dict[str, Any]) -> None:
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    shape = service_client.meta.service_model.operation_model(operation).output_shape
    if shape is None:
        assert body == {}
        return
    report = ParamValidator().validate(body, shape)
    assert not report.has_errors(), report.generate_report()
    # Also the service-side constraints (max lengths, enums, patterns).
    validate_input(body, shape)


def test_every_operation_has_an_example(sb: Sandbox) -> None:
    served = set(sb.registry.operations())
    assert served == set(EXAMPLES), "add an example call for each newly served operation"


@pytest.mark.parametrize("key", sorted(EXAMPLES), ids=lambda k: f"{k[0]}.{k[1]}")
def test_operation_output_matches_botocore_shape(
    sb: Sandbox, make_client: Callable[[str], Any], key: tuple[str, str]
) -> None:
    service, operation = key
    c = make_client(service)
    for make_params in EXAMPLES[key]:
        response = getattr(c, xform_name(operation))(**make_params(sb))
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert response["ResponseMetadata"]["RequestId"]
        assert_fits_output(c, operation, response)


def test_describe_of_every_job_in_every_state_fits_shape(sb: Sandbox, sm: Any) -> None:
    """All 200 jobs: running, failed, stopped, spot, warm pools, VPC, experiments..."""
    seen_statuses = set()
    for name in sb.simulator.job_names():
        response = sm.describe_training_job(TrainingJobName=name)
        seen_statuses.add(response["TrainingJobStatus"])
        assert_fits_output(sm, "DescribeTrainingJob", response)
    assert {"Completed", "Failed", "Stopped", "InProgress"} <= seen_statuses


def test_every_listing_page_fits_shape(sb: Sandbox, sm: Any) -> None:
    token = None
    pages = 0
    while True:
        kwargs: dict[str, Any] = {"MaxResults": 100}
        if token:
            kwargs["NextToken"] = token
        response = sm.list_training_jobs(**kwargs)
        assert_fits_output(sm, "ListTrainingJobs", response)
        pages += 1
        token = response.get("NextToken")
        if not token:
            break
    assert pages >= 2
