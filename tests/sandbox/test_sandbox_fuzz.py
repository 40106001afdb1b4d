"""Property-based: malformed requests get AWS-shaped errors; the server never hangs or dies."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smtui.sandbox import Sandbox
from tests.sandbox.conftest import raw_request

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
TARGETS = st.one_of(
    st.sampled_from(
        [
            "SageMaker.ListTrainingJobs",
            "SageMaker.DescribeTrainingJob",
            "SageMaker.StopTrainingJob",
            "SageMaker.ListTags",
        ]
    ),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    target=TARGETS,
    body=st.one_of(
        JSON_VALUES.map(json.dumps), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))
    ),
)
def test_any_json_request_gets_an_answer(sb: Sandbox, target: str, body: str) -> None:
    target = target.replace("\r", "").replace("\n", "")
    status, headers, raw = raw_request(
        sb.url, body, {"X-Amz-Target": target or "x", "Content-Type": "application/x-amz-json-1.1"}
    )
    assert status < 500 or status == 500 and b"InternalFailure" in raw
    if status >= 400:
        assert "__type" in json.loads(raw)


def test_a_huge_body_is_refused_cleanly(sb: Sandbox) -> None:
    body = json.dumps({"NameContains": "x" * 2_000_000})
    status, _, raw = raw_request(
        sb.url,
        body,
        {
            "X-Amz-Target": "SageMaker.ListTrainingJobs",
            "Content-Type": "application/x-amz-json-1.1",
        },
    )
    assert status == 400 and json.loads(raw)["__type"] == "ValidationException"
    status, _, _ = raw_request(sb.url, "", {}, method="GET")
    assert status == 200  # still serving
