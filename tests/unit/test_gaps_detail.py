"""Detail sections whose Application Auto Scaling calls are denied one at a time: the
part that failed is named with the AWS error, the rest still shows (against the
sandbox, with its fault injection)."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest

from smtui.aws.session import Clients, Target
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services.kinds import inference_components as ic
from smtui.services.registry import DetailOptions


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    box = Sandbox(seed=7, jobs=5, speed=0).start()
    yield box
    box.stop()


def _clients(sb: Sandbox) -> Clients:
    return Clients(
        Target(
            region=SANDBOX_REGION,
            endpoint_url=sb.url,
            access_key=SANDBOX_ACCESS_KEY,
            secret_key=SANDBOX_SECRET_KEY,
        )
    )


def _scaled_component(sb: Sandbox) -> str:
    aas = boto3.client(
        "application-autoscaling",
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )
    targets = aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    ids = [t["ResourceId"] for t in targets if t["ResourceId"].startswith("inference-component/")]
    assert ids, "the sandbox fleet has an autoscaled inference component"
    return ids[0].split("/", 1)[1]


def test_denied_activities_leave_the_component_target_and_say_so(sb: Sandbox) -> None:
    name = _scaled_component(sb)
    clients = _clients(sb)
    item = ic.Component.from_describe(
        clients.client("sagemaker").describe_inference_component(InferenceComponentName=name)
    )
    sb.faults.update({"deny": ["application-autoscaling:DescribeScalingActivities"]})
    data = ic.describe(clients, item, DetailOptions())
    section = ic._autoscaling(data)
    labels = [label for label, _ in section.rows]
    assert "Target" in labels and "Min / max" in labels  # the target still shows
    (unread,) = [value for label, value in section.rows if label == "not read"]
    assert unread.startswith("activities: AccessDeniedException (DescribeScalingActivities): ")
    assert section.role == "warning"
    assert data.get("_partial") is True  # asked again next time, not cached
