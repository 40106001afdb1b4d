"""Issue 21, point 8, with plain boto3: the sandbox's 5xx errors are whole errors in
proportion to the traffic, not a constant 0.02% whatever it is."""

from __future__ import annotations

from typing import Any

from tests.sandbox.test_sandbox_endpoints import _metric, box, cw  # noqa: F401 (fixtures)


def test_5xx_errors_are_whole_and_follow_the_traffic(cw: Any) -> None:  # noqa: F811
    quiet = "sentiment-serverless-dev"  # a few invocations a minute
    errors = _metric(cw, quiet, "Invocation5XXErrors", "Sum", 120)
    calls = _metric(cw, quiet, "Invocations", "Sum", 120)
    assert errors and all(abs(e - round(e)) < 1e-6 for e in errors)
    assert sum(errors) <= 1 and max(calls) < 20  # 0.02% of ~500 calls: no error at all
    rates = _metric(cw, quiet, "Invocation5XXErrors", "Average", 120)
    assert rates.count(0.0) >= len(rates) - 1  # not 0.0002 every minute
    busy = "recsys-ranker-prod"
    big = _metric(cw, busy, "Invocation5XXErrors", "Sum", 600, variant="champion")
    assert all(abs(e - round(e)) < 1e-6 for e in big)
    calls = _metric(cw, busy, "Invocations", "Sum", 600, variant="champion")
    share = sum(big) / sum(calls)
    assert 0.00005 < share < 0.001  # about 0.02% of a busy endpoint's calls
