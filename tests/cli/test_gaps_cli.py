"""`smtui endpoints` with a denied CloudWatch or Application Auto Scaling: the endpoints
print, each blank part is one warning on stderr (where, and the AWS error), exit 0."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from smtui.cli import main
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox


@pytest.fixture
def sb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    box = Sandbox(seed=7, jobs=5, speed=0).start()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", SANDBOX_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SANDBOX_SECRET_KEY)
    yield box
    box.stop()


def _endpoints(sb: Sandbox) -> list[str]:
    return ["endpoints", "--endpoint-url", sb.url, "--region", SANDBOX_REGION, "-o", "json"]


def test_denied_metrics_and_scaling_warn_on_stderr(
    sb: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_endpoints(sb)) == 0
    full = capsys.readouterr()
    assert full.err == ""
    sb.faults.update(
        {"deny": ["cloudwatch:GetMetricData", "application-autoscaling:DescribeScalableTargets"]}
    )
    assert main(_endpoints(sb)) == 0  # the listing itself succeeded
    out = capsys.readouterr()
    records = json.loads(out.out)
    assert [r["EndpointName"] for r in records] == [r["EndpointName"] for r in json.loads(full.out)]
    assert all(r["InvocationsPerMinute"] is None for r in records)
    lines = out.err.splitlines()
    assert len(lines) == 2
    metrics = next(line for line in lines if "GetMetricData" in line)
    assert metrics.startswith(
        "smtui: warning: not loaded: metric columns (INV/MIN, P50MS, P99MS, 5XX, 4XX): "
        "AccessDeniedException (GetMetricData): User: "
    )
    assert "cloudwatch:GetMetricData" in metrics
    scaling = next(line for line in lines if "DescribeScalableTargets" in line)
    assert "autoscaling column (SCALE): AccessDeniedException (DescribeScalableTargets)" in scaling


def test_a_denied_describe_is_one_warning_for_every_endpoint(
    sb: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    sb.faults.update({"deny": ["sagemaker:DescribeEndpoint"]})
    assert main(_endpoints(sb)) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)  # the listed endpoints, without their instance details
    (line,) = [line for line in out.err.splitlines() if "DescribeEndpoint" in line]
    assert line.startswith(
        "smtui: warning: not loaded: instance columns (INST, TYPE, VAR, $/HR) of some "
        "endpoints: AccessDeniedException (DescribeEndpoint): "
    )
